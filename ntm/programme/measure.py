"""Actuals of targets from the system: reads the units, values and registries, hands plain data to the pure
``actuals`` functions, and says where each target stands (``tracking``). Nothing derived is stored.

A ``Measurer`` caches what several targets share (basis units, evaluations per criteria set and year, lineage) for
one page or one report; make a new one per request.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core.vocabulary import PLACEHOLDER, RURAL_COMMUNE_TYPE
from ntm.criteria.models import CriteriaSetVersion
from ntm.programme import actuals, planfile, tracking
from ntm.programme.indicator_status import indicator_statuses
from ntm.programme.models import (
    Attendance,
    Cooperative,
    LinkageModel,
    Manager,
    OnlineService,
    PilotModel,
    ReportedActual,
    Target,
    TargetMethod,
    TargetStatus,
)
from ntm.surveys.models import Campaign, CampaignStatus, Purpose
from ntm.units.models import AdministrativeUnit, Level, Structure, UnitLineage, UnitType

COMMUNE_DISTRICT = "commune_district"


@dataclass
class IndicatorInfo:
    set_code: str
    set_version: int | None
    code: str
    name: str = ""
    provenance: str = ""
    has_threshold: bool = False


@dataclass
class TargetResult:
    """A target with its actual, where it stands, its trend and what the page must warn about."""

    target: Target
    actual: actuals.Actual | None
    value: float | None
    status: str
    trend: list[actuals.TrendPoint]
    denominator_label: str
    warnings: list[str] = field(default_factory=list)
    indicator: IndicatorInfo | None = None
    as_of: dt.date | None = None

    @property
    def status_label(self) -> str:
        return str(TargetStatus(self.status).label)


def _unit_noun(level: str, unit_types: tuple[str, ...]) -> str:
    if level == "commune" and tuple(unit_types) == (RURAL_COMMUNE_TYPE,):
        return _("communes (xã)")
    if level == "district" and tuple(unit_types) == (UnitType.DISTRICT,):
        return _("districts (huyện)")
    if level == "district":
        return _("district-level units")
    if level == "commune":
        return _("commune-level units")
    if level == COMMUNE_DISTRICT:
        return _("commune- and district-level units")
    return _("province")


def _scope_filter(units: list[AdministrativeUnit], level: planfile.ScopeLevel | None):
    """Keep the units the plan's scope names for their level (explicit codes, or unit types)."""
    if level is None:
        return units
    if level.codes:
        units = [unit for unit in units if unit.code in level.codes]
    if level.unit_types:
        units = [unit for unit in units if unit.unit_type in level.unit_types]
    return units


class Measurer:
    """Computes target actuals; one per page or report (it caches shared reads)."""

    def __init__(self, *, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self._basis: dict[tuple, list[AdministrativeUnit]] = {}
        self._versions: dict[str, CriteriaSetVersion | None] = {}
        self._evaluations: dict[tuple[int, int, str], dict[int, str | None]] = defaultdict(dict)
        self._memo: dict[str, object] = {}
        self._successors: dict[int, list[AdministrativeUnit]] = {}
        self._related: dict[int, list[AdministrativeUnit]] = {}
        self._provinces: dict[tuple[str, str], AdministrativeUnit | None] = {}
        self._reported: dict[int, list[ReportedActual]] = {}  # target id → its reported figures, oldest first

    # --- basis ------------------------------------------------------------------------------------------------

    def province_unit(self, target: Target) -> AdministrativeUnit | None:
        """The target's basis province, read once per page for all the targets that share it."""
        key = (target.basis_structure, target.basis_province)
        if key not in self._provinces:
            self._provinces[key] = AdministrativeUnit.objects.filter(
                structure=target.basis_structure, code=target.basis_province, level=Level.PROVINCE
            ).first()
        return self._provinces[key]

    def scope(self, target: Target) -> planfile.Scope | None:
        """The plan's scope when it applies to this target's basis (same structure and province)."""
        scope = target.plan.scope_spec()
        if scope is None or (scope.structure, scope.province) != (
            target.basis_structure,
            target.basis_province,
        ):
            return None
        return scope

    def _level_units(self, target: Target, level: str) -> list[AdministrativeUnit]:
        prefix = f"/{target.basis_structure}/{target.basis_province}/"
        units = AdministrativeUnit.objects.filter(
            structure=target.basis_structure, tree_path__startswith=prefix, level=level
        ).select_related("parent")
        if target.basis_unit_types and target.basis_level != COMMUNE_DISTRICT:
            units = units.filter(unit_type__in=target.basis_unit_types)
        as_of = target.basis_as_of
        found = [
            unit
            for unit in units.order_by("code")
            if (unit.valid_from is None or unit.valid_from <= as_of)
            and (unit.valid_to is None or unit.valid_to >= as_of)
        ]
        scope = self.scope(target)
        return _scope_filter(found, scope.level(level) if scope else None)

    def basis_units(self, target: Target) -> list[AdministrativeUnit]:
        """The units a target is measured on: its structure, province, level, unit types and date, narrowed to the
        units the plan's scope names (Plan 202: the 10 district-level units "các huyện, thành phố Long Khánh" and
        the xã of the former province; never a unit of another former province)."""
        key = (
            target.plan_id,
            target.basis_structure,
            target.basis_province,
            target.basis_level,
            tuple(target.basis_unit_types or ()),
            target.basis_as_of,
        )
        if key not in self._basis:
            if target.basis_level == COMMUNE_DISTRICT:
                units = self._level_units(target, Level.COMMUNE) + self._level_units(target, Level.DISTRICT)
            else:
                units = self._level_units(target, target.basis_level)
            self._basis[key] = units
        return self._basis[key]

    def basis_label(self, target: Target, count: int) -> str:
        province = self.province_unit(target)
        name = province.name if province else target.basis_province
        scope = self.scope(target)
        unit_types = tuple(target.basis_unit_types or ())
        own_level = scope.level(target.basis_level) if scope else None
        if not unit_types and own_level is not None:
            unit_types = own_level.unit_types
        noun = _unit_noun(target.basis_level, unit_types)
        district = scope.level(Level.DISTRICT) if scope else None
        if district is not None and target.basis_level == Level.DISTRICT and not target.basis_unit_types:
            noun = f"{noun} ({district.wording})"
        if target.basis_level == COMMUNE_DISTRICT:
            basis = self.basis_units(target)
            communes = sum(1 for unit in basis if unit.level == Level.COMMUNE)
            noun = _("units: %(communes)s communes and %(districts)s district-level units") % {
                "communes": communes,
                "districts": len(basis) - communes,
            }
            if district is not None:
                noun = f"{noun} ({district.wording})"
        if target.basis_structure == Structure.LEGACY:
            return _(
                "out of %(count)s %(units)s of the former %(province)s (structure before 1/7/2025, units as of %(date)s)"
            ) % {
                "count": count,
                "units": noun,
                "province": name,
                "date": target.basis_as_of.strftime("%d/%m/%Y"),
            }
        return _("out of %(count)s %(units)s of %(province)s (structure from 1/7/2025)") % {
            "count": count,
            "units": noun,
            "province": name,
        }

    @staticmethod
    def _basis_rows(units: Iterable[AdministrativeUnit]) -> list[actuals.BasisUnit]:
        return [
            actuals.BasisUnit(unit.pk, unit.code, unit.name, unit.parent.name if unit.parent_id else "")
            for unit in units
        ]

    # --- lineage ---------------------------------------------------------------------------------------------

    def successors_of(self, units: Iterable[AdministrativeUnit]) -> dict[int, list[AdministrativeUnit]]:
        wanted = [unit.pk for unit in units if unit.pk not in self._successors]
        if wanted:
            found: dict[int, list[AdministrativeUnit]] = {pk: [] for pk in wanted}
            for link in UnitLineage.objects.filter(old_unit_id__in=wanted).select_related("new_unit"):
                found[link.old_unit_id].append(link.new_unit)
            self._successors.update(found)
        return {unit.pk: self._successors[unit.pk] for unit in units}

    def _related_units(self, unit_ids: set[int]) -> dict[int, list[AdministrativeUnit]]:
        """For each unit, the units on the other side of the 1/7/2025 reform (successors or predecessors)."""
        wanted = unit_ids - set(self._related)
        if wanted:
            found: dict[int, list[AdministrativeUnit]] = {pk: [] for pk in wanted}
            links = UnitLineage.objects.filter(old_unit_id__in=wanted) | UnitLineage.objects.filter(
                new_unit_id__in=wanted
            )
            for link in links.select_related("new_unit", "old_unit"):
                if link.old_unit_id in found:
                    found[link.old_unit_id].append(link.new_unit)
                if link.new_unit_id in found:
                    found[link.new_unit_id].append(link.old_unit)
            self._related.update(found)
        return {pk: self._related[pk] for pk in unit_ids}

    def mapper(
        self,
        basis: list[AdministrativeUnit],
        record_units: dict[int, AdministrativeUnit],
        *,
        own_unit_only: bool = False,
    ):
        """``unit_id → [Attribution]``: the basis units a record's unit counts for — itself, the basis unit it
        lies in, or (converted through the lineage, flagged) those of its successors or predecessors. With
        ``own_unit_only`` a record counts only for its own unit (or, converted, the unit it succeeds or
        precedes), never for the district it lies in."""
        by_path = {unit.tree_path: unit.pk for unit in basis}
        if own_unit_only:
            by_path = {}
            in_basis = {unit.pk for unit in basis}
        related = self._related_units(
            {
                pk
                for pk, unit in record_units.items()
                if unit.structure != (basis[0].structure if basis else "")
            }
        )

        def within(unit: AdministrativeUnit) -> list[int]:
            if own_unit_only:
                return [unit.pk] if unit.pk in in_basis else []
            parts = unit.tree_path.strip("/").split("/")
            return [
                by_path[prefix]
                for i in range(1, len(parts) + 1)
                if (prefix := "/" + "/".join(parts[:i]) + "/") in by_path
            ]

        def to_basis(unit_id: int) -> list[actuals.Attribution]:
            unit = record_units[unit_id]
            direct = within(unit)
            if direct:
                return [actuals.Attribution(pk) for pk in direct]
            converted = {pk for other in related.get(unit_id, []) for pk in within(other)}
            return [actuals.Attribution(pk, derived=True) for pk in sorted(converted)]

        return to_basis

    # --- criteria indicators ---------------------------------------------------------------------------------

    def version(self, set_code: str) -> CriteriaSetVersion | None:
        if set_code not in self._versions:
            self._versions[set_code] = (
                CriteriaSetVersion.objects.filter(code=set_code).order_by("-version").first()
            )
        return self._versions[set_code]

    def indicator_info(self, target: Target) -> IndicatorInfo:
        version = self.version(target.set_code)
        info = IndicatorInfo(target.set_code, version.version if version else None, target.indicator_code)
        if version is not None:
            indicator = version.criteria_set().find_indicator(target.indicator_code)
            if indicator is not None:
                info.name = indicator.name
                info.provenance = indicator.provenance.status
                info.has_threshold = any(rule.has_value for rule in indicator.thresholds)
        return info

    def indicator_statuses(
        self, version: CriteriaSetVersion, year: int, units: list[AdministrativeUnit], code: str
    ) -> dict[int, str]:
        """Status of ``code`` per unit that has its own value (others are left out; wards against a commune set
        answer ``not_applicable``). Remembered per set version, year and indicator."""
        cache = self._evaluations[(version.pk, year, code)]
        todo = [unit for unit in units if unit.pk not in cache]
        if todo:
            cache.update(indicator_statuses(version, year, todo, code))
        return {unit.pk: cache[unit.pk] for unit in units if cache.get(unit.pk) is not None}

    def indicator_actual(self, target: Target, year: int) -> actuals.Actual | None:
        version = self.version(target.set_code)
        if version is None or version.criteria_set().find_indicator(target.indicator_code) is None:
            return None
        basis = self.basis_units(target)
        own = self.indicator_statuses(version, year, basis, target.indicator_code)
        remaining = [unit for unit in basis if unit.pk not in own]
        successors: dict[int, list[actuals.Successor]] = {}
        successor_status: dict[int, str] = {}
        if remaining and target.basis_structure == Structure.LEGACY:
            found = self.successors_of(remaining)
            new_units = {unit.pk: unit for units in found.values() for unit in units}
            successor_status = self.indicator_statuses(
                version, year, list(new_units.values()), target.indicator_code
            )
            successors = {
                pk: [actuals.Successor(unit.pk, unit.name) for unit in units] for pk, units in found.items()
            }
        detail = (
            _("No district level since 1/7/2025 — historical data only")
            if target.basis_level == "district"
            else _("No successor unit")
        )
        resolved = actuals.resolve_statuses(
            self._basis_rows(basis), own, successors, successor_status, no_successor_detail=detail
        )
        return actuals.indicator_share(self._basis_rows(basis), resolved)

    # --- registries ------------------------------------------------------------------------------------------

    def _records_actual(
        self, target: Target, rows: list[actuals.Record], units: dict[int, AdministrativeUnit], day
    ):
        basis = self.basis_units(target)
        return actuals.units_with_records(self._basis_rows(basis), rows, self.mapper(basis, units), day)

    def _in_basis_province(self, target: Target, rows, unit_of):
        """Rows whose unit counts for the basis (province-level targets): keep those the mapper attributes."""
        basis = self.basis_units(target)
        units = {unit_of(row).pk: unit_of(row) for row in rows}
        to_basis = self.mapper(basis, units)
        return [row for row in rows if to_basis(unit_of(row).pk)]

    def _rows(self, key: str, load):
        """Registry rows read once per Measurer (trend points differ only by date)."""
        if key not in self._memo:
            self._memo[key] = load()
        return self._memo[key]

    def cooperative_actual(self, target: Target, day: dt.date) -> actuals.Actual:
        cooperatives = self._rows("cooperatives", lambda: list(Cooperative.objects.select_related("unit")))
        rows = [
            actuals.Record(c.pk, c.unit_id, c.name, c.established_on, c.dissolved_on) for c in cooperatives
        ]
        return self._records_actual(target, rows, {c.unit_id: c.unit for c in cooperatives}, day)

    def online_service_actual(self, target: Target, day: dt.date) -> actuals.Actual:
        """Plan 202 II.2.c: a unit counts when it provides an essential online service **and** has collected
        residents' satisfaction on NTM results online — a closed survey campaign on recognition (NTM results) with
        online answers. A campaign about one service alone does not count; each unit counts with its own records
        (a commune's service does not count for its district)."""
        services = self._rows("services", lambda: list(OnlineService.objects.select_related("unit")))
        campaigns = self._rows(
            "ntm_campaigns",
            lambda: list(
                Campaign.objects.filter(
                    purpose=Purpose.RECOGNITION, status=CampaignStatus.CLOSED, frozen_results__isnull=False
                ).select_related("unit")
            ),
        )
        service_rows = tuple(
            actuals.Record(
                ("service", s.pk),
                s.unit_id,
                f"{s.name} ({s.get_field_display()})",
                s.started_on,
                s.ended_on,
            )
            for s in services
        )
        campaign_rows = []
        for campaign in campaigns:
            online = sum(group.get("online", 0) for group in campaign.frozen_results.get("hamlets", []))
            closed_on = timezone.localdate(campaign.closed_at) if campaign.closed_at else campaign.closes_on
            campaign_rows.append(
                actuals.Record(
                    ("campaign", campaign.pk),
                    campaign.unit_id,
                    _("Survey on NTM results: %(title)s (closed %(date)s, %(count)s online answers)")
                    % {"title": campaign.title, "date": f"{closed_on:%d/%m/%Y}", "count": online},
                    closed_on,
                    None,
                    online > 0,
                )
            )
        units = {s.unit_id: s.unit for s in services} | {c.unit_id: c.unit for c in campaigns}
        basis = self.basis_units(target)
        return actuals.units_with_all(
            self._basis_rows(basis),
            [
                actuals.RecordKind(service_rows, _("No essential online service")),
                actuals.RecordKind(
                    tuple(campaign_rows),
                    _("No closed online survey of residents' satisfaction with NTM results"),
                ),
            ],
            self.mapper(basis, units, own_unit_only=True),
            day,
        )

    def linkage_district_actual(self, target: Target, day: dt.date) -> actuals.Actual:
        models = self._rows("linkage", lambda: list(LinkageModel.objects.select_related("unit")))
        rows = [
            actuals.Record(m.pk, m.unit_id, f"{m.name} ({m.key_product})", m.started_on, m.ended_on)
            for m in models
        ]
        return self._records_actual(target, rows, {m.unit_id: m.unit for m in models}, day)

    def linkage_digital_actual(self, target: Target, day: dt.date) -> actuals.Actual:
        models = self._in_basis_province(
            target,
            self._rows("linkage", lambda: list(LinkageModel.objects.select_related("unit"))),
            lambda m: m.unit,
        )
        no_area = _("Not recorded as tied to a raw-material area applying digital technology")
        rows = [
            actuals.Record(
                m.pk,
                m.unit_id,
                f"{m.name} — {m.unit.name}",
                m.started_on,
                m.ended_on,
                m.uses_digital_area,
                f"{m.raw_material_area}: {m.digital_technology}" if m.uses_digital_area else no_area,
            )
            for m in models
        ]
        return actuals.record_share(rows, day)

    def managers_actual(self, target: Target, day: dt.date) -> actuals.Actual:
        def load():
            managers = self._in_basis_province(
                target, list(Manager.objects.select_related("unit")), lambda m: m.unit
            )
            courses: dict[int, list[tuple[str, dt.date | None]]] = defaultdict(list)
            attendances = Attendance.objects.filter(completed=True, manager__in=[m.pk for m in managers])
            for manager_id, title, ends_on in attendances.values_list(
                "manager_id", "course__title", "course__ends_on"
            ):
                courses[manager_id].append((title, ends_on))
            return [
                actuals.ManagerRow(
                    m.pk, f"{m.full_name} — {m.position}, {m.unit.name}", m.is_active, tuple(courses[m.pk])
                )
                for m in managers
            ]

        return actuals.managers_trained(self._rows(f"managers:{target.pk}", load), day)

    def pilots_actual(self, target: Target, day: dt.date) -> actuals.Actual:
        kind = target.params.get("kind", "")
        pilots = self._in_basis_province(
            target,
            self._rows(
                f"pilots:{kind}", lambda: list(PilotModel.objects.filter(kind=kind).select_related("unit"))
            ),
            lambda p: p.unit,
        )
        rows = [
            actuals.PilotRow(p.pk, f"{p.name} — {p.unit.name}", p.status, p.approval_number, p.approval_date)
            for p in pilots
        ]
        return actuals.pilots_completed(rows, day)

    def _reported_rows(self, target: Target) -> list[ReportedActual]:
        """The figures reported for ``target``, oldest first: read for all the reported targets of a page at once
        (``results``), else for this one."""
        if target.pk not in self._reported:
            self._reported[target.pk] = list(
                ReportedActual.objects.filter(target=target).order_by("as_of", "id")
            )
        return self._reported[target.pk]

    def reported_actual(self, target: Target, day: dt.date) -> actuals.Actual | None:
        rows = [
            actuals.ReportedRow(r.pk, r.as_of, r.numerator, r.denominator, r.note or r.original_name)
            for r in reversed(self._reported_rows(target))  # newest first, the model's order
        ]
        return actuals.reported(rows, day)

    # --- one target ------------------------------------------------------------------------------------------

    def actual(self, target: Target, *, year: int | None = None, day: dt.date | None = None):
        """The actual of ``target`` for ``year`` (indicator targets) or on ``day`` (the others)."""
        year = year or target.year
        day = day or min(self.today, target.deadline)
        method = target.method
        if method == TargetMethod.INDICATOR_SHARE:
            return self.indicator_actual(target, year)
        if method == TargetMethod.REPORTED:
            return self.reported_actual(target, day)
        return {
            TargetMethod.COOPERATIVE_SHARE: self.cooperative_actual,
            TargetMethod.ONLINE_SERVICE_SHARE: self.online_service_actual,
            TargetMethod.LINKAGE_DISTRICT_SHARE: self.linkage_district_actual,
            TargetMethod.LINKAGE_DIGITAL_SHARE: self.linkage_digital_actual,
            TargetMethod.MANAGERS_TRAINED: self.managers_actual,
            TargetMethod.PILOTS_COMPLETED: self.pilots_actual,
        }[method](target, day)

    def trend(self, target: Target) -> list[actuals.TrendPoint]:
        if target.method == TargetMethod.REPORTED:
            return [
                actuals.TrendPoint(
                    row.as_of.strftime("%d/%m/%Y"), row_percent(row), row.numerator, row.denominator
                )
                for row in self._reported_rows(target)
            ]
        first = target.plan.year_from
        last = min(target.year, self.today.year)
        points = []
        for year in range(first, last + 1):
            if target.method == TargetMethod.INDICATOR_SHARE:
                found = self.actual(target, year=year)
            else:
                found = self.actual(target, day=min(dt.date(year, 12, 31), self.today, target.deadline))
            value = found.value(target.measure_unit) if found is not None and found.has_data else None
            points.append(
                actuals.TrendPoint(
                    str(year), value, found.numerator if found else None, found.denominator if found else None
                )
            )
        return points

    def denominator_label(self, target: Target, actual: actuals.Actual | None) -> str:
        count = actual.denominator if actual is not None else 0
        method = target.method
        if method in (
            TargetMethod.INDICATOR_SHARE,
            TargetMethod.COOPERATIVE_SHARE,
            TargetMethod.ONLINE_SERVICE_SHARE,
            TargetMethod.LINKAGE_DISTRICT_SHARE,
        ):
            return self.basis_label(target, len(self.basis_units(target)))
        if method == TargetMethod.MANAGERS_TRAINED:
            return _("out of %(count)s managers in office in the registry") % {"count": count}
        if method == TargetMethod.LINKAGE_DIGITAL_SHARE:
            return _("out of %(count)s production-linkage models in operation") % {"count": count}
        if method == TargetMethod.PILOTS_COMPLETED:
            return _("out of %(count)s pilots in the pilot registry") % {"count": count}
        return _("reported numerator and denominator (with evidence)")

    def warnings(self, target: Target, info: IndicatorInfo | None) -> list[str]:
        found = []
        if info is not None:
            if info.set_version is None:
                found.append(_("Criteria set %(set)s is not loaded.") % {"set": info.set_code})
            elif not info.name:
                found.append(
                    _("Criteria set %(set)s has no indicator %(code)s.")
                    % {"set": info.set_code, "code": info.code}
                )
            elif info.provenance == PLACEHOLDER or not info.has_threshold:
                found.append(
                    _(
                        "Indicator %(code)s of %(set)s is a placeholder (no wording or threshold yet): the actual "
                        "cannot be computed until the official threshold is entered."
                    )
                    % {"code": info.code, "set": info.set_code}
                )
        if target.basis_level == "district":
            found.append(_("No district level since 1/7/2025 — historical data."))
        return found

    def result(self, target: Target, *, with_trend: bool = True) -> TargetResult:
        info = self.indicator_info(target) if target.method == TargetMethod.INDICATOR_SHARE else None
        actual = self.actual(target)
        warnings = self.warnings(target, info)
        unavailable = info is not None and (info.provenance == PLACEHOLDER or not info.has_threshold)
        value = (
            None
            if actual is None or unavailable or not actual.has_data
            else actual.value(target.measure_unit)
        )
        trend = self.trend(target) if with_trend else []
        if unavailable:
            trend = [actuals.TrendPoint(p.label, None) for p in trend]
        baseline = next((p.value for p in trend if p.value is not None), None)
        status = tracking.progress_status(
            value=value,
            target=float(target.target_value),
            comparison=target.comparison,
            start=dt.date(target.plan.year_from, 1, 1),
            deadline=target.deadline,
            today=self.today,
            baseline=baseline,
        )
        return TargetResult(
            target=target,
            actual=actual,
            value=value,
            status=status,
            trend=trend,
            denominator_label=self.denominator_label(target, actual),
            warnings=warnings,
            indicator=info,
            as_of=min(self.today, target.deadline),
        )

    def results(self, targets: Iterable[Target], *, with_trend: bool = True) -> list[TargetResult]:
        targets = list(targets)
        reported = [t.pk for t in targets if t.method == TargetMethod.REPORTED and t.pk not in self._reported]
        if reported:
            rows: dict[int, list[ReportedActual]] = defaultdict(list)
            for row in ReportedActual.objects.filter(target__in=reported).order_by("as_of", "id"):
                rows[row.target_id].append(row)
            self._reported.update({pk: rows[pk] for pk in reported})
        return [self.result(target, with_trend=with_trend) for target in targets]


def row_percent(row: ReportedActual) -> float | None:
    return round(row.numerator * 100 / row.denominator, 1) if row.denominator else None
