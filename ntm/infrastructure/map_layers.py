"""The infrastructure app's layers for the internal map (``ntm.maps.layers`` pulls them): the digital
infrastructure inventory coloured by status, and the planning maps in force."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.core.permissions import INFRASTRUCTURE, may_use_area
from ntm.infrastructure.models import Asset, AssetStatus, PlanningRecord

EMPTY: dict[str, Any] = {"type": "FeatureCollection", "features": []}
COLOURS = {AssetStatus.WORKING: "#1a7f37", AssetStatus.BROKEN: "#b42318"}


def digital_infrastructure(user, bbox) -> dict[str, Any]:
    if not may_use_area(user, INFRASTRUCTURE):
        return EMPTY
    assets = (
        Asset.objects.restrict(user, area=INFRASTRUCTURE)
        .exclude(status=AssetStatus.RETIRED)
        .filter(latitude__isnull=False, longitude__isnull=False)
    )
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        assets = assets.filter(
            longitude__gte=min_lon, longitude__lte=max_lon, latitude__gte=min_lat, latitude__lte=max_lat
        )
    features = []
    for asset in assets.select_related("unit", "hamlet")[:5000]:
        where = f"{asset.hamlet.name}, {asset.unit.name}" if asset.hamlet else asset.unit.name
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(asset.longitude), float(asset.latitude)]},
                "properties": {
                    "name": f"{asset.get_kind_display()}: {asset.name}",
                    "url": reverse("infrastructure:commune", args=[asset.unit_id]),
                    "status": "ok" if asset.status == AssetStatus.WORKING else "alert",
                    "label": f"{asset.get_status_display()} ({asset.status_on:%d/%m/%Y}) — {where}",
                    "colour": COLOURS.get(asset.status, "#667085"),
                    "kind": asset.kind,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def planning_maps(user, bbox) -> dict[str, Any]:
    """The latest uploaded map of each commune's plan in force (the latest approval decision)."""
    if not may_use_area(user, INFRASTRUCTURE):
        return EMPTY
    features = []
    seen: set[int] = set()
    records = PlanningRecord.objects.restrict(user, area=INFRASTRUCTURE).select_related("unit")
    for record in records.order_by("unit_id", "-decision_date", "-id"):
        if record.unit_id in seen:
            continue
        seen.add(record.unit_id)
        latest = record.maps.first()
        if latest is None:
            continue
        for feature in latest.features:
            properties = dict(feature.get("properties") or {})
            features.append(
                {
                    "type": "Feature",
                    "geometry": feature["geometry"],
                    "properties": {
                        "name": str(properties.get("name") or record.title),
                        "label": _("Plan approved by %(decision)s") % {"decision": record},
                        "url": reverse("infrastructure:planning", args=[record.unit_id]),
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}
