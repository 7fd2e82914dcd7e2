"""The client's address as the app may trust it, and the warning when the proxy setting looks wrong.

``client_ip(request)`` is ``REMOTE_ADDR``, unless ``NTM_TRUSTED_PROXY_COUNT`` (N) > 0: then it is the
X-Forwarded-For entry N hops from the right (the address the outermost trusted proxy saw). Entries further left are
written by the client and never trusted. Every per-address limit (sign-in lockout through django-axes, the sign-in,
password-reset and two-step rate limits, the survey limits) keys on it.

``ProxyHeaderCheckMiddleware`` logs one warning per process when a request arrives with X-Forwarded-For while
``NTM_TRUSTED_PROXY_COUNT`` is 0 (the app sits behind a proxy it was not told about: every visitor shares the
proxy's address, so one person's failures lock everyone out), and one when N > 0 but a request carries fewer than N
entries (the app is reachable around its proxy, where a client could write the header itself).
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger("ntm.security")


def trusted_proxy_count() -> int:
    """``NTM_TRUSTED_PROXY_COUNT``, parsed once in settings (django-axes reads the address through ``client_ip``)."""
    return int(getattr(settings, "NTM_TRUSTED_PROXY_COUNT", 0))


def _forwarded(request) -> list[str]:
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [part.strip() for part in header.split(",") if part.strip()]


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    hops = trusted_proxy_count()
    if hops <= 0:
        return remote
    forwarded = _forwarded(request)
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class ProxyHeaderCheckMiddleware:
    """Warn once per process when the forwarded header and ``NTM_TRUSTED_PROXY_COUNT`` disagree (see above)."""

    warned: set[str] = set()

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(self.warned) < 2:
            self.check(request)
        return self.get_response(request)

    @classmethod
    def check(cls, request) -> str | None:
        """The kind of mismatch this request shows ("untrusted-header", "missing-header") or None; logs it once."""
        hops = trusted_proxy_count()
        forwarded = _forwarded(request)
        kind = None
        if hops == 0 and forwarded:
            kind = "untrusted-header"
            message = (
                "A request arrived with X-Forwarded-For while NTM_TRUSTED_PROXY_COUNT=0: the app seems to sit "
                "behind a reverse proxy, so every visitor shares the proxy's address for lockouts and rate "
                "limits. Set NTM_TRUSTED_PROXY_COUNT to the number of proxies in front of the app."
            )
        elif hops > 0 and len(forwarded) < hops:
            kind = "missing-header"
            message = (
                f"A request arrived with fewer X-Forwarded-For entries than NTM_TRUSTED_PROXY_COUNT={hops}: is "
                "the app reachable without going through its proxy? Its address falls back to REMOTE_ADDR."
            )
        if kind is not None and kind not in cls.warned:
            cls.warned.add(kind)
            logger.warning(message)
        return kind
