"""What the map pulls from traceability (see ``ntm.maps.layers``): the growing areas the user may see, as points at
the centre of their boundary, with their code, status and crop. Areas without a drawn boundary have no point.

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


def _feature(area, **extra: Any) -> dict[str, Any]:
    """An area as a point at its centre, with what both layers show and the layer's own ``extra`` properties."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [area.centre_lon, area.centre_lat]},
        "properties": {
            "name": area.name,
            "code": area.code,
            "status": area.get_status_display(),
            "crop": area.crop,
            "area_ha": float(area.area_ha),
            "unit": area.unit.name,
            "label": _label(area),
            **extra,
        },
    }


def growing_areas(user, bbox: tuple[float, float, float, float] | None) -> dict[str, Any]:
    areas = _in_bbox(areas_for(user), bbox)
    features = [_feature(area, url=reverse("traceability:area", args=[area.pk])) for area in areas]
    return {"type": "FeatureCollection", "features": features}


PUBLIC_STATUSES = (AreaStatus.ACTIVE, AreaStatus.SUSPENDED)
SUSPENDED_COLOUR, ACTIVE_COLOUR = "#e67e22", "#4daf4a"


def public_growing_areas(bbox: tuple[float, float, float, float] | None) -> dict[str, Any]:
    """Growing areas with an issued code (in force or suspended), for everyone."""
    areas = _in_bbox(
        GrowingArea.objects.filter(status__in=PUBLIC_STATUSES).exclude(code="").select_related("unit"), bbox
    )
    features = [
        _feature(area, colour=SUSPENDED_COLOUR if area.status == AreaStatus.SUSPENDED else ACTIVE_COLOUR)
        for area in areas
    ]
    return {"type": "FeatureCollection", "features": features}
