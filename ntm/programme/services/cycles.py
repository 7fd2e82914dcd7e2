"""Report cycles: opening and closing them (``run_scheduled``), reports of departments and localities, reminders to
those who have not submitted, and starting the consolidated report. Every write is one transaction, audited.

Reporters are every active department (its unit is the province) and every commune-level unit (xã, phường) of the
province in the 2025 structure. A report is refused once its cycle is closed (409, nothing changed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ntm.accounts.models import User
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.notifications import notify
from ntm.core.uploads import attach
from ntm.jobs.models import Job
from ntm.jobs.services import job_start
from ntm.programme import cycles, planfile
from ntm.programme.models import (
    CycleState,
    Reminder,
    ReminderStage,
    Report,
    ReportAttachment,
    ReportCycle,
    ReportFormVersion,
    ReportState,
    TargetPlan,
)
from ntm.programme.reporters import (
    Reporter,
    expected_reporters,
    installation_province,
    missing_reporters,
    reporter_of,
    reporters_of,
)
from ntm.programme.services.targets import programme_load_shipped, report_forms_load_shipped
from ntm.programme.tasks import consolidate_cycle

# --- Cycles ---------------------------------------------------------------------------------------------------


def plan_for_year(year: int) -> TargetPlan | None:
    """The plan covering ``year``; after the last plan ends, the latest plan (until the next one is added)."""
    covering = (
        TargetPlan.objects.filter(year_from__lte=year, year_to__gte=year).order_by("-year_from").first()
    )
    return covering or TargetPlan.objects.filter(year_to__lt=year).order_by("-year_to").first()


def latest_form() -> ReportFormVersion | None:
    return ReportFormVersion.objects.order_by("code", "-version").first()


def cycle_open(*, period: cycles.Period, actor=None) -> tuple[ReportCycle | None, bool]:
    """Open the cycle of ``period`` (idempotent: an existing cycle is returned unchanged)."""
    existing = ReportCycle.objects.filter(kind=period.kind, year=period.year).first()
    if existing is not None:
        return existing, False
    plan, form = plan_for_year(period.year), latest_form()
    if plan is None or form is None:
        return None, False
    try:
        with transaction.atomic():
            cycle = ReportCycle.objects.create(
                plan=plan,
                kind=period.kind,
                year=period.year,
                due_on=period.due_on,
                opens_on=period.opens_on,
                closes_on=period.closes_on,
                form=form,
            )
            audit_record(action="programme.cycle_open", instance=cycle, after=snapshot(cycle), actor=actor)
    except IntegrityError:  # opened by a concurrent run_scheduled
        return ReportCycle.objects.get(kind=period.kind, year=period.year), False
    return cycle, True


def cycle_close(*, actor, cycle: ReportCycle) -> ReportCycle:
    with transaction.atomic():
        locked = ReportCycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.state == CycleState.CLOSED:
            return locked
        before = snapshot(locked)
        locked.state, locked.closed_at = CycleState.CLOSED, timezone.now()
        locked.save(update_fields=["state", "closed_at"])
        audit_record(
            action="programme.cycle_close",
            instance=locked,
            before=before,
            after=snapshot(locked),
            actor=actor,
        )
    return locked


def cycle_reopen(*, actor, cycle: ReportCycle, closes_on: dt.date) -> ReportCycle:
    """Let reports in again until ``closes_on`` (the coordinator extends a deadline)."""
    if closes_on < timezone.localdate():
        raise ServiceError(_("The new closing date is in the past."))
    with transaction.atomic():
        locked = ReportCycle.objects.select_for_update().get(pk=cycle.pk)
        before = snapshot(locked)
        locked.state, locked.closed_at, locked.closes_on = CycleState.OPEN, None, closes_on
        locked.save(update_fields=["state", "closed_at", "closes_on"])
        audit_record(
            action="programme.cycle_reopen",
            instance=locked,
            before=before,
            after=snapshot(locked),
            actor=actor,
        )
    return locked


# --- Reports --------------------------------------------------------------------------------------------------


def _require_reporter(actor, reporter: Reporter, cycle: ReportCycle | None = None) -> None:
    if not any(r.key == reporter.key for r in reporters_of(actor)):
        raise PermissionDenied(_("You may fill only your own unit's or department's report."))
    if cycle is not None and not any(r.key == reporter.key for r in expected_reporters(cycle)):
        raise PermissionDenied(
            _("%(reporter)s does not report in this cycle: the plan names who reports for this period.")
            % {"reporter": reporter.name}
        )


def _require_open(cycle: ReportCycle) -> None:
    if cycle.state != CycleState.OPEN:
        raise StateConflict(
            _("The report cycle closed on %(date)s; no more reports are accepted.")
            % {"date": (cycle.closed_at.date() if cycle.closed_at else cycle.closes_on).strftime("%d/%m/%Y")},
            expected_state=CycleState.OPEN,
            actual_state=cycle.state,
        )


def report_start(*, actor, cycle: ReportCycle, reporter: Reporter, store: bool = True) -> Report:
    """The reporter's report in the cycle, created as a draft the first time; with ``store=False`` a report not
    yet stored is returned unsaved (the empty form a GET shows stores nothing: the first save creates it)."""
    _require_reporter(actor, reporter, cycle)
    found = Report.objects.filter(
        cycle=cycle, unit_id=reporter.unit_id, organisation_id=reporter.organisation_id
    ).first()
    if found is not None:
        return found
    _require_open(cycle)
    if not store:
        return Report(cycle=cycle, unit_id=reporter.unit_id, organisation_id=reporter.organisation_id)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                cycle=cycle,
                unit_id=reporter.unit_id,
                organisation_id=reporter.organisation_id,
                updated_by=actor,
            )
            audit_record(
                action="programme.report_start", instance=report, after=snapshot(report), actor=actor
            )
    except IntegrityError:
        report = Report.objects.get(
            cycle=cycle, unit_id=reporter.unit_id, organisation_id=reporter.organisation_id
        )
    return report


def check_content(report: Report, content: Mapping[str, Any], *, submitting: bool) -> list[str]:
    """Problems with a report's content: numerators above denominators, missing required texts on submit."""
    problems = []
    codes = {t.code: t for t in report.cycle.plan.targets.active()}
    for code, entry in (content.get("targets") or {}).items():
        target = codes.get(code)
        numerator, denominator = entry.get("numerator"), entry.get("denominator")
        if target is None or (numerator is None and denominator is None):
            continue
        for problem in planfile.check_fraction(numerator, denominator):
            problems.append(f"{target.code}: {problem}")
    if submitting:
        for section in report.cycle.form.content.get("sections", []):
            if (
                section["kind"] == "text"
                and section.get("required")
                and not str(content.get(section["key"], "")).strip()
            ):
                problems.append(
                    _("“%(title)s” must be filled in before submitting.") % {"title": section["title"]}
                )
    return problems


def report_save(
    *,
    actor,
    report: Report,
    content: Mapping[str, Any],
    submit: bool = False,
    system_figures: Mapping[str, str] | None = None,
) -> Report:
    """Save the report's content (and submit it); refused after the cycle closed or once submitted."""
    _require_reporter(actor, reporter_of(report))
    problems = check_content(report, content, submitting=submit)
    with transaction.atomic():
        locked = Report.objects.select_for_update().select_related("cycle").get(pk=report.pk)
        cycle = ReportCycle.objects.select_for_update().get(pk=locked.cycle_id)
        _require_open(cycle)
        if locked.state == ReportState.SUBMITTED:
            raise StateConflict(
                _("This report was already submitted; ask the coordinator to return it for correction."),
                expected_state=ReportState.DRAFT,
                actual_state=ReportState.SUBMITTED,
            )
        if problems:
            raise ServiceError(" ".join(problems), detail=problems)
        before = snapshot(locked, ("content", "state"))
        data = dict(content)
        if system_figures:
            data["system"] = dict(system_figures)
        locked.content, locked.updated_by = data, actor
        if submit:
            locked.state, locked.submitted_at, locked.submitted_by = (
                ReportState.SUBMITTED,
                timezone.now(),
                actor,
            )
            locked.is_late = timezone.localdate() > cycle.due_on
            locked.return_note = ""
        locked.save()
        audit_record(
            action="programme.report_submit" if submit else "programme.report_save",
            instance=locked,
            before=before,
            after=snapshot(locked, ("content", "state")),
            actor=actor,
        )
    return locked


def report_return(*, actor, report: Report, note: str) -> Report:
    """The coordinator returns a submitted report for correction (only while the cycle is open)."""
    if not note.strip():
        raise ServiceError(_("Say what must be corrected."))
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        _require_open(locked.cycle)
        if locked.state != ReportState.SUBMITTED:
            raise StateConflict(
                _("Only a submitted report can be returned."),
                expected_state=ReportState.SUBMITTED,
                actual_state=locked.state,
            )
        before = snapshot(locked, ("state", "return_note"))
        locked.state, locked.return_note, locked.submitted_at = ReportState.DRAFT, note.strip()[:500], None
        locked.save()
        audit_record(
            action="programme.report_return",
            instance=locked,
            before=before,
            after=snapshot(locked, ("state", "return_note")),
            actor=actor,
        )
    return locked


def report_attachment_add(*, actor, report: Report, upload: UploadedFile) -> ReportAttachment:
    _require_reporter(actor, reporter_of(report))
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        _require_open(locked.cycle)
        if locked.state == ReportState.SUBMITTED:
            raise StateConflict(
                _("This report was already submitted; ask the coordinator to return it for correction."),
                expected_state=ReportState.DRAFT,
                actual_state=ReportState.SUBMITTED,
            )
        row = attach(ReportAttachment(report=locked, uploaded_by=actor), upload)
        row.save()
        audit_record(
            action="programme.report_attachment_add",
            instance=row,
            after=snapshot(row, ("original_name", "mime_type", "size")),
            actor=actor,
            unit=locked.unit,
        )
    return row


# --- Reminders ------------------------------------------------------------------------------------------------


def _recipients(reporter: Reporter) -> list[User]:
    """The active users who report for ``reporter`` (its commune officers, or the department's officers)."""
    users = User.objects.filter(is_active=True, role_assignments__is_active=True)
    if reporter.is_department:
        users = users.filter(
            role_assignments__role=Role.DEPARTMENT_OFFICER,
            role_assignments__organisation_id=reporter.organisation_id,
        )
    else:
        users = users.filter(
            role_assignments__role=Role.COMMUNE_OFFICER, role_assignments__unit_id=reporter.unit_id
        )
    return list(users.distinct().order_by("pk"))


def _reminder_text(cycle: ReportCycle, reporter: Reporter, stage: str) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Reminder: report %(period)s due %(date)s") % {
            "period": cycle.period_label,
            "date": cycle.due_on.strftime("%d/%m/%Y"),
        }
        if stage == ReminderStage.OVERDUE:
            body = _(
                "%(name)s has not submitted the report %(period)s, which was due on %(date)s. The cycle stops "
                "taking reports on %(closes)s."
            )
        else:
            body = _("%(name)s has not submitted the report %(period)s yet; it is due on %(date)s.")
        body = body % {
            "name": reporter.name,
            "period": cycle.period_label,
            "date": cycle.due_on.strftime("%d/%m/%Y"),
            "closes": cycle.closes_on.strftime("%d/%m/%Y"),
        }
    return subject, body


def reminders_send(
    *,
    actor,
    cycle: ReportCycle,
    stage: str = ReminderStage.MANUAL,
    reporters: Iterable[Reporter] | None = None,
) -> int:
    """Remind every reporter who has not submitted (in-app and by e-mail). Automatic stages go once per reporter."""
    _require_open(cycle)
    sent = 0
    for reporter in reporters if reporters is not None else missing_reporters(cycle):
        subject, body = _reminder_text(cycle, reporter, stage)
        users = _recipients(reporter)
        emails = {user.email for user in users if user.email}
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    cycle=cycle,
                    unit_id=reporter.unit_id,
                    organisation_id=reporter.organisation_id,
                    stage=stage,
                    message=body[:500],
                    recipients=len(emails),
                    sent_by=actor if getattr(actor, "pk", None) else None,
                )
                audit_record(
                    action="programme.reminder_send",
                    instance=reminder,
                    after=snapshot(reminder, ("stage", "recipients", "message")),
                    actor=actor,
                )
        except IntegrityError:  # this automatic stage was already sent to this reporter
            continue
        notify(users=users, text=body, subject=subject, link=reverse("programme:cycles"))
        sent += 1
    return sent


def programme_scheduled(now: dt.datetime) -> str:
    """The periodic job (``run_scheduled``): load the shipped plan and form if they changed, open the cycles whose
    window has started, close those past their closing date, send the automatic reminders. Idempotent."""
    programme_load_shipped()
    report_forms_load_shipped()
    today = timezone.localdate(now)
    opened, closed, reminded = [], 0, 0
    plan = plan_for_year(today.year)
    if plan is not None:
        for period in cycles.periods_open_on(today, plan.rules()):
            cycle, created = cycle_open(period=period)
            if created:
                opened.append(str(cycle))
    for cycle in ReportCycle.objects.filter(state=CycleState.OPEN, closes_on__lt=today):
        cycle_close(actor=None, cycle=cycle)
        closed += 1
    for cycle in ReportCycle.objects.filter(state=CycleState.OPEN).select_related("plan"):
        stage = cycles.reminder_stage(today, cycle.due_on, cycle.closes_on, cycle.plan.rules())
        if stage is not None:
            reminded += reminders_send(actor=None, cycle=cycle, stage=stage)
    return f"opened {len(opened)} ({', '.join(opened) or '-'}), closed {closed}, reminders {reminded}"


# --- Consolidated report --------------------------------------------------------------------------------------


def consolidation_start(*, actor, cycle: ReportCycle, number: str = "") -> Job:
    """Start generating the consolidated provincial report of ``cycle`` as a background job."""
    return job_start(
        owner=actor,
        kind="programme.consolidate",
        label=_("Consolidated report %(period)s") % {"period": cycle.period_label},
        task=consolidate_cycle,
        params={"cycle_id": cycle.pk, "number": number.strip()[:60]},
        unit=installation_province(),
    )
