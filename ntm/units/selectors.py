"""Reads for administrative units. Names, codes, hierarchy, hamlets, lineage and boundaries are public;
attributes by year are read by signed-in users in scope; changes are for province coordinators."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import get_object_or_404

from ntm.core.choices import Role
from ntm.core.scoping import CHANGE, VIEW
from ntm.units.filters import UnitFilter
from ntm.units.models import (
    AdministrativeUnit,
    Hamlet,
    Level,
    Structure,
    UnitBoundary,
    UnitLineage,
    UnitYearAttribute,
)

UNIT_MANAGER_ROLES = (Role.PROVINCE_COORDINATOR,)


def installation_province() -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(
        structure=Structure.REFORM_2025, level=Level.PROVINCE, code=settings.NTM_PROVINCE_CODE
    ).first()


def roots_of(structure: str) -> list[AdministrativeUnit]:
    """The top of the browser's tree: this installation's province, or the legacy provinces that formed it."""
    province = installation_province()
    if province is None:
        return list(AdministrativeUnit.objects.filter(structure=structure, level=Level.PROVINCE))
    if structure == Structure.REFORM_2025:
        return [province]
    return [
        link.old_unit
        for link in province.predecessor_links.select_related("old_unit").order_by("old_unit__code")
    ]


def units_filtered(params) -> tuple:
    unit_filter = UnitFilter(params, queryset=AdministrativeUnit.objects.select_related("parent"))
    return unit_filter.qs.order_by("structure", "code"), unit_filter


def tree_of(root: AdministrativeUnit) -> list[tuple[AdministrativeUnit, list[AdministrativeUnit]]]:
    """(district-level unit, its communes) pairs under a province; for the 2025 structure one pseudo-group."""
    descendants = list(AdministrativeUnit.objects.subtree(root).exclude(pk=root.pk).order_by("code"))
    districts = [u for u in descendants if u.level == Level.DISTRICT]
    if not districts:
        return [(root, [u for u in descendants if u.level == Level.COMMUNE])]
    communes: dict[int, list[AdministrativeUnit]] = {d.pk: [] for d in districts}
    for unit in descendants:
        if unit.level == Level.COMMUNE and unit.parent_id in communes:
            communes[unit.parent_id].append(unit)
    return [(district, communes[district.pk]) for district in districts]


def unit_public(structure: str, code: str) -> AdministrativeUnit:
    return get_object_or_404(
        AdministrativeUnit.objects.select_related("parent", "parent__parent", "boundary"),
        structure=structure,
        code=code,
    )


@dataclass
class Lineage:
    predecessors: list[UnitLineage]
    successors: list[UnitLineage]


def lineage_of(unit: AdministrativeUnit) -> Lineage:
    return Lineage(
        predecessors=list(
            unit.predecessor_links.select_related("old_unit__parent", "old_unit__boundary").order_by(
                "old_unit__code"
            )
        ),
        successors=list(unit.successor_links.select_related("new_unit").order_by("new_unit__code")),
    )


def child_boundaries(unit: AdministrativeUnit):
    return UnitBoundary.objects.filter(unit__parent=unit).select_related("unit")


def hamlets_of(unit: AdministrativeUnit, *, include_inactive: bool = False):
    hamlets = Hamlet.objects.filter(unit=unit)
    return hamlets if include_inactive else hamlets.filter(is_active=True)


def hamlets_within(unit: AdministrativeUnit):
    """Active hamlets of a commune-level unit, or of every commune under a district-level unit."""
    if unit.level == Level.DISTRICT:
        return Hamlet.objects.filter(
            unit__tree_path__startswith=unit.tree_path, unit__level=Level.COMMUNE, is_active=True
        )
    return hamlets_of(unit)


def can_manage_units(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(*UNIT_MANAGER_ROLES))


def managed_units(user):
    """Units whose hamlets, attributes and boundaries ``user`` may change."""
    return AdministrativeUnit.objects.restrict(user, CHANGE, roles=UNIT_MANAGER_ROLES)


def unit_for_change(user, structure: str, code: str) -> AdministrativeUnit:
    return get_object_or_404(managed_units(user), structure=structure, code=code)


def hamlet_for_change(user, hamlet_id: int) -> Hamlet:
    return get_object_or_404(Hamlet.objects.restrict(user, CHANGE, roles=UNIT_MANAGER_ROLES), pk=hamlet_id)


def attributes_visible(user, unit: AdministrativeUnit):
    """The unit's attributes by year, if ``user`` may read them (signed in, unit in scope); else None."""
    if not user.is_authenticated:
        return None
    if not AdministrativeUnit.objects.restrict(user, VIEW).filter(pk=unit.pk).exists():
        return None
    return UnitYearAttribute.objects.filter(unit=unit).order_by("-year")
