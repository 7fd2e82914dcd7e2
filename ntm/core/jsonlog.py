"""A logging formatter that writes one JSON object per line (production logs, read by a log collector).

Each line holds ``time`` (ISO 8601, UTC), ``level``, ``logger``, ``message`` and ``request_id`` (set on the
record by a filter such as ``ntm.audit.logfilter.RequestIdFilter``; empty outside a request), plus
``exception`` when the record carries one. Standard library only.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)
