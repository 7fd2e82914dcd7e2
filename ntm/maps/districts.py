"""District-level units before 1/7/2025: their register status and the QĐ 320/QĐ-TTg conditions over their communes.

There is no district dossier workflow (districts no longer exist): a district's recognition ("huyện đạt chuẩn NTM /
NTM nâng cao", a town's or city's "hoàn thành nhiệm vụ xây dựng NTM") is a register entry, imported with the
province's past decisions. What this module adds is the conditions the district sets state over the district's
communes, evaluated by the criteria engine from data the system already holds:

- the share of its rural communes NTM / advanced / model, from the register (official status on the date);
- the satisfaction conditions, from closed recognition surveys of its communes (and of the district, if any);
- townships "đô thị văn minh": not held anywhere, so missing unless the district has no township (not applicable).

Only the sets' conditions are shown; the nine district criteria have no values in the system. Nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from ntm.core.vocabulary import (
    ADVANCED,
    DISTRICT_SET_UNIT_TYPES,
    MODEL,
    NTM,
    TASK_COMPLETION_UNIT_TYPES,
    is_rural_commune,
)
from ntm.criteria.engine import CriterionResult, UnitContext, evaluate
from ntm.criteria.inputs import CommuneInput, DistrictInputs, format_number
from ntm.criteria.models import CriteriaSetVersion, SetSubject
from ntm.criteria.selectors import references_for
from ntm.criteria.setfile import CriteriaSet
from ntm.status.selectors import OfficialStatus, level_label, official_status_of
from ntm.surveys.models import Campaign, CampaignStatus, Purpose
from ntm.surveys.selectors import satisfaction_results
from ntm.units.models import AdministrativeUnit, Level, Structure

LAST_LEGACY_DAY = dt.date(2025, 6, 30)
"""District-level units existed until 30/6/2025 (two-tier government from 1/7/2025)."""
TOWNSHIP_TYPE = "thi_tran"


@dataclass(frozen=True)
class ConditionLine:
    """One condition indicator as the pages show it."""

    code: str
    name: str
    value: str
    reason: str
    requirement: str
    status: str
    label: str
    provisional: bool


@dataclass(frozen=True)
class SetCheck:
    """One district set's conditions evaluated for one district."""

    code: str
    version: int
    name: str
    legal_source: str
    grants_level: str
    conditions: tuple[CriterionResult, ...]

    @property
    def met(self) -> int:
        return sum(1 for condition in self.conditions if condition.met)

    @property
    def total(self) -> int:
        return len(self.conditions)

    @property
    def provisional(self) -> bool:
        return any(condition.provisional for condition in self.conditions)

    @property
    def lines(self) -> list[ConditionLine]:
        lines = []
        for condition in self.conditions:
            for result in condition.indicators:
                measure = "%" if result.threshold is None or result.threshold.op not in ("is", "in") else ""
                lines.append(
                    ConditionLine(
                        code=result.code,
                        name=result.name,
                        value=format_number(result.value) + (measure if result.value is not None else "")
                        if not isinstance(result.value, str)
                        else result.value,
                        reason=result.reason,
                        requirement=result.threshold.describe("%") if result.threshold else "",
                        status=result.status,
                        label=result.label,
                        provisional=result.provisional,
                    )
                )
        return lines


@dataclass
class DistrictRow:
    """A district-level unit of the legacy structure with its register status and the conditions over its communes."""

    unit: AdministrativeUnit
    status: OfficialStatus
    label: str
    on: dt.date
    year: int
    communes: int = 0
    by_level: Counter = field(default_factory=Counter)
    surveyed: int = 0
    checks: list[SetCheck] = field(default_factory=list)
    task_completion: bool = False

    def share(self, *levels: str) -> tuple[int, int]:
        return sum(self.by_level[level] for level in levels), self.communes

    @property
    def at_least_ntm(self) -> tuple[int, int]:
        return self.share(NTM, ADVANCED, MODEL)

    @property
    def at_least_advanced(self) -> tuple[int, int]:
        return self.share(ADVANCED, MODEL)

    @property
    def model(self) -> tuple[int, int]:
        return self.share(MODEL)


def assessed_on(on: dt.date) -> dt.date:
    """District conditions are read no later than the last day districts existed."""
    return min(on, LAST_LEGACY_DAY)


def district_sets(year: int) -> list[CriteriaSet]:
    """The latest version of each district set in force in ``year`` (NTM first, then advanced)."""
    versions = (
        CriteriaSetVersion.objects.latest_per_code()
        .filter(subject=SetSubject.DISTRICT, year_from__lte=year, year_to__gte=year)
        .order_by("code")
    )
    sets = [version.criteria_set() for version in versions]
    rank = {NTM: 1, ADVANCED: 2, MODEL: 3}
    return sorted(sets, key=lambda s: (rank.get(s.grants_level, 9), s.code))


def legacy_districts(roots: list[AdministrativeUnit] | None = None) -> QuerySet[AdministrativeUnit]:
    """The district-level units (huyện, thị xã, thành phố) of the legacy structure, under ``roots`` if given."""
    units = AdministrativeUnit.objects.filter(
        structure=Structure.LEGACY, level=Level.DISTRICT, unit_type__in=sorted(DISTRICT_SET_UNIT_TYPES)
    )
    if roots:
        query = Q()
        for root in roots:
            query |= Q(tree_path__startswith=root.tree_path)
        units = units.filter(query)
    return units.order_by("name_folded", "code")


def _survey_results(units: list[AdministrativeUnit], year: int) -> dict[int, dict]:
    """Closed recognition-survey results of ``units`` in ``year`` (one query to find which have any)."""
    with_campaign = set(
        Campaign.objects.filter(
            unit__in=units, year=year, purpose=Purpose.RECOGNITION, status=CampaignStatus.CLOSED
        ).values_list("unit_id", flat=True)
    )
    results = {}
    for unit in units:
        if unit.pk in with_campaign:
            found = satisfaction_results(unit, year)
            if found is not None and not found.get("suppressed"):
                results[unit.pk] = found
    return results


def district_rows(
    districts, on: dt.date, *, published_only: bool = True, sets: list[CriteriaSet] | None = None
) -> list[DistrictRow]:
    """Each district's status on ``on`` (register only) and its sets' conditions on the same date (at the latest
    30/6/2025), from its communes' official status and the closed satisfaction surveys of that year."""
    districts = list(districts)
    if not districts:
        return []
    day = assessed_on(on)
    year = day.year
    sets = district_sets(year) if sets is None else sets
    children = list(
        AdministrativeUnit.objects.filter(parent__in=districts, structure=Structure.LEGACY).order_by("code")
    )
    communes = [unit for unit in children if is_rural_commune(unit.unit_type)]
    statuses = official_status_of([*districts, *communes], on, published_only=published_only)
    commune_status = (
        official_status_of(communes, day, published_only=published_only) if day != on else statuses
    )
    surveys = _survey_results([*districts, *communes], year)
    references = {s.code: references_for(s) for s in sets}
    rows = []
    for district in districts:
        own = [unit for unit in communes if unit.parent_id == district.pk]
        townships = [
            unit for unit in children if unit.parent_id == district.pk and unit.unit_type == TOWNSHIP_TYPE
        ]
        status = statuses[district.pk]
        row = DistrictRow(
            unit=district,
            status=status,
            label=level_label(status.level, district.unit_type),
            on=day,
            year=year,
            communes=len(own),
            by_level=Counter(commune_status[unit.pk].level for unit in own),
            surveyed=sum(1 for unit in own if unit.pk in surveys),
            task_completion=district.unit_type in TASK_COMPLETION_UNIT_TYPES,
        )
        inputs = DistrictInputs(
            communes=tuple(
                CommuneInput(
                    code=unit.code,
                    official_level=commune_status[unit.pk].level,
                    satisfaction_overall=surveys.get(unit.pk, {}).get("overall"),
                    satisfaction_by_content=surveys.get(unit.pk, {}).get("by_content", {}),
                )
                for unit in own
            ),
            # "Đô thị văn minh" is not recorded anywhere: unknown when the district has townships.
            townships=() if not townships else None,
            satisfaction=surveys.get(district.pk, {}).get("overall"),
        )
        if not row.task_completion:
            for criteria_set in sets:
                evaluation = evaluate(
                    criteria_set,
                    UnitContext(),
                    year,
                    {},
                    references=references[criteria_set.code],
                    district_inputs=inputs,
                )
                row.checks.append(
                    SetCheck(
                        code=criteria_set.code,
                        version=criteria_set.version,
                        name=criteria_set.name,
                        legal_source=criteria_set.legal_source,
                        grants_level=criteria_set.grants_level,
                        conditions=evaluation.conditions,
                    )
                )
        rows.append(row)
    return rows
