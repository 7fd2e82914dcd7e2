"""Water points, lab results, alerts, coverage feeding criterion 17, scope and the public page."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ntm.assessment.selectors.assessments import set_version
from ntm.assessment.selectors.inputs import engine_inputs
from ntm.audit.models import AuditEntry
from ntm.core.excel import ExcelImportError
from ntm.core.exceptions import ServiceError
from ntm.core.models import Notification
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.environment import coverage, lab_import, services
from ntm.environment.map_layers import water_points
from ntm.environment.models import Facility, ParameterCatalogue, Sample
from ntm.environment.parameters import Parameter
from ntm.environment.selectors import judged

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def catalogue(db):
    services.catalogues_load_shipped()
    return ParameterCatalogue.objects.get(code="qcvn-01-1-2018")


@pytest.fixture
def point(cast, catalogue):
    return services.water_point_create(
        actor=cast.officer_a,
        unit=cast.commune_a,
        code="ns-26413-01",
        name="Trạm cấp nước ấp 3",
        kind="centralised",
        latitude=Decimal("10.9"),
        longitude=Decimal("107.1"),
    )


def test_loading_the_shipped_catalogues_is_idempotent(catalogue):
    unconfirmed = ParameterCatalogue.objects.get(code="qcvn-01-1-2024")
    assert services.catalogues_load_shipped() == [(catalogue, False), (unconfirmed, False)]
    assert len(catalogue.catalogue().parameters) == 8


def test_the_2024_regulation_is_loaded_marked_unconfirmed_and_never_judges_a_sample(
    cast, point, catalogue, client_as
):
    qcvn_2024 = ParameterCatalogue.objects.get(code="qcvn-01-1-2024")
    data = qcvn_2024.catalogue()
    assert data.provenance == "unconfirmed" and {p.provenance for p in data.parameters} == {"unconfirmed"}
    assert data.source.startswith("TT 52/2024/TT-BYT ngày 31/12/2024")
    sample = services.sample_record(
        actor=cast.officer_a,
        point=point,
        sampled_on=dt.date(2026, 3, 2),
        laboratory="CDC",
        values={"ph": "7"},
    )
    assert sample.catalogue == catalogue  # after 1/7/2025, still the confirmed 2018 list
    page = client_as(cast.coordinator).get(reverse("environment:catalogues")).content.decode()
    assert "QCVN 01-1:2024/BYT" in page and "chưa đối chiếu" in page


def test_a_result_outside_a_limit_alerts_the_commune_and_the_province(cast, point):
    sample = services.sample_record(
        actor=cast.officer_a,
        point=point,
        sampled_on=dt.date(2026, 3, 2),
        laboratory="CDC Đồng Nai",
        values={"ph": "9,1", "coliform": "0", "turbidity": ""},
    )
    item = judged(sample)
    assert item.outcome == "fail" and [j.parameter.code for j in item.failed] == ["ph"]
    alerted = set(Notification.objects.values_list("user__username", flat=True))
    assert {cast.officer_a.username, cast.coordinator.username} <= alerted
    assert cast.officer_b.username not in alerted
    assert sample.values == {"ph": "9,1", "coliform": "0"}
    assert AuditEntry.objects.filter(action="environment.sample_record").count() == 1
    feature = water_points(cast.coordinator, None)["features"][0]
    assert feature["properties"]["status"] == "alert"


def test_a_result_within_limits_sends_no_alert_and_colours_the_point_green(cast, point):
    services.sample_record(
        actor=cast.officer_a,
        point=point,
        sampled_on=dt.date(2026, 3, 2),
        laboratory="CDC",
        values={"ph": "7"},
    )
    assert not Notification.objects.exists()
    assert water_points(cast.officer_a, None)["features"][0]["properties"]["status"] == "ok"


@pytest.mark.parametrize(
    ("values", "message"),
    [({"ph": "khoảng 7"}, "pH"), ({}, "chưa có kết quả"), ({"lead": "1"}, "lead")],
)
def test_bad_results_change_nothing(cast, point, values, message):
    with pytest.raises(ServiceError, match=message):
        services.sample_record(
            actor=cast.officer_a, point=point, sampled_on=dt.date(2026, 3, 2), laboratory="CDC", values=values
        )
    assert not Sample.objects.exists()


def test_another_commune_cannot_enter_or_read_the_point(cast, point, client_as):
    with pytest.raises(ServiceError):
        services.sample_record(
            actor=cast.officer_b,
            point=point,
            sampled_on=dt.date(2026, 3, 2),
            laboratory="CDC",
            values={"ph": "7"},
        )
    client = client_as(cast.officer_b)
    assert client.get(reverse("environment:point", args=[point.pk])).status_code == 404
    assert client.get(reverse("environment:sample_create", args=[point.pk])).status_code == 404
    assert client_as(cast.officer_a).get(reverse("environment:point", args=[point.pk])).status_code == 200


@pytest.mark.parametrize("who", ["producer", "front", "ocop_council"])
def test_roles_outside_the_area_are_refused(cast, client_as, who):
    assert client_as(getattr(cast, who)).get(reverse("environment:index")).status_code == 403


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


def test_lab_import_records_every_row_or_nothing(cast, point, catalogue):
    template = load_workbook(io.BytesIO(lab_import.template(catalogue, [point])))
    assert [c.value for c in template[lab_import.SHEET][2]][:1] == ["NS-26413-01"]
    blank = [None] * 8
    good = ["NS-26413-01", "02/03/2026", "CDC Đồng Nai", *blank]
    good[3 + 7] = "7,2"  # pH
    bad = ["NS-26413-01", "31/02/2026", "CDC", *blank]
    bad[3 + 2] = "abc"  # arsenic
    with pytest.raises(ExcelImportError) as caught:
        lab_import.lab_results_import(actor=cast.officer_a, data=_workbook([good, bad], catalogue))
    text = " ".join(caught.value.errors)
    assert "dòng 3, cột B" in text and "dòng 3, cột F" in text
    assert not Sample.objects.exists()
    breach = list(good)
    breach[3 + 1] = "2"  # E. coli
    samples = lab_import.lab_results_import(actor=cast.officer_a, data=_workbook([good, breach], catalogue))
    assert [judged(s).outcome for s in samples] == ["pass", "fail"]
    assert Notification.objects.filter(user=cast.officer_a).count() == 1


def test_lab_import_refuses_a_point_outside_the_scope(cast, point, catalogue):
    row = ["NS-26413-01", "02/03/2026", "CDC", None, None, None, None, None, None, None, "7"]
    with pytest.raises(ExcelImportError, match="NS-26413-01"):
        lab_import.lab_results_import(actor=cast.officer_b, data=_workbook([row], catalogue))


def test_coverage_feeds_the_commune_indicator_17_1(cast, catalogue):
    criteria_sets_load_shipped()
    services.indicator_source_link(
        actor=cast.coordinator, set_code=SET, indicator_code="17.1", source=services.CLEAN_WATER
    )
    year = 2025
    services.coverage_set(
        actor=cast.officer_a,
        unit=cast.commune_a,
        year=year,
        counts=coverage.HouseholdCounts(total=2400, hygienic=2376, clean=2040, clean_piped=984),
    )
    inputs = engine_inputs([cast.commune_a], [year], set_version(SET)).of(cast.commune_a.pk, year)
    assert inputs.values()["17.1"] == 85.0
    services.coverage_set(
        actor=cast.officer_a,
        unit=cast.commune_a,
        year=year,
        counts=coverage.HouseholdCounts(total=2400, hygienic=2376, clean=2100, clean_piped=984),
    )
    inputs = engine_inputs([cast.commune_a], [year], set_version(SET)).of(cast.commune_a.pk, year)
    assert inputs.values()["17.1"] == 87.5


def test_only_the_coordinator_links_indicators(cast):
    criteria_sets_load_shipped()
    with pytest.raises(ServiceError):
        services.indicator_source_link(
            actor=cast.officer_a, set_code=SET, indicator_code="17.1", source=services.CLEAN_WATER
        )


def test_inconsistent_coverage_is_refused(cast, catalogue):
    with pytest.raises(ServiceError, match="không được lớn hơn"):
        services.coverage_set(
            actor=cast.officer_a,
            unit=cast.commune_a,
            year=2025,
            counts=coverage.HouseholdCounts(total=100, hygienic=90, clean=95, clean_piped=0),
        )


def test_facility_compliance_rate_counts_uninspected_facilities_as_not_shown(cast, catalogue):
    first = services.facility_create(
        actor=cast.officer_a, unit=cast.commune_a, name="Trại heo A", kind="livestock"
    )
    services.facility_create(actor=cast.officer_a, unit=cast.commune_a, name="Xưởng B", kind="production")
    services.inspection_record(
        actor=cast.department, facility=first, inspected_on=dt.date(2025, 5, 1), compliant=True
    )
    assert services.facility_compliance_publish(unit=cast.commune_a, year=2025) == Decimal("50.0")
    assert Facility.objects.count() == 2


def test_group_b_parameter_makes_a_new_version_and_old_samples_keep_theirs(cast, point, catalogue):
    old = services.sample_record(
        actor=cast.officer_a,
        point=point,
        sampled_on=dt.date(2026, 1, 5),
        laboratory="CDC",
        values={"ph": "7"},
    )
    iron = Parameter("iron", "Sắt (Fe)", "B", "mg/L", "max", limit=Decimal("0.3"), source="QĐ …/QĐ-UBND")
    with pytest.raises(ServiceError):
        services.catalogue_add_group_b(base=catalogue, parameter=iron, change_note="x", actor=cast.officer_a)
    new = services.catalogue_add_group_b(
        base=catalogue, parameter=iron, change_note="Tỉnh chọn thông số nhóm B", actor=cast.coordinator
    )
    assert new.version == 2 and new.catalogue().parameter("iron").limit == Decimal("0.3")
    old.refresh_from_db()
    assert old.catalogue_id == catalogue.pk
    with pytest.raises(ServiceError):
        services.catalogue_add_group_b(
            base=catalogue, parameter=iron, change_note="again", actor=cast.coordinator
        )


def test_sample_form_keeps_what_was_typed_and_says_why(cast, point, client_as):
    client = client_as(cast.officer_a)
    url = reverse("environment:sample_create", args=[point.pk])
    response = client.post(url, {"sampled_on": "02/03/2026", "laboratory": "CDC", "p_ph": "khoảng 7"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "khoảng 7" in body and "pH" in body
    assert not Sample.objects.exists()
    report = SimpleUploadedFile("phieu.pdf", PDF, content_type="application/pdf")
    response = client.post(
        url,
        {"sampled_on": "02/03/2026", "laboratory": "CDC", "p_ph": "7", "p_arsenic": "0,05", "report": report},
    )
    assert response.status_code == 302
    sample = Sample.objects.get()
    assert sample.report.mime_type == "application/pdf"
    download = client.get(reverse("environment:lab_report", args=[sample.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert (
        client_as(cast.officer_b).get(reverse("environment:lab_report", args=[sample.pk])).status_code == 404
    )


def test_public_page_shows_published_results_only(cast, point, client_as, settings):
    settings.NTM_WATER_PUBLISH_DAYS = 3
    services.sample_record(
        actor=cast.officer_a,
        point=point,
        sampled_on=dt.date(2026, 3, 2),
        laboratory="CDC",
        values={"ph": "9"},
    )
    anonymous = client_as(None)
    body = anonymous.get(reverse("environment:public_point", args=[point.pk])).content.decode()
    assert "9 " not in body and "Trạm cấp nước ấp 3" in body
    Sample.objects.update(entered_at=dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC))
    body = anonymous.get(reverse("environment:public_point", args=[point.pk])).content.decode()
    assert "vượt" in body.lower() or "ngoài" in body.lower()


def test_api_lists_points_in_scope(cast, point, client_as):
    services.sample_record(
        actor=cast.officer_a,
        point=point,
        sampled_on=dt.date(2026, 3, 2),
        laboratory="CDC",
        values={"ph": "9"},
    )
    data = client_as(cast.officer_a).get("/api/v1/environment/water-points").json()
    assert data["count"] == 1 and data["items"][0]["latest_outcome"] == "fail"
    assert client_as(cast.officer_b).get("/api/v1/environment/water-points").json()["count"] == 0
    samples = client_as(cast.officer_a).get(f"/api/v1/environment/water-points/{point.pk}/samples").json()
    assert samples["items"][0]["results"][0]["outcome"] == "fail"
    assert (
        client_as(cast.officer_b).get(f"/api/v1/environment/water-points/{point.pk}/samples").status_code
        == 404
    )
    assert client_as(None).get("/api/v1/environment/public/water-points").json()["count"] == 1


def test_commune_page_compares_coverage_with_the_province_target(cast, catalogue, client_as):
    services.coverage_set(
        actor=cast.officer_a,
        unit=cast.commune_a,
        year=2025,
        counts=coverage.HouseholdCounts(total=1000, hygienic=1000, clean=860, clean_piped=440),
    )
    body = (
        client_as(cast.officer_a)
        .get(reverse("environment:commune", args=[cast.commune_a.pk, 2025]))
        .content.decode()
    )
    assert "ít nhất 85%" in body and "ít nhất 45%" in body and "chưa đạt" in body and "dongnai.gov.vn" in body
    assert (
        client_as(cast.officer_b)
        .get(reverse("environment:commune", args=[cast.commune_a.pk, 2025]))
        .status_code
        == 404
    )


def test_waste_rates_go_to_criterion_17_and_show_on_the_commune_page(cast, catalogue, client_as):
    from ntm.assessment.models import ComputedValue

    figures = {
        "domestic_generated": Decimal("10"),
        "domestic_treated": Decimal("9.5"),
        "packaging_generated": Decimal("0"),
        "packaging_treated": Decimal("0"),
        "medical_generated": Decimal("3"),
        "medical_treated": Decimal("1"),
    }
    services.waste_set(actor=cast.officer_a, unit=cast.commune_a, year=2025, figures=figures)
    values = dict(ComputedValue.objects.filter(unit=cast.commune_a, year=2025).values_list("source", "value"))
    assert values[services.DOMESTIC_WASTE] == 95.0
    assert values[services.PESTICIDE_PACKAGING] is None  # nothing generated: no figure
    assert values[services.MEDICAL_WASTE] == 33.3
    body = (
        client_as(cast.officer_a)
        .get(reverse("environment:commune", args=[cast.commune_a.pk, 2025]))
        .content.decode()
    )
    assert "95,0%" in body or "95.0%" in body
    with pytest.raises(ServiceError):
        services.waste_set(
            actor=cast.officer_a,
            unit=cast.commune_a,
            year=2025,
            figures={**figures, "medical_treated": Decimal("4")},
        )
