"""The register of official status: records, revocations, conversions, import, pages, API."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError
from ntm.status.models import StatusRecord
from ntm.status.register_import import HEADERS, SHEET
from ntm.status.selectors import official_status_of
from ntm.status.services import status_record_create, status_record_publish
from ntm.testing.factories import UnitFactory
from ntm.testing.permissions import assert_access
from ntm.units.models import Structure, UnitLineage

pytestmark = pytest.mark.django_db
D = dt.date


FIRST_DATE = D(2020, 1, 2)


def record(unit, level="ntm", number="QĐ 1/QĐ-UBND", date=FIRST_DATE, source="register", **extra):
    return status_record_create(
        unit=unit, level=level, decision_number=number, decision_date=date, source=source, **extra
    )


@pytest.mark.sqlite_journey
def test_recognition_then_revocation_updates_the_official_status(cast):
    ntm = record(cast.commune_a)
    advanced = record(cast.commune_a, "nang_cao", "QĐ 66/QĐ-UBND", D(2023, 1, 10))
    assert official_status_of([cast.commune_a])[cast.commune_a.pk].level == "nang_cao"
    record(cast.commune_a, "thu_hoi", "QĐ 9/QĐ-UBND", D(2024, 2, 1), revokes=advanced)
    status = official_status_of([cast.commune_a])[cast.commune_a.pk]
    assert status.level == "ntm" and status.record == ntm
    assert official_status_of([cast.commune_a], D(2023, 6, 1))[cast.commune_a.pk].level == "nang_cao"
    assert AuditEntry.objects.filter(action="status_record.create").count() == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"date": D(2099, 1, 1)}, "tương lai"),
        ({"level": "thu_hoi"}, "phải chỉ rõ"),
        ({"number": "  "}, "Thiếu số quyết định"),
        ({"source": "conversion"}, "Quy đổi chỉ áp dụng"),
    ],
)
def test_refused_records_change_nothing(cast, kwargs, message):
    legacy = UnitFactory(structure=Structure.LEGACY, code="26410", name="Xã Bàu Cạn")
    unit = legacy if kwargs.get("source") == "conversion" else cast.commune_a
    with pytest.raises(ServiceError, match=message):
        record(unit, **kwargs)
    assert not StatusRecord.objects.exists()


def test_wards_are_not_subjects_and_duplicates_are_refused(cast):
    with pytest.raises(ServiceError, match="không thuộc đối tượng"):
        record(cast.commune_b)
    record(cast.commune_a)
    with pytest.raises(ServiceError, match="đã có quyết định"):
        record(cast.commune_a)


def test_revocation_must_name_a_standing_recognition_of_the_same_unit(cast):
    other = UnitFactory(code="26416", name="Xã Phước Thái", parent=cast.province)
    theirs = record(other)
    with pytest.raises(ServiceError, match="chính đơn vị này"):
        record(cast.commune_a, "thu_hoi", "QĐ 2", D(2021, 1, 1), revokes=theirs)
    mine = record(cast.commune_a)
    record(cast.commune_a, "thu_hoi", "QĐ 2", D(2021, 1, 1), revokes=mine)
    with pytest.raises(ServiceError, match="đã bị thu hồi"):
        record(cast.commune_a, "thu_hoi", "QĐ 3", D(2021, 2, 1), revokes=mine)


def test_conversion_links_only_predecessors_records(cast):
    old = UnitFactory(structure=Structure.LEGACY, code="26410", name="Xã Bàu Cạn")
    stranger = UnitFactory(structure=Structure.LEGACY, code="26500", name="Xã Khác")
    UnitLineage.objects.create(new_unit=cast.commune_a, old_unit=old, source="test")
    old_decision = record(old, "nang_cao", "QĐ 5", D(2022, 1, 1))
    with pytest.raises(ServiceError, match="đơn vị cũ"):
        record(cast.commune_a, source="conversion", converted_from=[record(stranger)], date=D(2025, 8, 1))
    converted = record(
        cast.commune_a,
        "ntm",
        "QĐ quy đổi 1",
        D(2025, 8, 1),
        source="conversion",
        converted_from=[old_decision],
    )
    assert list(converted.converted_from.all()) == [old_decision]


def test_correction_keeps_the_wrong_entry_marked(cast):
    wrong = record(cast.commune_a, number="QĐ 10")
    right = status_record_create(
        unit=cast.commune_a,
        level="ntm",
        decision_number="QĐ 10",
        decision_date=D(2020, 2, 2),
        source="register",
        replaces=wrong,
    )
    wrong.refresh_from_db()
    assert wrong.superseded_by == right
    assert official_status_of([cast.commune_a])[cast.commune_a.pk].record == right
    assert AuditEntry.objects.filter(action="status_record.correct").exists()


def test_publishing_a_decision_makes_it_public_and_is_audited(cast):
    hidden = record(cast.commune_a, is_published=False)
    assert official_status_of([cast.commune_a], published_only=True)[cast.commune_a.pk].level == "none"
    status_record_publish(record=hidden, extra={"dossier": 7})
    assert official_status_of([cast.commune_a], published_only=True)[cast.commune_a.pk].record == hidden
    entry = AuditEntry.objects.get(action="status_record.publish")
    assert entry.object_type == "status.statusrecord" and entry.changes["extra"] == {"dossier": 7}


def test_official_status_of_many_units_costs_one_query(cast, django_assert_num_queries):
    record(cast.commune_a)
    units = [cast.commune_a, cast.commune_b, cast.province]
    with django_assert_num_queries(1):
        statuses = official_status_of(units)
    assert [statuses[u.pk].level for u in units] == ["ntm", "none", "none"]


def workbook(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = (
    "2025",
    "26413",
    "Xã Long Phước",
    "NTM nâng cao",
    "Quyết định",
    "xa-nang-cao-2021-2025",
    "QĐ 66/QĐ-UBND",
    "10/01/2023",
    "Chủ tịch UBND tỉnh",
    "UBND tỉnh Đồng Nai",
    "",
)


def upload(client, data):
    return client.post(reverse("status:register_import"), {"file": SimpleUploadedFile("so.xlsx", data)})


def test_import_of_past_decisions(client_as, cast):
    response = upload(client_as(cast.coordinator), workbook(GOOD))
    assert response.status_code == 302
    imported = StatusRecord.objects.get()
    assert (imported.level, imported.decision_date, imported.source) == (
        "nang_cao",
        D(2023, 1, 10),
        "register",
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ((*GOOD[:1], "99999", *GOOD[2:]), "dòng 3, cột B"),
        ((*GOOD[:2], "Xã Khác", *GOOD[3:]), "không khớp với mã 26413"),
        ((*GOOD[:3], "tuyệt vời", *GOOD[4:]), "dòng 3, cột D"),
        ((*GOOD[:7], "2023-13-45", *GOOD[8:]), "dòng 3, cột H"),
        (("2025", "26098", "Phường Bảo Vinh", *GOOD[3:]), "không thuộc đối tượng"),
    ],
)
def test_import_errors_name_the_place_and_write_nothing(client_as, cast, row, message):
    response = upload(client_as(cast.coordinator), workbook(GOOD, row))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StatusRecord.objects.exists()


def test_register_pages_permission_matrix(client_as, cast):
    assert_access(
        client_as,
        cast,
        reverse("status:register"),
        {
            "coordinator": 200,
            "officer_a": 200,
            "officer_b": 200,
            "department": 200,
            "auditor": 200,
            "anonymous": 302,
        },
    )
    for url in (reverse("status:record_create"), reverse("status:register_import")):
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


def test_register_list_is_scoped(client_as, cast):
    other = UnitFactory(code="26416", name="Xã Phước Thái", parent=cast.province)
    record(cast.commune_a, number="QĐ A")
    record(other, number="QĐ B")
    page = client_as(cast.officer_a).get(reverse("status:register")).content.decode()
    assert "QĐ A" in page and "QĐ B" not in page
    coordinator = client_as(cast.coordinator).get(reverse("status:register")).content.decode()
    assert "QĐ A" in coordinator and "QĐ B" in coordinator


def test_coordinator_records_a_decision_with_its_pdf(client_as, cast):
    pdf = SimpleUploadedFile(
        "qd.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", content_type="application/pdf"
    )
    response = client_as(cast.coordinator).post(
        reverse("status:record_create"),
        {
            "structure": "2025",
            "unit_code": "26413",
            "level": "ntm",
            "source": "register",
            "decision_number": "QĐ 7",
            "decision_date": "02/01/2020",
            "document": pdf,
        },
    )
    assert response.status_code == 302
    assert StatusRecord.objects.get().document.name.endswith(".pdf")
    fake = SimpleUploadedFile("qd.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client_as(cast.coordinator).post(
        reverse("status:record_create"),
        {
            "structure": "2025",
            "unit_code": "26413",
            "level": "nang_cao",
            "source": "register",
            "decision_number": "QĐ 8",
            "decision_date": "02/01/2021",
            "document": fake,
        },
    )
    assert refused.status_code == 400 and "không đúng loại" in refused.content.decode()
    assert StatusRecord.objects.count() == 1


@pytest.mark.sqlite_journey
def test_public_history_page_and_api_show_published_decisions_only(client, cast):
    record(cast.commune_a, number="QĐ công khai")
    record(cast.commune_a, "nang_cao", "QĐ nội bộ", D(2023, 1, 1), is_published=False)
    page = client.get(reverse("status:history", args=["2025", "26413"])).content.decode()
    assert "QĐ công khai" in page and "QĐ nội bộ" not in page
    body = client.get("/api/v1/units/2025/26413/status-history").json()
    assert body["count"] == 1 and body["items"][0]["decision_number"] == "QĐ công khai"
    assert body["items"][0]["level_label"] == "Đạt chuẩn NTM"
    assert client.get("/api/v1/units/2025/00000/status-history").status_code == 404
