"""In-app notifications and e-mail for the dossier workflow, and the deadline reminders of ``run_scheduled``.

A notification goes to the users who must act next (the roles of the new step, bound to the dossier's unit or
an ancestor). E-mail (console backend by default) is sent after the transaction commits, to users with an
address. Reminders for overdue steps are idempotent: one per user, dossier and step visit (the ``key``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ntm.recognition import procedure as procedure_file
from ntm.recognition.dossier_selectors import users_who_act
from ntm.recognition.models import Dossier, DossierEvent, Notification
from ntm.recognition.procedure_store import effective_procedure

logger = logging.getLogger(__name__)


def dossier_url(dossier: Dossier) -> str:
    return reverse("recognition:dossier_detail", args=[dossier.pk])


def notify_users(users: Iterable, text: str, dossier: Dossier | None, *, key: str = "", exclude=None) -> int:
    """Create one notification per user (skipping ``exclude`` and users already notified under ``key``) and
    e-mail those with an address once the transaction commits. Returns how many were created."""
    url = dossier_url(dossier) if dossier is not None else ""
    created = []
    for user in users:
        if exclude is not None and user.pk == getattr(exclude, "pk", None):
            continue
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                created.append(Notification.objects.create(user=user, text=text[:500], url=url, key=key))
        except IntegrityError:  # the same reminder created by a concurrent run
            continue
    mailable = [n.pk for n in created if n.user.email]
    if mailable:
        transaction.on_commit(lambda: _send_mail(mailable))
    return len(created)


def _send_mail(notification_ids: list[int]) -> None:
    site = getattr(settings, "NTM_SITE_URL", "")
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("user"):
        body = notification.text
        if notification.url:
            body += f"\n\n{site}{notification.url}"
        try:
            send_mail(
                subject=f"[NTM số] {notification.text[:80]}",
                message=body,
                from_email=None,
                recipient_list=[notification.user.email],
            )
        except Exception:  # a mail server problem must not break the workflow; the in-app notice stays
            logger.exception("Notification %s: e-mail not sent", notification.pk)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def _actors(dossier: Dossier, step: procedure_file.Step):
    return users_who_act(dossier, step.all_roles)


def notify_step(dossier: Dossier, procedure: procedure_file.Procedure, *, exclude=None) -> int:
    """Tell the users of the dossier's current step that it waits on them."""
    step = procedure.step(dossier.state)
    if step.terminal:
        return 0
    text = f"Hồ sơ {dossier.unit.name} ({dossier.year}) chờ bạn: {step.name}."
    if dossier.due_at:
        text += f" Hạn: {timezone.localtime(dossier.due_at):%d/%m/%Y}."
    return notify_users(_actors(dossier, step), text, dossier, exclude=exclude)


def notify_transition(
    dossier: Dossier, procedure: procedure_file.Procedure, event: DossierEvent, *, exclude=None
):
    step = procedure.step(dossier.state)
    if not step.terminal:
        if event.action == "return":
            text = f"Hồ sơ {dossier.unit.name} ({dossier.year}) bị trả lại: {event.comment or 'xem lý do'}."
            return notify_users(_actors(dossier, step), text, dossier, exclude=exclude)
        return notify_step(dossier, procedure, exclude=exclude)
    creator = [dossier.created_by]
    return notify_users(
        creator,
        f"Hồ sơ {dossier.unit.name} ({dossier.year}) đã kết thúc: {step.name}.",
        dossier,
        exclude=exclude,
    )


def deadline_reminders(now: dt.datetime) -> str:
    """Scheduled job ``recognition.deadlines``: remind the users of every overdue step, once per step visit."""
    sent = 0
    overdue = Dossier.objects.open().filter(due_at__lt=now).select_related("unit", "procedure")
    for dossier in overdue:
        procedure = effective_procedure(dossier.procedure)
        if not procedure.has_step(dossier.state):
            continue
        step = procedure.step(dossier.state)
        text = (
            f"Quá hạn: hồ sơ {dossier.unit.name} ({dossier.year}), bước “{step.name}”, "
            f"hạn {timezone.localtime(dossier.due_at):%d/%m/%Y}."
        )
        with transaction.atomic():
            sent += notify_users(
                _actors(dossier, step), text, dossier, key=f"overdue:{dossier.pk}:{dossier.revision}"
            )
    return f"{sent} nhắc hạn ({overdue.count()} hồ sơ quá hạn)"


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or those named) as read."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
