"""The environment app's point layer for the internal map (``ntm.maps.layers`` pulls it): water points coloured
by their latest standing result."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.core.permissions import ENVIRONMENT, may_use_area
from ntm.environment.parameters import FAIL, PASS
from ntm.environment.selectors import latest_outcomes, scoped_points


def water_points(user, bbox) -> dict[str, Any]:
    if not may_use_area(user, ENVIRONMENT):
        return {"type": "FeatureCollection", "features": []}
    points = scoped_points(user).filter(latitude__isnull=False, longitude__isnull=False)
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        points = points.filter(
            longitude__gte=min_lon, longitude__lte=max_lon, latitude__gte=min_lat, latitude__lte=max_lat
        )
    points = list(points.select_related("unit")[:5000])
    latest = latest_outcomes(points)
    features = []
    for point in points:
        item = latest.get(point.pk)
        outcome = item.outcome if item else ""
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(point.longitude), float(point.latitude)]},
                "properties": {
                    "name": f"{point.code} — {point.name}",
                    "url": reverse("environment:point", args=[point.pk]),
                    "status": {PASS: "ok", FAIL: "alert"}.get(outcome, "none"),
                    "label": {
                        PASS: _("Latest result within limits"),
                        FAIL: _("Latest result outside a limit"),
                    }.get(outcome, _("No result yet")),
                    "colour": {PASS: "#1a7f37", FAIL: "#b42318"}.get(outcome, "#667085"),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
