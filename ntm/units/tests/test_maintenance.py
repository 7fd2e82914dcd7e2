"""What the province maintains: hamlets (UI and Excel), attributes by year, lineage corrections, boundaries."""

import io
import json

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from ntm.audit.models import AuditEntry
from ntm.testing.factories import UnitFactory
from ntm.testing.permissions import assert_access
from ntm.units.models import Hamlet, Structure, UnitBoundary, UnitLineage, UnitYearAttribute
from ntm.units.services.hamlets import HAMLET_HEADERS, HAMLET_SHEET

pytestmark = pytest.mark.django_db


def workbook(rows, *, sheet=HAMLET_SHEET, extra_sheet=False, merge=None, headers=HAMLET_HEADERS) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    if merge:
        ws.merge_cells(merge)
    if extra_sheet:
        book.create_sheet("Ghi chú")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, data, name="ap.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("units:hamlets_import"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.sqlite_journey
def test_coordinator_imports_hamlets_from_excel(client_as, cast):
    client = client_as(cast.coordinator)
    template = client.get(reverse("units:hamlets_template"))
    assert template.status_code == 200
    data = workbook(
        [
            ("26413", "Ấp Bàu Cạn", "Ấp", "BC"),
            (26413, "Khu phố 1", "khu phố", None),
            ("26098", "Ấp Thôn 2", "thôn", ""),
        ]
    )
    response = upload(client, data)
    assert response.status_code == 302
    assert sorted(Hamlet.objects.values_list("unit__code", "name", "kind")) == [
        ("26098", "Ấp Thôn 2", "thon"),
        ("26413", "Khu phố 1", "khu_pho"),
        ("26413", "Ấp Bàu Cạn", "ap"),
    ]
    assert upload(client, data).status_code == 302  # importing again changes nothing
    assert Hamlet.objects.count() == 3
    assert AuditEntry.objects.filter(action="hamlets.import").count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (workbook([("99999", "Ấp A", "ấp", "")]), "Sheet Ấp, khu phố, dòng 2, cột A"),
        (workbook([("26413", "", "ấp", "")]), "dòng 2, cột B: thiếu tên"),
        (workbook([("26413", "Ấp A", "làng", "")]), "dòng 2, cột C"),
        (
            workbook([("26413", "Ấp A", "ấp", ""), ("26413", "ấp a", "ấp", "")]),
            "dòng 3, cột B: trùng với dòng 2",
        ),
        (workbook([("26413", '=CONCAT("Ấp","A")', "ấp", "")]), "dòng 2, cột B: ô chứa công thức"),
        (workbook([("26413", "Ấp A", "ấp", "")], merge="A2:B2"), "có ô gộp"),
        (workbook([("26413", "Ấp A", "ấp", "")], extra_sheet=True), "sheet không thuộc mẫu: Ghi chú"),
        (workbook([("26413", "Ấp A", "ấp", "")], headers=("Xã", "Tên", "Loại", "Mã")), "tiêu đề cột"),
        (b"%PDF-1.4 not a workbook", "không phải bảng tính Excel"),
    ],
)
def test_bad_hamlet_workbooks_are_refused_with_the_place_and_nothing_written(client_as, cast, data, message):
    response = upload(client_as(cast.coordinator), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Hamlet.objects.exists()


def test_one_bad_row_blocks_the_good_ones(client_as, cast):
    data = workbook([("26413", "Ấp Tốt", "ấp", ""), ("26413", "Ấp Xấu", "???", "")])
    assert upload(client_as(cast.coordinator), data).status_code == 400
    assert not Hamlet.objects.exists()


def test_maintenance_pages_permission_matrix(client_as, cast):
    for url in (
        reverse("units:hamlets_import"),
        reverse("units:lineage_import"),
        reverse("units:boundaries_import"),
    ):
        assert_access(
            client_as,
            cast,
            url,
            {
                "coordinator": 200,
                "officer_a": 403,
                "officer_b": 403,
                "department": 403,
                "auditor": 403,
                "anonymous": 302,
            },
        )


def test_hamlet_add_rename_deactivate_and_scope(client_as, cast):
    url = reverse("units:hamlet_create", args=["2025", "26413"])
    assert client_as(cast.officer_a).post(url, {"name": "Ấp 1", "kind": "ap"}).status_code == 404
    assert not Hamlet.objects.exists()
    client_as(cast.coordinator).post(url, {"name": "Ấp 1", "kind": "ap", "is_active": "on"})
    hamlet = Hamlet.objects.get()
    update = reverse("units:hamlet_update", args=[hamlet.pk])
    client_as(cast.coordinator).post(update, {"name": "Ấp Một", "kind": "ap", "code": ""})
    hamlet.refresh_from_db()
    assert (hamlet.name, hamlet.is_active) == ("Ấp Một", False)
    entry = AuditEntry.objects.get(action="hamlet.update")
    assert entry.changes["fields"]["name"] == ["Ấp 1", "Ấp Một"]
    public = client_as(None).get(reverse("units:detail", args=["2025", "26413"])).content.decode()
    assert "Ấp Một" not in public  # deactivated hamlets are not listed publicly


def test_attributes_by_year_set_by_the_province_and_audited(client_as, cast):
    url = reverse("units:attribute_set", args=["2025", "26413"])
    data = {"year": 2025, "region": "dnb", "disadvantaged": "on", "commune_group": "", "note": "QĐ 1/2025"}
    assert client_as(cast.officer_a).post(url, data).status_code == 404
    assert not UnitYearAttribute.objects.exists()
    client_as(cast.coordinator).post(url, data)
    client_as(cast.coordinator).post(url, {**data, "disadvantaged": "", "commune_group": "2"})
    attribute = UnitYearAttribute.objects.get()
    assert (attribute.region, attribute.disadvantaged, attribute.commune_group) == ("DNB", False, 2)
    entry = AuditEntry.objects.filter(action="unit_attribute.set").order_by("id").last()
    assert entry.changes["fields"]["disadvantaged"] == [True, False]
    page = client_as(cast.officer_a).get(reverse("units:detail", args=["2025", "26413"])).content.decode()
    assert "DNB" in page
    assert "DNB" not in client_as(None).get(reverse("units:detail", args=["2025", "26413"])).content.decode()
    assert (
        "DNB"
        not in client_as(cast.officer_b).get(reverse("units:detail", args=["2025", "26413"])).content.decode()
    )


def test_lineage_csv_corrections(client_as, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    old = UnitFactory(structure=Structure.LEGACY, code="26410", name="Xã Bàu Cạn")
    good = b"new_code,old_code,partial,action,source\n26413,26410,0,add,NQ 1662/NQ-UBTVQH15\n"
    client = client_as(cast.coordinator)
    url = reverse("units:lineage_import")
    assert client.post(url, {"file": SimpleUploadedFile("l.csv", good)}).status_code == 302
    assert UnitLineage.objects.get().old_unit == old
    bad = b"new_code,old_code,partial,action,source\n26413,11111,0,add,x\n26413,26410,9,add,\n"
    response = client.post(url, {"file": SimpleUploadedFile("l.csv", bad)})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 2: mã đơn vị cũ “11111”" in text and "Dòng 3: partial" in text
    remove = b"new_code,old_code,partial,action,source\n26413,26410,0,remove,sai\n"
    client.post(url, {"file": SimpleUploadedFile("l.csv", remove)})
    assert not UnitLineage.objects.exists()
    assert AuditEntry.objects.filter(action="lineage.remove").exists()


SQUARE = {
    "type": "Polygon",
    "coordinates": [[[106.9, 10.8], [107.0, 10.8], [107.0, 10.9], [106.9, 10.9], [106.9, 10.8]]],
}


def test_geojson_boundary_import_replaces_and_refuses_unknown_codes(client_as, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def collection(code):
        return json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {"ma_xa": code}, "geometry": SQUARE}],
            }
        ).encode()

    client = client_as(cast.coordinator)
    url = reverse("units:boundaries_import")
    form = {"structure": "2025", "code_property": "ma_xa"}
    ok = client.post(url, {**form, "file": SimpleUploadedFile("b.geojson", collection("26413"))})
    assert ok.status_code == 302
    boundary = UnitBoundary.objects.get(unit__code="26413")
    assert boundary.source == "imported" and boundary.min_lon == pytest.approx(106.9)
    refused = client.post(url, {**form, "file": SimpleUploadedFile("b.geojson", collection("99999"))})
    assert refused.status_code == 400 and "99999" in refused.content.decode()
    broken = client.post(url, {**form, "file": SimpleUploadedFile("b.geojson", b"{not json")})
    assert broken.status_code == 400
    assert UnitBoundary.objects.count() == 1
    page = client_as(None).get(reverse("units:detail", args=["2025", "26413"])).content.decode()
    assert "<svg" in page and 'class="shape unit"' in page


def test_lineage_csv_over_the_limits_is_refused_with_a_clear_message(client_as, cast, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as(cast.coordinator)
    url = reverse("units:lineage_import")
    header = b"new_code,old_code,partial,action,source\n"

    def refusal(data: bytes) -> str:
        response = client.post(url, {"file": SimpleUploadedFile("l.csv", data)})
        assert response.status_code == 400
        return response.content.decode()

    assert "Dòng 2: dòng dài hơn" in refusal(
        header + b"26413,26410,0,add," + b"x" * (10 * 1024 * 1024) + b"\n"
    )
    assert "Tệp không phải văn bản UTF-8 (CSV)" in refusal(header + b"26413,26410,0,add,Ngh\xe9 quy\xe9t\n")
    settings.NTM_CSV_MAX_ROWS = 10
    assert "Tệp có hơn 10 dòng" in refusal(header + b"26413,26410,0,add,x\n" * 10)
    assert not UnitLineage.objects.exists()


def test_geojson_boundary_import_refuses_deep_nesting_and_too_many_features(client_as, cast, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as(cast.coordinator)
    url = reverse("units:boundaries_import")
    form = {"structure": "2025", "code_property": "ma_xa"}
    deep = b'{"type": "FeatureCollection", "features": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    response = client.post(url, {**form, "file": SimpleUploadedFile("b.geojson", deep)})
    assert response.status_code == 400 and "lồng nhau sâu hơn 64 cấp" in response.content.decode()
    settings.NTM_GEOJSON_MAX_FEATURES = 1
    feature = {"type": "Feature", "properties": {"ma_xa": "26413"}, "geometry": SQUARE}
    two = json.dumps({"type": "FeatureCollection", "features": [feature, feature]}).encode()
    response = client.post(url, {**form, "file": SimpleUploadedFile("b.geojson", two)})
    assert (
        response.status_code == 400 and "Tệp GeoJSON có 2 đối tượng, nhiều hơn 1" in response.content.decode()
    )
    assert not UnitBoundary.objects.exists()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("url_name", "name", "form"),
    [
        ("units:lineage_import", "sua-lien-ket.csv", {}),
        ("units:boundaries_import", "ranh-gioi.geojson", {"structure": "2025", "code_property": "ma_xa"}),
    ],
)
@pytest.mark.parametrize(("content", "refusal"), [(b"x" * 2048, "quá lớn"), (PNG, "không đúng loại")])
def test_imports_refuse_oversized_and_renamed_files(client_as, cast, url_name, name, form, content, refusal):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with override_settings(NTM_MAX_UPLOAD_BYTES=1024):
        response = client_as(cast.coordinator).post(
            reverse(url_name), {**form, "file": SimpleUploadedFile(name, content)}
        )
    assert response.status_code == 400 and refusal in response.content.decode()
    assert not UnitLineage.objects.exists() and not UnitBoundary.objects.exists()
