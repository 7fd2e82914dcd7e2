"""The boundary of a growing area: one GeoJSON polygon, checked, with its approximate area. Pure.

A boundary is a ``Polygon`` or ``MultiPolygon`` in longitude/latitude (WGS 84), inside Việt Nam's bounding box, with
closed rings of at least four positions. Its area is computed on a local equirectangular projection around the
polygon's mean latitude (good to well under 1 % for areas of a few hectares), so it can be compared with the area
the producer declares.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from ntm.core.messages import gettext as _

# Việt Nam's mainland and islands, generously: a point outside is a swapped or mistyped coordinate.
BOUNDS = (102.0, 8.0, 118.0, 24.0)
EARTH_RADIUS_M = 6_371_008.8
MAX_POSITIONS = 5000


class BoundaryError(ValueError):
    """The boundary cannot be used; the message says why."""


def _ring(ring: Any) -> list[tuple[float, float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise BoundaryError(
            _("Each ring of the polygon needs at least four positions (the last repeats the first).")
        )
    points = []
    for position in ring:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in position[:2])
        ):
            raise BoundaryError(_("A position of the polygon is not a [longitude, latitude] pair."))
        lon, lat = float(position[0]), float(position[1])
        if not (BOUNDS[0] <= lon <= BOUNDS[2] and BOUNDS[1] <= lat <= BOUNDS[3]):
            raise BoundaryError(
                _("The point (%(lon)s, %(lat)s) is outside Việt Nam: are longitude and latitude swapped?")
                % {"lon": lon, "lat": lat}
            )
        points.append((lon, lat))
    if points[0] != points[-1]:
        raise BoundaryError(
            _("A ring of the polygon is not closed (the last position must repeat the first).")
        )
    return points


def polygons(geometry: Any) -> list[list[list[tuple[float, float]]]]:
    """The polygons (outer ring, then holes) of a Polygon or MultiPolygon geometry; ``BoundaryError`` if unusable."""
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        raise BoundaryError(_("The boundary must be a GeoJSON Polygon or MultiPolygon."))
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise BoundaryError(_("The polygon has no coordinates."))
    raw = [coordinates] if geometry["type"] == "Polygon" else coordinates
    result = [[_ring(ring) for ring in (polygon if isinstance(polygon, list) else [None])] for polygon in raw]
    if sum(len(ring) for polygon in result for ring in polygon) > MAX_POSITIONS:
        raise BoundaryError(
            _("The boundary has more than %(max)s positions; simplify it.") % {"max": MAX_POSITIONS}
        )
    return result


def _planar_area(ring: list[tuple[float, float]], lat0: float) -> float:
    kx = math.radians(1) * EARTH_RADIUS_M * math.cos(math.radians(lat0))
    ky = math.radians(1) * EARTH_RADIUS_M
    twice = sum(x1 * kx * y2 * ky - x2 * kx * y1 * ky for (x1, y1), (x2, y2) in itertools.pairwise(ring))
    return abs(twice) / 2


def area_ha(geometry: Any) -> float:
    """The area of the boundary in hectares (holes subtracted)."""
    shapes = polygons(geometry)
    lats = [lat for polygon in shapes for ring in polygon for _lon, lat in ring]
    lat0 = sum(lats) / len(lats)
    square_metres = sum(
        _planar_area(polygon[0], lat0) - sum(_planar_area(hole, lat0) for hole in polygon[1:])
        for polygon in shapes
    )
    return square_metres / 10_000


def centre(geometry: Any) -> tuple[float, float]:
    """The mean of the outer rings' positions (longitude, latitude): where a marker goes on a map."""
    points = [point for polygon in polygons(geometry) for point in polygon[0][:-1]]
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
