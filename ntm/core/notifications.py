"""The one notification path of every app: an in-app notice (``Notification``, listed at /thong-bao/) and an
e-mail to users with an address, sent after the transaction commits (console backend by default).

Who to notify stays with the domain app (roles, units, steps); it passes the users to ``notify``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from ntm.core.models import Notification

logger = logging.getLogger(__name__)
SUBJECT_PREFIX = "[NTM số]"


def notify(
    *,
    users: Iterable,
    text: str,
    link: str = "",
    subject: str = "",
    key: str = "",
    exclude=None,
) -> int:
    """Create one notification per user with ``text`` and ``link`` (skipping ``exclude`` and users already
    notified under ``key``) and e-mail those with an address once the transaction commits, under ``subject``
    (by default the start of ``text``). Returns how many notifications were created."""
    created = []
    for user in users:
        if exclude is not None and user.pk == getattr(exclude, "pk", None):
            continue
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                created.append(Notification.objects.create(user=user, text=text[:500], url=link, key=key))
        except IntegrityError:  # the same reminder created by a concurrent run
            continue
    mailable = [n.pk for n in created if n.user.email]
    if mailable:
        subject = subject or f"{SUBJECT_PREFIX} {text[:80]}"
        transaction.on_commit(lambda: _send_mail(mailable, subject))
    return len(created)


def _send_mail(notification_ids: list[int], subject: str) -> None:
    site = getattr(settings, "NTM_SITE_URL", "")
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("user"):
        body = notification.text
        if notification.url:
            body += f"\n\n{site}{notification.url}"
        try:
            send_mail(
                subject=subject, message=body, from_email=None, recipient_list=[notification.user.email]
            )
        except Exception:  # a mail server problem must not break the workflow; the in-app notice stays
            logger.exception("Notification %s: e-mail not sent", notification.pk)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def notifications_for(user):
    """The user's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    """How many of the user's notifications are unread (0 for an anonymous visitor)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or those named) as read."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
