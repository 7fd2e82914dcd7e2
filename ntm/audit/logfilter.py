"""A logging filter that stamps each record with the request id the audit middleware tracks."""

from __future__ import annotations

import logging

from ntm.audit.context import current_request_id


class RequestIdFilter(logging.Filter):
    """Set ``record.request_id`` to the current request's id (``X-Request-ID``), or "" outside a request.

    Django logs a 4xx/5xx answer (logger ``django.request``) once the middleware has returned, outside the
    audit context; such a record carries the request, whose ``request_id`` the middleware set.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = current_request_id() or getattr(request, "request_id", "")
        return True
