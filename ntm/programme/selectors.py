"""Reads of the programme app and who may do what. Every read goes through ``restrict(user, action, roles=...)``;
an out-of-scope id falls through to a 404.

Who does what:

- targets and the progress page: the province coordinator (edits targets, enters reported figures), department
  officers and auditors (read);
- registries (cooperatives, linkage models, online services, managers, pilots): commune officers keep their own
  unit's rows, the coordinator keeps every row; department officers and auditors read; training courses and pilots
  are kept by the coordinator;
- annual plans: a commune officer keeps their unit's plan, a department officer their department's plan, the
  coordinator any plan; auditors read;
- report cycles: the coordinator runs them; commune and department officers fill their own report.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ntm.accounts.models import Organisation
from ntm.core.choices import Role
from ntm.core.scoping import CHANGE, VIEW
from ntm.programme import filters
from ntm.programme.models import (
    AnnualPlan,
    Attendance,
    LinkageModel,
    Manager,
    OnlineService,
    PilotEvidence,
    PilotModel,
    Target,
    TargetPlan,
    TrainingCourse,
)
from ntm.units.models import AdministrativeUnit, Level

COORDINATOR_ROLES = (Role.PROVINCE_COORDINATOR,)
OVERVIEW_ROLES = (Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.AUDITOR)
READER_ROLES = (Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.AUDITOR, Role.COMMUNE_OFFICER)
REGISTRY_EDITOR_ROLES = (Role.PROVINCE_COORDINATOR, Role.COMMUNE_OFFICER)
PLAN_EDITOR_ROLES = (Role.PROVINCE_COORDINATOR, Role.COMMUNE_OFFICER, Role.DEPARTMENT_OFFICER)
REPORTER_ROLES = (Role.COMMUNE_OFFICER, Role.DEPARTMENT_OFFICER)


def has_any_role(user, roles) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.has_role(*roles)))


def is_coordinator(user) -> bool:
    return has_any_role(user, COORDINATOR_ROLES)


def can_see_progress(user) -> bool:
    return has_any_role(user, OVERVIEW_ROLES)


def can_read_registries(user) -> bool:
    return has_any_role(user, READER_ROLES)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_progress_reader(user) -> None:
    require(
        can_see_progress(user),
        _(
            "Only the provincial NTM Coordination Office, departments and auditors follow the programme targets."
        ),
    )


def require_coordinator(user) -> None:
    require(is_coordinator(user), _("Only the provincial NTM Coordination Office may do this."))


def require_registry_reader(user) -> None:
    require(can_read_registries(user), _("Your role does not give access to the programme registries."))


# --- Targets --------------------------------------------------------------------------------------------------


def current_plan() -> TargetPlan | None:
    """The plan whose period is the latest (the one the pages and new cycles use)."""
    return TargetPlan.objects.order_by("-year_to", "-year_from", "code").first()


def plans() -> list[TargetPlan]:
    return list(TargetPlan.objects.order_by("-year_to", "code"))


def targets_of(plan: TargetPlan, *, include_inactive: bool = False):
    targets = plan.targets.all() if include_inactive else plan.targets.active()
    return targets.order_by("position", "code")


def target_for_view(user, target_id: int) -> Target:
    require_progress_reader(user)
    return get_object_or_404(Target.objects.select_related("plan"), pk=target_id)


def target_for_change(user, target_id: int) -> Target:
    require_coordinator(user)
    return get_object_or_404(Target.objects.select_related("plan"), pk=target_id)


# --- Registries -----------------------------------------------------------------------------------------------


def editable_units(user, *, roles=REGISTRY_EDITOR_ROLES):
    """Units the user may keep rows for: their commune (commune officers); for the coordinator, every unit of the
    province, including the units of the former provinces it took over (pilots of Plan 202 name old communes)."""
    units = AdministrativeUnit.objects.restrict(user, CHANGE, roles=roles)
    if Role.PROVINCE_COORDINATOR in roles and is_coordinator(user):
        units = units | AdministrativeUnit.objects.restrict(user, VIEW, roles=COORDINATOR_ROLES)
    return units.order_by("structure", "name")


def registry_rows(user, model, params=None):
    """Rows of a registry model the user may read, filtered by the registry's FilterSet."""
    require_registry_reader(user)
    rows = model.objects.restrict(user, VIEW, roles=READER_ROLES).select_related("unit")
    if model is LinkageModel:
        rows = rows.select_related("cooperative")
    if model is OnlineService:
        rows = rows.select_related("feedback_campaign")
    if model is Manager:
        rows = rows.select_related("organisation").annotate(
            completed_courses=Count("attendances", filter=Q(attendances__completed=True))
        )
    if model is TrainingCourse:
        rows = rows.annotate(
            attendee_count=Count("attendances"),
            completed_count=Count("attendances", filter=Q(attendances__completed=True)),
        )
    filterset = filters.FILTERS[model](params or {}, queryset=rows.order_by(*model._meta.ordering, "pk"))
    return filterset.qs, filterset


def registry_row_for_view(user, model, pk: int):
    require_registry_reader(user)
    return get_object_or_404(
        model.objects.restrict(user, VIEW, roles=READER_ROLES).select_related("unit"), pk=pk
    )


def registry_row_for_change(user, model, pk: int, *, roles=REGISTRY_EDITOR_ROLES):
    """A row the user may change: 404 outside the scope, 403 for a role that never changes this registry."""
    require(has_any_role(user, roles), _("Your role may not change this registry."))
    rows = model.objects.filter(unit__in=editable_units(user, roles=roles).values("pk")).select_related(
        "unit"
    )
    return get_object_or_404(rows, pk=pk)


def course_attendances(course: TrainingCourse):
    return (
        Attendance.objects.filter(course=course)
        .select_related("manager__unit")
        .order_by("manager__full_name")
    )


def managers_for_attendance(user):
    """Active managers in the user's scope (for adding attendance)."""
    return (
        Manager.objects.restrict(user, VIEW, roles=READER_ROLES)
        .filter(is_active=True)
        .select_related("unit")
        .order_by("unit__name", "full_name")
    )


def pilot_detail(user, pk: int) -> PilotModel:
    require_registry_reader(user)
    return get_object_or_404(
        PilotModel.objects.restrict(user, VIEW, roles=READER_ROLES)
        .select_related("unit")
        .prefetch_related(
            "milestones",
            Prefetch(
                "evidence",
                queryset=PilotEvidence.objects.filter(is_active=True).select_related("uploaded_by"),
            ),
        ),
        pk=pk,
    )


def pilot_evidence_for_view(user, evidence_id: int) -> PilotEvidence:
    require_registry_reader(user)
    return get_object_or_404(
        PilotEvidence.objects.restrict(user, VIEW, roles=READER_ROLES).filter(is_active=True), pk=evidence_id
    )


# --- Annual plans ---------------------------------------------------------------------------------------------


def user_organisations(user) -> list[Organisation]:
    return [
        a.organisation for a in user.active_roles() if a.role == Role.DEPARTMENT_OFFICER and a.organisation_id
    ]


def annual_plans_for(user, params=None):
    require_registry_reader(user)
    plans_qs = (
        AnnualPlan.objects.restrict(user, VIEW, roles=READER_ROLES)
        .select_related("unit", "organisation", "programme")
        .annotate(activity_count=Count("activities", distinct=True))
        .order_by("-year", "unit__name", "pk")
    )
    filterset = filters.AnnualPlanFilter(params or {}, queryset=plans_qs)
    return filterset.qs, filterset


def annual_plan_for_view(user, pk: int) -> AnnualPlan:
    require_registry_reader(user)
    return get_object_or_404(
        AnnualPlan.objects.restrict(user, VIEW, roles=READER_ROLES).select_related(
            "unit", "organisation", "programme"
        ),
        pk=pk,
    )


def can_edit_annual_plan(user, plan: AnnualPlan) -> bool:
    """Coordinators edit any plan; commune officers their unit's plan; department officers their department's."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_role(Role.PROVINCE_COORDINATOR):
        return True
    if plan.organisation_id:
        return plan.organisation_id in {org.pk for org in user_organisations(user)}
    return (
        AnnualPlan.objects.restrict(user, CHANGE, roles=(Role.COMMUNE_OFFICER,)).filter(pk=plan.pk).exists()
    )


def annual_plan_for_change(user, pk: int) -> AnnualPlan:
    plan = annual_plan_for_view(user, pk)
    require(can_edit_annual_plan(user, plan), _("You may read this plan but not change it."))
    return plan


def plan_owners(user) -> list[tuple[str, str]]:
    """Choices for a new annual plan: ("unit:<id>", name) and ("org:<id>", name) the user may plan for."""
    choices: list[tuple[str, str]] = []
    if is_coordinator(user):
        province_units = AdministrativeUnit.objects.restrict(user, CHANGE, roles=COORDINATOR_ROLES).filter(
            level=Level.COMMUNE, structure="2025"
        )
        choices += [(f"unit:{u.pk}", u.name) for u in province_units.order_by("name")]
        choices += [
            (f"org:{o.pk}", o.name) for o in Organisation.objects.filter(is_active=True).order_by("name")
        ]
        return choices
    communes = AdministrativeUnit.objects.restrict(user, CHANGE, roles=(Role.COMMUNE_OFFICER,)).filter(
        level=Level.COMMUNE
    )
    choices += [(f"unit:{u.pk}", u.name) for u in communes.order_by("name")]
    choices += [(f"org:{o.pk}", o.name) for o in user_organisations(user)]
    return choices
