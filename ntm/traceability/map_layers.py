"""What the map pulls from traceability (see ``ntm.maps.layers``): the growing areas the user may see, as points at
the centre of their boundary, with their code, status and crop. Areas without a drawn boundary have no point."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from ntm.traceability.selectors import areas_for


def growing_areas(user, bbox: tuple[float, float, float, float] | None) -> dict[str, Any]:
    areas = areas_for(user).filter(centre_lon__isnull=False, centre_lat__isnull=False)
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        areas = areas.filter(
            centre_lon__gte=min_lon, centre_lon__lte=max_lon, centre_lat__gte=min_lat, centre_lat__lte=max_lat
        )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [area.centre_lon, area.centre_lat]},
            "properties": {
                "name": area.name,
                "code": area.code,
                "status": area.get_status_display(),
                "crop": area.crop,
                "area_ha": float(area.area_ha),
                "unit": area.unit.name,
                "url": reverse("traceability:area", args=[area.pk]),
            },
        }
        for area in areas.order_by("pk")[:5000]
    ]
    return {"type": "FeatureCollection", "features": features}
