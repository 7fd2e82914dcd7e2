"""The boundary of a growing area: one GeoJSON polygon, checked, with its approximate area. Pure.

A boundary is a ``Polygon`` or ``MultiPolygon`` in longitude/latitude (WGS 84), inside Việt Nam's bounding box, with
closed rings of at least four positions. Its area is computed on a local equirectangular projection around the
polygon's mean latitude (good to well under 1 % for areas of a few hectares), so it can be compared with the area
the producer declares.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

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


# How far outside its commune's boundary a growing area may reach (degrees, about 2 km): commune boundaries in the
# register are simplified, and an area on the commune's edge must not be refused for that.
NEAR_COMMUNE_DEGREES = 0.02


def check_shape(geometry: Any) -> None:
    """Refuse a boundary that is not a valid polygon: a ring crossing itself, holes outside, or no area at all."""
    polygons(geometry)  # positions, closure, bounds and size first: the messages say what to fix
    shaped = shape(geometry)
    if not shaped.is_valid:
        raise BoundaryError(
            _("The polygon is not valid (%(reason)s): a ring crosses itself or a hole lies outside.")
            % {"reason": explain_validity(shaped)}
        )
    if shaped.area <= 0:
        raise BoundaryError(_("The polygon has no area."))


def check_near(geometry: Any, commune_geometry: Any, commune_name: str) -> None:
    """Refuse a boundary lying outside its commune (more than ``NEAR_COMMUNE_DEGREES`` from the commune's
    boundary): a polygon of another place, or the wrong commune chosen."""
    commune = shape(commune_geometry)
    if not commune.buffer(NEAR_COMMUNE_DEGREES).contains(shape(geometry)):
        raise BoundaryError(
            _("The polygon lies outside the commune %(commune)s: check the file or the commune chosen.")
            % {"commune": commune_name}
        )


def outline_svg(boundary: Any, *, width: int = 240, height: int = 160) -> str:
    """A small SVG outline of the boundary (no base map, no script): the "small map" of the pages; "" if none."""
    if not boundary:
        return ""
    try:
        shapes = polygons(boundary)
    except BoundaryError:
        return ""
    points = [p for polygon in shapes for ring in polygon for p in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    x_scale = math.cos(math.radians((min_y + max_y) / 2))
    scale = min((width - 20) / max((max_x - min_x) * x_scale, 1e-9), (height - 20) / max(max_y - min_y, 1e-9))
    paths = []
    for polygon in shapes:
        for ring in polygon:
            coords = " ".join(
                f"{10 + (x - min_x) * x_scale * scale:.1f},{height - 10 - (y - min_y) * scale:.1f}"
                for x, y in ring
            )
            paths.append(f"M{coords}Z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img"><rect width="100%" height="100%" fill="#eef5ea"/>'
        f'<path d="{" ".join(paths)}" fill="#7fb069" fill-opacity=".5" stroke="#2f6b1f" stroke-width="2" '
        f'fill-rule="evenodd"/></svg>'
    )


def inner_point(geometry: Any) -> tuple[float, float]:
    """A point surely inside the (multi)polygon (longitude, latitude): where demo areas of a commune go."""
    point = shape(geometry).representative_point()
    return (point.x, point.y)


LOCATOR_TOLERANCE = 0.0005  # degrees (about 50 m)


def locator_svg(boundary: Any, commune_geometry: Any, *, width: int = 160, height: int = 160) -> str:
    """A small static map: the commune's outline with the growing area filled and ringed by a marker, so even a
    few hectares in a large commune can be found; "" when either shape is missing."""
    if not boundary or not commune_geometry:
        return ""
    try:
        area_shapes = polygons(boundary)
        # the register's commune outline can have thousands of points: a thumbnail needs a few dozen
        simple = shape(commune_geometry).simplify(LOCATOR_TOLERANCE, preserve_topology=True)
        commune_shapes = polygons(json.loads(json.dumps(mapping(simple))))
    except (BoundaryError, ValueError, TypeError, AttributeError):
        return ""
    points = [p for polygon in commune_shapes + area_shapes for ring in polygon for p in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    x_scale = math.cos(math.radians((min_y + max_y) / 2))
    scale = min((width - 12) / max((max_x - min_x) * x_scale, 1e-9), (height - 12) / max(max_y - min_y, 1e-9))

    def project(lon: float, lat: float) -> tuple[float, float]:
        return 6 + (lon - min_x) * x_scale * scale, 6 + (max_y - lat) * scale

    def path(shapes: list) -> str:
        return " ".join(
            "M" + "L".join("{:.1f},{:.1f}".format(*project(x, y)) for x, y in ring) + "Z"
            for polygon in shapes
            for ring in polygon
        )

    cx, cy = project(*centre(boundary))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" fill-rule="evenodd"><path d="{path(commune_shapes)}" fill="#f4f1e8" stroke="#8a8a7a" '
        f'stroke-width="1"/><path d="{path(area_shapes)}" fill="#2f6b1f"/>'
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="7" fill="none" stroke="#c0392b" stroke-width="2"/></svg>'
    )
