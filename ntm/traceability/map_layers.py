"""What the map pulls from traceability (see ``ntm.maps.layers``): the growing areas the user may see, each drawn as
its boundary polygon together with a point at its centre (a GeoJSON GeometryCollection: the polygon of a few
hectares is lost at the province's zoom, the point is not), coloured by the code's status, with their code, status
and crop. An area with a centre but no stored polygon is a point alone; an area with neither has no place on the
map.

``public_growing_areas`` is the public map's layer: only areas whose code has been issued (in force or suspended,
the status says which), with what a trace page shows anyway (name, code, crop, commune, area); no account, no link
to the internal page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from ntm.traceability.models import AreaStatus, GrowingArea
from ntm.traceability.selectors import areas_for


def _in_bbox(areas, bbox):
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        areas = areas.filter(
            centre_lon__gte=min_lon, centre_lon__lte=max_lon, centre_lat__gte=min_lat, centre_lat__lte=max_lat
        )
    return areas.filter(centre_lon__isnull=False, centre_lat__isnull=False).order_by("pk")[:5000]


def _label(area) -> str:
    return " · ".join(part for part in (area.code, area.crop, area.get_status_display()) if part)


# The code's status on the map (the popup's label names the status too: never colour alone).
STATUS_COLOURS = {
    AreaStatus.REGISTERED: "#377eb8",
    AreaStatus.ACTIVE: "#4daf4a",
    AreaStatus.SUSPENDED: "#e67e22",
    AreaStatus.CANCELLED: "#999999",
}


def _geometry(area) -> dict[str, Any]:
    point = {"type": "Point", "coordinates": [area.centre_lon, area.centre_lat]}
    boundary = area.boundary
    if isinstance(boundary, dict) and boundary.get("type") == "Feature":
        boundary = boundary.get("geometry")
    if not (isinstance(boundary, dict) and boundary.get("type") in {"Polygon", "MultiPolygon"}):
        return point
    return {"type": "GeometryCollection", "geometries": [boundary, point]}


def _feature(area, **extra: Any) -> dict[str, Any]:
    """An area as its polygon and centre point (a point alone without a polygon), coloured by its code's status,
    with what both layers show and the layer's own ``extra`` properties."""
    return {
        "type": "Feature",
        "geometry": _geometry(area),
        "properties": {
            "name": area.name,
            "code": area.code,
            "status": area.get_status_display(),
            "crop": area.crop,
            "area_ha": float(area.area_ha),
            "unit": area.unit.name,
            "label": _label(area),
            "colour": STATUS_COLOURS.get(area.status, "#999999"),
            **extra,
        },
    }


def growing_areas(user, bbox: tuple[float, float, float, float] | None) -> dict[str, Any]:
    areas = _in_bbox(areas_for(user), bbox)
    features = [_feature(area, url=reverse("traceability:area", args=[area.pk])) for area in areas]
    return {"type": "FeatureCollection", "features": features}


PUBLIC_STATUSES = (AreaStatus.ACTIVE, AreaStatus.SUSPENDED)


def public_growing_areas(bbox: tuple[float, float, float, float] | None) -> dict[str, Any]:
    """Growing areas with an issued code (in force or suspended), for everyone."""
    areas = _in_bbox(
        GrowingArea.objects.filter(status__in=PUBLIC_STATUSES).exclude(code="").select_related("unit"), bbox
    )
    features = [_feature(area) for area in areas]
    return {"type": "FeatureCollection", "features": features}
