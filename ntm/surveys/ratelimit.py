"""Rate limits of the public survey pages, in shared counters (``RateCounter``: one row per token or client
address and window in the database, raised by one atomic upsert that returns the new total), so they hold across
web processes, with or without Redis. The database cache served before: a count there took six statements (a read,
then a write that also counts the cache's rows) and two processes counting at once could lose one of the counts.

- Per token, strict: after ``NTM_SURVEY_TOKEN_LIMIT`` (default 5) refused or failed submissions of one token in a
  window (10 minutes), its next failures answer 429. Only failures are counted (a correct submission costs no
  counter write, and it ends the token anyway): a blocked token's correct answer is still taken, which gives an
  abuser nothing, since a token answers once.
- Per client IP, loose: ``NTM_SURVEY_IP_LIMIT`` (default 300) requests per window. Each process adds its own
  hits to the shared counter at most every ``FLUSH_EVERY`` hits or ``FLUSH_SECONDS`` seconds, so the database is
  not written on every request; across P processes a client may pass the limit by up to P * FLUSH_EVERY requests
  (what is flushed is counted exactly). That is what "loose" means here.
- Rows of past windows are deleted by the first count of each new window in each process (one statement).
- The client IP (``ntm.core.clientip.client_ip``, shared with sign-in) is ``REMOTE_ADDR``, unless ``NTM_TRUSTED_PROXY_COUNT`` > 0: then it is the X-Forwarded-For
  entry that many hops from the right (the address the outermost trusted proxy saw). Entries further left are
  written by the client and never trusted.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from ntm.core.clientip import client_ip  # noqa: F401 (the survey views call ratelimit.client_ip)
from ntm.surveys.models import RateCounter

WINDOW_SECONDS = 600
FLUSH_EVERY = 20
FLUSH_SECONDS = 2.0
_MAX_TRACKED = 10_000


def token_limit() -> int:
    return int(getattr(settings, "NTM_SURVEY_TOKEN_LIMIT", 5))


def ip_limit() -> int:
    return int(getattr(settings, "NTM_SURVEY_IP_LIMIT", 300))


def _key(name: str, ident: str, window: int) -> str:
    return f"{name}:{ident}:{window}"  # at most 80 characters: a token's hash is 64, an address at most 45


def _current_window() -> int:
    return int(time.time() // WINDOW_SECONDS)


_swept_window = 0


def _add_to_shared(key: str, window: int, delta: int) -> int:
    """Add ``delta`` to the shared counter ``key`` of ``window``; returns the new total. One statement, atomic on
    PostgreSQL and SQLite (INSERT … ON CONFLICT DO UPDATE … RETURNING): concurrent counts all land."""
    global _swept_window
    quote = connection.ops.quote_name
    table = quote(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        if _swept_window != window:  # once per window and process: forget the windows that are over
            cursor.execute(f"DELETE FROM {table} WHERE period < %s", [window])  # noqa: S608 (fixed names)
            _swept_window = window
        cursor.execute(
            f"INSERT INTO {table} ({quote('key')}, period, hits) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT ({quote('key')}) DO UPDATE SET hits = {table}.hits + excluded.hits RETURNING hits",
            [key, window, delta],
        )
        return cursor.fetchone()[0]


# --- Per token (strict) ------------------------------------------------------------------------------------


def token_failed(token_hash: str) -> bool:
    """Count a refused or failed submission of a token; True once it is over the limit (answer 429)."""
    return _add_to_shared(_key("token", token_hash, window := _current_window()), window, 1) > token_limit()


# --- Per IP (loose) ----------------------------------------------------------------------------------------


@dataclass
class _Local:
    window: int
    shared: int = 0
    pending: int = 0
    flushed_at: float = 0.0


_lock = threading.Lock()
_local: dict[str, _Local] = {}


def ip_allowed(ip: str) -> bool:
    """Count one request from ``ip``; False once the (loose) limit for the window is passed."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    with _lock:
        state = _local.get(ip)
        if state is None or state.window != window:
            if len(_local) >= _MAX_TRACKED:
                _local.clear()
            state = _local[ip] = _Local(window)
        state.pending += 1
        total = state.shared + state.pending
        flush = state.pending >= FLUSH_EVERY or now - state.flushed_at >= FLUSH_SECONDS
        delta = state.pending if flush else 0
        if flush:
            state.pending = 0
            state.flushed_at = now
    if flush:
        shared = _add_to_shared(_key("ip", ip, window), window, delta)
        with _lock:
            state.shared = max(state.shared, shared)
        total = max(total, shared)
    return total <= ip_limit()


def reset_local_counters() -> None:
    """Forget this process's pending counts (tests)."""
    global _swept_window
    with _lock:
        _local.clear()
        _swept_window = 0
