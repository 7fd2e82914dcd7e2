"""The health endpoint a load balancer or monitor polls: can this process reach its database and its cache?"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

CACHE_PROBE_KEY = "ntm:health"


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database is unreachable")
        return False


def cache_ok() -> bool:
    try:
        cache.set(CACHE_PROBE_KEY, "ok", timeout=10)
        return cache.get(CACHE_PROBE_KEY) == "ok"
    except Exception:
        logger.exception("Health check: the cache is unreachable")
        return False


@never_cache
@require_GET
def health(request):
    """``{"status": "ok", "database": "ok", "cache": "ok"}`` (200), or 503 naming the part that failed."""
    parts = {
        "database": "ok" if database_ok() else "error",
        "cache": "ok" if cache_ok() else "error",
    }
    healthy = all(value == "ok" for value in parts.values())
    return JsonResponse({"status": "ok" if healthy else "error", **parts}, status=200 if healthy else 503)
