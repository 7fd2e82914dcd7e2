"""Annual plan pages: the list (with a form to start a plan), a plan with its indicators, activities per task and
budget lines by source (planned and spent), and the small forms that change them."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.accounts.models import Organisation
from ntm.core.exceptions import ServiceError
from ntm.core.paging import is_htmx_partial, paginate, querystring_without_page
from ntm.programme.forms import (
    ActivityForm,
    AnnualPlanCreateForm,
    AnnualPlanForm,
    BudgetLineForm,
    PlannedIndicatorForm,
)
from ntm.programme.models import BudgetLine, BudgetSource, PlanActivity, PlannedIndicator
from ntm.programme.selectors import access as selectors_access
from ntm.programme.selectors import plans as selectors_plans
from ntm.programme.selectors import targets as selectors_targets
from ntm.programme.services import plans as services_plans
from ntm.units.models import AdministrativeUnit


@login_required
def plan_list(request, form: AnnualPlanCreateForm | None = None, status: int = 200):
    plans, filterset = selectors_plans.annual_plans_for(request.user, request.GET)
    owners = selectors_plans.plan_owners(request.user)
    if form is None and owners:
        form = AnnualPlanCreateForm(owners=owners, initial={"year": timezone.localdate().year})
    context = {
        "page": paginate(request, plans),
        "filter": filterset,
        "querystring": querystring_without_page(request),
        "form": form,
    }
    template = "programme/_plan_table.html" if is_htmx_partial(request) else "programme/plan_list.html"
    return render(request, template, context, status=status)


@login_required
@require_POST
def plan_create(request):
    selectors_access.require_registry_reader(request.user)
    owners = selectors_plans.plan_owners(request.user)
    if not owners:
        raise PermissionDenied(_("Your role may not make annual plans."))
    form = AnnualPlanCreateForm(request.POST, owners=owners)
    programme = selectors_targets.current_plan()
    if form.is_valid() and programme is not None:
        kind, _sep, owner_id = form.cleaned_data["owner"].partition(":")
        unit = organisation = None
        if kind == "org":
            organisation = get_object_or_404(Organisation, pk=owner_id)
        else:
            unit = get_object_or_404(AdministrativeUnit, pk=owner_id)
        try:
            plan = services_plans.annual_plan_create(
                actor=request.user,
                programme=programme,
                year=form.cleaned_data["year"],
                unit=unit,
                organisation=organisation,
                title=form.cleaned_data["title"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The plan was created. Add its indicators, activities and budget."))
            return redirect("programme:plan", pk=plan.pk)
    elif programme is None:
        form.add_error(None, _("No programme plan is loaded yet."))
    return plan_list(request, form=form, status=400)


def _budget_summary(lines) -> list[dict]:
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: {"planned": Decimal(0), "actual": Decimal(0)})
    for line in lines:
        totals[line.source]["planned"] += line.planned
        totals[line.source]["actual"] += line.actual or Decimal(0)
    rows = [{"label": label, **totals[source]} for source, label in BudgetSource.choices]
    rows.append(
        {
            "label": _("Total"),
            "planned": sum((r["planned"] for r in rows), Decimal(0)),
            "actual": sum((r["actual"] for r in rows), Decimal(0)),
            "total": True,
        }
    )
    return rows


@login_required
def plan_detail(request, pk: int, forms: dict | None = None, status: int = 200):
    plan = selectors_plans.annual_plan_for_view(request.user, pk)
    can_edit = selectors_plans.can_edit_annual_plan(request.user, plan)
    tasks = plan.programme.tasks.order_by("position")
    activities = list(plan.activities.select_related("task"))
    lines = list(plan.budget_lines.all())
    by_task = [(task, [a for a in activities if a.task_id == task.pk]) for task in tasks]
    forms = forms or {}
    if can_edit:
        forms.setdefault(
            "plan_form", AnnualPlanForm(initial={"title": plan.title, "state": plan.state, "note": plan.note})
        )
        forms.setdefault("indicator_form", PlannedIndicatorForm(initial={"set_code": "xa-ntm-2021-2025"}))
        forms.setdefault("activity_form", ActivityForm(tasks=tasks))
        forms.setdefault("budget_form", BudgetLineForm())
    context = {
        "plan": plan,
        "can_edit": can_edit,
        "indicators": plan.indicators.all(),
        "by_task": by_task,
        "lines": lines,
        "budget": _budget_summary(lines),
        **forms,
    }
    return render(request, "programme/plan_detail.html", context, status=status)


@login_required
@require_POST
def plan_update(request, pk: int):
    plan = selectors_plans.annual_plan_for_change(request.user, pk)
    form = AnnualPlanForm(request.POST)
    if form.is_valid():
        services_plans.annual_plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("programme:plan", pk=pk)
    return plan_detail(request, pk, forms={"plan_form": form}, status=400)


@login_required
@require_POST
def plan_indicator_add(request, pk: int):
    plan = selectors_plans.annual_plan_for_change(request.user, pk)
    form = PlannedIndicatorForm(request.POST)
    if form.is_valid():
        try:
            services_plans.planned_indicator_add(actor=request.user, plan=plan, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The indicator was added to the plan."))
            return redirect("programme:plan", pk=pk)
    return plan_detail(request, pk, forms={"indicator_form": form}, status=400)


@login_required
@require_POST
def plan_indicator_remove(request, pk: int, indicator_id: int):
    plan = selectors_plans.annual_plan_for_change(request.user, pk)
    indicator = get_object_or_404(PlannedIndicator, pk=indicator_id, plan=plan)
    services_plans.planned_indicator_remove(actor=request.user, indicator=indicator)
    messages.success(request, _("The indicator was removed from the plan."))
    return redirect("programme:plan", pk=pk)


@login_required
def plan_activity(request, pk: int, activity_id: int | None = None):
    """Add an activity (POST to the plan) or edit one (GET shows its form)."""
    plan = selectors_plans.annual_plan_for_change(request.user, pk)
    activity = get_object_or_404(PlanActivity, pk=activity_id, plan=plan) if activity_id else None
    tasks = plan.programme.tasks.order_by("position")
    if request.method != "POST":
        if activity is None:
            return redirect("programme:plan", pk=pk)
        initial = {
            "task": activity.task_id,
            "description": activity.description,
            "responsible": activity.responsible,
            "due_on": activity.due_on,
            "status": activity.status,
            "result": activity.result,
        }
        form = ActivityForm(initial=initial, tasks=tasks)
        return render(
            request, "programme/plan_item_form.html", {"plan": plan, "form": form, "kind": "activity"}
        )
    form = ActivityForm(request.POST, tasks=tasks)
    if form.is_valid():
        try:
            services_plans.plan_activity_save(
                actor=request.user, plan=plan, activity=activity, **form.cleaned_data
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("programme:plan", pk=pk)
    if activity is not None:
        return render(
            request,
            "programme/plan_item_form.html",
            {"plan": plan, "form": form, "kind": "activity"},
            status=400,
        )
    return plan_detail(request, pk, forms={"activity_form": form}, status=400)


@login_required
def plan_budget(request, pk: int, line_id: int | None = None):
    """Add a budget line (POST to the plan) or edit one, e.g. to enter the amount spent."""
    plan = selectors_plans.annual_plan_for_change(request.user, pk)
    line = get_object_or_404(BudgetLine, pk=line_id, plan=plan) if line_id else None
    if request.method != "POST":
        if line is None:
            return redirect("programme:plan", pk=pk)
        initial = {
            "source": line.source,
            "description": line.description,
            "planned": line.planned,
            "actual": line.actual,
        }
        return render(
            request,
            "programme/plan_item_form.html",
            {"plan": plan, "form": BudgetLineForm(initial=initial), "kind": "budget"},
        )
    form = BudgetLineForm(request.POST)
    if form.is_valid():
        try:
            services_plans.budget_line_save(actor=request.user, plan=plan, line=line, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The budget line was saved."))
            return redirect("programme:plan", pk=pk)
    if line is not None:
        return render(
            request,
            "programme/plan_item_form.html",
            {"plan": plan, "form": form, "kind": "budget"},
            status=400,
        )
    return plan_detail(request, pk, forms={"budget_form": form}, status=400)


@login_required
@require_POST
def plan_budget_remove(request, pk: int, line_id: int):
    plan = selectors_plans.annual_plan_for_change(request.user, pk)
    line = get_object_or_404(BudgetLine, pk=line_id, plan=plan)
    services_plans.budget_line_remove(actor=request.user, line=line)
    messages.success(request, _("The budget line was removed."))
    return redirect("programme:plan", pk=pk)
