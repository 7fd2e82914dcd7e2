"""The periodic environment report (Word, Decree 30 layout): figures worked by hand, scope, the download, and the
document rendered through LibreOffice to PNG (look at test-artifacts/screenshots/environment-report*.png)."""

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from django.http import Http404
from django.urls import reverse

from ntm.core.documents import docx_to_pdf, soffice_path
from ntm.core.uploads import DOCX
from ntm.core.wordtemplates import open_document
from ntm.environment import coverage, report, selectors, services
from ntm.environment.models import ParameterCatalogue
from ntm.testing.browser import SCREENSHOTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(cast):
    services.catalogues_load_shipped()
    point = services.water_point_create(
        actor=cast.officer_a, unit=cast.commune_a, code="NS-01", name="Trạm cấp nước ấp 3", kind="centralised"
    )
    services.water_point_create(
        actor=cast.officer_a, unit=cast.commune_a, code="NS-02", name="Giếng khoan hộ", kind="household"
    )
    for day, values in (
        (dt.date(2025, 2, 3), {"ph": "7,2", "coliform": "0"}),
        (dt.date(2025, 5, 6), {"ph": "9,1", "turbidity": "1"}),  # pH outside 6,0 - 8,5
        (dt.date(2025, 9, 9), {"ph": "7"}),
    ):
        services.sample_record(
            actor=cast.officer_a, point=point, sampled_on=day, laboratory="CDC", values=values
        )
    services.coverage_set(
        actor=cast.officer_a,
        unit=cast.commune_a,
        year=2025,
        counts=coverage.HouseholdCounts(total=200, hygienic=180, clean=170, clean_piped=90),
    )
    services.waste_set(
        actor=cast.officer_a,
        unit=cast.commune_a,
        year=2025,
        figures={
            "domestic_generated": Decimal("100"),
            "domestic_treated": Decimal("95"),
            "packaging_generated": Decimal("40"),
            "packaging_treated": Decimal("40"),
            "medical_generated": Decimal("3"),
            "medical_treated": Decimal("1"),
        },
    )
    farm = services.facility_create(
        actor=cast.officer_a, unit=cast.commune_a, name="Trại heo A", kind="livestock"
    )
    services.facility_create(actor=cast.officer_a, unit=cast.commune_a, name="Xưởng B", kind="production")
    services.inspection_record(
        actor=cast.department, facility=farm, inspected_on=dt.date(2025, 4, 1), compliant=True
    )
    return point


def test_the_report_adds_up_the_communes_figures_by_hand(cast, figures):
    data = selectors.environment_report(cast.coordinator, cast.province.pk, 2025)
    row = next(row for row in data.rows if row.unit == cast.commune_a)
    assert (row.samples, row.passing, row.failing) == (3, 2, 1)
    assert (row.facilities, row.compliant) == (2, 1)
    assert row.shares.clean == Decimal("85.0") and row.shares.clean_piped == Decimal("45.0")
    assert row.meets_target is True  # 2025 target: ≥ 85% clean water, of which ≥ 45% piped
    context = report.report_context(data, today=dt.date(2026, 1, 10))
    assert "85,0% hộ sử dụng nước sạch đạt quy chuẩn, trong đó 45,0%" in context["coverage_text"]
    assert "3 mẫu nước có kết quả xét nghiệm: 2 mẫu đạt, 1 mẫu" in context["samples_text"]
    [exceeding] = context["exceedance_rows"]
    assert exceeding["date"] == "06/05/2025" and exceeding["parameters"].startswith("pH: 9,1 / 6 - 8,5")
    waste = next(r for r in context["waste_rows"] if r["name"] == cast.commune_a.name)
    assert (waste["domestic"], waste["packaging"], waste["medical"]) == ("95,0", "100,0", "33,3")
    assert (
        "2 cơ sở đang hoạt động" in context["facilities_text"]
        and "(tỷ lệ 50,0%)" in context["facilities_text"]
    )
    assert any("QĐ 57/2024/QĐ-UBND" in note for note in context["notes"])
    # The first half-year holds the two samples of February and May only.
    half = selectors.environment_report(cast.coordinator, cast.province.pk, 2025, "h1")
    assert (half.samples, half.failing) == (2, 1)
    assert "6 tháng đầu năm 2025" in report.report_context(half)["summary"]


def test_the_report_answers_404_out_of_scope(cast, figures):
    with pytest.raises(Http404):
        selectors.environment_report(cast.officer_a, cast.province.pk, 2025)
    with pytest.raises(Http404):
        selectors.environment_report(cast.officer_b, cast.commune_a.pk, 2025)
    with pytest.raises(Http404):
        selectors.environment_report(cast.coordinator, cast.province.pk, 2025, "q5")
    own = selectors.environment_report(cast.officer_a, cast.commune_a.pk, 2025)
    assert [row.unit for row in own.rows] == [cast.commune_a]


def test_the_report_downloads_as_word_from_the_commune_page(cast, figures, client_as):
    client = client_as(cast.officer_a)
    page = client.get(reverse("environment:commune", args=[cast.commune_a.pk, 2025])).content.decode()
    url = reverse("environment:report", args=[cast.commune_a.pk, 2025])
    assert f"{url}?period=h1" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    text = "\n".join(p.text for p in open_document(response.content).paragraphs)
    assert "Tình hình môi trường nông thôn và nước sạch năm 2025 của Xã Long Phước" in text
    tables = "\n".join(
        cell.text for t in open_document(response.content).tables for r in t.rows for cell in r.cells
    )
    assert "Trạm cấp nước ấp 3" in tables and "33,3" in tables
    assert client.get(reverse("environment:report", args=[cast.province.pk, 2025])).status_code == 404
    index = client_as(cast.coordinator).get(reverse("environment:index") + "?year=2025").content.decode()
    assert reverse("environment:report", args=[cast.province.pk, 2025]) in index


def test_report_queries_do_not_grow_with_facilities_and_samples(cast, figures, django_assert_max_num_queries):
    selectors.environment_report(cast.coordinator, cast.province.pk, 2025)  # warm the catalogue cache
    with django_assert_max_num_queries(12) as few:
        selectors.environment_report(cast.coordinator, cast.province.pk, 2025)
    with django_assert_max_num_queries(12) as publish_few:
        services.facility_compliance_publish(unit=cast.commune_a, year=2026)
    for n in range(5):
        facility = services.facility_create(
            actor=cast.officer_a, unit=cast.commune_a, name=f"Cơ sở {n}", kind="production"
        )
        services.inspection_record(
            actor=cast.department, facility=facility, inspected_on=dt.date(2025, 6, 1), compliant=False
        )
        services.sample_record(
            actor=cast.officer_a,
            point=figures,
            sampled_on=dt.date(2025, 7, n + 1),
            laboratory="CDC",
            values={"ph": "7"},
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = selectors.environment_report(cast.coordinator, cast.province.pk, 2025)
    assert data.facilities == 7 and data.samples == 8
    with django_assert_max_num_queries(len(publish_few.captured_queries)):
        services.facility_compliance_publish(unit=cast.commune_a, year=2027)


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_the_report_prints_as_an_official_document(cast, figures, tmp_path):
    data = selectors.environment_report(cast.coordinator, cast.province.pk, 2025)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(docx_to_pdf(report.report_docx(data, today=dt.date(2026, 1, 10))))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO",
        "Xã Long Phước",
        "85,0",
        "33,3",
        "Nơi nhận",
    ):
        assert expected in text, expected
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(SCREENSHOTS / "environment-report")], check=True
    )
    assert list(SCREENSHOTS.glob("environment-report*.png"))


def test_a_catalogue_version_is_parsed_once_not_per_sample(cast, figures, monkeypatch):
    calls = []
    original = ParameterCatalogue.catalogue

    def counted(self):
        calls.append(self.pk)
        return original(self)

    monkeypatch.setattr(ParameterCatalogue, "catalogue", counted)
    monkeypatch.setattr(selectors, "_CATALOGUES", {})
    data = selectors.environment_report(cast.coordinator, cast.province.pk, 2025)
    assert data.samples == 3 and len(calls) == 1
