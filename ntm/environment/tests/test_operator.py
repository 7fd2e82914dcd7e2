"""The water-supply operator (đơn vị cấp nước): its account enters and reads the lab results of the points its
operator runs, attaches lab reports, is alerted of their breaches, and sees nothing else of the area."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ntm.accounts.services import organisation_create, role_assign
from ntm.audit.models import AuditEntry
from ntm.core.choices import Role
from ntm.core.excel import ExcelImportError
from ntm.core.exceptions import ServiceError
from ntm.core.models import Notification
from ntm.environment import lab_import, services
from ntm.environment.map_layers import water_points
from ntm.environment.models import ParameterCatalogue, Sample, WaterPoint
from ntm.environment.selectors import points_for_entry
from ntm.site.navigation import nav_links
from ntm.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def catalogue(db):
    services.catalogues_load_shipped()
    return ParameterCatalogue.objects.get(code="qcvn-01-1-2018")


def _point(cast, code: str, operator=None, unit=None) -> WaterPoint:
    return services.water_point_create(
        actor=cast.coordinator,
        unit=unit or cast.commune_a,
        code=code,
        name=f"Trạm {code}",
        kind="centralised",
        operator_organisation=operator,
        latitude=Decimal("10.9"),
        longitude=Decimal("107.1"),
    )


@pytest.fixture
def points(cast, catalogue):
    """The operator's point, and another point of the same commune that the operator does not run."""
    return _point(cast, "NS-A-01", cast.water_operator), _point(cast, "NS-A-02")


def test_the_operator_reads_only_the_points_it_runs(cast, points, client_as):
    own, other = points
    client = client_as(cast.operator)
    listing = client.get(reverse("environment:points")).content.decode()
    assert "NS-A-01" in listing and "NS-A-02" not in listing
    assert client.get(reverse("environment:point", args=[own.pk])).status_code == 200
    assert client.get(reverse("environment:point", args=[other.pk])).status_code == 404
    assert client.get(reverse("environment:sample_create", args=[other.pk])).status_code == 404
    api = client.get("/api/v1/environment/water-points").json()
    assert [item["code"] for item in api["items"]] == ["NS-A-01"]
    assert client.get(f"/api/v1/environment/water-points/{other.pk}/samples").status_code == 404
    assert [f["properties"]["name"] for f in water_points(cast.operator, None)["features"]] == [
        "NS-A-01 — Trạm NS-A-01"
    ]


def test_the_operator_keeps_no_unit_records(cast, points, client_as):
    own, _other = points
    client = client_as(cast.operator)
    for name in ("point_create", "coverage_edit", "waste_edit", "facility_create"):
        assert client.get(reverse(f"environment:{name}")).status_code == 403, name
    assert client.get(reverse("environment:commune", args=[cast.commune_a.pk, 2025])).status_code == 404
    assert client.get(reverse("environment:report", args=[cast.commune_a.pk, 2025])).status_code == 404
    response = client.post(reverse("environment:point_status", args=[own.pk]), {"status": "closed"})
    assert response.status_code == 404
    own.refresh_from_db()
    assert own.status == "active"
    with pytest.raises(ServiceError):
        services.water_point_set_status(actor=cast.operator, point=own, status="closed")


def test_the_operator_enters_a_breaching_result_with_its_report_and_is_alerted(cast, points, client_as):
    own, other = points
    client = client_as(cast.operator)
    report = SimpleUploadedFile("phieu.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("environment:sample_create", args=[own.pk]),
        {"sampled_on": "02/03/2026", "laboratory": "CDC Đồng Nai", "p_ph": "9,1", "report": report},
    )
    assert response.status_code == 302
    sample = Sample.objects.get()
    assert sample.entered_by == cast.operator and sample.report.mime_type == "application/pdf"
    assert AuditEntry.objects.filter(action="environment.sample_record", actor=cast.operator).exists()
    # One alert path: the commune's officer, the coordinator and the operator's account are told.
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {"capnuoc_a", "xa_a", "dieuphoi"} <= told and "xa_b" not in told
    assert client.get(reverse("environment:lab_report", args=[sample.pk])).status_code == 200
    page = client.get(f"{reverse('environment:exceedances')}?year=2026").content.decode()
    assert "Trạm NS-A-01" in page
    # Another point's result: neither entered by the operator nor shown to it.
    with pytest.raises(ServiceError):
        services.sample_record(
            actor=cast.operator,
            point=other,
            sampled_on=dt.date(2026, 3, 2),
            laboratory="CDC",
            values={"ph": "9"},
        )
    foreign = services.sample_record(
        actor=cast.officer_a,
        point=other,
        sampled_on=dt.date(2026, 3, 3),
        laboratory="CDC",
        values={"ph": "9"},
    )
    assert client.get(reverse("environment:lab_report", args=[foreign.pk])).status_code == 404
    page = client.get(f"{reverse('environment:exceedances')}?year=2026").content.decode()
    assert "Trạm NS-A-02" not in page
    assert Notification.objects.filter(user=cast.operator).count() == 1


def test_a_point_without_the_operator_does_not_alert_it(cast, points):
    _own, other = points
    services.sample_record(
        actor=cast.officer_a,
        point=other,
        sampled_on=dt.date(2026, 3, 3),
        laboratory="CDC",
        values={"ph": "9"},
    )
    assert not Notification.objects.filter(user=cast.operator).exists()


def _workbook(rows, catalogue_row) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = lab_import.SHEET
    sheet.append(list(lab_import.headers(catalogue_row.catalogue())))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_operator_imports_its_points_results_only(cast, points, catalogue):
    blank = [None] * 8
    own_row = ["NS-A-01", "02/03/2026", "CDC", *blank]
    own_row[3 + 7] = "7,2"
    other_row = ["NS-A-02", "02/03/2026", "CDC", *blank]
    other_row[3 + 7] = "7,2"
    with pytest.raises(ExcelImportError, match="NS-A-02"):
        lab_import.lab_results_import(actor=cast.operator, data=_workbook([own_row, other_row], catalogue))
    assert not Sample.objects.exists()
    [sample] = lab_import.lab_results_import(actor=cast.operator, data=_workbook([own_row], catalogue))
    assert sample.point.code == "NS-A-01"
    # The template the operator downloads lists its points only.
    assert [p.code for p in points_for_entry(cast.operator)] == ["NS-A-01"]


def test_the_keepers_name_the_operator_of_a_point(cast, points, client_as):
    _own, other = points
    response = client_as(cast.officer_a).post(
        reverse("environment:point_status", args=[other.pk]),
        {"status": "active", "operator_organisation": cast.water_operator.pk},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.operator_organisation == cast.water_operator
    assert AuditEntry.objects.filter(action="environment.point_operator").exists()
    assert client_as(cast.operator).get(reverse("environment:point", args=[other.pk])).status_code == 200
    department = cast.organisation  # a department is not an operator
    with pytest.raises(ServiceError):
        services.water_point_set_operator(actor=cast.officer_a, point=other, organisation=department)


def test_an_operator_account_needs_an_operator_organisation(cast):
    person = UserFactory(username="capnuoc_x")
    with pytest.raises(ServiceError):
        role_assign(user=person, role=Role.WATER_OPERATOR, unit=cast.commune_a)
    with pytest.raises(ServiceError):
        role_assign(
            user=person, role=Role.WATER_OPERATOR, unit=cast.commune_a, organisation=cast.organisation
        )
    operator = organisation_create(
        name="Công ty cấp nước (thử)", short_name="CN-X", unit=cast.province, kind="water_operator"
    )
    assignment = role_assign(user=person, role=Role.WATER_OPERATOR, unit=cast.province, organisation=operator)
    assert assignment.organisation == operator
    with pytest.raises(ServiceError):
        role_assign(user=person, role=Role.DEPARTMENT_OFFICER, unit=cast.province, organisation=operator)


def test_the_operator_menu_opens_the_environment_pages(cast, points, client_as):
    links = {link.key: link.url for link in nav_links(cast.operator)}
    assert "environment" in links and "values" not in links and "dossiers" not in links
    client = client_as(cast.operator)
    for url in links.values():
        assert client.get(url).status_code == 200, url
