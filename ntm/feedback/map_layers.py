"""The feedback app's layer for the internal map (``ntm.maps.layers`` pulls it): citizen feedback that came with a
location, coloured by state, for the officers who read the inbox. Only the category, the commune and ấp, the state
and the due date are shown: never the text, the contact or the photo."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from ntm.core.permissions import FEEDBACK, may_use_area
from ntm.feedback.models import FeedbackState
from ntm.feedback.selectors import inbox

EMPTY: dict[str, Any] = {"type": "FeatureCollection", "features": []}
COLOURS = {FeedbackState.NEW: "#b42318", FeedbackState.ANSWERED: "#b54708", FeedbackState.HANDLED: "#1a7f37"}


def feedback_points(user, bbox) -> dict[str, Any]:
    if not may_use_area(user, FEEDBACK):
        return EMPTY
    items = inbox(user).filter(latitude__isnull=False, longitude__isnull=False)
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        items = items.filter(
            longitude__gte=min_lon, longitude__lte=max_lon, latitude__gte=min_lat, latitude__lte=max_lat
        )
    today = timezone.localdate()
    features = []
    for item in items[:5000]:
        where = f"{item.hamlet.name}, {item.unit.name}" if item.hamlet else item.unit.name
        overdue = item.state == FeedbackState.NEW and item.due_on < today
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(item.longitude), float(item.latitude)]},
                "properties": {
                    "name": f"{item.get_category_display()} — {where}",
                    "url": reverse("feedback:item", args=[item.pk]),
                    "status": "alert" if overdue else "ok",
                    "label": f"{item.get_state_display()} · {item.due_on:%d/%m/%Y}",
                    "colour": COLOURS.get(item.state, "#667085"),
                    "kind": item.category,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
