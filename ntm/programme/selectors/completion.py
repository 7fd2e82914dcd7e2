"""The province completing the NTM task: the shipped condition sets (``ntm.programme.completion``) evaluated over
the province's units from the register of decisions (published decisions only: what the public would see)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from ntm.core.choices import ProvenanceStatus
from ntm.core.vocabulary import DISTRICT_SET_UNIT_TYPES, RURAL_COMMUNE_TYPE
from ntm.criteria.inputs import format_number
from ntm.programme.completion import CompletionSet, Facts, Result, evaluate, shipped_sets
from ntm.status.selectors import official_status_of
from ntm.units.models import AdministrativeUnit, Level, Structure
from ntm.units.selectors import roots_of

LAST_LEGACY_DAY = dt.date(2025, 6, 30)


@dataclass(frozen=True)
class CompletionLine:
    result: Result
    value: str
    provenance_label: str

    @property
    def condition(self):
        return self.result.condition


@dataclass(frozen=True)
class CompletionView:
    completion: CompletionSet
    on: dt.date
    current: bool
    lines: list[CompletionLine]
    provenance_label: str


def _provenance(value: str) -> str:
    return str(ProvenanceStatus(value).label)


def facts_on(structure: str, on: dt.date) -> Facts:
    """The official levels of the province's rural communes and district-level units of ``structure`` on ``on``."""
    roots = roots_of(structure)
    units = AdministrativeUnit.objects.filter(structure=structure)
    if roots:
        query = Q()
        for root in roots:
            query |= Q(tree_path__startswith=root.tree_path)
        units = units.filter(query)
    communes = list(units.filter(level=Level.COMMUNE, unit_type=RURAL_COMMUNE_TYPE))
    districts = list(units.filter(level=Level.DISTRICT, unit_type__in=sorted(DISTRICT_SET_UNIT_TYPES)))
    statuses = official_status_of([*communes, *districts], on, published_only=True)
    return Facts(
        communes=tuple(statuses[unit.pk].level for unit in communes),
        districts=tuple(statuses[unit.pk].level for unit in districts),
    )


def province_completion(today: dt.date | None = None) -> list[CompletionView]:
    """Each shipped set evaluated on today's date (a 2021-2025 set over the units before 1/7/2025, on 30/6/2025
    at the latest)."""
    today = today or timezone.localdate()
    views = []
    for completion in shipped_sets():
        on = min(today, LAST_LEGACY_DAY) if completion.structure == Structure.LEGACY else today
        results = evaluate(completion, facts_on(completion.structure, on))
        lines = [
            CompletionLine(
                result,
                "—" if result.value is None else f"{format_number(result.value)}%",
                _provenance(result.condition.provenance),
            )
            for result in results
        ]
        current = completion.year_from <= today.year <= completion.year_to
        views.append(CompletionView(completion, on, current, lines, _provenance(completion.provenance)))
    return views
