"""Reads of report cycles: the coordinator and auditors follow every reporter; a department or locality sees its
own reports and the reminders sent to it. Out-of-scope reports answer 404."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ntm.core.choices import Role
from ntm.core.permissions import PROGRAMME, may_use_area
from ntm.core.scoping import VIEW
from ntm.programme.measure import Measurer
from ntm.programme.models import (
    ConsolidatedReport,
    PlanTask,
    Reminder,
    Report,
    ReportAttachment,
    ReportCycle,
    Target,
)
from ntm.programme.report_content import system_figures
from ntm.programme.reporters import Reporter, expected_reporters, reporter_of, reporters_of
from ntm.programme.selectors.access import has_any_role, require

FOLLOWER_ROLES = (Role.PROVINCE_COORDINATOR, Role.AUDITOR)


def can_follow_cycles(user) -> bool:
    return has_any_role(user, FOLLOWER_ROLES)


def require_cycle_reader(user) -> None:
    require(
        may_use_area(user, PROGRAMME, VIEW),
        _("Only the coordination office, departments, communes and auditors take part in report cycles."),
    )


def require_follower(user) -> None:
    require(
        can_follow_cycles(user),
        _("Only the provincial NTM Coordination Office and auditors follow every report."),
    )


@dataclass
class MyReport:
    reporter: Reporter
    report: Report | None
    reminders: list[Reminder]


def cycles_for(user):
    require_cycle_reader(user)
    return (
        ReportCycle.objects.select_related("plan", "form")
        .annotate(report_count=Count("reports", distinct=True))
        .order_by("-due_on")
    )


def my_reports(user, cycle: ReportCycle) -> list[MyReport]:
    reporters = reporters_of(user, cycle)
    found = {
        reporter_of(r).key: r
        for r in Report.objects.filter(
            cycle=cycle, unit_id__in=[r.unit_id for r in reporters]
        ).select_related("unit", "organisation")
    }
    reminders = defaultdict(list)
    for reminder in Reminder.objects.filter(cycle=cycle, unit_id__in=[r.unit_id for r in reporters]):
        key = f"org:{reminder.organisation_id}" if reminder.organisation_id else f"unit:{reminder.unit_id}"
        reminders[key].append(reminder)
    return [MyReport(r, found.get(r.key), reminders.get(r.key, [])) for r in reporters]


def open_reminders(user) -> list[Reminder]:
    """Reminders sent to the user's units/departments in cycles still open (shown on their pages)."""
    reporters = reporters_of(user)
    keys = {r.key for r in reporters}
    rows = Reminder.objects.filter(
        cycle__state="open", unit_id__in=[r.unit_id for r in reporters]
    ).select_related("cycle")
    return [
        row
        for row in rows
        if (f"org:{row.organisation_id}" if row.organisation_id else f"unit:{row.unit_id}") in keys
    ]


def my_report_reminders(user, cycle: ReportCycle, reporter: Reporter) -> list[MyReport]:
    """The user's row of ``my_reports`` for one reporter (its report and the reminders sent to it)."""
    return [mine for mine in my_reports(user, cycle) if mine.reporter.key == reporter.key]


@dataclass
class ReportFormInputs:
    """What a reporter's form is built from: the plan's active targets and tasks, and the system's figures."""

    targets: list[Target]
    tasks: list[PlanTask]
    figures: dict[str, str]


def report_form_inputs(cycle: ReportCycle, reporter: Reporter) -> ReportFormInputs:
    targets = list(cycle.plan.targets.active().select_related("plan").order_by("position", "code"))
    tasks = list(cycle.plan.tasks.order_by("position", "code"))
    return ReportFormInputs(targets, tasks, system_figures(reporter, targets, Measurer()))


def cycle_for_view(user, pk: int) -> ReportCycle:
    require_cycle_reader(user)
    return get_object_or_404(ReportCycle.objects.select_related("plan", "form"), pk=pk)


def cycle_for_follow(user, pk: int) -> ReportCycle:
    require_follower(user)
    return get_object_or_404(ReportCycle.objects.select_related("plan", "form"), pk=pk)


@dataclass
class StatusRow:
    reporter: Reporter
    report: Report | None
    reminders: int


def cycle_status(cycle: ReportCycle, *, state: str = "") -> list[StatusRow]:
    """Every expected reporter with its report (if any) and how many reminders it got; ``state`` filters
    (submitted / draft / missing)."""
    reports = {
        reporter_of(r).key: r
        for r in Report.objects.filter(cycle=cycle).select_related("unit", "organisation", "submitted_by")
    }
    reminders: dict[str, int] = defaultdict(int)
    for unit_id, organisation_id in Reminder.objects.filter(cycle=cycle).values_list(
        "unit_id", "organisation_id"
    ):
        reminders[f"org:{organisation_id}" if organisation_id else f"unit:{unit_id}"] += 1
    rows = [StatusRow(r, reports.get(r.key), reminders.get(r.key, 0)) for r in expected_reporters(cycle)]
    if state == "submitted":
        rows = [row for row in rows if row.report is not None and row.report.is_submitted]
    elif state == "draft":
        rows = [row for row in rows if row.report is not None and not row.report.is_submitted]
    elif state == "missing":
        rows = [row for row in rows if row.report is None or not row.report.is_submitted]
    return rows


def _own_or_follower(user, report: Report) -> Report:
    if can_follow_cycles(user):
        return report
    if reporter_of(report).key in {r.key for r in reporters_of(user)}:
        return report
    raise Http404


def report_for_view(user, pk: int) -> Report:
    require_cycle_reader(user)
    reports = Report.objects.restrict(user, VIEW, area=PROGRAMME).select_related(
        "cycle__plan", "cycle__form", "unit", "organisation", "submitted_by"
    )
    return _own_or_follower(user, get_object_or_404(reports, pk=pk))


def attachment_for_view(user, pk: int) -> ReportAttachment:
    require_cycle_reader(user)
    attachment = get_object_or_404(
        ReportAttachment.objects.restrict(user, VIEW, area=PROGRAMME).select_related("report"), pk=pk
    )
    _own_or_follower(user, attachment.report)
    return attachment


def consolidated_for_view(user, pk: int) -> ConsolidatedReport:
    require_follower(user)
    return get_object_or_404(ConsolidatedReport.objects.select_related("cycle"), pk=pk)
