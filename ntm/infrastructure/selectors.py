"""Reads of the infrastructure app, scoped by the user's units and role (area ``infrastructure``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ntm.core.permissions import INFRASTRUCTURE, may_use_area, require_area
from ntm.core.scoping import CHANGE, VIEW
from ntm.infrastructure import indicators, services
from ntm.infrastructure.models import (
    Asset,
    AssetKind,
    AssetStatus,
    MobileCoverage,
    PlanningDocument,
    PlanningMap,
    PlanningRecord,
    Technology,
)
from ntm.units.models import AdministrativeUnit, Hamlet, Level


def may_change(user) -> bool:
    return may_use_area(user, INFRASTRUCTURE, CHANGE)


def communes(user) -> QuerySet[AdministrativeUnit]:
    require_area(user, INFRASTRUCTURE)
    return (
        AdministrativeUnit.objects.restrict(user, area=INFRASTRUCTURE)
        .filter(level=Level.COMMUNE, valid_to__isnull=True)
        .order_by("name")
    )


def commune_for(user, unit_id: int, action: str = VIEW) -> AdministrativeUnit:
    unit = (
        AdministrativeUnit.objects.restrict(user, action, area=INFRASTRUCTURE)
        .filter(pk=unit_id, level=Level.COMMUNE)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def asset_for(user, asset_id: int, action: str = VIEW) -> Asset:
    return get_object_or_404(
        Asset.objects.restrict(user, action, area=INFRASTRUCTURE).select_related("unit", "hamlet"),
        pk=asset_id,
    )


def record_for(user, record_id: int, action: str = VIEW) -> PlanningRecord:
    return get_object_or_404(
        PlanningRecord.objects.restrict(user, action, area=INFRASTRUCTURE).select_related("unit"),
        pk=record_id,
    )


def document_for(user, document_id: int) -> PlanningDocument:
    records = PlanningRecord.objects.restrict(user, area=INFRASTRUCTURE)
    return get_object_or_404(PlanningDocument.objects.filter(record__in=records), pk=document_id)


def records_of(unit: AdministrativeUnit) -> list[PlanningRecord]:
    return list(PlanningRecord.objects.filter(unit=unit).prefetch_related("documents", "maps"))


def latest_map(record: PlanningRecord) -> PlanningMap | None:
    return record.maps.first()


@dataclass
class HamletRow:
    hamlet: Hamlet
    clusters: list[Asset]
    coverage: dict[str, bool | None]

    @property
    def loudspeakers_working(self) -> bool:
        return any(asset.status == AssetStatus.WORKING for asset in self.clusters)


@dataclass
class CommunePage:
    unit: AdministrativeUnit
    year: int
    hamlets: list[HamletRow]
    assets: list[Asset]
    radio: indicators.RadioResult
    plan_met: bool | None
    records: list[PlanningRecord]
    technologies: list[tuple[str, str]]
    surveyed_on: object


def commune_page(user, unit_id: int, year: int) -> CommunePage:
    unit = commune_for(user, unit_id)
    assets = list(Asset.objects.filter(unit=unit).select_related("hamlet").prefetch_related("checks"))
    hamlets = list(Hamlet.objects.filter(unit=unit, is_active=True).order_by("name"))
    coverage = {
        (row.hamlet_id, row.technology): row for row in MobileCoverage.objects.filter(hamlet__in=hamlets)
    }
    rows = [
        HamletRow(
            hamlet=hamlet,
            clusters=[
                asset
                for asset in assets
                if asset.kind == AssetKind.LOUDSPEAKER
                and asset.hamlet_id == hamlet.pk
                and asset.status != AssetStatus.RETIRED
            ],
            coverage={
                tech: (coverage[(hamlet.pk, tech)].covered if (hamlet.pk, tech) in coverage else None)
                for tech in Technology.values
            },
        )
        for hamlet in hamlets
    ]
    dates = [row.surveyed_on for row in coverage.values()]
    records = records_of(unit)
    return CommunePage(
        unit=unit,
        year=year,
        hamlets=rows,
        assets=assets,
        radio=services.radio_result(unit, year),
        plan_met=services.plan_result(unit, year),
        records=records,
        technologies=list(Technology.choices),
        surveyed_on=max(dates) if dates else None,
    )


@dataclass
class CommuneSummary:
    unit: AdministrativeUnit
    counts: dict[str, int]
    broken: int
    radio_met: bool | None
    plan_met: bool | None


def summaries(user, year: int) -> list[CommuneSummary]:
    units = list(communes(user))
    assets = (
        Asset.objects.filter(unit__in=units)
        .exclude(status=AssetStatus.RETIRED)
        .values("unit_id", "kind", "status")
    )
    counts: dict[int, dict[str, int]] = {unit.pk: {} for unit in units}
    broken: dict[int, int] = {}
    for asset in assets:
        by_kind = counts[asset["unit_id"]]
        by_kind[asset["kind"]] = by_kind.get(asset["kind"], 0) + 1
        if asset["status"] == AssetStatus.BROKEN:
            broken[asset["unit_id"]] = broken.get(asset["unit_id"], 0) + 1
    with_data = {pk for pk, by_kind in counts.items() if by_kind} | set(
        PlanningRecord.objects.filter(unit__in=units).values_list("unit_id", flat=True)
    )
    return [
        CommuneSummary(
            unit=unit,
            counts=counts[unit.pk],
            broken=broken.get(unit.pk, 0),
            radio_met=services.radio_result(unit, year).met if unit.pk in with_data else None,
            plan_met=services.plan_result(unit, year) if unit.pk in with_data else None,
        )
        for unit in units
    ]


def hamlets_for(unit: AdministrativeUnit) -> QuerySet[Hamlet]:
    return Hamlet.objects.filter(unit=unit, is_active=True).order_by("name")
