"""Certificates after issue: the expiry reminder (30 days before, to the producer and the province) and revocation
with a reason code. A revoked certificate stays, with its reason; nothing is deleted."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.models import User
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.notifications import notify
from ntm.core.permissions import CHANGE, OCOP
from ntm.ocop.models import REMINDER_DAYS, Certificate, RevocationReason


def _coordinators():
    return User.objects.filter(
        role_assignments__role=Role.PROVINCE_COORDINATOR, role_assignments__is_active=True, is_active=True
    ).distinct()


def expiry_reminders(now: dt.datetime, *, today: dt.date | None = None) -> str:
    """Notify once, from 30 days before expiry, the producer and the province coordinators (idempotent)."""
    today = today or timezone.localdate(now)
    due = Certificate.objects.filter(
        revoked_on__isnull=True,
        reminder_sent_on__isnull=True,
        expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=REMINDER_DAYS),
    ).select_related("product__producer__owner")
    sent = 0
    coordinators = list(_coordinators())
    for certificate in due:
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if locked.reminder_sent_on is not None:
                continue
            text = _(
                "OCOP certificate %(number)s of “%(product)s” expires on %(date)s: the producer may apply for re-evaluation."
            ) % {
                "number": certificate.number,
                "product": certificate.product.name,
                "date": certificate.expires_on.strftime("%d/%m/%Y"),
            }
            owner = certificate.product.producer.owner
            users = [*coordinators, *([owner] if owner is not None else [])]
            notify(
                users=users, text=text, link="/ocop/quan-ly/thong-ke/", key=f"ocop.expiry.{certificate.pk}"
            )
            locked.reminder_sent_on = today
            locked.save(update_fields=["reminder_sent_on"])
            audit_record(
                action="ocop.certificate.reminder",
                instance=locked,
                after={"reminder_sent_on": today},
                actor=None,
            )
            sent += 1
    return f"{sent} OCOP expiry reminder(s)"


@transaction.atomic
def certificate_revoke(
    *, actor, certificate: Certificate, reason: str, note: str, on: dt.date
) -> Certificate:
    if (
        not Certificate.objects.restrict(actor, CHANGE, area=OCOP, roles={Role.PROVINCE_COORDINATOR})
        .filter(pk=certificate.pk)
        .exists()
    ):
        raise PermissionDenied(_("The province coordinator revokes certificates."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_on is not None:
        raise StateConflict(
            _("This certificate is already revoked."), expected_state="in_force", actual_state="revoked"
        )
    if reason not in RevocationReason.values:
        raise ServiceError(_("Choose a reason for the revocation."))
    if reason == RevocationReason.OTHER and not note.strip():
        raise ServiceError(_("Explain the reason in the note."))
    before = snapshot(certificate)
    certificate.revoked_on, certificate.revocation_reason, certificate.revocation_note = (
        on,
        reason,
        note.strip(),
    )
    certificate.save(update_fields=["revoked_on", "revocation_reason", "revocation_note"])
    audit_record(
        action="ocop.certificate.revoke",
        instance=certificate,
        before=before,
        after=snapshot(certificate),
        actor=actor,
        unit=certificate.product.producer.unit,
    )
    return certificate
