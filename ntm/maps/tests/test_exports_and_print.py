"""Downloads of the map: Excel, GeoJSON, the printed map (SVG, PDF, PNG); the API; point layers; the demo."""

import datetime as dt
import io
import json
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ntm.core.exceptions import ServiceError
from ntm.core.models import DataKind, InstanceState
from ntm.maps import layers
from ntm.maps.demo import DEMO_NOTE, load_map_demo
from ntm.maps.tests.factories import (
    EAST,
    WEST,
    assessment,
    boundary,
    decision,
    provider_from,
    self_assessed,
)
from ntm.status.models import StatusRecord
from ntm.testing.browser import SCREENSHOTS
from ntm.testing.permissions import assert_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(cast):
    boundary(cast.commune_a, WEST)
    boundary(cast.commune_b, EAST)
    decision(cast.commune_a, number="QĐ 12/QĐ-UBND", date=dt.date(2024, 5, 2))
    return cast


def test_excel_export_has_the_table_of_the_map(client, drawn):
    with self_assessed(provider_from({drawn.commune_a.pk: assessment(16, provisional=True)})):
        response = client.get(reverse("maps:export", args=["xlsx"]), {"year": 2024})
    assert response["Content-Disposition"] == 'attachment; filename="ban-do-ntm-2025-2024.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert "tự đánh giá" not in str(rows[0]) and "Trạng thái chính thức" in rows[0][0]
    headers = rows[3]
    assert headers[:3] == ["Mã", "Tên", "Loại"]
    by_code = {row[0]: dict(zip(headers, row, strict=True)) for row in rows[4:]}
    long_phuoc = by_code["26413"]
    assert long_phuoc["Số quyết định"] == "QĐ 12/QĐ-UBND" and long_phuoc["Ngày quyết định"] == "2024-05-02"
    assert long_phuoc["Số tiêu chí đạt (tự đánh giá)"] == 16 and long_phuoc["Ngưỡng tạm"] == "Có"
    assert by_code["26098"]["Mã trạng thái"] == "na"
    assert by_code["26098"][headers[6]] == "Không áp dụng (phường, thị trấn)"
    assert long_phuoc["Trang công khai"] == "http://testserver/ban-do/don-vi/2025/26413/"


def test_geojson_export_has_the_served_boundaries_and_the_data(client, cast):
    boundary(cast.commune_a, WEST)
    decision(cast.commune_a)
    response = client.get(reverse("maps:export", args=["geojson"]))
    assert response["Content-Type"] == "application/geo+json"
    document = json.loads(response.content)
    features = {feature["id"]: feature for feature in document["features"]}
    assert document["type"] == "FeatureCollection" and set(features) == {"26413", "26098"}
    assert features["26413"]["geometry"]["type"] == "Polygon"
    assert features["26413"]["properties"]["status"] == "ntm"
    assert features["26413"]["properties"]["decision_number"] == "QĐ 12/QĐ-UBND"
    assert features["26098"]["geometry"] is None and features["26098"]["properties"]["has_boundary"] is False


def test_printed_map_has_title_legend_date_and_source(client, drawn):
    svg = client.get(reverse("maps:print", args=["svg"]), {"year": 2024}).content.decode()
    assert svg.startswith("<svg") and "Bản đồ số kết quả xây dựng nông thôn mới" in svg
    assert "Đạt chuẩn NTM (1)" in svg and "Không áp dụng (phường, thị trấn)" in svg
    assert "In ngày" in svg and "Nguồn: sổ quyết định công nhận NTM" in svg
    assert 'class="shape fill-ntm"' in svg and 'class="shape fill-na"' in svg
    pdf = client.get(reverse("maps:print", args=["pdf"]), {"year": 2024})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    png = client.get(reverse("maps:print", args=["png"]), {"year": 2024})
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "map-print.png").write_bytes(png.content)


def test_printed_map_marks_self_assessed_colouring(client, drawn):
    with self_assessed(provider_from({drawn.commune_a.pk: assessment(19, provisional=True)})):
        svg = client.get(reverse("maps:print", args=["svg"]), {"colouring": "criteria"}).content.decode()
    assert "Số tiêu chí đạt — tự đánh giá" in svg and "Viền nét đứt: ngưỡng tạm" in svg
    assert 'class="shape fill-all provisional"' in svg


def test_public_api_lists_the_map_data_and_the_internal_one_needs_a_user(client_as, drawn):
    public = client_as(None).get("/api/v1/map/units", {"year": 2024})
    body = public.json()
    assert public.status_code == 200 and body["count"] == 2
    item = next(item for item in body["items"] if item["code"] == "26413")
    assert item["status"] == "ntm" and item["decision_date"] == "2024-05-02" and item["criteria_met"] is None
    assert client_as(None).get("/api/v1/map/internal/units").status_code == 401
    scoped = client_as(drawn.officer_b).get("/api/v1/map/internal/units").json()
    assert [item["code"] for item in scoped["items"]] == ["26098"]


def test_point_layer_endpoint(client_as, cast):
    seen = []

    def producers(user, bbox):
        seen.append((user.username, bbox))
        point = {"type": "Point", "coordinates": [106.95, 10.75]}
        return {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": point, "properties": {}}],
        }

    with mock.patch.object(
        layers, "POINT_LAYERS", (layers.PointLayer("thu-nghiem", "Thử nghiệm", producers),)
    ):
        url = reverse("maps:point_layer", args=["thu-nghiem"])
        assert_access(
            client_as,
            cast,
            url,
            {
                "coordinator": 200,
                "officer_a": 200,
                "officer_b": 200,
                "department": 200,
                "auditor": 200,
                "anonymous": 302,
            },
        )
        client = client_as(cast.officer_a)
        answer = client.get(url, {"bbox": "106.5,10.5,107.5,11.5"}).json()
        assert answer["features"][0]["geometry"]["coordinates"] == [106.95, 10.75]
        assert seen[-1] == ("xa_a", (106.5, 10.5, 107.5, 11.5))
        assert client.get(url, {"bbox": "1,2,3"}).status_code == 400
        assert client.get(reverse("maps:point_layer", args=["khong-co"])).status_code == 404
        internal = client.get(reverse("maps:internal")).content.decode()
        assert 'value="thu-nghiem"' in internal
    with mock.patch.object(layers, "POINT_LAYERS", ()):
        assert (
            "Chưa có lớp dữ liệu khác"
            in client_as(cast.coordinator).get(reverse("maps:internal")).content.decode()
        )
    internal = client_as(cast.coordinator).get(reverse("maps:internal")).content.decode()
    assert 'value="nuoc-sach"' in internal, "the environment app's water-point layer is offered"


def test_demo_decisions_are_illustrative_and_only_in_demo_mode(cast):
    with pytest.raises(ServiceError, match="minh họa"):
        load_map_demo()
    state = InstanceState.current()
    state.data_kind = DataKind.DEMO
    state.save()
    created = load_map_demo()
    records = StatusRecord.objects.filter(note=DEMO_NOTE)
    assert created == records.count() > 0
    assert all(record.decision_number.startswith("MH-") for record in records)
    assert load_map_demo() == 0, "loaded once"
