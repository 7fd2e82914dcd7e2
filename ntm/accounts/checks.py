"""Deployment checks for sign-in: two-step sign-in for province staff must be on in production."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_required(app_configs, **kwargs):
    if settings.NTM_REQUIRE_2FA:
        return []
    return [
        Warning(
            "NTM_REQUIRE_2FA is off: province-level staff sign in with a password only.",
            hint="Unset NTM_REQUIRE_2FA (it is on by default outside config.settings.dev) or set it to 1.",
            id="accounts.W001",
        )
    ]
