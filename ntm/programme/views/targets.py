"""Progress page (every target with actual vs target, trend, status, charts), target drill-down, targets added on
the page, and reported figures with evidence. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.core.excel_writer import XLSX_CONTENT_TYPE, Sheet, workbook_bytes
from ntm.core.exceptions import ServiceError
from ntm.core.files import serve_file
from ntm.core.paging import querystring_without_page
from ntm.core.permissions import FEEDBACK, may_use_area
from ntm.core.vocabulary import UNCONFIRMED
from ntm.feedback import selectors as feedback_selectors
from ntm.legal.selectors import source_text
from ntm.programme.consolidated import actual_text, target_text
from ntm.programme.forms import ReportedActualForm, ReporterRuleForm, TargetForm, TargetPlanForm
from ntm.programme.measure import Measurer
from ntm.programme.models import ReportedActual, TargetPlan
from ntm.programme.selectors import access as selectors_access
from ntm.programme.selectors import completion as selectors_completion
from ntm.programme.selectors import targets as selectors_targets
from ntm.programme.services import targets as services_targets


def _plan(request) -> TargetPlan | None:
    code = request.GET.get("ke-hoach")
    if code:
        return get_object_or_404(TargetPlan, code=code)
    return selectors_targets.current_plan()


def _chart(results) -> dict:
    percent = [r for r in results if r.target.measure_unit == "percent"]
    return {
        "labels": [r.target.code for r in percent],
        "titles": [r.target.measure for r in percent],
        "actual": [r.value for r in percent],
        "target": [float(r.target.target_value) for r in percent],
        "status": [r.status for r in percent],
        "actualLabel": _("Actual (%)"),
        "targetLabel": _("Target (%)"),
    }


@login_required
def progress(request):
    selectors_access.require_progress_reader(request.user)
    plan = _plan(request)
    results = []
    if plan is not None:
        results = Measurer().results(selectors_targets.targets_of(plan))
    counts = {
        status: sum(1 for r in results if r.status == status)
        for status in ("met", "on_track", "at_risk", "missed", "no_data")
    }
    today = timezone.localdate()
    context = {
        "plan": plan,
        "plan_state": plan.state(today) if plan else "",
        "scope": plan.scope_spec() if plan else None,
        "plans": [(p, p.state(today)) for p in selectors_targets.plans()],
        "results": results,
        "counts": counts,
        "chart": _chart(results),
        "today": timezone.localdate(),
        "is_coordinator": selectors_access.is_coordinator(request.user),
        "can_read_targets": selectors_access.can_read_targets(request.user),
        "completion": selectors_completion.province_completion(),
        "feedback": feedback_selectors.counts(request.user),
        "can_open_feedback": may_use_area(request.user, FEEDBACK),
    }
    return render(request, "programme/progress.html", context)


@login_required
def progress_export(request):
    selectors_access.require_progress_reader(request.user)
    plan = _plan(request)
    if plan is None:
        raise Http404
    header = [
        _("Code"),
        _("Target"),
        _("Target value"),
        _("Deadline"),
        _("Numerator"),
        _("Denominator"),
        _("Actual"),
        _("Status"),
        _("Denominator covers"),
        _("Source"),
        _("Warnings"),
    ]
    rows = []
    for result in Measurer().results(selectors_targets.targets_of(plan), with_trend=False):
        target, actual = result.target, result.actual
        rows.append(
            [
                target.code,
                target.text,
                target_text(result),
                target.deadline.strftime("%d/%m/%Y"),
                actual.numerator if actual else None,
                actual.denominator if actual else None,
                actual_text(result),
                result.status_label,
                result.denominator_label,
                f"{source_text(target.source)} ({target.get_provenance_display()})",
                " ".join(result.warnings),
            ]
        )
    content = workbook_bytes([Sheet(_("Targets"), header=header, rows=rows)])
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{plan.code}.xlsx"'
    return response


def _detail(request, target, *, reported_form=None, status: int = 200):
    result = Measurer().result(target)
    lines = list(result.actual.lines) if result.actual is not None else []
    wanted = request.GET.get("trang-thai", "")
    if wanted == "counted":
        lines = [line for line in lines if line.counted]
    elif wanted == "not_counted":
        lines = [line for line in lines if not line.counted]
    elif wanted == "derived":
        lines = [line for line in lines if line.derived]
    is_coordinator = selectors_access.is_coordinator(request.user)
    if reported_form is None and is_coordinator and target.is_reported:
        reported_form = ReportedActualForm(initial={"as_of": timezone.localdate()})
    context = {
        "result": result,
        "target": target,
        "page": Paginator(lines, 50).get_page(request.GET.get("page")),
        "querystring": querystring_without_page(request),
        "wanted": wanted,
        "reported": ReportedActual.objects.filter(target=target).select_related("uploaded_by", "cycle")
        if target.is_reported
        else [],
        "reported_form": reported_form,
        "is_coordinator": is_coordinator,
        "trend_chart": {
            "labels": [p.label for p in result.trend],
            "actual": [p.value for p in result.trend],
            "target": [float(target.target_value)] * len(result.trend),
            "actualLabel": _("Actual"),
            "targetLabel": _("Target"),
            "unit": target.measure_unit,
        },
    }
    return render(request, "programme/target_detail.html", context, status=status)


@login_required
def target_detail(request, pk: int):
    return _detail(request, selectors_targets.target_for_view(request.user, pk))


def _target_form_page(request, *, target=None):
    plan = target.plan if target else _plan(request)
    if plan is None:
        messages.error(request, _("No programme plan is loaded yet."))
        return redirect("programme:progress")
    initial = (
        TargetForm.initial_from(target)
        if target
        else {
            "basis_structure": "2025",
            "basis_province": "75",
            "basis_level": "commune",
            "provenance": UNCONFIRMED,
            "comparison": ">=",
            "measure_unit": "percent",
        }
    )
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if target is None:
                saved = services_targets.target_create(actor=request.user, plan=plan, data=form.target_data())
            else:
                saved = services_targets.target_update(
                    actor=request.user, target=target, data=form.target_data()
                )
        except ServiceError as exc:
            for problem in exc.detail or [exc.message]:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The target was saved."))
            return redirect("programme:target", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "programme/target_form.html", {"form": form, "plan": plan, "target": target}, status=status
    )


@login_required
def plan_create(request):
    selectors_access.require_coordinator(request.user)
    form = TargetPlanForm(
        request.POST or None,
        initial={"provenance": UNCONFIRMED, "scope_structure": "2025", "scope_province": "75"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services_targets.target_plan_create(actor=request.user, **form.plan_kwargs())
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The plan was added. Add its targets next."))
            return redirect(f"{reverse('programme:target_create')}?ke-hoach={plan.code}")
    status = 400 if request.method == "POST" else 200
    return render(request, "programme/plan_form.html", {"form": form}, status=status)


@login_required
def reporter_rules(request, pk: int):
    """Who reports in each period of a plan: the plan's own text, then the province's instructions the coordinator
    enters here, each with its citation (Plan 202 VI.6 until 30/6/2025)."""
    plan = selectors_targets.plan_for_view(request.user, pk)
    is_coordinator = selectors_access.is_coordinator(request.user)
    form = ReporterRuleForm(
        request.POST or None, initial={"provenance": UNCONFIRMED, "unit_structure": "2025"}
    )
    if request.method == "POST":
        selectors_access.require_coordinator(request.user)
        if form.is_valid():
            try:
                services_targets.reporter_rule_add(actor=request.user, plan=plan, rule=form.rule())
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The reporters for that period were recorded."))
                return redirect("programme:reporter_rules", pk=plan.pk)
    context = {"plan": plan, "rules": plan.rules().reporters, "form": form if is_coordinator else None}
    return render(request, "programme/reporter_rules.html", context, status=400 if form.errors else 200)


@login_required
def target_create(request):
    selectors_access.require_coordinator(request.user)
    return _target_form_page(request)


@login_required
def target_edit(request, pk: int):
    target = selectors_targets.target_for_change(request.user, pk)
    return _target_form_page(request, target=target)


@login_required
@require_POST
def target_toggle(request, pk: int):
    target = selectors_targets.target_for_change(request.user, pk)
    services_targets.target_set_active(actor=request.user, target=target, active=not target.is_active)
    messages.success(
        request, _("The target is active again.") if target.is_active else _("The target was set aside.")
    )
    return redirect("programme:target", pk=pk)


@login_required
@require_POST
def reported_add(request, pk: int):
    target = selectors_targets.target_for_change(request.user, pk)
    form = ReportedActualForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services_targets.reported_actual_add(
                actor=request.user,
                target=target,
                as_of=data["as_of"],
                numerator=data["numerator"],
                denominator=data["denominator"],
                evidence=data["evidence"],
                note=data["note"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The reported figures were recorded."))
            return redirect("programme:target", pk=pk)
    return _detail(request, target, reported_form=form, status=400)


@login_required
def reported_evidence(request, pk: int):
    if not selectors_access.can_read_targets(request.user):
        raise Http404  # the evidence behind a province target: its readers only
    row = get_object_or_404(ReportedActual, pk=pk)
    return serve_file(
        request,
        row.file,
        content_type=row.mime_type,
        download_name=row.original_name,
        attachment=True,
    )
