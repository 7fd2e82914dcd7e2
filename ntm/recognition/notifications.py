"""In-app notifications and e-mail for the dossier workflow, and the deadline reminders of ``run_scheduled``.

A notification goes to the users who must act next (the roles of the new step, bound to the dossier's unit or
an ancestor); ``ntm.core.notifications.notify`` stores the in-app notice and sends the e-mail. Reminders for
overdue steps are idempotent: one per user, dossier and step visit (the ``key``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core.notifications import notify
from ntm.recognition import procedure as procedure_file
from ntm.recognition.models import Dossier, DossierEvent
from ntm.recognition.selectors import users_who_act
from ntm.recognition.services.procedures import effective_procedure


def dossier_url(dossier: Dossier) -> str:
    return reverse("recognition:dossier_detail", args=[dossier.pk])


def notify_users(users: Iterable, text: str, dossier: Dossier | None, *, key: str = "", exclude=None) -> int:
    """Notify ``users`` (in-app and by e-mail, through ``ntm.core.notifications.notify``) with a link to
    ``dossier``. Returns how many notifications were created."""
    link = dossier_url(dossier) if dossier is not None else ""
    return notify(users=users, text=text, link=link, key=key, exclude=exclude)


def _actors(dossier: Dossier, step: procedure_file.Step):
    return users_who_act(dossier, step.all_roles)


def notify_step(dossier: Dossier, procedure: procedure_file.Procedure, *, exclude=None) -> int:
    """Tell the users of the dossier's current step that it waits on them."""
    step = procedure.step(dossier.state)
    if step.terminal:
        return 0
    text = _("The dossier of %(unit)s (%(year)s) is waiting for you: %(step)s.") % {
        "unit": dossier.unit.name,
        "year": dossier.year,
        "step": step.name,
    }
    if dossier.due_at:
        text += " " + _("Due: %(date)s.") % {"date": f"{timezone.localtime(dossier.due_at):%d/%m/%Y}"}
    return notify_users(_actors(dossier, step), text, dossier, exclude=exclude)


def notify_transition(
    dossier: Dossier, procedure: procedure_file.Procedure, event: DossierEvent, *, exclude=None
):
    step = procedure.step(dossier.state)
    if not step.terminal:
        if event.action == "return":
            text = _("The dossier of %(unit)s (%(year)s) was returned: %(reason)s.") % {
                "unit": dossier.unit.name,
                "year": dossier.year,
                "reason": event.comment or _("see the reasons"),
            }
            return notify_users(_actors(dossier, step), text, dossier, exclude=exclude)
        return notify_step(dossier, procedure, exclude=exclude)
    creator = [dossier.created_by]
    return notify_users(
        creator,
        _("The dossier of %(unit)s (%(year)s) is closed: %(step)s.")
        % {"unit": dossier.unit.name, "year": dossier.year, "step": step.name},
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
        text = _("Overdue: the dossier of %(unit)s (%(year)s), step “%(step)s”, due %(date)s.") % {
            "unit": dossier.unit.name,
            "year": dossier.year,
            "step": step.name,
            "date": f"{timezone.localtime(dossier.due_at):%d/%m/%Y}",
        }
        with transaction.atomic():
            sent += notify_users(
                _actors(dossier, step), text, dossier, key=f"overdue:{dossier.pk}:{dossier.revision}"
            )
    return _("%(sent)s due-date reminders (%(overdue)s overdue dossiers)") % {
        "sent": sent,
        "overdue": overdue.count(),
    }
