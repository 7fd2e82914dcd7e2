"""Inventory, status checks and planning records: scope, the computed values sent to assessment, the map layers,
the guarded GeoJSON upload and the scoped document view."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.assessment.models import ComputedValue
from ntm.assessment.selectors.assessments import set_version
from ntm.assessment.selectors.inputs import engine_inputs
from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.infrastructure import services
from ntm.infrastructure.map_layers import digital_infrastructure, planning_maps
from ntm.infrastructure.models import Asset, AssetKind, MobileCoverage, PlanningDocument
from ntm.units.models import Hamlet

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DAY = dt.date(2025, 3, 1)


@pytest.fixture
def hamlets(cast):
    return [Hamlet.objects.create(unit=cast.commune_a, name=name) for name in ("Ấp 1", "Ấp 2")]


def _radio(cast, hamlets):
    services.asset_create(
        actor=cast.officer_a,
        unit=cast.commune_a,
        kind=AssetKind.RADIO,
        name="Đài truyền thanh xã",
        status="working",
        status_on=DAY,
    )
    return [
        services.asset_create(
            actor=cast.officer_a,
            unit=cast.commune_a,
            kind=AssetKind.LOUDSPEAKER,
            name=f"Cụm loa {hamlet.name}",
            hamlet=hamlet,
            status="working",
            status_on=DAY,
            latitude=Decimal("10.9"),
            longitude=Decimal("107.1"),
        )
        for hamlet in hamlets
    ]


def _value(cast, source, year):
    return ComputedValue.objects.get(unit=cast.commune_a, year=year, source=source).value


def test_a_broken_cluster_makes_8_3_not_met_from_its_date_and_feeds_the_linked_indicator(cast, hamlets):
    criteria_sets_load_shipped()
    services.indicator_source_link(
        actor=cast.coordinator, set_code=SET, indicator_code="8.3", source=services.RADIO_EVERY_HAMLET
    )
    clusters = _radio(cast, hamlets)
    assert _value(cast, services.RADIO_EVERY_HAMLET, 2025) is True
    assert _value(cast, services.RADIO_EVERY_HAMLET, 2024) is None  # nothing in the inventory then
    services.asset_check(
        actor=cast.officer_a, asset=clusters[1], status="broken", checked_on=dt.date(2025, 6, 10)
    )
    assert _value(cast, services.RADIO_EVERY_HAMLET, 2025) is False
    clusters[1].refresh_from_db()
    assert clusters[1].status == "broken"
    inputs = engine_inputs([cast.commune_a], [2025], set_version(SET)).of(cast.commune_a.pk, 2025)
    assert inputs.values()["8.3"] is False
    assert AuditEntry.objects.filter(action="infrastructure.asset_check").count() == 1
    # A check dated before a later one does not change the current status.
    services.asset_check(
        actor=cast.officer_a, asset=clusters[1], status="working", checked_on=dt.date(2025, 4, 1)
    )
    clusters[1].refresh_from_db()
    assert clusters[1].status == "broken"


def test_the_map_layer_marks_the_broken_cluster(cast, hamlets):
    clusters = _radio(cast, hamlets)
    services.asset_check(actor=cast.officer_a, asset=clusters[0], status="broken", checked_on=DAY)
    layer = digital_infrastructure(cast.officer_a, None)
    statuses = {f["properties"]["name"]: f["properties"]["status"] for f in layer["features"]}
    assert statuses == {
        "Cụm loa truyền thanh: Cụm loa Ấp 1": "alert",
        "Cụm loa truyền thanh: Cụm loa Ấp 2": "ok",
    }
    assert digital_infrastructure(cast.officer_b, None)["features"] == []


def test_officers_change_only_their_commune_and_the_department_reads(cast, hamlets, client_as):
    with pytest.raises(ServiceError):
        services.asset_create(
            actor=cast.officer_b,
            unit=cast.commune_a,
            kind="wifi",
            name="Wifi",
            status="working",
            status_on=DAY,
        )
    with pytest.raises(ServiceError):
        services.asset_create(
            actor=cast.department,
            unit=cast.commune_a,
            kind="wifi",
            name="Wifi",
            status="working",
            status_on=DAY,
        )
    with pytest.raises(ServiceError, match="chọn ấp"):
        services.asset_create(
            actor=cast.officer_a,
            unit=cast.commune_a,
            kind="loudspeaker",
            name="Loa",
            status="working",
            status_on=DAY,
        )
    url = reverse("infrastructure:commune", args=[cast.commune_a.pk])
    assert client_as(cast.officer_b).get(url).status_code == 404
    assert client_as(cast.department).get(url).status_code == 200
    assert (
        client_as(cast.department)
        .get(reverse("infrastructure:asset_create", args=[cast.commune_a.pk]))
        .status_code
        == 404
    )
    response = client_as(cast.officer_a).post(
        reverse("infrastructure:asset_create", args=[cast.commune_a.pk]),
        {
            "kind": "wifi",
            "name": "Wifi miễn phí UBND xã",
            "place_kind": "centre",
            "status": "working",
            "status_on": "01/03/2025",
        },
    )
    assert response.status_code == 302
    page = client_as(cast.auditor).get(url).content.decode()
    assert "Wifi miễn phí UBND xã" in page


def test_mobile_coverage_by_hamlet(cast, hamlets, client_as):
    response = client_as(cast.officer_a).post(
        reverse("infrastructure:coverage_edit", args=[cast.commune_a.pk]),
        {"surveyed_on": "02/03/2025", f"h{hamlets[0].pk}": ["4g", "5g"], f"h{hamlets[1].pk}": ["2g"]},
    )
    assert response.status_code == 302
    covered = set(MobileCoverage.objects.filter(covered=True).values_list("hamlet__name", "technology"))
    assert covered == {("Ấp 1", "4g"), ("Ấp 1", "5g"), ("Ấp 2", "2g")}
    assert MobileCoverage.objects.count() == 8


def _plan(cast, **extra):
    fields = {
        "title": "Quy hoạch chung xây dựng xã Long Phước đến năm 2035",
        "decision_number": "1234/QĐ-UBND",
        "decision_date": dt.date(2023, 5, 4),
        "issuer": "UBND huyện Long Thành",
    } | extra
    return services.planning_record_save(actor=cast.officer_a, unit=cast.commune_a, **fields)


def test_planning_record_feeds_1_1_once_posted(cast):
    record = _plan(cast)
    assert _value(cast, services.PLAN_APPROVED_POSTED, 2024) is False
    with pytest.raises(ServiceError, match="nơi công bố"):
        _plan(cast, record=record, posted_on=dt.date(2024, 2, 1))  # no place
    _plan(cast, record=record, posted_on=dt.date(2024, 2, 1), posted_place="Nhà văn hóa xã")
    assert _value(cast, services.PLAN_APPROVED_POSTED, 2023) is False
    assert _value(cast, services.PLAN_APPROVED_POSTED, 2024) is True
    with pytest.raises(ServiceError):
        services.planning_record_save(
            actor=cast.officer_b,
            unit=cast.commune_a,
            **{"title": "x", "decision_number": "9/QĐ", "decision_date": dt.date(2023, 1, 1), "issuer": "x"},
        )


def test_planning_documents_are_served_only_in_scope(cast, client_as):
    record = _plan(cast)
    document = services.planning_document_add(
        actor=cast.officer_a, record=record, kind="decision", upload=SimpleUploadedFile("qd.pdf", PDF)
    )
    with pytest.raises(ServiceError):
        services.planning_document_add(
            actor=cast.officer_a, record=record, kind="plan", upload=SimpleUploadedFile("x.pdf", b"<html>")
        )
    assert PlanningDocument.objects.count() == 1
    url = reverse("infrastructure:document", args=[document.pk])
    response = client_as(cast.officer_a).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client_as(cast.officer_b).get(url).status_code == 404


def test_planning_map_is_read_within_limits_and_shown_as_a_layer(cast, client_as):
    record = _plan(cast)
    square = b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Khu dan cu"},"geometry":{"type":"Polygon","coordinates":[[[107,10.9],[107.1,10.9],[107.1,11],[107,10.9]]]}}]}'
    services.planning_map_upload(actor=cast.officer_a, record=record, data=square, name="qh.geojson")
    with pytest.raises(ServiceError, match="sâu hơn"):
        services.planning_map_upload(
            actor=cast.officer_a, record=record, data=b"[" * 500 + b"]" * 500, name="x.geojson"
        )
    with pytest.raises(ServiceError):
        services.planning_map_upload(actor=cast.officer_a, record=record, data=PDF, name="x.geojson")
    layer = planning_maps(cast.officer_a, None)
    assert [f["properties"]["name"] for f in layer["features"]] == ["Khu dan cu"]
    assert planning_maps(cast.officer_b, None)["features"] == []
    assert (
        client_as(cast.officer_b).get(reverse("infrastructure:map_geojson", args=[record.pk])).status_code
        == 404
    )
    data = client_as(cast.department).get(reverse("infrastructure:map_geojson", args=[record.pk])).json()
    assert data["features"][0]["geometry"]["type"] == "Polygon"


def test_only_the_coordinator_links_indicators(cast):
    criteria_sets_load_shipped()
    with pytest.raises(ServiceError):
        services.indicator_source_link(
            actor=cast.officer_a, set_code=SET, indicator_code="8.3", source=services.RADIO_EVERY_HAMLET
        )
    services.indicator_source_link(
        actor=cast.coordinator, set_code=SET, indicator_code="1.1", source=services.PLAN_APPROVED_POSTED
    )


def test_demo_data_shows_a_broken_cluster_and_a_posted_plan(cast, hamlets):
    from ntm.infrastructure.demo import load_infrastructure_demo

    cast.coordinator.is_demo = True
    cast.coordinator.save(update_fields=["is_demo"])
    load_infrastructure_demo()
    assert _value(cast, services.RADIO_EVERY_HAMLET, 2025) is False
    assert _value(cast, services.PLAN_APPROVED_POSTED, 2025) is True
    assert all(
        "minh họa" in name
        for name in Asset.objects.exclude(kind="loudspeaker").values_list("name", flat=True)
    )
    load_infrastructure_demo()  # idempotent
    assert Asset.objects.filter(kind="radio").count() == 1


def _workbook(rows):
    import io

    from openpyxl import Workbook

    from ntm.infrastructure.inventory_import import HEADERS, SHEET

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_excel_import_is_all_or_nothing_with_every_problem_placed(cast, hamlets, client_as):
    from ntm.core.excel import ExcelImportError
    from ntm.infrastructure.inventory_import import inventory_import

    bad = _workbook(
        [
            ["đài", "Đài truyền thanh xã", None, None, "hoạt động", "01/03/2025", None, None],
            ["loa", "Cụm loa ấp 9", "Ấp 9", None, "hỏng", "01/03/2025", None, None],
            ["tivi", "X", None, None, "tốt", "31/02/2025", "99", None],
        ]
    )
    with pytest.raises(ExcelImportError) as caught:
        inventory_import(actor=cast.officer_a, unit=cast.commune_a, data=bad)
    lines = caught.value.lines
    assert any("dòng 3, cột C" in line for line in lines), lines
    assert sum("dòng 4" in line for line in lines) == 4, lines
    assert Asset.objects.count() == 0
    good = _workbook(
        [
            ["Đài", "Đài truyền thanh xã", None, "UBND xã", "Hoạt động", "01/03/2025", "10,9", "107,1"],
            ["loa", "Cụm loa 1", "ấp 1", None, "hoạt động", "01/03/2025", None, None],
            ["loa", "Cụm loa 2", "Ấp 2", None, "hỏng", "01/03/2025", None, None],
        ]
    )
    response = client_as(cast.officer_a).post(
        reverse("infrastructure:asset_import", args=[cast.commune_a.pk]),
        {"file": SimpleUploadedFile("ha-tang.xlsx", good)},
    )
    assert response.status_code == 302
    assert Asset.objects.count() == 3
    assert _value(cast, services.RADIO_EVERY_HAMLET, 2025) is False
    template = client_as(cast.officer_a).get(
        reverse("infrastructure:import_template", args=[cast.commune_a.pk])
    )
    assert template.status_code == 200
