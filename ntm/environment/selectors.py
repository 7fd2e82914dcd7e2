"""Reads of the environment app, scoped by the user's units through the ``environment`` area of
``ntm.core.permissions.AREA_ROLES`` (an out-of-scope id answers 404). Results are judged on read against the
catalogue version each sample was entered under; nothing stores a pass/fail."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import django_filters
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm.core.permissions import ENVIRONMENT, may_use_area, require_area
from ntm.core.scoping import CHANGE, VIEW
from ntm.core.text import fold
from ntm.environment import coverage
from ntm.environment.models import (
    WASTE_STREAMS,
    Facility,
    ParameterCatalogue,
    PointStatus,
    Sample,
    SupplyKind,
    WasteFigures,
    WaterCoverage,
    WaterPoint,
)
from ntm.environment.parameters import FAIL, NOT_MEASURED, Judgement, judge_sample, sample_outcome
from ntm.units.models import AdministrativeUnit, Level


class WaterPointFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="filter_text")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SupplyKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PointStatus.choices)

    class Meta:
        model = WaterPoint
        fields = ["q", "kind", "status"]

    def filter_text(self, queryset, _name, value):
        value = value.strip()[:100]
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(unit__name__icontains=value)
        )


@dataclass
class JudgedSample:
    sample: Sample
    judgements: list[Judgement]
    outcome: str

    @property
    def failed(self) -> list[Judgement]:
        return [j for j in self.judgements if j.failed]


def judged(sample: Sample) -> JudgedSample:
    judgements = judge_sample(sample.catalogue.catalogue(), sample.values)
    return JudgedSample(sample, judgements, sample_outcome(judgements))


def may_change(user) -> bool:
    return may_use_area(user, ENVIRONMENT, CHANGE)


def points_for(user, params=None) -> tuple[QuerySet[WaterPoint], WaterPointFilter]:
    require_area(user, ENVIRONMENT)
    points = WaterPoint.objects.restrict(user, area=ENVIRONMENT).select_related("unit")
    point_filter = WaterPointFilter(params or {}, queryset=points)
    return point_filter.qs, point_filter


def latest_outcomes(points, *, published_only: bool = False) -> dict[int, JudgedSample]:
    """The latest sample of each point (standing: not corrected), judged."""
    samples = Sample.objects.filter(point__in=points, corrected_by__isnull=True).select_related("catalogue")
    if published_only:
        samples = samples.filter(publish_on__lte=timezone.localdate())
    latest: dict[int, Sample] = {}
    for sample in samples.order_by("point_id", "-sampled_on", "-id"):
        latest.setdefault(sample.point_id, sample)
    return {point_id: judged(sample) for point_id, sample in latest.items()}


def point_for(user, point_id: int, action: str = VIEW) -> WaterPoint:
    point = (
        WaterPoint.objects.restrict(user, action, area=ENVIRONMENT)
        .select_related("unit")
        .filter(pk=point_id)
        .first()
    )
    if point is None:
        raise Http404
    return point


def samples_of(point: WaterPoint, *, published_only: bool = False) -> list[JudgedSample]:
    samples = point.samples.select_related("catalogue", "entered_by", "report", "corrects").order_by(
        "-sampled_on", "-id"
    )
    if published_only:
        samples = samples.filter(publish_on__lte=timezone.localdate(), corrected_by__isnull=True)
    return [judged(sample) for sample in samples]


def sample_for(user, sample_id: int) -> Sample:
    sample = (
        Sample.objects.restrict(user, area=ENVIRONMENT)
        .select_related("point", "report")
        .filter(pk=sample_id)
        .first()
    )
    if sample is None:
        raise Http404
    return sample


def exceedances(user, year: int) -> list[JudgedSample]:
    """Standing samples of ``year`` with a result outside a limit, newest first."""
    require_area(user, ENVIRONMENT)
    samples = (
        Sample.objects.restrict(user, area=ENVIRONMENT)
        .filter(sampled_on__year=year, corrected_by__isnull=True)
        .select_related("point__unit", "catalogue")
        .order_by("-sampled_on", "-id")
    )
    return [item for item in map(judged, samples) if item.outcome == FAIL]


@dataclass
class Dashboard:
    year: int
    samples: int = 0
    failing: int = 0
    by_month: list[dict] = field(default_factory=list)
    by_parameter: list[tuple[str, int]] = field(default_factory=list)
    coverage_rows: list[dict] = field(default_factory=list)


def dashboard(user, year: int) -> Dashboard:
    require_area(user, ENVIRONMENT)
    result = Dashboard(year)
    samples = (
        Sample.objects.restrict(user, area=ENVIRONMENT)
        .filter(sampled_on__year=year, corrected_by__isnull=True)
        .select_related("catalogue")
    )
    months: dict[int, Counter] = defaultdict(Counter)
    parameters: Counter = Counter()
    for sample in samples:
        item = judged(sample)
        if item.outcome == NOT_MEASURED:
            continue
        result.samples += 1
        months[sample.sampled_on.month]["samples"] += 1
        if item.outcome == FAIL:
            result.failing += 1
            months[sample.sampled_on.month]["failing"] += 1
            parameters.update(j.parameter.name for j in item.failed)
    result.by_month = [
        {"month": month, "samples": months[month]["samples"], "failing": months[month]["failing"]}
        for month in range(1, 13)
    ]
    result.by_parameter = parameters.most_common()
    for row in (
        WaterCoverage.objects.restrict(user, area=ENVIRONMENT).filter(year=year).select_related("unit")
    ):
        shares = coverage.shares(
            coverage.HouseholdCounts(row.households, row.hygienic, row.clean, row.clean_piped)
        )
        result.coverage_rows.append({"row": row, "shares": shares})
    result.coverage_rows.sort(key=lambda item: fold(item["row"].unit.name))
    return result


TARGETS_FILE = Path(__file__).resolve().parent / "water_targets.toml"


def water_target(year: int) -> coverage.Target | None:
    return coverage.read_targets(TARGETS_FILE.read_bytes()).get(year)


@dataclass
class CommuneYear:
    unit: AdministrativeUnit
    year: int
    coverage: WaterCoverage | None
    shares: coverage.Shares | None
    waste: WasteFigures | None
    waste_rates: dict[str, object]
    facilities: list[dict]
    points: list[WaterPoint]
    latest: dict[int, JudgedSample]
    target: coverage.Target | None = None
    meets_target: bool | None = None


def commune_year(user, unit_id: int, year: int) -> CommuneYear:
    unit = (
        AdministrativeUnit.objects.restrict(user, area=ENVIRONMENT)
        .filter(pk=unit_id, level=Level.COMMUNE)
        .first()
    )
    if unit is None:
        raise Http404
    row = WaterCoverage.objects.filter(unit=unit, year=year).first()
    shares = (
        coverage.shares(coverage.HouseholdCounts(row.households, row.hygienic, row.clean, row.clean_piped))
        if row
        else None
    )
    waste = WasteFigures.objects.filter(unit=unit, year=year).first()
    rates = {
        stream: coverage.quantity_rate(getattr(waste, treated), getattr(waste, generated))
        for stream, (generated, treated) in WASTE_STREAMS.items()
        if waste
    }
    facilities = []
    for facility in Facility.objects.filter(unit=unit).order_by("name"):
        latest = (
            facility.inspections.filter(inspected_on__year__lte=year).order_by("-inspected_on", "-id").first()
        )
        facilities.append({"facility": facility, "latest": latest})
    points = list(WaterPoint.objects.filter(unit=unit).order_by("name"))
    target = water_target(year)
    meets = coverage.meets_target(shares, target) if target and shares else None
    return CommuneYear(
        unit, year, row, shares, waste, rates, facilities, points, latest_outcomes(points), target, meets
    )


def communes_for_entry(user) -> QuerySet[AdministrativeUnit]:
    return (
        AdministrativeUnit.objects.restrict(user, CHANGE, area=ENVIRONMENT)
        .filter(level=Level.COMMUNE, valid_to__isnull=True)
        .order_by("name")
    )


def points_for_entry(user) -> QuerySet[WaterPoint]:
    return (
        WaterPoint.objects.restrict(user, CHANGE, area=ENVIRONMENT)
        .exclude(status=PointStatus.CLOSED)
        .order_by("code")
    )


def facility_for(user, facility_id: int, action: str = VIEW) -> Facility:
    facility = (
        Facility.objects.restrict(user, action, area=ENVIRONMENT)
        .select_related("unit")
        .filter(pk=facility_id)
        .first()
    )
    if facility is None:
        raise Http404
    return facility


def catalogues() -> QuerySet[ParameterCatalogue]:
    return ParameterCatalogue.objects.order_by("-valid_from", "-version")


def public_points() -> tuple[list[WaterPoint], dict[int, JudgedSample]]:
    """Operating points with their latest published result (TT 41/2018/TT-BYT asks suppliers to publish)."""
    points = list(
        WaterPoint.objects.exclude(status=PointStatus.CLOSED)
        .select_related("unit")
        .order_by("unit__name", "name")[:2000]
    )
    return points, latest_outcomes(points, published_only=True)


def public_point(point_id: int) -> WaterPoint:
    point = (
        WaterPoint.objects.exclude(status=PointStatus.CLOSED)
        .select_related("unit")
        .filter(pk=point_id)
        .first()
    )
    if point is None:
        raise Http404
    return point


def this_year() -> int:
    return timezone.localdate().year


def recent_years() -> list[int]:
    year = this_year()
    return list(range(year, year - 8, -1))
