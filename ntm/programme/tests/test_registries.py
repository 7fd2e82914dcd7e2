"""Registries: services (scope, validation), list pages with filters and Excel export, forms, permissions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError
from ntm.programme.models import (
    Attendance,
    Cooperative,
    LinkageModel,
    Manager,
    OnlineService,
    PilotModel,
    TrainingCourse,
)
from ntm.programme.services import registries as services_registries
from ntm.programme.tests.factories import load_plan, old_dong_nai, pdf_upload, service_campaign
from ntm.testing.permissions import assert_access

pytestmark = pytest.mark.django_db

LIST_MATRIX = {
    "coordinator": 200,
    "department": 200,
    "auditor": 200,
    "officer_a": 200,
    "officer_b": 200,
    "anonymous": 302,
}


@pytest.mark.parametrize("kind", ["cooperatives", "linkage", "services", "managers", "courses", "pilots"])
def test_registry_lists_and_exports_permission_matrix(client_as, cast, kind):
    assert_access(client_as, cast, reverse(f"programme:{kind}"), LIST_MATRIX)
    assert_access(client_as, cast, reverse(f"programme:{kind}_export"), LIST_MATRIX)


@pytest.mark.parametrize(
    ("kind", "matrix"),
    [
        (
            "cooperatives",
            {"coordinator": 200, "officer_a": 200, "officer_b": 200, "department": 403, "auditor": 403},
        ),
        (
            "managers",
            {"coordinator": 200, "officer_a": 200, "officer_b": 200, "department": 403, "auditor": 403},
        ),
        (
            "courses",
            {"coordinator": 200, "officer_a": 403, "officer_b": 403, "department": 403, "auditor": 403},
        ),
        (
            "pilots",
            {"coordinator": 200, "officer_a": 403, "officer_b": 403, "department": 403, "auditor": 403},
        ),
    ],
)
def test_registry_create_pages_permission_matrix(client_as, cast, kind, matrix):
    assert_access(client_as, cast, reverse(f"programme:{kind}_create"), {**matrix, "anonymous": 302})


def test_row_edit_page_is_404_outside_the_scope(client_as, cast):
    row = Cooperative.objects.create(unit=cast.commune_a, name="HTX A")
    assert_access(
        client_as,
        cast,
        reverse("programme:cooperatives_edit", args=[row.pk]),
        {
            "coordinator": 200,
            "officer_a": 200,
            "officer_b": 404,
            "department": 403,
            "auditor": 403,
            "anonymous": 302,
        },
    )


def test_lists_are_scoped_by_unit(client_as, cast):
    Cooperative.objects.create(unit=cast.commune_a, name="HTX Long Phước")
    Cooperative.objects.create(unit=cast.commune_b, name="HTX Bảo Vinh")
    seen_by_a = client_as(cast.officer_a).get(reverse("programme:cooperatives")).content.decode()
    assert "HTX Long Phước" in seen_by_a and "HTX Bảo Vinh" not in seen_by_a
    seen_by_department = client_as(cast.department).get(reverse("programme:cooperatives")).content.decode()
    assert "HTX Long Phước" in seen_by_department and "HTX Bảo Vinh" in seen_by_department
    filtered = (
        client_as(cast.coordinator).get(reverse("programme:cooperatives"), {"q": "bao vinh"}).content.decode()
    )
    assert "HTX Bảo Vinh" in filtered and "HTX Long Phước" not in filtered
    export = client_as(cast.officer_a).get(reverse("programme:cooperatives_export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["HTX Long Phước"]


@pytest.mark.sqlite_journey
def test_commune_officer_adds_a_cooperative_and_cannot_use_another_unit(client_as, cast):
    client = client_as(cast.officer_a)
    form = client.get(reverse("programme:cooperatives_create")).content.decode()
    assert cast.commune_b.name not in form  # the unit choice holds only the officer's commune
    response = client.post(
        reverse("programme:cooperatives_create"),
        {
            "unit": cast.commune_a.pk,
            "name": "HTX Nông nghiệp Long Phước",
            "key_products": "Sầu riêng",
            "established_on": "2020-01-01",
        },
    )
    assert response.status_code == 302
    row = Cooperative.objects.get()
    assert row.unit == cast.commune_a
    assert AuditEntry.objects.filter(action="programme.cooperative_save", actor=cast.officer_a).exists()
    other = client.post(
        reverse("programme:cooperatives_create"), {"unit": cast.commune_b.pk, "name": "HTX khác"}
    )
    assert other.status_code == 400 and Cooperative.objects.count() == 1
    dates = client.post(
        reverse("programme:cooperatives_create"),
        {
            "unit": cast.commune_a.pk,
            "name": "HTX C",
            "established_on": "2024-01-01",
            "dissolved_on": "2023-01-01",
        },
    )
    assert dates.status_code == 400 and Cooperative.objects.count() == 1


def test_services_refuse_out_of_scope_units_and_bad_data(cast):
    with pytest.raises(PermissionDenied):
        services_registries.cooperative_save(
            actor=cast.officer_b, cooperative=None, data={"unit": cast.commune_a, "name": "HTX"}
        )
    with pytest.raises(PermissionDenied):
        services_registries.training_course_save(
            actor=cast.officer_a,
            course=None,
            data={
                "unit": cast.province,
                "title": "x",
                "organiser": "x",
                "starts_on": dt.date(2025, 1, 1),
                "ends_on": dt.date(2025, 1, 2),
            },
        )
    with pytest.raises(ServiceError):
        services_registries.linkage_model_save(
            actor=cast.coordinator,
            linkage=None,
            data={"unit": cast.commune_a, "name": "x", "key_product": "x", "digital_technology": "QR"},
        )
    recognition = service_campaign(cast.commune_b, cast.coordinator, online=3)
    with pytest.raises(ServiceError):
        services_registries.online_service_save(
            actor=cast.coordinator,
            service=None,
            data={
                "unit": cast.commune_a,
                "field": "health",
                "name": "x",
                "url": "https://example.org",
                "started_on": dt.date(2025, 1, 1),
                "feedback_campaign": recognition,
            },
        )
    assert (
        not Cooperative.objects.exists()
        and not LinkageModel.objects.exists()
        and not OnlineService.objects.exists()
    )


def test_attendance_and_course_pages(client_as, cast):
    manager = Manager.objects.create(unit=cast.commune_a, full_name="Trần A", position="Phó Chủ tịch")
    course = TrainingCourse.objects.create(
        unit=cast.province,
        title="Tập huấn CĐS",
        organiser="VPĐP",
        starts_on=dt.date(2025, 4, 8),
        ends_on=dt.date(2025, 4, 10),
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:course", args=[course.pk]),
        {
            "coordinator": 200,
            "department": 200,
            "auditor": 200,
            "officer_a": 404,
            "officer_b": 404,
            "anonymous": 302,
        },
    )
    url = reverse("programme:course_attendance", args=[course.pk])
    assert client_as(cast.officer_a).post(url, {"manager": manager.pk, "completed": "on"}).status_code == 403
    assert not Attendance.objects.exists()
    response = client_as(cast.coordinator).post(url, {"manager": manager.pk, "completed": "on"})
    assert response.status_code == 302
    assert Attendance.objects.get().completed
    manager.is_active = False
    manager.save()
    with pytest.raises(ServiceError):
        services_registries.attendance_set(
            actor=cast.coordinator, course=course, manager=manager, completed=True
        )


def test_pilot_page_milestones_evidence_and_approval(client_as, cast):
    old = old_dong_nai(cast)
    load_plan()
    pilot = PilotModel.objects.get(unit=old.old_long_phuoc)
    url = reverse("programme:pilot", args=[pilot.pk])
    # the new commune's officer reads its predecessor's pilot; the other commune does not see it
    assert_access(
        client_as,
        cast,
        url,
        {
            "coordinator": 200,
            "department": 200,
            "auditor": 200,
            "officer_a": 200,
            "officer_b": 404,
            "anonymous": 302,
        },
    )
    client = client_as(cast.coordinator)
    assert (
        client.post(
            reverse("programme:pilot_milestone", args=[pilot.pk]),
            {"title": "Camera AI tại điểm đen", "due_on": "2025-06-30"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("programme:pilot_evidence", args=[pilot.pk]),
            {"file": pdf_upload("bien-ban.pdf"), "description": "Biên bản"},
        ).status_code
        == 302
    )
    refused = client.post(
        reverse("programme:pilots_edit", args=[pilot.pk]),
        {"kind": pilot.kind, "unit": pilot.unit_id, "name": pilot.name, "status": "completed"},
    )
    assert refused.status_code == 400  # "completed" only comes with the approval decision
    assert (
        client.post(
            reverse("programme:pilot_approval", args=[pilot.pk]),
            {"number": "123/QĐ-UBND", "date": "2025-10-01", "body": "UBND tỉnh"},
        ).status_code
        == 302
    )
    pilot.refresh_from_db()
    assert pilot.status == "completed" and pilot.approval_number == "123/QĐ-UBND"
    assert (
        client_as(cast.officer_a)
        .post(reverse("programme:pilot_approval", args=[pilot.pk]), {"number": "x", "date": "2025-10-01"})
        .status_code
        == 403
    )
    page = client.get(url).content.decode()
    assert "bien-ban.pdf" in page and "Camera AI tại điểm đen" in page
    evidence = pilot.evidence.get()
    assert (
        client_as(cast.officer_b)
        .get(reverse("programme:pilot_evidence_file", args=[evidence.pk]))
        .status_code
        == 404
    )
    assert (
        client_as(cast.auditor).get(reverse("programme:pilot_evidence_file", args=[evidence.pk])).status_code
        == 200
    )


def test_pilot_approval_decision_file_is_downloaded_by_the_pilots_readers(client_as, cast):
    """The stored approval decision has a download (it was stored but never served): the pilot page's readers get
    it as a PDF attachment under a name of its number, the other commune 404s, the roles without programme data 403,
    anonymous goes to sign in; a pilot without a file 404s."""
    old = old_dong_nai(cast)
    load_plan()
    pilot = PilotModel.objects.get(unit=old.old_long_phuoc)
    url = reverse("programme:pilot_approval_file", args=[pilot.pk])
    assert client_as(cast.coordinator).get(url).status_code == 404  # no decision file yet
    response = client_as(cast.coordinator).post(
        reverse("programme:pilot_approval", args=[pilot.pk]),
        {
            "number": "123/QĐ-UBND",
            "date": "2025-10-01",
            "body": "UBND tỉnh",
            "document": pdf_upload("qd.pdf"),
        },
    )
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert pilot.approval_document and "qd.pdf" not in pilot.approval_document.name  # a random stored name
    assert url in client_as(cast.officer_a).get(reverse("programme:pilot", args=[pilot.pk])).content.decode()
    assert_access(
        client_as,
        cast,
        url,
        {
            "coordinator": 200,
            "department": 200,
            "auditor": 200,
            "officer_a": 200,
            "officer_b": 404,
            "front": 403,  # roles without programme data: refused before the id is looked up
            "producer": 403,
            "ocop_council": 403,
            "anonymous": 302,
        },
    )
    download = client_as(cast.auditor).get(url)
    assert download["Content-Type"] == "application/pdf"
    assert (
        download["Content-Disposition"].startswith("attachment")
        and "quyet-dinh-123q-ubnd.pdf" in (download["Content-Disposition"])
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
