"""Server-rendered SVG thumbnails of boundaries (no Django import, no JavaScript).

GeoJSON is longitude/latitude; the drawing uses an equirectangular projection with the longitude scaled by
cos(latitude) at the centre, which is accurate enough at commune and province scale.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from shapely.geometry import mapping
from shapely.geometry import shape as as_geometry

Ring = Sequence[Sequence[float]]


@dataclass(frozen=True)
class Shape:
    geometry: dict
    css_class: str = "shape"
    label: str = ""


def _polygons(geometry: dict) -> Iterator[Sequence[Ring]]:
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]


def _points(shapes: Iterable[Shape]) -> Iterator[Sequence[float]]:
    for shape in shapes:
        for polygon in _polygons(shape.geometry):
            for ring in polygon:
                yield from ring


def simplified(shapes: Sequence[Shape], tolerance: float) -> list[Shape]:
    """The same shapes with their geometry simplified (degrees), to keep a many-unit drawing small."""
    return [
        Shape(
            mapping(as_geometry(s.geometry).simplify(tolerance, preserve_topology=True)), s.css_class, s.label
        )
        for s in shapes
    ]


def render_svg(
    shapes: Sequence[Shape], *, width: int = 320, height: int = 240, padding: int = 6, title: str = ""
) -> str:
    """An SVG document drawing ``shapes`` fitted into ``width`` by ``height``; empty string when nothing to draw."""
    points = list(_points(shapes))
    if not points:
        return ""
    min_lon = min(p[0] for p in points)
    max_lon = max(p[0] for p in points)
    min_lat = min(p[1] for p in points)
    max_lat = max(p[1] for p in points)
    x_scale = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * x_scale, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = min((width - 2 * padding) / span_x, (height - 2 * padding) / span_y)
    offset_x = (width - span_x * scale) / 2
    offset_y = (height - span_y * scale) / 2

    def project(point: Sequence[float]) -> str:
        x = offset_x + (point[0] - min_lon) * x_scale * scale
        y = offset_y + (max_lat - point[1]) * scale
        return f"{x:.1f},{y:.1f}"

    paths = []
    for shape in shapes:
        commands = []
        for polygon in _polygons(shape.geometry):
            for ring in polygon:
                commands.append("M" + "L".join(project(point) for point in ring) + "Z")
        label = f"<title>{_escape(shape.label)}</title>" if shape.label else ""
        paths.append(f'<path class="{shape.css_class}" d="{"".join(commands)}">{label}</path>')
    heading = f"<title>{_escape(title)}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" fill-rule="evenodd">{heading}{"".join(paths)}</svg>'
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
