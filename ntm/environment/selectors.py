"""Reads of the environment app, scoped by the user's units through the ``environment`` area of
``ntm.core.permissions.AREA_ROLES`` (an out-of-scope id answers 404). Results are judged on read against the
catalogue version each sample was entered under; nothing stores a pass/fail.

A water-supply operator's account counts only for the water points its operator runs (``scoped_points``,
``scoped_samples``): the unit-wide records (coverage, waste, facilities, commune pages, reports) count the other
roles of the area only (``KEEPERS``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm.accounts.models import Organisation, OrganisationKind
from ntm.core.choices import Role
from ntm.core.permissions import ENVIRONMENT, area_roles, may_use_area, require_area
from ntm.core.scoping import CHANGE, VIEW
from ntm.core.text import fold
from ntm.core.vocabulary import CONFIRMED
from ntm.environment import coverage
from ntm.environment.models import (
    WASTE_STREAMS,
    Facility,
    Inspection,
    ParameterCatalogue,
    PointStatus,
    PublicationSchedule,
    Sample,
    SupplyKind,
    WasteFigures,
    WaterCoverage,
    WaterPoint,
)
from ntm.environment.parameters import (
    FAIL,
    NOT_MEASURED,
    PASS,
    Catalogue,
    Judgement,
    judge_sample,
    sample_outcome,
)
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


_CATALOGUES: dict[tuple[int, str], Catalogue] = {}


def catalogue_of(row: ParameterCatalogue) -> Catalogue:
    """A stored catalogue version, parsed once per process (not once per sample): versions are immutable and the
    hash is of their content, so (id, hash) always names the same catalogue."""
    key = (row.pk, row.content_hash)
    if key not in _CATALOGUES:
        if len(_CATALOGUES) > 64:
            _CATALOGUES.clear()
        _CATALOGUES[key] = row.catalogue()
    return _CATALOGUES[key]


def judged(sample: Sample) -> JudgedSample:
    catalogue = catalogue_of(sample.catalogue)
    judgements = judge_sample(catalogue, sample.values)
    return JudgedSample(sample, judgements, sample_outcome(judgements))


def latest_inspections(facilities, year: int) -> dict[int, Inspection]:
    """The latest inspection up to the end of ``year`` of each facility, in one query."""
    latest: dict[int, Inspection] = {}
    rows = Inspection.objects.filter(facility__in=facilities, inspected_on__year__lte=year).order_by(
        "facility_id", "-inspected_on", "-id"
    )
    for inspection in rows:
        latest.setdefault(inspection.facility_id, inspection)
    return latest


# The roles that keep a unit's environment records: every role of the area but the water-supply operator.
KEEPERS = {action: area_roles(ENVIRONMENT, action) - {Role.WATER_OPERATOR} for action in (VIEW, CHANGE)}


def operated_by(user) -> list[int]:
    """The organisations (water-supply operators) whose points ``user``'s operator assignments let it act on."""
    return [
        a.organisation_id
        for a in user.active_roles()
        if a.role == Role.WATER_OPERATOR and a.organisation_id is not None
    ]


def scoped_points(user, action: str = VIEW) -> QuerySet[WaterPoint]:
    """Water points ``user`` may ``action`` on: those of the units its keeper roles hold, and for an operator's
    account the points its operator runs (within the unit the account is bound to)."""
    points = WaterPoint.objects.restrict(user, action, roles=KEEPERS[action], area=ENVIRONMENT)
    operators = operated_by(user) if user.is_authenticated else []
    if operators:
        points = points | WaterPoint.objects.restrict(
            user, action, roles=[Role.WATER_OPERATOR], area=ENVIRONMENT
        ).filter(operator_organisation__in=operators)
    return points


def scoped_samples(user, action: str = VIEW) -> QuerySet[Sample]:
    """Samples of the water points ``user`` may ``action`` on (``scoped_points``)."""
    return Sample.objects.filter(point__in=scoped_points(user, action).values("pk"))


def may_change(user) -> bool:
    """May ``user`` enter lab results (a keeper of some unit's records, or an operator's account)?"""
    return may_use_area(user, ENVIRONMENT, CHANGE)


def may_keep_records(user, action: str = CHANGE) -> bool:
    """Does ``user`` hold a role that keeps units' environment records (points, coverage, waste, facilities)?"""
    return user.is_authenticated and (user.is_superuser or user.has_role(*KEEPERS[action]))


def require_keeper(user, action: str = CHANGE) -> None:
    """403 for a page about units' records to a role that keeps none (the operator, or a role outside the area)."""
    require_area(user, ENVIRONMENT, action)
    if not may_keep_records(user, action):
        raise PermissionDenied(_("A water-supply operator enters the lab results of its own points only."))


def may_enter_results(user, point: WaterPoint) -> bool:
    return scoped_points(user, CHANGE).filter(pk=point.pk).exists()


def may_keep_point(user, point: WaterPoint) -> bool:
    """May ``user`` change the point itself (status, operator): a keeper of its unit's records."""
    return (
        AdministrativeUnit.objects.restrict(user, CHANGE, roles=KEEPERS[CHANGE], area=ENVIRONMENT)
        .filter(pk=point.unit_id)
        .exists()
    )


def points_for(user, params=None) -> tuple[QuerySet[WaterPoint], WaterPointFilter]:
    require_area(user, ENVIRONMENT)
    points = scoped_points(user).select_related("unit")
    point_filter = WaterPointFilter(params or {}, queryset=points)
    return point_filter.qs, point_filter


def water_operators() -> list[Organisation]:
    """Every water-supply operator, active first."""
    return list(
        Organisation.objects.filter(kind=OrganisationKind.WATER_OPERATOR)
        .select_related("unit")
        .order_by("-is_active", "name")
    )


def water_operator(organisation_id: int) -> Organisation:
    return get_object_or_404(
        Organisation.objects.filter(kind=OrganisationKind.WATER_OPERATOR).select_related("unit"),
        pk=organisation_id,
    )


def publish_delay_days() -> int:
    """Days after entry before a water result is public: the province's stored schedule, else the system setting."""
    schedule = PublicationSchedule.objects.filter(pk=1).only("delay_days").first()
    return schedule.delay_days if schedule is not None else settings.NTM_WATER_PUBLISH_DAYS


def publication_schedule() -> PublicationSchedule | None:
    return PublicationSchedule.objects.select_related("updated_by").filter(pk=1).first()


def published_through() -> dt.date:
    """Results entered on or before this day are public today."""
    return timezone.localdate() - dt.timedelta(days=publish_delay_days())


def is_published(sample: Sample, through: dt.date) -> bool:
    return timezone.localdate(sample.entered_at) <= through


def latest_outcomes(points, *, published_only: bool = False) -> dict[int, JudgedSample]:
    """The latest sample of each point (standing: not corrected), judged."""
    samples = Sample.objects.filter(point__in=points, corrected_by__isnull=True).select_related("catalogue")
    if published_only:
        samples = samples.filter(entered_at__date__lte=published_through())
    latest: dict[int, Sample] = {}
    for sample in samples.order_by("point_id", "-sampled_on", "-id"):
        latest.setdefault(sample.point_id, sample)
    return {point_id: judged(sample) for point_id, sample in latest.items()}


def point_for(user, point_id: int, action: str = VIEW) -> WaterPoint:
    point = scoped_points(user, action).select_related("unit").filter(pk=point_id).first()
    if point is None:
        raise Http404
    return point


def samples_of(point: WaterPoint, *, published_only: bool = False) -> list[JudgedSample]:
    samples = point.samples.select_related("catalogue", "entered_by", "report", "corrects").order_by(
        "-sampled_on", "-id"
    )
    if published_only:
        samples = samples.filter(entered_at__date__lte=published_through(), corrected_by__isnull=True)
    return [judged(sample) for sample in samples]


def sample_for(user, sample_id: int) -> Sample:
    sample = scoped_samples(user).select_related("point", "report").filter(pk=sample_id).first()
    if sample is None:
        raise Http404
    return sample


def exceedances(user, year: int) -> list[JudgedSample]:
    """Standing samples of ``year`` with a result outside a limit, newest first."""
    require_area(user, ENVIRONMENT)
    samples = (
        scoped_samples(user)
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
        scoped_samples(user)
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
        WaterCoverage.objects.restrict(user, roles=KEEPERS[VIEW], area=ENVIRONMENT)
        .filter(year=year)
        .select_related("unit")
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
        AdministrativeUnit.objects.restrict(user, roles=KEEPERS[VIEW], area=ENVIRONMENT)
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
    facility_rows = list(Facility.objects.filter(unit=unit).order_by("name"))
    inspections = latest_inspections(facility_rows, year)
    facilities = [{"facility": f, "latest": inspections.get(f.pk)} for f in facility_rows]
    points = list(WaterPoint.objects.filter(unit=unit).order_by("name"))
    target = water_target(year)
    meets = coverage.meets_target(shares, target) if target and shares else None
    return CommuneYear(
        unit, year, row, shares, waste, rates, facilities, points, latest_outcomes(points), target, meets
    )


def communes_for_entry(user) -> QuerySet[AdministrativeUnit]:
    return (
        AdministrativeUnit.objects.restrict(user, CHANGE, roles=KEEPERS[CHANGE], area=ENVIRONMENT)
        .filter(level=Level.COMMUNE, valid_to__isnull=True)
        .order_by("name")
    )


def points_for_entry(user) -> QuerySet[WaterPoint]:
    return scoped_points(user, CHANGE).exclude(status=PointStatus.CLOSED).order_by("code")


def facility_for(user, facility_id: int, action: str = VIEW) -> Facility:
    facility = (
        Facility.objects.restrict(user, action, roles=KEEPERS[action], area=ENVIRONMENT)
        .select_related("unit")
        .filter(pk=facility_id)
        .first()
    )
    if facility is None:
        raise Http404
    return facility


def catalogues() -> QuerySet[ParameterCatalogue]:
    return ParameterCatalogue.objects.order_by("-valid_from", "-version")


def catalogue_applying(on: dt.date) -> ParameterCatalogue | None:
    """The confirmed catalogue that judges a sample taken on ``on`` (None before any is loaded). A catalogue whose
    list is not confirmed yet (QCVN 01-1:2024/BYT until its parameters are checked against the text) is shown on
    the catalogue page, never used to judge a sample."""
    return (
        ParameterCatalogue.objects.filter(valid_from__lte=on, data__provenance=CONFIRMED)
        .order_by("-valid_from", "-version")
        .first()
    )


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


# --- The periodic environment report -------------------------------------------------------------------------

PERIODS = {
    "year": ((1, 1), (12, 31)),
    "h1": ((1, 1), (6, 30)),
    "h2": ((7, 1), (12, 31)),
}


@dataclass
class ReportRow:
    """One commune of the report: its figures for the year and its samples of the period."""

    unit: AdministrativeUnit
    coverage: WaterCoverage | None = None
    shares: coverage.Shares | None = None
    meets_target: bool | None = None
    samples: int = 0
    passing: int = 0
    failing: int = 0
    waste_rates: dict[str, object] = field(default_factory=dict)
    facilities: int = 0
    compliant: int = 0


@dataclass
class EnvironmentReport:
    unit: AdministrativeUnit
    year: int
    period: str
    start: dt.date
    end: dt.date
    rows: list[ReportRow]
    exceedances: list[JudgedSample]
    points: dict[str, int]  # supply kind → operating points
    target: coverage.Target | None
    catalogues: list[ParameterCatalogue]

    @property
    def households(self) -> coverage.HouseholdCounts | None:
        rows = [row.coverage for row in self.rows if row.coverage]
        if not rows:
            return None
        return coverage.HouseholdCounts(
            sum(r.households for r in rows),
            sum(r.hygienic for r in rows),
            sum(r.clean for r in rows),
            sum(r.clean_piped for r in rows),
        )

    @property
    def samples(self) -> int:
        return sum(row.samples for row in self.rows)

    @property
    def passing(self) -> int:
        return sum(row.passing for row in self.rows)

    @property
    def failing(self) -> int:
        return sum(row.failing for row in self.rows)

    @property
    def facilities(self) -> int:
        return sum(row.facilities for row in self.rows)

    @property
    def compliant(self) -> int:
        return sum(row.compliant for row in self.rows)


def report_units(user) -> QuerySet[AdministrativeUnit]:
    """The units a user may make the environment report for: their province or district, or a commune."""
    return (
        AdministrativeUnit.objects.restrict(user, roles=KEEPERS[VIEW], area=ENVIRONMENT)
        .filter(valid_to__isnull=True)
        .order_by("tree_path")
    )


def environment_report(user, unit_id: int, year: int, period: str = "year") -> EnvironmentReport:
    """The report's figures for a unit in the user's scope (a commune, or every commune under a province or
    district): household coverage, waste and facilities of ``year``; water samples taken in the period. A unit
    out of the user's scope (or a role without the environment area) answers 404."""
    if period not in PERIODS or not 2000 <= year <= 2100:
        raise Http404
    unit = report_units(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    (start_month, start_day), (end_month, end_day) = PERIODS[period]
    start, end = dt.date(year, start_month, start_day), dt.date(year, end_month, end_day)
    communes = list(
        AdministrativeUnit.objects.restrict(user, roles=KEEPERS[VIEW], area=ENVIRONMENT)
        .filter(level=Level.COMMUNE, tree_path__startswith=unit.tree_path)
        .order_by("name")
    )
    communes.sort(key=lambda commune: fold(commune.name))
    rows = {commune.pk: ReportRow(commune) for commune in communes}
    target = water_target(year)
    for row_coverage in WaterCoverage.objects.filter(unit__in=communes, year=year):
        row = rows[row_coverage.unit_id]
        row.coverage = row_coverage
        row.shares = coverage.shares(
            coverage.HouseholdCounts(
                row_coverage.households, row_coverage.hygienic, row_coverage.clean, row_coverage.clean_piped
            )
        )
        row.meets_target = coverage.meets_target(row.shares, target) if target else None
    for waste in WasteFigures.objects.filter(unit__in=communes, year=year):
        rows[waste.unit_id].waste_rates = {
            stream: coverage.quantity_rate(getattr(waste, treated), getattr(waste, generated))
            for stream, (generated, treated) in WASTE_STREAMS.items()
        }
    facilities = list(Facility.objects.filter(unit__in=communes, is_active=True))
    inspections = latest_inspections(facilities, year)
    for facility in facilities:
        rows[facility.unit_id].facilities += 1
        latest = inspections.get(facility.pk)
        rows[facility.unit_id].compliant += bool(latest and latest.compliant)
    samples = (
        Sample.objects.filter(
            point__unit__in=communes, sampled_on__range=(start, end), corrected_by__isnull=True
        )
        .select_related("catalogue", "point__unit")
        .order_by("-sampled_on", "-id")
    )
    exceeding = []
    used: set[int] = set()
    for item in map(judged, samples):
        used.add(item.sample.catalogue_id)
        row = rows[item.sample.point.unit_id]
        if item.outcome == PASS:
            row.samples += 1
            row.passing += 1
        elif item.outcome == FAIL:
            row.samples += 1
            row.failing += 1
            exceeding.append(item)
    points = Counter(
        WaterPoint.objects.filter(unit__in=communes)
        .exclude(status=PointStatus.CLOSED)
        .values_list("kind", flat=True)
    )
    return EnvironmentReport(
        unit=unit,
        year=year,
        period=period,
        start=start,
        end=end,
        rows=list(rows.values()),
        exceedances=exceeding,
        points=dict(points),
        target=target,
        catalogues=list(ParameterCatalogue.objects.filter(pk__in=used).order_by("valid_from")),
    )
