"""Reads for indicator values and their evaluation, scoped by unit. Evaluations are recomputed on every read.

The engine's inputs (entered and computed values, the unit's attributes for the year, its official level) come
from ``ntm.assessment.selectors.inputs.engine_inputs`` only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ntm.assessment.models import ComputedValue, Evidence, IndicatorValue
from ntm.assessment.selectors.inputs import EngineInputs, UnitAttributes, UnitFacts, engine_inputs
from ntm.core.choices import Role
from ntm.core.permissions import ASSESSMENT
from ntm.core.scoping import CHANGE, VIEW
from ntm.core.vocabulary import COMMUNE_SET_UNIT_TYPES
from ntm.criteria.engine import Evaluation
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.setfile import CriteriaSet
from ntm.units.models import AdministrativeUnit, Level

ENTRY_ROLES = (Role.COMMUNE_OFFICER, Role.PROVINCE_COORDINATOR)
OVERVIEW_ROLES = (Role.PROVINCE_COORDINATOR, Role.AUDITOR, Role.DEPARTMENT_OFFICER, Role.COUNCIL_MEMBER)


def default_set_code(year: int) -> str:
    return "xa-ntm-2021-2025" if year <= 2025 else "xa-ntm-2026-2030"


def latest_year_with_data(fallback: int | None = None) -> int:
    """The year pages open on by default: the latest year (up to this one) with any indicator value entered, else
    ``fallback`` (else this year). The current year's set may have no value and no threshold yet; opening on it
    shows an empty page."""
    this_year = timezone.localdate().year
    # the latest year of each loaded set, read backwards on the (set_code, year, unit) index: a MAX(year) over every
    # value scanned the whole table on every map and dashboard request
    latest_of_set = IndicatorValue.objects.filter(set_code=OuterRef("code"), year__lte=this_year).order_by(
        "-year"
    )
    per_set = (
        CriteriaSetVersion.objects.order_by()
        .values("code")
        .distinct()
        .annotate(latest=Subquery(latest_of_set.values("year")[:1]))
        .values_list("latest", flat=True)
    )
    latest = max((year for year in per_set if year is not None), default=None)
    return latest or fallback or this_year


def year_choices(*, low: int = 2021) -> list[int]:
    """Years a picker offers, newest first: up to this year (the current year and the set in force included)."""
    return list(range(max(timezone.localdate().year, 2025), low - 1, -1))


def set_version(set_code: str, version: int | None = None) -> CriteriaSetVersion:
    versions = CriteriaSetVersion.objects.filter(code=set_code)
    if version is not None:
        return get_object_or_404(versions, version=version)
    found = versions.order_by("-version").first()
    if found is None:
        raise CriteriaSetVersion.DoesNotExist(set_code)
    return found


def assessable_units(user, action: str = VIEW, *, roles: Sequence[str] | None = None):
    """Rural communes (xã) of the 2025 structure in the user's scope (commune NTM sets assess xã only), counting
    the roles the assessment area admits (``ntm.core.permissions.AREA_ROLES``)."""
    return (
        AdministrativeUnit.objects.restrict(user, action, roles=roles, area=ASSESSMENT)
        .filter(level=Level.COMMUNE, unit_type__in=COMMUNE_SET_UNIT_TYPES, structure="2025")
        .order_by("name")
    )


def unit_for_view(user, structure: str, code: str) -> AdministrativeUnit:
    """A unit whose assessment ``user`` may read (404 out of scope or for a role the area does not admit)."""
    return get_object_or_404(
        AdministrativeUnit.objects.restrict(user, VIEW, area=ASSESSMENT), structure=structure, code=code
    )


def can_enter(user, unit: AdministrativeUnit) -> bool:
    return (
        AdministrativeUnit.objects.restrict(user, CHANGE, roles=ENTRY_ROLES, area=ASSESSMENT)
        .filter(pk=unit.pk)
        .exists()
    )


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
        Evidence.objects.filter(value__in=IndicatorValue.objects.restrict(user, area=ASSESSMENT)),
        pk=evidence_id,
    )


def value_for_view(user, value_id: int) -> IndicatorValue:
    return get_object_or_404(
        IndicatorValue.objects.restrict(user, area=ASSESSMENT).select_related("unit"), pk=value_id
    )


@dataclass
class UnitAssessment:
    unit: AdministrativeUnit
    year: int
    version: CriteriaSetVersion
    criteria_set: CriteriaSet
    evaluation: Evaluation
    stored: dict[str, IndicatorValue]
    computed: dict[str, object]
    attributes: UnitAttributes | None
    official_level: str
    computed_sources: dict[str, str] = field(default_factory=dict)  # indicator code → computed-value source
    fingerprint: str = ""  # of the inputs evaluated (EngineInputs.fingerprint: the evaluation cache's key)


def assess(inputs: EngineInputs, year: int) -> list[UnitAssessment]:
    """Evaluate every unit of ``inputs`` for ``year`` with the engine, in one pass over the set's compiled plan
    (``ntm.criteria.plan``: each evaluation equals ``engine.evaluate``; no query)."""
    of_year = [
        unit_inputs for (_unit_id, unit_year), unit_inputs in inputs.units.items() if unit_year == year
    ]
    evaluations = inputs.plan.evaluate_many(
        ((unit_inputs.context(), unit_inputs.values()) for unit_inputs in of_year), year
    )
    return [
        UnitAssessment(
            unit_inputs.unit,
            year,
            inputs.version,
            inputs.criteria_set,
            evaluation,
            unit_inputs.stored,
            unit_inputs.computed,
            unit_inputs.attributes,
            unit_inputs.official_level,
            inputs.sources,
            inputs.fingerprint(unit_inputs.unit.pk, year),
        )
        for unit_inputs, evaluation in zip(of_year, evaluations, strict=True)
    ]


def assess_units(
    units: Iterable[AdministrativeUnit],
    year: int,
    version: CriteriaSetVersion,
    *,
    facts: UnitFacts | None = None,
) -> list[UnitAssessment]:
    """Evaluate every unit against ``version`` for ``year``: a fixed number of queries whatever the number of
    units (``ntm.assessment.selectors.inputs.engine_inputs``)."""
    return assess(engine_inputs(units, [year], version, facts=facts), year)


def computed_value(unit: AdministrativeUnit, year: int, source: str) -> ComputedValue | None:
    """The figure ``source`` computed for ``unit`` in ``year`` (with its detail and reference), or None."""
    return ComputedValue.objects.filter(unit=unit, year=year, source=source).first()


def years_with_values(unit: AdministrativeUnit, set_code: str) -> list[int]:
    return sorted(
        set(IndicatorValue.objects.filter(unit=unit, set_code=set_code).values_list("year", flat=True)),
        reverse=True,
    )
