"""Reads of the annual plans (a commune's or a department's) and who may change one."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ntm.accounts.models import Organisation, OrganisationKind
from ntm.core.choices import Role
from ntm.core.permissions import PROGRAMME
from ntm.core.scoping import CHANGE, VIEW
from ntm.programme import filters
from ntm.programme.models import AnnualPlan
from ntm.programme.selectors.access import (
    COORDINATOR_ROLES,
    is_coordinator,
    require,
    require_registry_reader,
)
from ntm.units.models import AdministrativeUnit, Level


def user_organisations(user) -> list[Organisation]:
    return [
        a.organisation for a in user.active_roles() if a.role == Role.DEPARTMENT_OFFICER and a.organisation_id
    ]


def annual_plans_for(user, params=None):
    require_registry_reader(user)
    plans_qs = (
        AnnualPlan.objects.restrict(user, VIEW, area=PROGRAMME)
        .select_related("unit", "organisation", "programme")
        .annotate(activity_count=Count("activities", distinct=True))
        .order_by("-year", "unit__name", "pk")
    )
    filterset = filters.AnnualPlanFilter(params or {}, queryset=plans_qs)
    return filterset.qs, filterset


def annual_plan_for_view(user, pk: int) -> AnnualPlan:
    require_registry_reader(user)
    return get_object_or_404(
        AnnualPlan.objects.restrict(user, VIEW, area=PROGRAMME).select_related(
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
        AnnualPlan.objects.restrict(user, CHANGE, roles=(Role.COMMUNE_OFFICER,), area=PROGRAMME)
        .filter(pk=plan.pk)
        .exists()
    )


def annual_plan_for_change(user, pk: int) -> AnnualPlan:
    plan = annual_plan_for_view(user, pk)
    require(can_edit_annual_plan(user, plan), _("You may read this plan but not change it."))
    return plan


def plan_owners(user) -> list[tuple[str, str]]:
    """Choices for a new annual plan: ("unit:<id>", name) and ("org:<id>", name) the user may plan for."""
    choices: list[tuple[str, str]] = []
    if is_coordinator(user):
        province_units = AdministrativeUnit.objects.restrict(
            user, CHANGE, roles=COORDINATOR_ROLES, area=PROGRAMME
        ).filter(level=Level.COMMUNE, structure="2025")
        choices += [(f"unit:{u.pk}", u.name) for u in province_units.order_by("name")]
        choices += [
            (f"org:{o.pk}", o.name)
            for o in Organisation.objects.filter(is_active=True, kind=OrganisationKind.DEPARTMENT).order_by(
                "name"
            )
        ]
        return choices
    communes = AdministrativeUnit.objects.restrict(
        user, CHANGE, roles=(Role.COMMUNE_OFFICER,), area=PROGRAMME
    ).filter(level=Level.COMMUNE)
    choices += [(f"unit:{u.pk}", u.name) for u in communes.order_by("name")]
    choices += [(f"org:{o.pk}", o.name) for o in user_organisations(user)]
    return choices
