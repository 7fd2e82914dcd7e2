"""Writes of the feedback inbox: one function per use case, each in a transaction and audited.

Who may answer is decided by ``ntm.feedback.selectors.item_for_change`` (the commune's officers, the coordinator);
these functions take the item it returned. The citizen's text and contact never go into the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ntm.accounts.selectors import people_acting_for
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.notifications import notify
from ntm.core.uploads import IMAGE_TYPES, check_document, check_size
from ntm.feedback import rules
from ntm.feedback.models import Category, Feedback, FeedbackState, Holiday
from ntm.units.models import AdministrativeUnit, Hamlet

MAX_TEXT = 2000
MAX_ANSWER = 4000
AUDITED = ("unit", "hamlet", "category", "state", "due_on", "answered_at", "handled_at", "escalated_at")
ID_NUMBER_REFUSED = gettext_noop(
    "Please do not write a personal ID number (CCCD or CMND): the feedback does not need it, and it would be "
    "kept on the system."
)


@dataclass(frozen=True)
class FeedbackIn:
    unit: AdministrativeUnit
    category: str
    text: str
    hamlet: Hamlet | None = None
    contact: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def answer_due(submitted_on: dt.date) -> dt.date:
    holidays = set(Holiday.objects.filter(day__gt=submitted_on).values_list("day", flat=True))
    return rules.due_date(
        submitted_on, settings.NTM_FEEDBACK_ANSWER_DAYS, settings.NTM_FEEDBACK_DAY_KIND, holidays
    )


def _require_coordinator(actor) -> None:
    if not (actor.is_superuser or actor.has_role(Role.PROVINCE_COORDINATOR)):
        raise PermissionDenied(_("Only the coordination office keeps the list of holidays."))


@transaction.atomic
def holiday_add(*, actor, day: dt.date, name: str) -> Holiday:
    """Add a day off to the list the working-day deadlines skip (deadlines already set stay as they are)."""
    _require_coordinator(actor)
    name = " ".join((name or "").split())[:120]
    if not name:
        raise ServiceError(_("Name the holiday."))
    if Holiday.objects.filter(day=day).exists():
        raise ServiceError(_("%(day)s is in the list already.") % {"day": f"{day:%d/%m/%Y}"})
    row = Holiday.objects.create(day=day, name=name, created_by=actor)
    audit_record(action="feedback.holiday_add", instance=row, after=snapshot(row), actor=actor)
    return row


@transaction.atomic
def holiday_remove(*, actor, holiday_id: int) -> None:
    _require_coordinator(actor)
    row = Holiday.objects.filter(pk=holiday_id).first()
    if row is None:
        raise ServiceError(_("This day is not in the list."))
    before, label = snapshot(row), str(row)
    row.delete()
    audit_record(
        action="feedback.holiday_remove",
        object_type="feedback.holiday",
        object_id=str(holiday_id),
        object_label=label,
        before=before,
        actor=actor,
    )


def province_box() -> tuple[float, float, float, float]:
    """Where a location may be: the province's boundary box when it is loaded, else ``NTM_PROVINCE_BBOX``."""
    from ntm.units.selectors import installation_province

    province = installation_province()
    boundary = getattr(province, "boundary", None) if province is not None else None
    if boundary is not None:
        return (boundary.min_lon, boundary.min_lat, boundary.max_lon, boundary.max_lat)
    return tuple(settings.NTM_PROVINCE_BBOX)


def check_feedback(data: FeedbackIn) -> dict[str, str]:
    """Problems of ``data`` by field (empty: acceptable)."""
    problems: dict[str, str] = {}
    if data.category not in Category.values:
        problems["category"] = _("Choose a category.")
    text = data.text.strip()
    if not text:
        problems["text"] = _("Write what you want to report.")
    elif len(text) > MAX_TEXT:
        problems["text"] = _("At most %(count)s characters.") % {"count": MAX_TEXT}
    elif rules.has_id_number(text):
        problems["text"] = _(ID_NUMBER_REFUSED)
    if rules.has_id_number(data.contact):
        problems["contact"] = _(ID_NUMBER_REFUSED)
    if data.hamlet is not None and data.hamlet.unit_id != data.unit.pk:
        problems["hamlet"] = _("This hamlet is not in the chosen commune.")
    if (data.latitude is None) != (data.longitude is None):
        problems["latitude"] = _("Give both latitude and longitude, or neither.")
    elif data.latitude is not None and not rules.inside(
        province_box(), float(data.latitude), float(data.longitude)
    ):
        problems["latitude"] = _("The location is outside the province.")
    return problems


@transaction.atomic
def feedback_submit(*, data: FeedbackIn, photo: UploadedFile | None = None) -> tuple[Feedback, str]:
    """Store a citizen's feedback; returns the item and its tracking code (shown once, never stored)."""
    problems = check_feedback(data)
    if problems:
        raise ServiceError(next(iter(problems.values())), detail=problems)
    now = timezone.now()
    code = rules.new_code()
    item = Feedback(
        unit=data.unit,
        hamlet=data.hamlet,
        category=data.category,
        text=data.text.strip(),
        contact=data.contact.strip(),
        latitude=data.latitude,
        longitude=data.longitude,
        code_hash=rules.code_hash(rules.normalize(code)),
        submitted_at=now,
        due_on=answer_due(timezone.localdate(now)),
    )
    if photo is not None:
        check_size(photo.size, name=photo.name, limit=settings.NTM_FEEDBACK_PHOTO_BYTES)
        item.mime_type = check_document(photo, allowed=IMAGE_TYPES)
        item.photo.save(photo.name, photo, save=False)
    item.save()
    audit_record(action="feedback.submit", instance=item, after=snapshot(item, AUDITED), unit=item.unit)
    notify(
        users=people_acting_for(item.unit, [Role.COMMUNE_OFFICER]),
        text=_("New citizen feedback for %(unit)s: answer by %(due)s.")
        % {"unit": item.unit.name, "due": f"{item.due_on:%d/%m/%Y}"},
        link=reverse("feedback:item", args=[item.pk]),
        key=f"feedback.new:{item.pk}",
    )
    return item, code


@transaction.atomic
def feedback_answer(*, actor, item: Feedback, answer: str, handled: bool = False) -> Feedback:
    """Record (or correct) the answer the citizen reads with the code; ``handled`` closes the item."""
    item = Feedback.objects.select_for_update().get(pk=item.pk)
    if item.state == FeedbackState.HANDLED:
        raise StateConflict(
            _("This feedback is marked handled: its answer no longer changes."),
            expected_state=FeedbackState.ANSWERED,
            actual_state=item.state,
        )
    text = answer.strip()
    if not text:
        raise ServiceError(_("Write the answer."))
    if len(text) > MAX_ANSWER:
        raise ServiceError(_("At most %(count)s characters.") % {"count": MAX_ANSWER})
    if rules.has_id_number(text):
        raise ServiceError(_(ID_NUMBER_REFUSED))
    before = snapshot(item, (*AUDITED, "answer"))
    now = timezone.now()
    item.answer = text
    item.answered_at = now
    item.answered_by = actor
    item.state = FeedbackState.HANDLED if handled else FeedbackState.ANSWERED
    if handled:
        item.handled_at = now
    item.save()
    audit_record(
        action="feedback.answer",
        instance=item,
        before=before,
        after=snapshot(item, (*AUDITED, "answer")),
        actor=actor,
        unit=item.unit,
    )
    return item


def overdue_items(today: dt.date):
    return Feedback.objects.filter(state=FeedbackState.NEW, due_on__lt=today)


def feedback_escalate_overdue(now: dt.datetime) -> str:
    """Scheduled: mark unanswered items past their deadline as escalated to the province, audit and notify the
    coordinators once per item. Safe to run again (an escalated item is not escalated twice)."""
    today = timezone.localdate(now)
    escalated = 0
    for item_id in overdue_items(today).filter(escalated_at__isnull=True).values_list("pk", flat=True):
        escalated += _escalate(item_id, now)
    return f"{escalated} feedback item(s) escalated to the province"


@transaction.atomic
def _escalate(item_id: int, now: dt.datetime) -> int:
    item = Feedback.objects.select_for_update().select_related("unit").get(pk=item_id)
    if item.escalated_at is not None or item.state != FeedbackState.NEW:
        return 0
    before = snapshot(item, AUDITED)
    item.escalated_at = now
    item.save(update_fields=["escalated_at"])
    audit_record(
        action="feedback.escalate",
        instance=item,
        before=before,
        after=snapshot(item, AUDITED),
        unit=item.unit,
    )
    notify(
        users=people_acting_for(item.unit, [Role.PROVINCE_COORDINATOR]),
        text=_("Citizen feedback for %(unit)s was not answered by %(due)s: it is now the province's.")
        % {"unit": item.unit.name, "due": f"{item.due_on:%d/%m/%Y}"},
        link=reverse("feedback:item", args=[item.pk]),
        key=f"feedback.escalated:{item.pk}",
    )
    return 1
