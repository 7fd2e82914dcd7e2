"""Rate limits of the public survey pages, through the shared cache (database cache by default, Redis through
``CACHE_URL``), so they hold across web processes.

- Per token, strict: after ``NTM_SURVEY_TOKEN_LIMIT`` (default 5) refused or failed submissions of one token in a
  window (10 minutes), its next failures answer 429. Only failures touch the cache (a correct submission costs no
  cache access, and it ends the token anyway): a blocked token's correct answer is still taken, which gives an
  abuser nothing, since a token answers once.
- Per client IP, loose: ``NTM_SURVEY_IP_LIMIT`` (default 300) requests per window. Each process adds its own
  hits to the shared counter at most every ``FLUSH_EVERY`` hits or ``FLUSH_SECONDS`` seconds, so a database cache
  is not written on every request; across P processes a client may pass the limit by up to P * FLUSH_EVERY
  requests (the database cache's ``incr`` is not atomic either: concurrent flushes can under-count). That is
  what "loose" means here; Redis makes the shared part exact.
- The client IP (``ntm.core.clientip.client_ip``, shared with sign-in) is ``REMOTE_ADDR``, unless ``NTM_TRUSTED_PROXY_COUNT`` > 0: then it is the X-Forwarded-For
  entry that many hops from the right (the address the outermost trusted proxy saw). Entries further left are
  written by the client and never trusted.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from ntm.core.clientip import client_ip  # noqa: F401 (the survey views call ratelimit.client_ip)

WINDOW_SECONDS = 600
FLUSH_EVERY = 20
FLUSH_SECONDS = 2.0
_MAX_TRACKED = 10_000


def token_limit() -> int:
    return int(getattr(settings, "NTM_SURVEY_TOKEN_LIMIT", 5))


def ip_limit() -> int:
    return int(getattr(settings, "NTM_SURVEY_IP_LIMIT", 300))


def _key(name: str, ident: str, window: int) -> str:
    return f"ntm:survey-rl:{name}:{ident}:{window}"


def _current_window() -> int:
    return int(time.time() // WINDOW_SECONDS)


def _add_to_shared(key: str, delta: int) -> int:
    """Add ``delta`` to a shared counter that expires with its window; returns the new total. ``incr`` first:
    the key exists on every flush but the first of a window."""
    try:
        return cache.incr(key, delta)
    except ValueError:  # no counter yet in this window
        if cache.add(key, delta, timeout=WINDOW_SECONDS + 60):
            return delta
        return cache.incr(key, delta)


# --- Per token (strict) ------------------------------------------------------------------------------------


def token_failed(token_hash: str) -> bool:
    """Count a refused or failed submission of a token; True once it is over the limit (answer 429)."""
    return _add_to_shared(_key("token", token_hash, _current_window()), 1) > token_limit()


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
        shared = _add_to_shared(_key("ip", ip, window), delta)
        with _lock:
            state.shared = max(state.shared, shared)
        total = max(total, shared)
    return total <= ip_limit()


def reset_local_counters() -> None:
    """Forget this process's pending counts (tests)."""
    with _lock:
        _local.clear()
