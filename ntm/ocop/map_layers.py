"""What the map pulls from OCOP (``ntm.maps.layers``): producers with a location, as GeoJSON points, scoped like
the pages (staff by unit, a producer its own; a role outside the OCOP area gets an empty layer); rural tourism
points with a location likewise."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from ntm.ocop.models import Certificate
from ntm.ocop.selectors import producers_visible, tourism_points_visible


def producers(user, bbox: tuple[float, float, float, float] | None) -> dict[str, Any]:
    rows = producers_visible(user).filter(latitude__isnull=False, longitude__isnull=False)
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        rows = rows.filter(
            longitude__gte=min_lon, longitude__lte=max_lon, latitude__gte=min_lat, latitude__lte=max_lat
        )
    today = timezone.localdate()
    certified = dict(
        Certificate.objects.in_force(today)
        .filter(product__producer__in=rows)
        .values_list("product__producer_id", "star")
        .order_by("star")
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(p.longitude), float(p.latitude)]},
            "properties": {
                "name": p.name,
                "commune": p.unit.name,
                "kind": p.get_kind_display(),
                "star": certified.get(p.pk),
                "url": reverse("ocop:producers"),
            },
        }
        for p in rows[:5000]
    ]
    return {"type": "FeatureCollection", "features": features}


def tourism_points(user, bbox: tuple[float, float, float, float] | None) -> dict[str, Any]:
    rows = tourism_points_visible(user).filter(latitude__isnull=False, longitude__isnull=False)
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        rows = rows.filter(
            longitude__gte=min_lon, longitude__lte=max_lon, latitude__gte=min_lat, latitude__lte=max_lat
        )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(p.longitude), float(p.latitude)]},
            "properties": {
                "name": p.name,
                "commune": p.unit.name,
                "capacity": p.capacity,
                "url": reverse("ocop:tourism_point", args=[p.pk]),
            },
        }
        for p in rows[:5000]
    ]
    return {"type": "FeatureCollection", "features": features}
