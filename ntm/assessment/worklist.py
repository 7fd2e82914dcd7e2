"""The assessment app's lines on the "my work" home: values returned to my commune (with the department's reason)
and values waiting for my department's verification. Registered in ``AssessmentConfig.ready``."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.assessment.models import EventKind, IndicatorValue, ValueEvent, ValueStatus
from ntm.assessment.selectors.assessments import ENTRY_ROLES, assessable_units, user_departments
from ntm.core.choices import Role
from ntm.core.permissions import ASSESSMENT
from ntm.core.scoping import CHANGE, VIEW
from ntm.core.worklist import WorkItem

DETAILS = 5


def _unit_url(value: IndicatorValue) -> str:
    url = reverse("assessment:unit", args=[value.unit.structure, value.unit.code])
    return f"{url}?year={value.year}&set={value.set_code}#ind-{value.indicator_code}"


def returned_values(user):
    """Values of the communes the user enters for that a department returned, newest return first, each with
    ``reason`` (the comment of its latest return)."""
    if not user.has_role(Role.COMMUNE_OFFICER):
        return IndicatorValue.objects.none()
    latest_return = ValueEvent.objects.filter(value=OuterRef("pk"), kind=EventKind.RETURNED).order_by(
        "-at", "-pk"
    )
    return (
        IndicatorValue.objects.filter(
            unit__in=assessable_units(user, CHANGE, roles=ENTRY_ROLES), status=ValueStatus.RETURNED
        )
        .select_related("unit")
        .annotate(
            reason=Subquery(latest_return.values("comment")[:1]),
            returned_at=Subquery(latest_return.values("at")[:1]),
        )
        .order_by("-returned_at", "pk")
    )


def assessment_work(user) -> list[WorkItem]:
    items: list[WorkItem] = []
    returned = returned_values(user)
    count = returned.count()
    if count:
        rows = list(returned[:DETAILS])
        first = rows[0]
        items.append(
            WorkItem(
                key="assessment.returned",
                label=_("Values returned by a department: correct them or answer"),
                count=count,
                url=_unit_url(first).split("#")[0],
                details=tuple(
                    (
                        _("%(unit)s, %(year)s, indicator %(code)s: %(reason)s")
                        % {
                            "unit": row.unit.name,
                            "year": row.year,
                            "code": row.indicator_code,
                            "reason": row.reason or "—",
                        },
                        _unit_url(row),
                    )
                    for row in rows
                ),
                urgent=True,
            )
        )
    departments = user_departments(user)
    if departments:
        waiting = (
            IndicatorValue.objects.restrict(user, VIEW, area=ASSESSMENT)
            .filter(department__in=departments, status__in=(ValueStatus.ENTERED, ValueStatus.ANSWERED))
            .values("department", "set_code", "year")
            .annotate(n=Count("pk"))
            .order_by("-year", "department")
        )
        groups = list(waiting)
        total = sum(g["n"] for g in groups)
        if total:
            base = reverse("assessment:department")
            first = groups[0]
            items.append(
                WorkItem(
                    key="assessment.to_verify",
                    label=_("Values waiting for your department's verification"),
                    count=total,
                    url=f"{base}?dept={first['department']}&year={first['year']}&set={first['set_code']}&awaiting=1",
                    details=tuple(
                        (
                            _("%(dept)s, %(year)s: %(n)s values")
                            % {"dept": g["department"], "year": g["year"], "n": g["n"]},
                            f"{base}?dept={g['department']}&year={g['year']}&set={g['set_code']}&awaiting=1",
                        )
                        for g in groups[:DETAILS]
                    ),
                )
            )
    return items
