"""Map layers as TopoJSON with shared borders, built from stored boundaries (shapely only, no Django import).

Stored boundaries are simplified one unit at a time at import, so two neighbours' copies of their common border
drift apart by up to the import tolerance (slivers: thin gaps and overlaps). Derived 2025 boundaries can also
overlap for real, when an old commune went only partly into each of two new ones. The served layer must keep
every boundary within a fixed distance of the stored one while drawing each common border once. So:

1. **Overlay.** Every ring of every unit is noded and polygonised into faces; a face belongs to every unit whose
   stored geometry contains it (two owners where approximate boundaries really overlap).
2. **Slivers.** A face that is thin (width ``2·area/perimeter`` below ``sliver_width``) and has no owner or
   several is a sliver. It goes to the one unit whose boundary moves least by taking it (a gap to a touching
   unit, an overlap to one of its owners), and only if that move is at most ``2·sliver_width``.
3. **Units** are the union of their faces (a coverage union, which keeps the vertices exactly), so neighbours
   now have identical coordinates along their common border.
4. **Arcs.** Rings are cut where the border changes neighbours (junctions) and each arc is stored once; the
   neighbour refers to it reversed (``~index``), as in the TopoJSON specification.
5. **Simplification on the grid.** Each arc is simplified with Douglas-Peucker (its end points fixed, so arcs
   still meet) choosing points of an integer grid of ``quantum`` degrees, with every original point within
   ``tolerance`` of the snapped segments: quantisation does not add to the simplification's error. Arcs are
   delta-encoded.
6. **Holding the distance** (when ``max_distance`` is set): every unit is measured against its stored boundary;
   the arcs of a unit further than ``max_distance`` are simplified again more finely until it holds.

A boundary therefore strays from the stored one by at most about ``2·sliver_width + tolerance`` (and at most
``max_distance`` when set); :func:`hausdorff_report` measures the real value for every unit (Hausdorff distance,
densified).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

Point = tuple[float, float]

OBJECT_NAME: Final = "units"
SLIVER_WIDTH: Final = 0.0003


@dataclass(frozen=True, slots=True)
class TopologyOptions:
    """How a layer is built. Distances are in degrees (0.0001° ≈ 11 m at Đồng Nai's latitude)."""

    tolerance: float = 0.0005
    """Douglas-Peucker tolerance per arc."""
    quantum: float = 0.0001
    """Grid step of the quantised coordinates."""
    sliver_width: float = SLIVER_WIDTH
    """Gaps and overlaps between neighbours thinner than this are slivers, given to one neighbour."""
    max_distance: float | None = None
    """When set, every served boundary is measured against its stored one and the arcs of a unit further than
    this are simplified again, more finely, until it holds (see :func:`_hold_distance`)."""


@dataclass(frozen=True, slots=True)
class HausdorffReport:
    """The largest distance between a served boundary and its stored one, and which unit has it."""

    maximum: float
    key: str | None
    count: int


# ---------------------------------------------------------------------------------------------------------------
# 1-3: a coverage with shared borders
# ---------------------------------------------------------------------------------------------------------------


def shared_border_coverage(
    geometries: Mapping[str, BaseGeometry], *, sliver_width: float = SLIVER_WIDTH
) -> dict[str, BaseGeometry]:
    """The units redrawn on one planar overlay so that neighbours share their borders exactly.

    Real overlaps (wider than ``sliver_width``) stay shared by both units; each sliver goes to the unit whose
    stored boundary it hugs (:func:`_sliver_owner`), or stays as it is when no unit is close enough.
    """
    keys = sorted(key for key, geometry in geometries.items() if not geometry.is_empty)
    if not keys:
        return {}
    units = np.array([geometries[key] for key in keys], dtype=object)
    borders = shapely.boundary(units)
    faces = _faces(shapely.union_all(borders))
    if len(faces) == 0:
        return {key: geometries[key] for key in keys}
    tree = shapely.STRtree(units)
    face_index, unit_index = tree.query(shapely.point_on_surface(faces), predicate="within")
    owners: dict[int, list[int]] = defaultdict(list)
    for face, unit in zip(face_index.tolist(), unit_index.tolist(), strict=True):
        owners[face].append(unit)
    perimeters = shapely.length(faces)
    widths = np.divide(2 * shapely.area(faces), perimeters, out=np.zeros(len(faces)), where=perimeters > 0)
    parts: dict[int, list[BaseGeometry]] = defaultdict(list)
    for face, geometry in enumerate(faces):
        face_owners = owners.get(face, [])
        if len(face_owners) != 1 and widths[face] < sliver_width:
            chosen = _sliver_owner(geometry, face_owners, tree, borders, limit=sliver_width)
            face_owners = face_owners if chosen is None else [chosen]
        for unit in face_owners:
            parts[unit].append(geometry)
    result = {}
    for index, key in enumerate(keys):
        pieces = parts.get(index)
        if not pieces:
            result[key] = geometries[key]  # nothing but slivers: served as stored
        else:
            result[key] = pieces[0] if len(pieces) == 1 else shapely.coverage_union_all(pieces)
    return result


def _faces(noded: BaseGeometry) -> np.ndarray:
    """The faces of noded lines. A hole that touches its shell at one point comes out of polygonising as a
    face of its own while the shell's face ignores it; such faces are cut out of the face that covers them."""
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    inner, outer = shapely.STRtree(faces).query(shapely.point_on_surface(faces), predicate="within")
    for small, big in zip(inner.tolist(), outer.tolist(), strict=True):
        if small != big:
            faces[big] = shapely.difference(faces[big], faces[small])
    return faces


def _sliver_owner(
    face: Polygon, owners: Sequence[int], tree: shapely.STRtree, borders: np.ndarray, *, limit: float
) -> int | None:
    """The unit a sliver goes to: the choice that moves boundaries least (at most ``limit``), or ``None``.

    A thin overlap goes to one of its owners, so the others lose it; a thin gap goes to one touching unit,
    which gains it. A hole or notch of a single unit is never filled (its outline is the unit's own).
    """
    if len(owners) > 1:
        losses = {unit: _move(face, borders[unit], limit) for unit in owners}
        costs = {unit: max(cost for other, cost in losses.items() if other != unit) for unit in owners}
    else:
        costs = {
            unit: _move(face, borders[unit], limit)
            for unit in tree.query(face, predicate="intersects").tolist()
        }
    if not costs:
        return None
    best = min(costs, key=lambda unit: (costs[unit], unit))
    return best if costs[best] <= limit else None


def _move(face: Polygon, border: BaseGeometry, step: float) -> float:
    """How far a unit's boundary moves when it gains or loses ``face``: the Hausdorff distance between the
    part of the face's outline on the unit's boundary (which goes) and the rest of the outline (which comes)."""
    outline = face.boundary
    going = shapely.intersection(outline, border)
    coming = shapely.difference(outline, border)
    if shapely.length(going) == 0 or shapely.length(coming) == 0:
        return float("inf")
    return float(
        shapely.hausdorff_distance(shapely.segmentize(going, step), shapely.segmentize(coming, step))
    )


# ---------------------------------------------------------------------------------------------------------------
# 4: arcs
# ---------------------------------------------------------------------------------------------------------------


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry] if not geometry.is_empty else []
    if isinstance(geometry, MultiPolygon):
        return [part for part in geometry.geoms if not part.is_empty]
    return [part for sub in getattr(geometry, "geoms", ()) for part in _polygons(sub)]


def _open_ring(ring) -> list[Point]:
    """A ring's distinct points in order (without the closing point), consecutive duplicates removed."""
    points: list[Point] = []
    for x, y in ring.coords:
        point = (x, y)
        if not points or points[-1] != point:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def _rings(geometry: BaseGeometry) -> list[list[list[Point]]]:
    """Polygons → rings → points; exteriors counter-clockwise and holes clockwise (RFC 7946)."""
    result = []
    for polygon in _polygons(shapely.orient_polygons(geometry, exterior_cw=False)):
        rings = [_open_ring(polygon.exterior), *(_open_ring(hole) for hole in polygon.interiors)]
        rings = [ring for ring in rings if len(ring) >= 3]
        if rings:
            result.append(rings)
    return result


def _junctions(all_rings: Iterable[list[Point]]) -> set[Point]:
    """Points where a border changes neighbours: they have different neighbouring points in different rings."""
    seen: dict[Point, tuple[Point, Point]] = {}
    junctions: set[Point] = set()
    for ring in all_rings:
        count = len(ring)
        for index, point in enumerate(ring):
            before, after = ring[index - 1], ring[(index + 1) % count]
            pair = (before, after) if before <= after else (after, before)
            first = seen.setdefault(point, pair)
            if first != pair:
                junctions.add(point)
    return junctions


class _ArcIndex:
    """Arcs stored once; a second use of the same points in reverse order gives ``~index``."""

    def __init__(self) -> None:
        self.arcs: list[tuple[Point, ...]] = []
        self._index: dict[tuple[Point, ...], int] = {}

    def reference(self, points: tuple[Point, ...]) -> int:
        if points in self._index:
            return self._index[points]
        reverse = points[::-1]
        if reverse in self._index:
            return ~self._index[reverse]
        self._index[points] = len(self.arcs)
        self.arcs.append(points)
        return self._index[points]

    def closed(self, ring: list[Point]) -> int:
        """A ring with no junction: one closed arc, rotated to start at its smallest point."""
        start = ring.index(min(ring))
        forward = ring[start:] + ring[:start]
        backward = [forward[0], *forward[:0:-1]]
        if tuple([*backward, backward[0]]) in self._index:
            return ~self._index[tuple([*backward, backward[0]])]
        return self.reference(tuple([*forward, forward[0]]))


def _cut(ring: list[Point], junctions: set[Point], index: _ArcIndex) -> list[int]:
    positions = [position for position, point in enumerate(ring) if point in junctions]
    if not positions:
        return [index.closed(ring)]
    start = positions[0]
    rotated = ring[start:] + ring[:start]
    cuts = [position - start for position in positions] + [len(ring)]
    closed = [*rotated, rotated[0]]
    return [index.reference(tuple(closed[a : b + 1])) for a, b in itertools.pairwise(cuts)]


# ---------------------------------------------------------------------------------------------------------------
# 5: simplification, quantisation, encoding
# ---------------------------------------------------------------------------------------------------------------


def _snap(coords: np.ndarray, origin: np.ndarray, quantum: float) -> np.ndarray:
    return np.rint((coords - origin) / quantum).astype(np.int64)


def _segment_distances(points: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Distance of each point to the segment ``start``-``end``."""
    direction = end - start
    length2 = float(direction @ direction)
    if length2 == 0:
        return np.hypot(*(points - start).T)
    along = np.clip(((points - start) @ direction) / length2, 0.0, 1.0)
    nearest = start + along[:, None] * direction
    return np.hypot(*(points - nearest).T)


def _simplify_snapped(coords: np.ndarray, tolerance: float, origin: np.ndarray, quantum: float) -> np.ndarray:
    """Douglas-Peucker on the grid: the kept points are grid points, and every original point lies within
    ``tolerance`` of the segments between them (measured against the snapped segments, so quantisation does not
    add to the simplification's error). End points fixed; a closed arc is split at its farthest point first.
    Returns grid coordinates, consecutive duplicates removed (at least two points)."""
    grid = _snap(coords, origin, quantum)
    count = len(coords)
    keep = np.zeros(count, dtype=bool)
    keep[[0, count - 1]] = True
    if tolerance > 0 and count > 2:
        snapped = grid * quantum + origin
        stack = [(0, count - 1)]
        if np.array_equal(coords[0], coords[-1]):
            far = int(np.argmax(((coords - coords[0]) ** 2).sum(axis=1)))
            stack = [(0, far), (far, count - 1)] if 0 < far < count - 1 else []
            keep[far] = True
        while stack:
            first, last = stack.pop()
            if last - first < 2:
                continue
            distances = _segment_distances(coords[first + 1 : last], snapped[first], snapped[last])
            worst = int(np.argmax(distances))
            if distances[worst] > tolerance:
                split = first + 1 + worst
                keep[split] = True
                stack += [(first, split), (split, last)]
    else:
        keep[:] = True
    kept = grid[keep]
    distinct = np.ones(len(kept), dtype=bool)
    distinct[1:] = np.any(kept[1:] != kept[:-1], axis=1)
    kept = kept[distinct]
    return kept if len(kept) > 1 else np.vstack([kept, kept])


def _simplify_arcs(
    arcs: Sequence[tuple[Point, ...]],
    tolerances: Sequence[float],
    origin: tuple[float, float],
    quantum: float,
) -> list[np.ndarray]:
    """Every arc simplified on the grid with its own tolerance (see :func:`_simplify_snapped`)."""
    start = np.asarray(origin, dtype=float)
    return [
        _simplify_snapped(np.asarray(arc, dtype=float), tolerance, start, quantum)
        for arc, tolerance in zip(arcs, tolerances, strict=True)
    ]


def _delta_encoded(grid: np.ndarray) -> list[list[int]]:
    return np.diff(grid, axis=0, prepend=[[0, 0]]).tolist()


def _ring_length(refs: Sequence[int], arcs: Sequence[np.ndarray]) -> int:
    """Distinct points of a ring made of ``refs`` (each arc's last point is the next one's first)."""
    return sum(len(arcs[ref if ref >= 0 else ~ref]) - 1 for ref in refs)


def _arc_numbers(polygons: Sequence[Sequence[Sequence[int]]]) -> set[int]:
    return {ref if ref >= 0 else ~ref for polygon in polygons for refs in polygon for ref in refs}


def _grid_geometry(polygons, arcs: Sequence[np.ndarray], origin: np.ndarray, quantum: float) -> BaseGeometry:
    """One unit's (Multi)Polygon from its arc references and the grid arcs (as :func:`decode_topology` draws)."""
    built = []
    for polygon in polygons:
        rings = []
        for refs in polygon:
            parts = [arcs[ref] if ref >= 0 else arcs[~ref][::-1] for ref in refs]
            points = np.vstack([parts[0], *(part[1:] for part in parts[1:])]) * quantum + origin
            if len(points) < 4:
                points = np.vstack([points, *[points[-1:]] * (4 - len(points))])
            rings.append(points)
        built.append(Polygon(rings[0], rings[1:]))
    return built[0] if len(built) == 1 else MultiPolygon(built)


def _hold_distance(
    stored: Mapping[str, BaseGeometry],
    references: Mapping[str, list],
    source_arcs: Sequence[tuple[Point, ...]],
    arcs: list[np.ndarray],
    tolerances: list[float],
    origin: tuple[float, float],
    options: TopologyOptions,
) -> None:
    """Measure every unit against its stored boundary (Hausdorff, densified as :func:`hausdorff_report`); the
    arcs of a unit beyond ``options.max_distance`` are simplified again with 0.6 of their tolerance (then
    none), and the units sharing them are measured again, until every unit holds or no tolerance is left."""
    start = np.asarray(origin, dtype=float)
    users: dict[int, list[str]] = defaultdict(list)
    for key, polygons in references.items():
        for number in _arc_numbers(polygons):
            users[number].append(key)
    suspects = sorted(references)
    for _round in range(8):
        if not suspects:
            return
        served = [_grid_geometry(references[key], arcs, start, options.quantum) for key in suspects]
        distances = shapely.hausdorff_distance(
            np.array(served, dtype=object),
            np.array([stored[key] for key in suspects], dtype=object),
            densify=0.25,
        )
        over = [
            key
            for key, distance in zip(suspects, distances.tolist(), strict=True)
            if distance > options.max_distance
        ]
        changed = {
            number for key in over for number in _arc_numbers(references[key]) if tolerances[number] > 0
        }
        for number in changed:
            tolerances[number] = tolerances[number] * 0.6 if tolerances[number] > options.quantum else 0.0
            arcs[number] = _simplify_snapped(
                np.asarray(source_arcs[number]), tolerances[number], start, options.quantum
            )
        suspects = sorted({key for number in changed for key in users[number]})


def build_topology(
    geometries: Mapping[str, BaseGeometry],
    *,
    options: TopologyOptions | None = None,
    properties: Mapping[str, Mapping[str, Any]] | None = None,
    object_name: str = OBJECT_NAME,
) -> dict[str, Any]:
    """A TopoJSON ``Topology`` with one GeometryCollection ``object_name``; each geometry's ``id`` is its key.

    Output is deterministic for the same input (keys sorted), so its hash can serve as an ETag.
    """
    options = options or TopologyOptions()
    coverage = shared_border_coverage(geometries, sliver_width=options.sliver_width)
    keys = sorted(coverage)
    shapes = {key: _rings(coverage[key]) for key in keys}
    junctions = _junctions(ring for key in keys for polygon in shapes[key] for ring in polygon)
    index = _ArcIndex()
    references = {
        key: [[_cut(ring, junctions, index) for ring in polygon] for polygon in shapes[key]] for key in keys
    }
    bounds = shapely.total_bounds(np.array(list(coverage.values()), dtype=object)) if keys else (0, 0, 0, 0)
    origin = (float(bounds[0]), float(bounds[1]))
    tolerances = [options.tolerance] * len(index.arcs)
    arcs = _simplify_arcs(index.arcs, tolerances, origin, options.quantum)
    # A ring that simplification collapsed (fewer than 3 points) keeps its arcs' full detail.
    collapsed = {
        ref if ref >= 0 else ~ref
        for polygons in references.values()
        for polygon in polygons
        for refs in polygon
        if _ring_length(refs, arcs) < 3
        for ref in refs
    }
    for number in collapsed:
        tolerances[number] = 0.0
        arcs[number] = _simplify_snapped(
            np.asarray(index.arcs[number]), 0.0, np.asarray(origin), options.quantum
        )
    if options.max_distance is not None:
        _hold_distance(geometries, references, index.arcs, arcs, tolerances, origin, options)
    geometries_out = []
    for key in keys:
        polygons = references[key]
        item: dict[str, Any] = {"type": "Polygon", "arcs": polygons[0]} if len(polygons) == 1 else {}
        if not item:
            item = {"type": "MultiPolygon", "arcs": polygons}
        item["id"] = key
        if properties and key in properties:
            item["properties"] = dict(properties[key])
        geometries_out.append(item)
    return {
        "type": "Topology",
        "bbox": [round(float(value), 6) for value in bounds],
        "transform": {"scale": [options.quantum, options.quantum], "translate": list(origin)},
        "objects": {object_name: {"type": "GeometryCollection", "geometries": geometries_out}},
        "arcs": [_delta_encoded(arc) for arc in arcs],
    }


# ---------------------------------------------------------------------------------------------------------------
# Decoding and measuring (what a client draws, for tests and the benchmark)
# ---------------------------------------------------------------------------------------------------------------


def decoded_arcs(topology: Mapping[str, Any]) -> list[list[Point]]:
    """The arcs in longitude/latitude (undoing delta encoding and quantisation)."""
    transform = topology.get("transform")
    result = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [tuple(point) for point in arc]
        result.append(points)
    return result


def _ring_points(refs: Sequence[int], arcs: Sequence[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for ref in refs:
        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def decode_topology(topology: Mapping[str, Any], object_name: str = OBJECT_NAME) -> dict[str, BaseGeometry]:
    """``{id: (Multi)Polygon}`` of one object of a topology (rings as drawn; not repaired)."""
    arcs = decoded_arcs(topology)
    result: dict[str, BaseGeometry] = {}
    for item in topology["objects"][object_name]["geometries"]:
        polygons = item["arcs"] if item["type"] == "MultiPolygon" else [item["arcs"]]
        built = []
        for polygon in polygons:
            rings = [_ring_points(refs, arcs) for refs in polygon]
            rings = [ring if len(ring) >= 4 else [*ring, *[ring[-1]] * (4 - len(ring))] for ring in rings]
            built.append(Polygon(rings[0], rings[1:]))
        result[str(item["id"])] = built[0] if len(built) == 1 else MultiPolygon(built)
    return result


def hausdorff_report(
    stored: Mapping[str, BaseGeometry], served: Mapping[str, BaseGeometry], *, densify: float = 0.25
) -> HausdorffReport:
    """The largest Hausdorff distance between a unit's served and stored boundary (segments densified)."""
    keys = [key for key in served if key in stored]
    if not keys:
        return HausdorffReport(0.0, None, 0)
    distances = shapely.hausdorff_distance(
        np.array([served[key] for key in keys], dtype=object),
        np.array([stored[key] for key in keys], dtype=object),
        densify=densify,
    )
    worst = int(np.argmax(distances))
    return HausdorffReport(float(distances[worst]), keys[worst], len(keys))
