"""The boundary layer's topology, without the database: shared borders, slivers, overlaps, holes, encoding."""

import json

import pytest
import shapely
import shapely.affinity
from shapely.geometry import MultiPolygon, Polygon, box

from ntm.maps.tests.factories import EAST, WEST
from ntm.maps.topology import (
    TopologyOptions,
    build_topology,
    decode_topology,
    hausdorff_report,
    shared_border_coverage,
)

LIMIT = 0.001  # the bound on how far a served boundary may stray (degrees)


def refs(topology, key):
    item = next(g for g in topology["objects"]["units"]["geometries"] if g["id"] == key)
    polygons = item["arcs"] if item["type"] == "MultiPolygon" else [item["arcs"]]
    return [ref for polygon in polygons for ring in polygon for ref in ring]


def test_adjacent_squares_share_one_arc_even_when_their_copies_of_the_border_differ():
    topology = build_topology({"W": WEST, "E": EAST})
    west, east = set(refs(topology, "W")), set(refs(topology, "E"))
    shared = {ref if ref >= 0 else ~ref for ref in west} & {ref if ref >= 0 else ~ref for ref in east}
    assert len(shared) == 1, "the common border is one arc"
    (arc,) = shared
    assert (arc in west) != (arc in east), "one neighbour walks it forwards, the other backwards"
    served = decode_topology(topology)
    assert served["W"].intersection(served["E"]).area == pytest.approx(0, abs=1e-12)
    gap = served["W"].union(served["E"]).envelope.area - served["W"].union(served["E"]).area
    assert gap == pytest.approx(0, abs=1e-12), "no gap between the neighbours"
    assert hausdorff_report({"W": WEST, "E": EAST}, served).maximum <= LIMIT


def test_shared_border_has_identical_coordinates_after_simplification():
    served = decode_topology(build_topology({"W": WEST, "E": EAST}))

    def border_points(geometry):
        points = shapely.get_coordinates(geometry.exterior).round(9).tolist()
        return {tuple(point) for point in points if abs(point[0] - 107.0) < 0.001}

    assert border_points(served["W"]) == border_points(served["E"])
    assert served["W"].boundary.intersection(served["E"].boundary).length == pytest.approx(0.1, abs=0.001)


def test_a_real_overlap_stays_with_both_units():
    left, right = box(0, 0, 1, 1), box(0.8, 0, 2, 1)  # 0.2° wide: a derived boundary that really overlaps
    served = decode_topology(build_topology({"L": left, "R": right}))
    assert served["L"].intersection(served["R"]).area == pytest.approx(0.2, rel=0.01)
    assert hausdorff_report({"L": left, "R": right}, served).maximum <= LIMIT


def test_a_thin_overlap_goes_to_one_neighbour():
    left, right = box(0, 0, 1, 1), box(0.9999, 0, 2, 1)
    served = decode_topology(build_topology({"L": left, "R": right}))
    assert served["L"].intersection(served["R"]).area == pytest.approx(0, abs=1e-9)


def test_a_thin_hole_is_not_filled():
    outer = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)], [[(0.2, 0.5), (0.8, 0.5001), (0.8, 0.5002)]])
    served = decode_topology(build_topology({"A": outer}, options=TopologyOptions(tolerance=0)))
    assert len(served["A"].interiors) == 1
    assert hausdorff_report({"A": outer}, served).maximum <= LIMIT


def test_an_island_and_a_tiny_unit_survive_simplification():
    islands = MultiPolygon([box(0, 0, 1, 1), box(1.5, 0, 1.5002, 0.0002)])
    tiny = box(3, 3, 3.0003, 3.0003)
    served = decode_topology(build_topology({"I": islands, "T": tiny}))
    assert len(served["I"].geoms) == 2
    assert served["T"].area > 0
    assert hausdorff_report({"I": islands, "T": tiny}, served).maximum <= LIMIT


def test_the_layer_is_deterministic_and_quantised():
    first = build_topology({"W": WEST, "E": EAST})
    second = build_topology({"E": EAST, "W": WEST})
    assert json.dumps(first) == json.dumps(second)
    assert first["transform"]["scale"] == [TopologyOptions().quantum] * 2
    assert all(isinstance(value, int) for arc in first["arcs"] for point in arc for value in point)


def test_hausdorff_report_names_the_unit_that_strays_most():
    stored = {"A": box(0, 0, 1, 1), "B": box(2, 0, 3, 1)}
    served = {"A": box(0, 0, 1, 1), "B": box(2, 0, 3.01, 1)}
    report = hausdorff_report(stored, served)
    assert report.key == "B" and report.maximum == pytest.approx(0.01) and report.count == 2


def test_empty_input_gives_an_empty_layer():
    topology = build_topology({})
    assert topology["objects"]["units"]["geometries"] == [] and topology["arcs"] == []
    assert shared_border_coverage({}) == {}


def _zigzag(amplitude: float, step: float = 0.0005, width: float = 0.1) -> Polygon:
    """A strip whose top edge zigzags by ``amplitude`` every ``step`` degrees."""
    count = round(width / step)
    top = [(i * step, 1 + (amplitude if i % 2 else 0)) for i in range(count + 1)]
    return Polygon([(0, 0), (width, 0), *reversed(top)])


def test_quantisation_does_not_add_to_the_simplification_error():
    strip = _zigzag(0.0004)
    tolerance, quantum = 0.0006, 0.0005
    served = decode_topology(
        build_topology({"Z": strip}, options=TopologyOptions(tolerance=tolerance, quantum=quantum))
    )
    # Snapping after simplifying could stray tolerance + quantum·√2/2 ≈ 0.00095; on the grid it stays within
    # the larger of the two.
    assert hausdorff_report({"Z": strip}, served).maximum <= max(tolerance, quantum * 2**0.5 / 2) + 1e-9


def test_max_distance_refines_only_the_units_that_stray_too_far():
    rough, smooth = _zigzag(0.004), shapely.affinity.translate(_zigzag(0.0002), yoff=5)
    stored = {"R": rough, "S": smooth}
    loose = TopologyOptions(tolerance=0.01, quantum=0.0001)
    held = TopologyOptions(tolerance=0.01, quantum=0.0001, max_distance=0.001)
    assert hausdorff_report(stored, decode_topology(build_topology(stored, options=loose))).maximum > 0.001
    topology = build_topology(stored, options=held)
    assert hausdorff_report(stored, decode_topology(topology)).maximum <= 0.001
    (smooth_arc,) = refs(topology, "S")
    assert len(topology["arcs"][smooth_arc if smooth_arc >= 0 else ~smooth_arc]) <= 6, (
        "the smooth unit stays simple"
    )
