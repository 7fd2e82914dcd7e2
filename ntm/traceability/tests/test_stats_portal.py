"""The public map layer (issued codes only), the counts by crop and by commune with their Excel export, and the
JSON export for the national portal (our documented shape)."""

import io
import json

import openpyxl
import pytest
from django.urls import reverse

from ntm.traceability.models import AreaStatus
from ntm.traceability.services.areas import code_transition
from ntm.traceability.tests.factories import make_area, make_lot

pytestmark = pytest.mark.django_db


def _areas(cast):
    coded = make_area(cast.producer, cast.commune_a, issuer=cast.department, name="Vùng có mã")
    make_lot(coded)
    waiting = make_area(
        cast.producer, cast.commune_a, name="Vùng chờ mã", crop="Bưởi", crop_kind="annual", area_ha=2
    )
    suspended = make_area(cast.producer, cast.commune_a, issuer=cast.department, name="Vùng đình chỉ")
    code_transition(actor=cast.department, area=suspended, kind="suspend", reason="Dư lượng")
    return coded, waiting, suspended


def test_public_layer_shows_only_issued_codes_without_an_account(client, cast):
    coded, _waiting, _suspended = _areas(cast)
    answer = client.get(reverse("maps:public_point_layer", args=["vung-trong"])).json()
    names = {f["properties"]["name"]: f["properties"] for f in answer["features"]}
    assert set(names) == {"Vùng có mã", "Vùng đình chỉ"}
    assert names["Vùng có mã"]["code"] == coded.code and "url" not in names["Vùng có mã"]
    assert names["Vùng đình chỉ"]["colour"] != names["Vùng có mã"]["colour"]
    # drawn as the boundary polygon with its centre, and nothing about the account or the producer
    shapes = {f["properties"]["name"]: f["geometry"] for f in answer["features"]}
    assert shapes["Vùng có mã"]["geometries"][0] == coded.boundary
    assert set(names["Vùng có mã"]) == {
        "name",
        "code",
        "status",
        "crop",
        "area_ha",
        "unit",
        "label",
        "colour",
    }
    outside = client.get(reverse("maps:public_point_layer", args=["vung-trong"]), {"bbox": "105,9,105.5,9.5"})
    assert outside.json()["features"] == []
    # a layer without public data is not public; the public map offers the growing areas
    assert client.get(reverse("maps:public_point_layer", args=["ocop"])).status_code == 404
    page = client.get(reverse("maps:public")).content.decode()
    assert 'value="vung-trong"' in page and 'value="ocop"' not in page
    assert reverse("maps:public_point_layer", args=["vung-trong"]) in page


def test_counts_by_crop_and_commune_on_the_list_and_in_excel(client_as, cast):
    _areas(cast)
    make_area(cast.producer, cast.commune_b, name="Vùng B")  # the commune B officer sees only this one
    client = client_as(cast.department)
    page = client.get(reverse("traceability:areas"))
    by_crop = {row["crop"]: row for row in page.context["counts"]["by_crop"]}
    assert by_crop["Sầu riêng"]["areas"] == 3 and by_crop["Sầu riêng"]["coded"] == 1
    assert by_crop["Sầu riêng"]["suspended"] == 1 and by_crop["Sầu riêng"]["lots"] == 1
    assert by_crop["Bưởi"]["areas"] == 1 and float(by_crop["Bưởi"]["hectares"]) == 2
    by_unit = {row["unit__code"]: row["areas"] for row in page.context["counts"]["by_unit"]}
    assert by_unit == {cast.commune_a.code: 3, cast.commune_b.code: 1}
    assert 'data-testid="by-crop"' in page.content.decode()
    response = client.get(reverse("traceability:area_stats"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    crops = [row for row in book.worksheets[0].iter_rows(values_only=True)]
    assert ("Bưởi", 1, 2.0, 0, 0, 0) in crops
    communes = [row[:3] for row in book.worksheets[1].iter_rows(values_only=True)]
    assert (cast.commune_b.name, cast.commune_b.code, 1) in communes
    scoped = client_as(cast.officer_b).get(reverse("traceability:areas")).context["counts"]
    assert [row["areas"] for row in scoped["by_unit"]] == [1]


def test_portal_export_is_our_documented_shape_scoped_and_restricted(client_as, cast):
    coded, _waiting, suspended = _areas(cast)
    response = client_as(cast.department).get(reverse("traceability:portal_export"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["schema"] == "ntm-truy-xuat/1" and document["note"]
    codes = {area["code"]: area for area in document["growing_areas"]}
    assert set(codes) == {coded.code, suspended.code}
    exported = codes[coded.code]
    assert exported["commune"]["code"] == cast.commune_a.code and exported["boundary"]["type"] == "Polygon"
    assert [h["action"] for h in exported["code_history"]] == ["issue"]
    assert codes[suspended.code]["status"] == AreaStatus.SUSPENDED
    assert [h["action"] for h in codes[suspended.code]["code_history"]] == ["issue", "suspend"]
    assert exported["lots"][0]["trace_url"].endswith(
        reverse("traceability:trace", args=[coded.lots.get().code])
    )
    for actor in (cast.producer, cast.officer_a):
        assert client_as(actor).get(reverse("traceability:portal_export")).status_code == 403


def test_an_area_with_a_centre_but_no_polygon_is_a_point():
    from types import SimpleNamespace

    from ntm.traceability.map_layers import _geometry

    area = SimpleNamespace(boundary=None, centre_lon=107.0, centre_lat=10.7)
    assert _geometry(area) == {"type": "Point", "coordinates": [107.0, 10.7]}
