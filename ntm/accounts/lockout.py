"""Sign-in lockout (django-axes) per account and per address as well as per account-and-address pair.

``AXES_LOCKOUT_PARAMETERS`` makes axes count failures three ways: the username with the client address, the
username from any address, the address on any username. Each has its own limit: ``AXES_FAILURE_LIMIT`` (5) for the
pair, ``NTM_LOGIN_ACCOUNT_FAILURE_LIMIT`` (20) for an account, so guesses spread over many addresses lock it too,
and ``NTM_LOGIN_ADDRESS_FAILURE_LIMIT`` (50) for an address, so one address cannot try many accounts (the last two
are higher: a whole office shares one address, and anyone can fail on someone else's username). A successful
sign-in clears only its own pair: an attacker's failures on the account from other addresses keep counting until
they cool off. The client address is ``ntm.core.clientip.client_ip`` (``NTM_TRUSTED_PROXY_COUNT``).
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _limits() -> tuple[int, int, int]:
    return (
        int(settings.AXES_FAILURE_LIMIT),
        int(settings.NTM_LOGIN_ACCOUNT_FAILURE_LIMIT),
        int(settings.NTM_LOGIN_ADDRESS_FAILURE_LIMIT),
    )


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The pair's failures, or the lockout limit itself once the account or the address passed its own."""
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        pair, account, address = [*counts, 0, 0, 0][:3]
        _pair_limit, account_limit, address_limit = _limits()
        if account >= account_limit or address >= address_limit:
            return max(pair, get_failure_limit(request, credentials))
        return pair

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful sign-in, forget only the failures of this username from this address."""
        username = get_client_username(request, credentials)
        count, _rows = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count
