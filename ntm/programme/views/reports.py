"""Report cycle pages: the cycles, a cycle's submission status for the coordinator (reminders, closing, the
consolidated report), a reporter's own report form, one report, attachments and the consolidated downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.files import generated_type, serve_file
from ntm.programme.forms import AttachmentForm, ConsolidateForm, ReopenForm, ReturnForm
from ntm.programme.models import ConsolidatedReport
from ntm.programme.report_content import ReportForm
from ntm.programme.reporters import reporter_of, reporter_rule, reporters_of
from ntm.programme.selectors import reports as selectors_reports
from ntm.programme.selectors.access import is_coordinator, require_coordinator
from ntm.programme.services import cycles as services_cycles


@login_required
def cycle_list(request):
    cycles = selectors_reports.cycles_for(request.user)
    follower = selectors_reports.can_follow_cycles(request.user)
    rows = [
        {"cycle": cycle, "mine": [] if follower else selectors_reports.my_reports(request.user, cycle)}
        for cycle in cycles[:40]
    ]
    context = {
        "rows": rows,
        "follower": follower,
        "reminders": selectors_reports.open_reminders(request.user),
    }
    return render(request, "programme/cycle_list.html", context)


@login_required
def cycle_detail(request, pk: int, forms: dict | None = None, status: int = 200):
    cycle = selectors_reports.cycle_for_follow(request.user, pk)
    state = request.GET.get("trang-thai", "")
    rows = selectors_reports.cycle_status(cycle, state=state)
    everyone = selectors_reports.cycle_status(cycle) if state else rows
    submitted = sum(1 for row in everyone if row.report is not None and row.report.is_submitted)
    forms = forms or {}
    forms.setdefault("consolidate_form", ConsolidateForm())
    forms.setdefault("reopen_form", ReopenForm(initial={"closes_on": cycle.closes_on}))
    context = {
        "cycle": cycle,
        "rows": rows,
        "state": state,
        "submitted": submitted,
        "expected": len(everyone),
        "missing": len(everyone) - submitted,
        "consolidated": ConsolidatedReport.objects.filter(cycle=cycle).select_related("generated_by", "job"),
        "is_coordinator": is_coordinator(request.user),
        "reporter_rule": reporter_rule(cycle),
        "window": cycle.plan.rules(),
        **forms,
    }
    return render(request, "programme/cycle_detail.html", context, status=status)


def _coordinator_cycle(request, pk: int):
    require_coordinator(request.user)
    return selectors_reports.cycle_for_follow(request.user, pk)


@login_required
@require_POST
def cycle_remind(request, pk: int):
    cycle = _coordinator_cycle(request, pk)
    try:
        sent = services_cycles.reminders_send(actor=request.user, cycle=cycle)
    except StateConflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(count)s reminder(s) sent.") % {"count": sent})
    return redirect("programme:cycle", pk=pk)


@login_required
@require_POST
def cycle_close(request, pk: int):
    cycle = _coordinator_cycle(request, pk)
    services_cycles.cycle_close(actor=request.user, cycle=cycle)
    messages.success(request, _("The cycle is closed; no more reports are accepted."))
    return redirect("programme:cycle", pk=pk)


@login_required
@require_POST
def cycle_reopen(request, pk: int):
    cycle = _coordinator_cycle(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services_cycles.cycle_reopen(
                actor=request.user, cycle=cycle, closes_on=form.cleaned_data["closes_on"]
            )
        except ServiceError as exc:
            form.add_error("closes_on", exc.message)
        else:
            messages.success(request, _("The cycle takes reports again."))
            return redirect("programme:cycle", pk=pk)
    return cycle_detail(request, pk, forms={"reopen_form": form}, status=400)


@login_required
@require_POST
def cycle_consolidate(request, pk: int):
    cycle = _coordinator_cycle(request, pk)
    form = ConsolidateForm(request.POST)
    if not form.is_valid():
        return cycle_detail(request, pk, forms={"consolidate_form": form}, status=400)
    job = services_cycles.consolidation_start(
        actor=request.user, cycle=cycle, number=form.cleaned_data["number"]
    )
    return redirect("jobs:detail", job_id=job.pk)


def _reporter_for(request, cycle):
    """The reporter the user fills the report for (``?don-vi=unit:12`` when they have several); only reporters
    the cycle expects (the plan's rule for its due date)."""
    reporters = reporters_of(request.user, cycle)
    if not reporters:
        raise Http404
    wanted = request.GET.get("don-vi") or request.POST.get("reporter")
    if wanted:
        for reporter in reporters:
            if reporter.key == wanted:
                return reporter
        raise Http404
    return reporters[0]


def _save_report(request, form: ReportForm, report, figures: dict[str, str]):
    """Save (or submit) a valid report form; the redirect on success, ``None`` when the service refused."""
    submit = request.POST.get("action") == "submit"
    try:
        services_cycles.report_save(
            actor=request.user, report=report, content=form.content(), submit=submit, system_figures=figures
        )
    except ServiceError as exc:  # StateConflict included: closed cycle, already submitted
        form.add_error(None, exc.message)
        return None
    messages.success(request, _("The report was submitted.") if submit else _("The draft was saved."))
    return redirect("programme:report", pk=report.pk) if submit else redirect(request.get_full_path())


@login_required
def my_report(request, pk: int):
    cycle = selectors_reports.cycle_for_view(request.user, pk)
    reporter = _reporter_for(request, cycle)
    try:
        report = services_cycles.report_start(
            actor=request.user, cycle=cycle, reporter=reporter, store=request.method == "POST"
        )
    except StateConflict as exc:
        messages.error(request, exc.message)
        return redirect("programme:cycles")
    inputs = selectors_reports.report_form_inputs(cycle, reporter)
    form = ReportForm(
        request.POST or None, report=report, reporter=reporter, targets=inputs.targets, tasks=inputs.tasks
    )
    status = 200
    if request.method == "POST":
        status = 400
        saved = _save_report(request, form, report, inputs.figures) if form.is_valid() else None
        if saved:
            return saved
    if report.pk:
        report.refresh_from_db()
    context = {
        "cycle": cycle,
        "report": report,
        "reporter": reporter,
        "reporters": reporters_of(request.user, cycle),
        "form": form,
        "target_rows": form.target_rows(inputs.figures),
        "attachment_form": AttachmentForm(),
        "attachments": report.attachments.all() if report.pk else [],
        "reminders": selectors_reports.my_report_reminders(request.user, cycle, reporter),
        "editable": cycle.is_open and not report.is_submitted,
    }
    return render(request, "programme/report_form.html", context, status=status)


@login_required
def report_detail(request, pk: int, return_form: ReturnForm | None = None, status: int = 200):
    report = selectors_reports.report_for_view(request.user, pk)
    cycle = report.cycle
    targets = {t.code: t for t in cycle.plan.targets.all()}
    tasks = list(cycle.plan.tasks.order_by("position", "code"))
    content = report.content or {}
    context = {
        "report": report,
        "cycle": cycle,
        "target_rows": [
            {
                "target": target,
                "system": (content.get("system") or {}).get(code, ""),
                "entry": (content.get("targets") or {}).get(code),
            }
            for code, target in targets.items()
            if target.is_active or code in (content.get("targets") or {})
        ],
        "task_rows": [(task, (content.get("tasks") or {}).get(task.code, "")) for task in tasks],
        "text_rows": [
            (section["title"], content.get(section["key"], ""))
            for section in cycle.form.content.get("sections", [])
            if section["kind"] == "text"
        ],
        "attachments": report.attachments.all(),
        "can_return": is_coordinator(request.user) and report.is_submitted and cycle.is_open,
        "return_form": return_form or ReturnForm(),
        "is_own": reporter_of(report).key in {r.key for r in reporters_of(request.user)},
    }
    return render(request, "programme/report_detail.html", context, status=status)


@login_required
@require_POST
def report_return(request, pk: int):
    require_coordinator(request.user)
    report = selectors_reports.report_for_view(request.user, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services_cycles.report_return(actor=request.user, report=report, note=form.cleaned_data["note"])
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The report was returned for correction."))
            return redirect("programme:report", pk=pk)
    return report_detail(request, pk, return_form=form, status=400)


@login_required
@require_POST
def report_attachment(request, pk: int):
    report = selectors_reports.report_for_view(request.user, pk)
    if reporter_of(report).key not in {r.key for r in reporters_of(request.user)}:
        raise PermissionDenied(_("You may fill only your own unit's or department's report."))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services_cycles.report_attachment_add(
                actor=request.user, report=report, upload=form.cleaned_data["file"]
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect(
        f"{reverse('programme:my_report', kwargs={'pk': report.cycle_id})}?don-vi={reporter_of(report).key}"
    )


@login_required
def attachment_download(request, pk: int):
    attachment = selectors_reports.attachment_for_view(request.user, pk)
    return serve_file(
        request,
        attachment.file,
        content_type=attachment.mime_type,
        download_name=attachment.original_name,
        attachment=True,
    )


@login_required
def consolidated_download(request, pk: int, kind: str):
    report = selectors_reports.consolidated_for_view(request.user, pk)
    field = {"docx": report.docx, "xlsx": report.xlsx, "pdf": report.pdf}.get(kind)
    if not field:
        raise Http404
    name = report.download_name(kind)
    return serve_file(request, field, content_type=generated_type(name), download_name=name)
