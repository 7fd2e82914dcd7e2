"""Two-step sign-in with a time-based code (TOTP, RFC 6238) through django-otp.

Who must use it (``needs_two_factor``): when ``NTM_REQUIRE_2FA`` is on (or once they set it up), every superuser and everyone holding an
active role bound to the province level (coordinator, department officers, appraisal and OCOP council members,
the auditor, the province Front office): those accounts read or decide for the whole province. A producer's account
is never province staff. ``ntm.accounts.middleware.TwoFactorMiddleware`` sends such a person, once signed in with
the password, to enrolment (no confirmed device yet) or to the code page (a device, but this session is not
verified) before any other signed-in page.

Enrolment makes an unconfirmed device with a fresh secret, shown as a QR code (segno, SVG) and as text; the first
correct code confirms it and verifies the session. A code is accepted once (django-otp keeps the last time step
used) and wrong codes slow further tries down (django-otp's throttling, doubling the wait after each failure).
"""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ntm.accounts.models import User
from ntm.audit.services import audit_record
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.units.models import Level

DEVICE_NAME = "TOTP"


def is_province_staff(user: User) -> bool:
    return user.is_superuser or any(
        a.role != Role.PRODUCER and a.unit.level == Level.PROVINCE for a in user.active_roles()
    )


def needs_two_factor(user) -> bool:
    """Must this signed-in person verify a code? Province staff do when ``NTM_REQUIRE_2FA`` is on, and whenever
    they have set up an authenticator (with the setting off, as in the demo, setting one up is opting in)."""
    if not (user.is_authenticated and user.is_active and is_province_staff(user)):
        return False
    return bool(settings.NTM_REQUIRE_2FA) or confirmed_device(user) is not None


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress (made on the first visit, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, as an authenticator app asks for it when typed by hand."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no image request, no third party)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("QR code for the authenticator app")
    )


def _clean(code: str) -> str:
    return "".join(ch for ch in code or "" if not ch.isspace())


def two_factor_confirm(*, request, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm an enrolment with the first code the app shows; the session counts as verified."""
    if device.user_id != request.user.pk or device.confirmed:
        raise ServiceError(_("This enrolment is no longer valid; start again."))
    if not device.verify_token(_clean(code)):
        raise ServiceError(
            _("The code is not correct. Check the time on your phone and enter the current code.")
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(action="two_factor.enrol", instance=request.user, after={"device": device.persistent_id})
    otp_login(request, device)
    return device


def two_factor_verify(*, request, code: str) -> TOTPDevice:
    """Verify this session with a code of the user's confirmed device."""
    device = confirmed_device(request.user)
    if device is None:
        raise ServiceError(_("Set up two-step sign-in first."))
    allowed, _data = device.verify_is_allowed()
    if not allowed:
        raise ServiceError(_("Too many wrong codes: wait a moment and enter the current code."))
    if not device.verify_token(_clean(code)):
        raise ServiceError(_("The code is not correct. Enter the current code from your authenticator app."))
    otp_login(request, device)
    return device


def two_factor_reset(*, actor: User, user: User) -> int:
    """Remove a person's authenticator (lost phone): they enrol again at their next sign-in. Audited."""
    if user.is_superuser and not actor.is_superuser:
        raise ServiceError(_("Only a system administrator may change an administrator's account."))
    with transaction.atomic():
        count, _deleted = TOTPDevice.objects.filter(user=user).delete()
        audit_record(action="two_factor.reset", instance=user, extra={"devices_removed": count})
    return count
