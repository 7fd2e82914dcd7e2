"""Writes of annual plans: the plan itself, planned indicators, activities per section IV task and budget lines by
the four sources. Each is one transaction with an audit entry; the actor must be allowed to edit the plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ntm.accounts.models import Organisation
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.criteria.models import CriteriaSetVersion
from ntm.programme.models import (
    ActivityStatus,
    AnnualPlan,
    AnnualPlanState,
    BudgetLine,
    BudgetSource,
    PlanActivity,
    PlannedIndicator,
    PlanTask,
    TargetPlan,
)
from ntm.programme.selectors.access import is_coordinator
from ntm.programme.selectors.plans import can_edit_annual_plan, user_organisations
from ntm.programme.services.registries import require_unit
from ntm.units.models import AdministrativeUnit

PLAN_UNIT_ROLES = (Role.PROVINCE_COORDINATOR, Role.COMMUNE_OFFICER)


def _require_editor(actor, plan: AnnualPlan) -> None:
    if not can_edit_annual_plan(actor, plan):
        raise PermissionDenied(_("You may read this plan but not change it."))


def annual_plan_create(
    *,
    actor,
    programme: TargetPlan,
    year: int,
    unit: AdministrativeUnit | None = None,
    organisation: Organisation | None = None,
    title: str,
    note: str = "",
) -> AnnualPlan:
    """A new annual plan for a unit (commune, ward) or a department."""
    if (unit is None) == (organisation is None):
        raise ServiceError(_("Choose either a unit or a department for the plan."))
    if organisation is not None:
        if not is_coordinator(actor) and organisation.pk not in {o.pk for o in user_organisations(actor)}:
            raise PermissionDenied(_("You may plan only for your own department."))
        unit = organisation.unit
    else:
        require_unit(actor, unit, PLAN_UNIT_ROLES)
    if not 2000 <= year <= 2100:
        raise ServiceError(_("The year is not valid."))
    try:
        with transaction.atomic():
            plan = AnnualPlan.objects.create(
                programme=programme,
                year=year,
                unit=unit,
                organisation=organisation,
                title=title.strip() or _("Annual plan %(year)s") % {"year": year},
                note=note,
                created_by=actor,
            )
            audit_record(
                action="programme.annual_plan_create", instance=plan, after=snapshot(plan), actor=actor
            )
    except IntegrityError:
        owner = organisation.name if organisation is not None else unit.name
        raise ServiceError(
            _("%(owner)s already has a plan for %(year)s; open it instead.") % {"owner": owner, "year": year}
        ) from None
    return plan


def annual_plan_update(*, actor, plan: AnnualPlan, title: str, state: str, note: str) -> AnnualPlan:
    _require_editor(actor, plan)
    if state not in AnnualPlanState.values:
        raise ServiceError(_("Unknown plan state."))
    with transaction.atomic():
        before = snapshot(plan)
        plan.title, plan.state, plan.note = title.strip() or plan.title, state, note
        plan.save()
        audit_record(
            action="programme.annual_plan_update",
            instance=plan,
            before=before,
            after=snapshot(plan),
            actor=actor,
        )
    return plan


def planned_indicator_add(
    *, actor, plan: AnnualPlan, set_code: str, indicator_code: str, note: str = ""
) -> PlannedIndicator:
    _require_editor(actor, plan)
    version = CriteriaSetVersion.objects.filter(code=set_code).order_by("-version").first()
    if version is None:
        raise ServiceError(_("There is no criteria set %(set)s.") % {"set": set_code})
    indicator = version.criteria_set().find_indicator(indicator_code.strip())
    if indicator is None:
        raise ServiceError(
            _("Criteria set %(set)s has no indicator %(code)s.") % {"set": set_code, "code": indicator_code}
        )
    with transaction.atomic():
        row, created = PlannedIndicator.objects.get_or_create(
            plan=plan,
            set_code=set_code,
            indicator_code=indicator.code,
            defaults={"indicator_name": indicator.name[:400], "note": note[:300]},
        )
        if not created:
            raise ServiceError(_("This indicator is already in the plan."))
        audit_record(
            action="programme.planned_indicator_add",
            instance=row,
            after=snapshot(row),
            actor=actor,
            unit=plan.unit,
        )
    return row


def planned_indicator_remove(*, actor, indicator: PlannedIndicator) -> None:
    _require_editor(actor, indicator.plan)
    with transaction.atomic():
        before = snapshot(indicator)
        audit_record(
            action="programme.planned_indicator_remove",
            instance=indicator,
            before=before,
            actor=actor,
            unit=indicator.plan.unit,
        )
        indicator.delete()


def plan_activity_save(
    *,
    actor,
    plan: AnnualPlan,
    activity: PlanActivity | None,
    task: PlanTask,
    description: str,
    responsible: str = "",
    due_on: dt.date | None = None,
    status: str = ActivityStatus.PLANNED,
    result: str = "",
) -> PlanActivity:
    _require_editor(actor, plan)
    if task.plan_id != plan.programme_id:
        raise ServiceError(_("The task belongs to another programme plan."))
    if not description.strip():
        raise ServiceError(_("Describe the activity."))
    if status not in ActivityStatus.values:
        raise ServiceError(_("Unknown activity status."))
    with transaction.atomic():
        row = activity or PlanActivity(plan=plan)
        if row.plan_id != plan.pk:
            raise PermissionDenied
        before = None if activity is None else snapshot(row)
        row.task, row.description, row.responsible = task, description.strip(), responsible
        row.due_on, row.status, row.result = due_on, status, result
        row.save()
        audit_record(
            action="programme.plan_activity_save",
            instance=row,
            before=before,
            after=snapshot(row),
            actor=actor,
            unit=plan.unit,
        )
    return row


def budget_line_save(
    *,
    actor,
    plan: AnnualPlan,
    line: BudgetLine | None,
    source: str,
    description: str,
    planned: Decimal,
    actual: Decimal | None,
) -> BudgetLine:
    _require_editor(actor, plan)
    if source not in BudgetSource.values:
        raise ServiceError(
            _(
                "The source of funds must be one of: local budget, socialised funds, integrated programmes, other lawful sources."
            )
        )
    if planned is None or planned < 0 or (actual is not None and actual < 0):
        raise ServiceError(_("Amounts cannot be negative."))
    if not description.strip():
        raise ServiceError(_("Say what the money is for."))
    with transaction.atomic():
        row = line or BudgetLine(plan=plan)
        if row.plan_id != plan.pk:
            raise PermissionDenied
        before = None if line is None else snapshot(row)
        row.source, row.description, row.planned, row.actual = source, description.strip(), planned, actual
        row.save()
        audit_record(
            action="programme.budget_line_save",
            instance=row,
            before=before,
            after=snapshot(row),
            actor=actor,
            unit=plan.unit,
        )
    return row


def budget_line_remove(*, actor, line: BudgetLine) -> None:
    _require_editor(actor, line.plan)
    with transaction.atomic():
        audit_record(
            action="programme.budget_line_remove",
            instance=line,
            before=snapshot(line),
            actor=actor,
            unit=line.plan.unit,
        )
        line.delete()
