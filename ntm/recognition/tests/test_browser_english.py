"""Browser journey in English: the language switch turns the refusals of the main journeys into English.

Sign-in failure, a commune officer saving a share above 100%, an Excel upload with such a value, and a dossier
step refused for a missing document: each page shows the English message and none of the Vietnamese one.
"""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from ntm.assessment import bulk
from ntm.recognition.tests.factories import SET, load_data, make_dossier
from ntm.testing.browser import screenshot
from ntm.testing.factories import TEST_PASSWORD
from ntm.units.models import UnitYearAttribute

pytestmark = [pytest.mark.browser]
UNIT_PAGE = f"/danh-gia/don-vi/2025/26413/?year=2025&set={SET}"


def english_sign_in(page, username: str, password: str = TEST_PASSWORD) -> None:
    """Sign in from a fresh session after choosing English with the switch in the page header."""
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("button", name="Tiếng Việt").wait_for()  # the switch now offers Vietnamese back
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def shown(page, selector: str) -> str:
    return page.locator(selector).inner_text()


def share_template(unit, value) -> bytes:
    """The commune's Excel template with indicator 3.1 (a share) set to ``value``."""
    client = Client()
    client.force_login(unit)
    response = client.get(f"/danh-gia/nhap-excel/mau-xa/?unit=26413&year=2025&set={SET}")
    assert response.status_code == 200, response.status_code
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Giá trị"]
    headers = [cell.value for cell in sheet[bulk.HEADER_ROW]]
    code, target = headers.index("Mã chỉ tiêu"), headers.index("Giá trị")
    row = next(r for r in sheet.iter_rows(min_row=bulk.HEADER_ROW + 1) if r[code].value == "3.1")
    row[target].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_refusals_of_the_main_journeys_are_english(page, live_cast, tmp_path):
    page.set_default_timeout(60_000)
    load_data()
    UnitYearAttribute.objects.create(unit=live_cast.commune_a, year=2025, region="DNB")

    # Sign-in failure.
    english_sign_in(page, "xa_a", "not-the-password")
    errors = shown(page, "main")
    assert "Wrong username or password." in errors
    assert "Sai tên đăng nhập hoặc mật khẩu" not in errors
    screenshot(page, "english-sign-in-refused")

    # A commune officer saves a share above 100%.
    english_sign_in(page, "xa_a")
    page.wait_for_url("**/")
    page.goto(UNIT_PAGE)
    page.locator('[id="id_3.1-value"]').fill("150")
    page.get_by_role("button", name="Save criterion 3").click()
    page.locator("#crit-3 .error-summary").wait_for()
    messages = shown(page, "#crit-3 .error-summary")
    assert "Indicator 3.1: a share must be within 0-100%, got 150%" in messages
    assert "Chỉ tiêu" not in messages and "tỷ lệ phải" not in messages
    screenshot(page, "english-value-refused")

    # The same value through the Excel template.
    upload = tmp_path / "mau.xlsx"
    upload.write_bytes(share_template(live_cast.officer_a, 150))
    page.goto("/danh-gia/nhap-excel/")
    page.locator('input[name="file"]').set_input_files(str(upload))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_load_state()
    errors = shown(page, "#import-errors")
    assert "Indicator 3.1: a share must be within 0-100%, got 150%" in errors
    assert ", row " in errors and ", column " in errors
    assert "dòng" not in errors and "Chỉ tiêu" not in errors and "tỷ lệ phải" not in errors
    screenshot(page, "english-excel-refused")

    # A dossier step refused: the self-assessment is completed without its generated report.
    dossier = make_dossier(live_cast)
    page.goto(f"/cong-nhan/ho-so/{dossier.pk}/")
    form = page.locator('form[data-action="complete"]')
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    messages = shown(page, ".messages")
    assert "Required documents are missing:" in messages
    assert "Thiếu tài liệu bắt buộc" not in messages
    assert page.get_by_test_id("dossier-summary").get_attribute("data-state") == "self_assessment"
    screenshot(page, "english-dossier-step-refused")
