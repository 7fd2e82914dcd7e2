"""Two-step sign-in gate: province staff reach signed-in pages only from a session verified with a TOTP code."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.accounts.twofactor import confirmed_device, needs_two_factor

# Routes an unverified session may still use: the two-step pages themselves, signing out, the language switch.
EXEMPT_NAMES = ("accounts:two_factor", "accounts:two_factor_setup", "accounts:logout", "set_language")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt: set[str] | None = None

    def exempt(self) -> set[str]:
        if self._exempt is None:
            self._exempt = {reverse(name) for name in EXEMPT_NAMES}
        return self._exempt

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path_info not in self.exempt()
            and not user.is_verified()
            and needs_two_factor(user)
        ):
            return self.refuse(request, user)
        return self.get_response(request)

    def refuse(self, request, user):
        if request.path_info.startswith("/api/"):
            if request.META.get(
                "HTTP_AUTHORIZATION"
            ):  # a personal token: checked by the API, no session involved
                return self.get_response(request)
            return JsonResponse(
                {
                    "error": _("Confirm your sign-in with the code of your authenticator app first."),
                    "detail": None,
                },
                status=403,
            )
        target = "accounts:two_factor" if confirmed_device(user) else "accounts:two_factor_setup"
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
