"""A fixed-window counter in the shared cache (database cache by default, Redis through ``CACHE_URL``), so a
limit holds across web processes: ``hit("sign-in", client_ip(request), limit=30, window=600)`` counts one event
and says whether the key is still within its limit. Keys are hashed, so no address or e-mail lands in the cache
in clear."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def _key(name: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"ntm:rl:{name}:{digest}:{int(time.time() // window)}"


def hit(name: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one event of ``ident`` under ``name``; False once more than ``limit`` happened in this window."""
    key = _key(name, ident, window)
    if cache.add(key, 1, timeout=window + 5):
        return limit >= 1
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return True


def count(name: str, ident: str, *, window: int) -> int:
    """How many events of ``ident`` under ``name`` this window holds (tests, diagnostics)."""
    return int(cache.get(_key(name, ident, window)) or 0)
