"""Helpers for map tests: small synthetic boundaries (adjacent squares) instead of the real import."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from shapely.geometry import Polygon, mapping

from ntm.assessment import map_layers as assessment_map_layers
from ntm.status.services import status_record_create
from ntm.units.models import BoundarySource, UnitBoundary

WEST = Polygon([(106.9, 10.7), (107.0, 10.7), (107.0, 10.8), (106.9, 10.8)])
# The neighbour's copy of the shared edge (x = 107.0) zig-zags by up to 0.00005°, as independently simplified
# copies of one border do: the map must still draw that border once.
EAST = Polygon(
    [
        (107.1, 10.7),
        (107.1, 10.8),
        (107.00004, 10.8),
        (106.99996, 10.775),
        (107.00005, 10.75),
        (106.99997, 10.725),
        (107.0, 10.7),
    ]
)


def boundary(unit, polygon: Polygon = WEST) -> UnitBoundary:
    min_lon, min_lat, max_lon, max_lat = polygon.bounds
    return UnitBoundary.objects.create(
        unit=unit,
        geometry=mapping(polygon),
        source=BoundarySource.IMPORTED,
        min_lon=min_lon,
        min_lat=min_lat,
        max_lon=max_lon,
        max_lat=max_lat,
    )


def decision(unit, level="ntm", number="QĐ 12/QĐ-UBND", date=dt.date(2024, 5, 2), **extra):
    return status_record_create(
        unit=unit, level=level, decision_number=number, decision_date=date, source="register", **extra
    )


@contextmanager
def self_assessed(fn):
    """Inside the block the assessment app's map functions (``ntm.assessment.map_layers.self_assessment`` and
    its several-year form ``self_assessments``, what the map pulls) answer with ``fn`` (one call per year)."""

    def several(units, years, *, published_only):
        return {year: fn(units, year, published_only=published_only) for year in years}

    with (
        mock.patch.object(assessment_map_layers, "self_assessment", fn),
        mock.patch.object(assessment_map_layers, "self_assessments", several),
    ):
        yield


def provider_from(results: dict, calls: list | None = None):
    """A stand-in for the assessment app's self_assessment answering ``results`` ({unit_id: result}) for every
    year; logs its calls."""

    def provide(units, year, *, published_only):
        if calls is not None:
            calls.append(
                {"units": [unit.pk for unit in units], "year": year, "published_only": published_only}
            )
        return {unit.pk: results[unit.pk] for unit in units if unit.pk in results}

    return provide


def assessment(met: int, total: int = 19, *, provisional: bool = False, by_criterion=None, url: str = ""):
    result = {
        "criteria_met": met,
        "criteria_total": total,
        "provisional": provisional,
        "level": "ntm",
        "by_criterion": by_criterion or {},
    }
    if url:
        result["url"] = url
    return result
