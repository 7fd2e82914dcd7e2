"""The programme app's line on the "my work" home: open report cycles whose report the user's commune or
department has not submitted yet. Registered in ``ProgrammeConfig.ready``."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ntm.core.choices import Role
from ntm.core.worklist import WorkItem
from ntm.programme.models import Report, ReportCycle, ReportState
from ntm.programme.reporters import reporter_of, reporters_of


def cycles_to_close(user) -> list[ReportCycle]:
    """For the coordination office: open report cycles whose closing day has passed."""
    if not (user.is_superuser or user.has_role(Role.PROVINCE_COORDINATOR)):
        return []
    return list(
        ReportCycle.objects.filter(state="open", closes_on__lt=timezone.localdate()).order_by("due_on")
    )


def programme_work(user) -> list[WorkItem]:
    items = []
    overdue = cycles_to_close(user)
    if overdue:
        items.append(
            WorkItem(
                key="programme.close_cycles",
                label=_("Report cycles past their closing day: consolidate and close them"),
                count=len(overdue),
                url=reverse("programme:cycle", args=[overdue[0].pk]),
                details=tuple(
                    (str(cycle), reverse("programme:cycle", args=[cycle.pk])) for cycle in overdue[:5]
                ),
            )
        )
    return items + _reports_due(user)


def _reports_due(user) -> list[WorkItem]:
    reporters = {r.key: r for r in reporters_of(user)}
    if not reporters:
        return []
    cycles = list(ReportCycle.objects.filter(state="open").order_by("due_on"))
    if not cycles:
        return []
    submitted = {
        (report.cycle_id, reporter_of(report).key)
        for report in Report.objects.filter(
            cycle__in=cycles, state=ReportState.SUBMITTED, unit_id__in={r.unit_id for r in reporters.values()}
        ).select_related("unit", "organisation")
    }
    due = [
        (cycle, reporter)
        for cycle in cycles
        for key, reporter in reporters.items()
        if (cycle.pk, key) not in submitted
    ]
    if not due:
        return []
    return [
        WorkItem(
            key="programme.reports",
            label=_("Periodic reports to submit"),
            count=len(due),
            url=reverse("programme:my_report", args=[due[0][0].pk]),
            details=tuple(
                (
                    _("%(report)s for %(who)s, due %(date)s")
                    % {
                        "report": cycle,
                        "who": reporter.name,
                        "date": formats.date_format(cycle.due_on, "d/m/Y"),
                    },
                    reverse("programme:my_report", args=[cycle.pk]),
                )
                for cycle, reporter in due[:5]
            ),
        )
    ]
