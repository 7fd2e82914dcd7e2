"""Reads for indicator values and their evaluation, scoped by unit. Evaluations are recomputed on every read.

The engine runs on: the stored (entered) values, the values of registered providers (computed indicators), the
unit's attributes for the year (region, ĐBKK flag, commune group) and its official level from the register.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404

from ntm.assessment import providers
from ntm.assessment.models import Evidence, IndicatorSource, IndicatorValue
from ntm.core.choices import Role
from ntm.core.scoping import CHANGE, VIEW
from ntm.core.vocabulary import COMMUNE_SET_UNIT_TYPES, NONE
from ntm.criteria.engine import Evaluation, UnitContext, evaluate
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.selectors import references_for
from ntm.criteria.setfile import CriteriaSet
from ntm.status.selectors import official_status_of
from ntm.units.models import AdministrativeUnit, Level, UnitYearAttribute

ENTRY_ROLES = (Role.COMMUNE_OFFICER, Role.PROVINCE_COORDINATOR)
OVERVIEW_ROLES = (Role.PROVINCE_COORDINATOR, Role.AUDITOR, Role.DEPARTMENT_OFFICER, Role.COUNCIL_MEMBER)


def default_set_code(year: int) -> str:
    return "xa-ntm-2021-2025" if year <= 2025 else "xa-ntm-2026-2030"


def set_version(set_code: str, version: int | None = None) -> CriteriaSetVersion:
    versions = CriteriaSetVersion.objects.filter(code=set_code)
    if version is not None:
        return get_object_or_404(versions, version=version)
    found = versions.order_by("-version").first()
    if found is None:
        raise CriteriaSetVersion.DoesNotExist(set_code)
    return found


def assessable_units(user, action: str = VIEW, *, roles: Sequence[str] | None = None):
    """Rural communes (xã) of the 2025 structure in the user's scope (commune NTM sets assess xã only)."""
    return (
        AdministrativeUnit.objects.restrict(user, action, roles=roles)
        .filter(level=Level.COMMUNE, unit_type__in=COMMUNE_SET_UNIT_TYPES, structure="2025")
        .order_by("name")
    )


def unit_for_view(user, structure: str, code: str) -> AdministrativeUnit:
    return get_object_or_404(AdministrativeUnit.objects.restrict(user, VIEW), structure=structure, code=code)


def can_enter(user, unit: AdministrativeUnit) -> bool:
    return AdministrativeUnit.objects.restrict(user, CHANGE, roles=ENTRY_ROLES).filter(pk=unit.pk).exists()


def user_departments(user) -> set[str]:
    """Department codes (Organisation.short_name) whose indicators ``user`` verifies; all for coordinators."""
    codes = {
        a.organisation.short_name
        for a in user.active_roles()
        if a.role == Role.DEPARTMENT_OFFICER and a.organisation_id
    }
    return codes


def can_verify(user, value: IndicatorValue) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_role(Role.PROVINCE_COORDINATOR):
        return True
    return bool(value.department) and value.department in user_departments(user)


def evidence_for_view(user, evidence_id: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.filter(value__in=IndicatorValue.objects.restrict(user)), pk=evidence_id
    )


def value_for_view(user, value_id: int) -> IndicatorValue:
    return get_object_or_404(IndicatorValue.objects.restrict(user).select_related("unit"), pk=value_id)


@dataclass
class UnitAssessment:
    unit: AdministrativeUnit
    year: int
    version: CriteriaSetVersion
    criteria_set: CriteriaSet
    evaluation: Evaluation
    stored: dict[str, IndicatorValue]
    computed: dict[str, object]
    attributes: UnitYearAttribute | None
    official_level: str
    computed_sources: dict[str, str] = field(default_factory=dict)


def _contexts(units: Sequence[AdministrativeUnit], year: int):
    attributes = {a.unit_id: a for a in UnitYearAttribute.objects.filter(unit__in=units, year=year)}
    statuses = official_status_of(units)
    return attributes, statuses


def unit_context(attributes: UnitYearAttribute | None, official_level: str | None) -> UnitContext:
    """The engine's view of a unit in a year: its recorded attributes and its official level ("none" = no level)."""
    official = official_level if official_level and official_level != NONE else None
    if attributes is None:
        return UnitContext(official_level=official)
    return UnitContext(
        region=attributes.region or None,
        commune_group=attributes.commune_group,
        disadvantaged=attributes.disadvantaged,
        official_level=official,
    )


def assess_units(
    units: Iterable[AdministrativeUnit], year: int, version: CriteriaSetVersion
) -> list[UnitAssessment]:
    """Evaluate every unit against ``version`` for ``year``: four queries whatever the number of units."""
    units = list(units)
    criteria_set = version.criteria_set()
    references = references_for(criteria_set)
    attributes, statuses = _contexts(units, year)
    stored: dict[int, dict[str, IndicatorValue]] = defaultdict(dict)
    for value in IndicatorValue.objects.filter(unit__in=units, set_code=version.code, year=year):
        stored[value.unit_id][value.indicator_code] = value
    sources = dict(
        IndicatorSource.objects.filter(set_code=version.code).values_list("indicator_code", "provider")
    )
    results = []
    for unit in units:
        computed = {}
        for code, provider in sources.items():
            computed_value = providers.compute(provider, unit, year)
            if computed_value is not None:
                computed[code] = computed_value
        values = {code: value.value for code, value in stored[unit.pk].items() if code not in sources}
        values.update(computed)
        level = statuses[unit.pk].level
        evaluation = evaluate(
            criteria_set, unit_context(attributes.get(unit.pk), level), year, values, references=references
        )
        results.append(
            UnitAssessment(
                unit,
                year,
                version,
                criteria_set,
                evaluation,
                stored[unit.pk],
                computed,
                attributes.get(unit.pk),
                level,
                sources,
            )
        )
    return results


def years_with_values(unit: AdministrativeUnit, set_code: str) -> list[int]:
    return sorted(
        set(IndicatorValue.objects.filter(unit=unit, set_code=set_code).values_list("year", flat=True)),
        reverse=True,
    )
