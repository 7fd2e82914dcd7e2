"""Reads of the feedback inbox, scoped by the user's units and the ``feedback`` area (``ntm.core.permissions``).

"Overdue" is computed on read (still waiting, past its due date), so the province sees an item the day after its
deadline even before the scheduled job has recorded the escalation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ntm.core.choices import Role
from ntm.core.permissions import FEEDBACK, PROGRAMME
from ntm.core.scoping import CHANGE, VIEW
from ntm.feedback import rules
from ntm.feedback.models import Category, Feedback, FeedbackState
from ntm.units.models import AdministrativeUnit, Hamlet, Level, Structure


def commune_choices() -> QuerySet[AdministrativeUnit]:
    """The current commune-level units of the province: where feedback can be about."""
    return AdministrativeUnit.objects.filter(
        structure=Structure.REFORM_2025,
        level=Level.COMMUNE,
        valid_to__isnull=True,
        tree_path__startswith=f"/{Structure.REFORM_2025}/{settings.NTM_PROVINCE_CODE}/",
    ).order_by("name")


def hamlet_choices() -> QuerySet[Hamlet]:
    return (
        Hamlet.objects.active()
        .filter(unit__in=commune_choices())
        .select_related("unit")
        .order_by("unit__name", "name")
    )


def by_code(raw: str) -> Feedback | None:
    """The item a citizen's code names, or None (a malformed code is treated as unknown)."""
    code = rules.normalize(raw)
    if code is None:
        return None
    return Feedback.objects.select_related("unit", "hamlet").filter(code_hash=rules.code_hash(code)).first()


def _scoped(user, action: str = VIEW) -> QuerySet[Feedback]:
    return Feedback.objects.restrict(user, action, area=FEEDBACK).select_related(
        "unit", "hamlet", "answered_by"
    )


def inbox(
    user, *, state: str = "", overdue: bool = False, today: dt.date | None = None
) -> QuerySet[Feedback]:
    items = _scoped(user)
    if state in FeedbackState.values:
        items = items.filter(state=state)
    if overdue:
        items = items.filter(state=FeedbackState.NEW, due_on__lt=today or timezone.localdate())
    return items


def escalated(user, today: dt.date | None = None) -> QuerySet[Feedback]:
    """Overdue items the province answers for: for the coordinator (and the auditor, who reads everything)."""
    if not is_province_reader(user):
        return Feedback.objects.none()
    return inbox(user, overdue=True, today=today).order_by("due_on", "pk")


def is_province_reader(user) -> bool:
    return user.is_superuser or user.has_role(Role.PROVINCE_COORDINATOR, Role.AUDITOR)


def to_answer(user) -> QuerySet[Feedback]:
    """Items waiting for an answer that ``user`` may answer as a commune officer (the commune's own inbox)."""
    return Feedback.objects.restrict(user, CHANGE, area=FEEDBACK, roles=[Role.COMMUNE_OFFICER]).filter(
        state=FeedbackState.NEW
    )


def item_for_view(user, pk: int) -> Feedback:
    return get_object_or_404(_scoped(user), pk=pk)


def item_for_change(user, pk: int) -> Feedback:
    return get_object_or_404(_scoped(user, CHANGE), pk=pk)


def can_answer(user, item: Feedback) -> bool:
    return _scoped(user, CHANGE).filter(pk=item.pk).exists()


def counts(user) -> dict:
    """Feedback per unit and category for the programme pages (numbers only, no content), in the units of the
    programme area the user reads: ``{"categories": [(value, label)], "rows": [(unit, {cat: n}, total)],
    "open": n, "overdue": n}``."""
    items = Feedback.objects.restrict(user, VIEW, area=PROGRAMME)
    by_pair = Counter(
        {
            (row["unit"], row["category"]): row["n"]
            for row in items.values("unit", "category").annotate(n=Count("pk")).order_by()
        }
    )
    units = {unit.pk: unit for unit in AdministrativeUnit.objects.filter(pk__in={u for u, _ in by_pair})}
    rows = []
    for unit_id in sorted(units, key=lambda pk: units[pk].name):
        per = {cat: by_pair.get((unit_id, cat), 0) for cat in Category.values}
        rows.append((units[unit_id], [per[cat] for cat in Category.values], sum(per.values())))
    today = timezone.localdate()
    totals = items.aggregate(
        open=Count("pk", filter=Q(state=FeedbackState.NEW)),
        overdue=Count("pk", filter=Q(state=FeedbackState.NEW, due_on__lt=today)),
    )
    return {"categories": Category.choices, "rows": rows, **totals}
