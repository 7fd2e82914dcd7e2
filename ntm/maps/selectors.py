"""Reads for the digital map: which units a layer shows, and what the map says about each of them.

Official status comes only from the register (``official_status_of``); self-assessed results only from the
assessment app, through :func:`ntm.maps.layers.self_assessment_of`. The public map reads published data for everyone; the internal
map reads unpublished data too, restricted to the signed-in user's units (``restrict``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils import timezone

from ntm.core.permissions import ASSESSMENT, STATUS, require_area
from ntm.core.scoping import VIEW
from ntm.core.text import fold
from ntm.core.vocabulary import is_rural_commune
from ntm.maps import colouring
from ntm.maps.districts import DistrictRow, district_rows, legacy_districts
from ntm.maps.layers import SelfAssessment, self_assessment_of, self_assessments_of
from ntm.recognition.selectors import hamlet_models_by_unit, hamlet_models_of
from ntm.status.models import StatusRecord
from ntm.status.selectors import OfficialStatus, level_label, official_status_of, public_history
from ntm.units.models import AdministrativeUnit, Level, Structure, UnitBoundary, UnitLineage
from ntm.units.selectors import lineage_of, roots_of, unit_public

FIRST_YEAR = 2011
"""The first year the map offers (the national NTM programme started in 2010; first decisions in 2011)."""
HISTORY_YEARS = 6
"""How many years of self-assessed results a unit's public page lists."""


def year_choices() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


@dataclass(frozen=True)
class MapQuery:
    """What the visitor asked to see: structure, year, colouring (and criterion), name search."""

    structure: str = Structure.REFORM_2025
    year: int = 0
    colouring: str = colouring.STATUS
    criterion: str = ""
    q: str = ""

    @property
    def on(self) -> dt.date:
        """The date the status is read on: the end of the year, or today for the current year."""
        today = timezone.localdate()
        return today if self.year >= today.year else dt.date(self.year, 12, 31)

    @property
    def self_assessed(self) -> bool:
        return self.colouring != colouring.STATUS


@dataclass
class MapRow:
    """One unit on the map: its official status (register) and self-assessed result (assessment)."""

    unit: AdministrativeUnit
    applicable: bool
    status: OfficialStatus
    decisions: list[StatusRecord]
    assessment: SelfAssessment | None
    css: str
    provisional: bool
    has_boundary: bool
    predecessors: list[UnitLineage] = field(default_factory=list)
    successors: list[UnitLineage] = field(default_factory=list)
    hamlet_models: list = field(
        default_factory=list
    )  # recognised ấp models (public decisions of the commune)


def layer_units(structure: str, user=None) -> QuerySet[AdministrativeUnit]:
    """Commune-level units of the installation's area in ``structure``; restricted to ``user``'s scope if given."""
    roots = roots_of(structure)
    units = AdministrativeUnit.objects.filter(structure=structure, level=Level.COMMUNE)
    if roots:
        units = units.filter(reduce(or_, (Q(tree_path__startswith=root.tree_path) for root in roots)))
    if user is not None:
        units = units.restrict(user, VIEW, area=ASSESSMENT)
    return units.order_by("name_folded", "code")


def _decisions(units, on: dt.date, user) -> dict[int, list[StatusRecord]]:
    records = StatusRecord.objects.filter(unit__in=units, superseded_by__isnull=True, decision_date__lte=on)
    records = records.published() if user is None else records.restrict(user, VIEW, area=STATUS)
    by_unit: dict[int, list[StatusRecord]] = defaultdict(list)
    for record in records.order_by("decision_date", "id"):
        by_unit[record.unit_id].append(record)
    return by_unit


def _lineage(units, structure: str) -> tuple[dict, dict]:
    predecessors: dict[int, list[UnitLineage]] = defaultdict(list)
    successors: dict[int, list[UnitLineage]] = defaultdict(list)
    if structure == Structure.REFORM_2025:
        links = UnitLineage.objects.filter(new_unit__in=units).select_related("old_unit")
        for link in links.order_by("old_unit__name_folded"):
            predecessors[link.new_unit_id].append(link)
    else:
        links = UnitLineage.objects.filter(old_unit__in=units).select_related("new_unit")
        for link in links.order_by("new_unit__name_folded"):
            successors[link.old_unit_id].append(link)
    return predecessors, successors


@dataclass
class MapView:
    """The map for one query: its rows, and the criteria the self-assessed results reported."""

    query: MapQuery
    rows: list[MapRow]
    criteria: list[str]
    districts: list[DistrictRow] = field(default_factory=list)


def map_view(query: MapQuery, *, user=None) -> MapView:
    """Every unit of the layer with what the map shows for it. ``user=None`` is the public map (published
    data only, every unit); with a user it is the internal map (unpublished data, the user's units only).
    Colouring by one criterion without naming it takes the first criterion reported. The internal map shows
    unpublished self-assessments: a role the assessment area does not admit is refused (403)."""
    if user is not None:
        require_area(user, ASSESSMENT)
    units = sorted(layer_units(query.structure, user).select_related("parent"), key=_sort_key)
    public = user is None
    statuses = official_status_of(units, query.on, published_only=public)
    assessments = self_assessment_of(
        [unit for unit in units if is_rural_commune(unit.unit_type)], query.year, published_only=public
    )
    criteria = sorted(
        {code for found in assessments.values() for code in found.get("by_criterion", {})}, key=_natural
    )
    if query.colouring == colouring.CRITERION and query.criterion not in criteria:
        query = replace(query, criterion=criteria[0] if criteria else "")
    decisions = _decisions(units, query.on, user)
    predecessors, successors = _lineage(units, query.structure)
    with_boundary = set(UnitBoundary.objects.filter(unit__in=units).values_list("unit_id", flat=True))
    hamlet_models = hamlet_models_by_unit(units)
    rows = []
    for unit in units:
        applicable = is_rural_commune(unit.unit_type)
        assessment = assessments.get(unit.pk)
        rows.append(
            MapRow(
                unit=unit,
                applicable=applicable,
                status=statuses[unit.pk],
                decisions=decisions.get(unit.pk, []),
                assessment=assessment,
                css=_css(query, statuses[unit.pk], assessment, applicable),
                provisional=colouring.is_provisional(assessment, query.colouring, query.criterion),
                has_boundary=unit.pk in with_boundary,
                predecessors=predecessors.get(unit.pk, []),
                successors=successors.get(unit.pk, []),
                hamlet_models=hamlet_models.get(unit.pk, []),
            )
        )
    districts = []
    if query.structure == Structure.LEGACY:
        found = legacy_districts(roots_of(Structure.LEGACY))
        if user is not None:
            found = found.restrict(user, VIEW, area=ASSESSMENT)
        districts = district_rows(found, query.on, published_only=public)
    return MapView(query, rows, criteria, districts)


def _sort_key(unit: AdministrativeUnit) -> tuple[str, str]:
    """Units sort by name without their type ("An Lộc" before "Bảo Vinh", whether xã or phường)."""
    return (fold(unit.short_name or unit.name), unit.code)


def _css(query: MapQuery, status: OfficialStatus, assessment, applicable: bool) -> str:
    if query.colouring == colouring.CRITERIA:
        return colouring.criteria_class(assessment, applicable=applicable)
    if query.colouring == colouring.CRITERION:
        return colouring.criterion_class(assessment, query.criterion, applicable=applicable)
    return colouring.status_class(status.level, applicable=applicable)


def _natural(code: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in code.replace("-", ".").split("."))


# ---------------------------------------------------------------------------------------------------------------
# A unit's public page
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class YearResult:
    year: int
    assessment: SelfAssessment


@dataclass
class UnitPage:
    unit: AdministrativeUnit
    applicable: bool
    status: OfficialStatus
    history: list[StatusRecord]
    results: list[YearResult]
    lineage: object
    district: DistrictRow | None = None
    hamlet_models: list = field(default_factory=list)


def unit_page(structure: str, code: str) -> UnitPage:
    """Everything the public page of a commune-level unit shows (published data only); 404 for unknown units."""
    unit = unit_public(structure, code)
    applicable = is_rural_commune(unit.unit_type)
    results = []
    if applicable:
        years = year_choices()[:HISTORY_YEARS]
        by_year = self_assessments_of([unit], years, published_only=True)
        for year in years:
            found = by_year[year].get(unit.pk)
            if found:
                results.append(YearResult(year, found))
    history = list(public_history(unit))
    for record in history:
        record.shown_level = level_label(record.level, unit.unit_type)
    return UnitPage(
        unit=unit,
        applicable=applicable,
        status=official_status_of([unit], published_only=True)[unit.pk],
        history=history,
        results=results,
        lineage=lineage_of(unit),
        district=_district_of(unit),
        hamlet_models=hamlet_models_of(unit) if applicable else [],
    )


def _district_of(unit: AdministrativeUnit) -> DistrictRow | None:
    """A legacy district-level unit's register status and conditions today (at the latest 30/6/2025)."""
    if unit.structure != Structure.LEGACY or unit.level != Level.DISTRICT:
        return None
    rows = district_rows(legacy_districts().filter(pk=unit.pk), timezone.localdate())
    return rows[0] if rows else None
