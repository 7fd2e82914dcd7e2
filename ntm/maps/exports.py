"""The map's data as Excel and GeoJSON (the same rows and boundaries the map shows)."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.maps import presenters
from ntm.maps.selectors import MapRow, MapView


def row_record(row: MapRow, view: MapView, base_url: str) -> dict:
    """One unit as plain data (GeoJSON properties; the Excel columns are the same in the same order)."""
    record = row.status.record
    assessment = row.assessment
    return {
        "code": row.unit.code,
        "name": row.unit.name,
        "unit_type": row.unit.unit_type,
        "structure": row.unit.structure,
        "applicable": row.applicable,
        "status": row.status.level if row.applicable else "na",
        "status_label": presenters.status_label(row),
        "decision_number": record.decision_number if record else None,
        "decision_date": record.decision_date.isoformat() if record else None,
        "status_on": view.query.on.isoformat(),
        "self_assessed_year": view.query.year,
        "criteria_met": assessment["criteria_met"] if assessment else None,
        "criteria_total": assessment["criteria_total"] if assessment else None,
        "self_assessed_provisional": bool(assessment and assessment.get("provisional")),
        "formed_from": [link.old_unit.code for link in row.predecessors],
        "part_of": [link.new_unit.code for link in row.successors],
        "has_boundary": row.has_boundary,
        "url": base_url + presenters.public_url(row),
    }


def _headers() -> list[str]:
    return [
        _("Code"),
        _("Name"),
        _("Type"),
        _("Structure"),
        _("Subject of the commune NTM sets"),
        _("Status code"),
        _("Official status"),
        _("Decision number"),
        _("Decision date"),
        _("Status on"),
        _("Self-assessment year"),
        _("Criteria met (self-assessed)"),
        _("Criteria in the set"),
        _("Provisional threshold"),
        _("Formed on 1/7/2025 from"),
        _("From 1/7/2025 part of"),
        _("Has a boundary"),
        _("Public page"),
    ]


def map_workbook(view: MapView, base_url: str, *, title: str, source: str) -> bytes:
    rows = ([_cell(value) for value in row_record(row, view, base_url).values()] for row in view.rows)
    return workbook_bytes(
        [Sheet(_("Map data"), preamble=[[title], [source], []], header=_headers(), rows=rows)]
    )


def _cell(value):
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(value)
    return value


def _rounded(geometry: BaseGeometry) -> dict:
    def walk(value):
        if isinstance(value, list | tuple):
            if value and isinstance(value[0], float | int):
                return [round(number, 6) for number in value]
            return [walk(item) for item in value]
        return value

    data = mapping(geometry)
    return {"type": data["type"], "coordinates": walk(data["coordinates"])}


def map_geojson(view: MapView, geometries: dict[str, BaseGeometry], base_url: str, *, source: str) -> bytes:
    """A FeatureCollection of the units with the boundaries as served (units without one: ``geometry: null``)."""
    features = [
        {
            "type": "Feature",
            "id": row.unit.code,
            "geometry": _rounded(geometries[row.unit.code]) if row.unit.code in geometries else None,
            "properties": row_record(row, view, base_url),
        }
        for row in view.rows
    ]
    document = {"type": "FeatureCollection", "name": source, "features": features}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
