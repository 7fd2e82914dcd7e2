"""The values page answers where the eye is: a criterion saved at once, errors beside the field and in a summary,
what was typed kept, a row's action answered in the row (htmx) or at the row (no JavaScript)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.accounts.models import Organisation
from ntm.assessment.models import IndicatorValue
from ntm.assessment.selectors import assessments
from ntm.assessment.services import value_set
from ntm.audit.models import AuditEntry
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.testing.permissions import rows_of
from ntm.units.models import UnitYearAttribute

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def sets(cast):
    criteria_sets_load_shipped()
    UnitYearAttribute.objects.create(unit=cast.commune_a, year=2025, region="DNB")
    Organisation.objects.filter(pk=cast.organisation.pk).update(short_name="SNNMT")
    return assessments.set_version(SET)


def save_url(unit, criterion="3"):
    return reverse("assessment:criterion_save", args=[unit.structure, unit.code, criterion])


def post(client, unit, values, **extra):
    data = {"year": 2025, "set": SET}
    for code, value in values.items():
        data[f"{code}-value"] = value
        data[f"{code}-note"] = ""
    return client.post(save_url(unit), data, **extra)


def input_value(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert found, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def test_one_save_stores_every_value_of_the_criterion_and_returns_to_it(client_as, cast, sets):
    response = post(client_as(cast.officer_a), cast.commune_a, {"3.1": "98,8", "3.2": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith("&done=saved&codes=3.1,3.2#crit-3")
    stored = dict(IndicatorValue.objects.values_list("indicator_code", "value"))
    assert stored == {"3.1": 98.8, "3.2": True}
    page = client_as(cast.officer_a).get(response["Location"]).content.decode()
    assert page.count("✓ Đã lưu.") == 2  # said in each saved row, not at the top of the page
    assert input_value(page, "3.1-value") == "98,8"


def test_english_decimal_point_is_accepted_and_shown_back_with_a_comma(client_as, cast, sets):
    post(client_as(cast.officer_a), cast.commune_a, {"3.1": "98.8"})
    assert IndicatorValue.objects.get().value == 98.8
    page = (
        client_as(cast.officer_a).get(reverse("assessment:unit", args=["2025", cast.commune_a.code])).content
    )
    assert input_value(page.decode(), "3.1-value") == "98,8"


@pytest.mark.parametrize("extra", [{}, HTMX], ids=["no-js", "htmx"])
def test_a_bad_value_keeps_its_text_shows_the_error_beside_it_and_saves_nothing(client_as, cast, sets, extra):
    value_set(unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=70, actor=None)
    written = rows_of(IndicatorValue, AuditEntry)
    before = written()
    response = post(client_as(cast.officer_a), cast.commune_a, {"3.1": "khoảng 90", "3.2": "1"}, **extra)
    html = response.content.decode()
    assert response.status_code == (200 if extra else 400)
    assert written() == before  # 3.2 was valid, but a criterion is saved all or nothing
    assert input_value(html, "3.1-value") == "khoảng 90"  # what was typed is not thrown away
    assert re.search(r'<select[^>]*name="3.2-value"[^>]*>', html)
    assert '<option value="1" selected>' in html
    error = re.search(r'<p class="field-error" id="id_3.1-value_error">(.*?)</p>', html, re.S)
    assert error and "không phải là số" in error.group(1)
    assert 'aria-invalid="true"' in re.search(r'<input[^>]*name="3.1-value"[^>]*>', html).group(0)
    summary = re.search(r'<div class="error-summary"(.*?)</div>', html, re.S).group(1)
    assert "Có lỗi: chưa lưu gì" in summary and 'href="#id_3.1-value"' in summary
    if extra:  # htmx: only the criterion comes back, ready to swap in place
        assert "<html" not in html and html.lstrip().startswith(
            '<section class="card criterion" id="crit-3">'
        )
    else:
        assert "<title>Lỗi:" in html


def test_the_engines_refusal_is_shown_beside_its_field(client_as, cast, sets):
    response = post(client_as(cast.officer_a), cast.commune_a, {"3.1": "140"})
    html = response.content.decode()
    assert response.status_code == 400 and not IndicatorValue.objects.exists()
    assert input_value(html, "3.1-value") == "140"
    assert re.search(r'id="id_3.1-value_error">.*0-100', html, re.S)


def test_ambiguous_thousands_dot_is_refused_with_both_readings(client_as, cast, sets):
    html = post(client_as(cast.officer_a), cast.commune_a, {"3.1": "1.234"}).content.decode()
    assert "có thể hiểu hai cách" in html and not IndicatorValue.objects.exists()


def test_htmx_save_swaps_the_criterion_says_so_in_the_row_and_updates_the_summary(client_as, cast, sets):
    response = post(client_as(cast.officer_a), cast.commune_a, {"3.1": "85", "3.2": "1"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã lưu 2 giá trị." in html and html.count("✓ Đã lưu.") == 2
    assert 'id="summary" hx-swap-oob="true"' in html
    again = post(client_as(cast.officer_a), cast.commune_a, {"3.1": "85,0", "3.2": "1"}, **HTMX)
    assert "Không có gì thay đổi." in again.content.decode()
    assert AuditEntry.objects.filter(action__startswith="indicator_value.").count() == 2


def test_a_refused_upload_is_answered_in_its_row(client_as, cast, sets):
    value = value_set(
        unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=85, actor=None
    )
    url = reverse("assessment:evidence_add", args=[value.pk])
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf", content_type="application/pdf")
    html = client_as(cast.officer_a).post(url, {"file": fake}, **HTMX).content.decode()
    assert html.lstrip().startswith('<li class="ind has-error" id="ind-3.1"')
    assert 'id="evidence-3.1-error"' in html
    missing = client_as(cast.officer_a).post(url, {})
    assert missing.status_code == 400
    assert "Chọn tệp để tải lên." in missing.content.decode()
    assert not value.evidence.exists()


def test_the_page_says_which_files_it_takes_before_the_upload(client_as, cast, sets):
    value_set(unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=85, actor=None)
    page = client_as(cast.officer_a).get(reverse("assessment:unit", args=["2025", cast.commune_a.code]))
    assert "Nhận tệp PDF, JPEG, PNG, Word (.docx) hoặc Excel (.xlsx), tối đa" in page.content.decode()


def test_a_return_without_a_reason_is_shown_beside_the_box(client_as, cast, sets):
    value = value_set(
        unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=85, actor=None
    )
    url = reverse("assessment:value_return", args=[value.pk])
    html = client_as(cast.department).post(url, {"comment": "  "}, **HTMX).content.decode()
    assert 'id="return-3.1-error"' in html and "lý do" in html.lower()
    ok = client_as(cast.department).post(url, {"comment": "Thiếu bản đồ"}, **HTMX).content.decode()
    assert "✓ Đã trả lại cho xã." in ok


def test_dashboards_list_communes_in_vietnamese_order():
    from ntm.assessment.selectors.dashboards import sorted_by_name
    from ntm.units.models import AdministrativeUnit

    names = ["Xã Đông Hòa", "Xã Xuân Lộc", "Xã Dầu Giây", "Xã An Phước", "Xã Ấp Bắc", "Xã Định Quán"]
    units = [AdministrativeUnit(code=str(index), name=name) for index, name in enumerate(names)]
    assert [unit.name for unit in sorted_by_name(units)] == [
        "Xã An Phước", "Xã Ấp Bắc", "Xã Dầu Giây", "Xã Định Quán", "Xã Đông Hòa", "Xã Xuân Lộc",
    ]  # fmt: skip
