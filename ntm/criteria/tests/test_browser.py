"""Browser journey: the coordinator enters an official threshold through the Excel round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from ntm.criteria.services import criteria_sets_load_shipped
from ntm.criteria.tests.factories import edit_workbook
from ntm.testing.browser import screenshot
from ntm.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]

SET = "xa-ntm-2021-2025"
NOTE = "Ngưỡng 4.2 (vùng ĐNB) theo bản chính thức QĐ 318/QĐ-TTg"


def sign_in(page, username: str) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def evaluate_4_2(page, ref: str) -> str:
    """Evaluate 98,5% for indicator 4.2 in a Đông Nam Bộ commune in 2024; the status the page shows."""
    page.goto(f"/bo-tieu-chi/{ref}/danh-gia/")
    page.get_by_label("Năm", exact=True).fill("2024")
    page.locator("#id_region").select_option("DNB")
    page.locator('[name="v_4.2"]').fill("98,5")
    page.get_by_role("button", name="Đánh giá", exact=True).click()
    row = page.locator('tr[data-result="4.2"]')
    row.wait_for()
    return row.get_attribute("data-status")


def test_coordinator_enters_an_official_threshold_through_the_excel_round_trip(
    page, live_cast, tmp_path: Path
):
    criteria_sets_load_shipped()
    sign_in(page, "dieuphoi")

    page.get_by_test_id("role-nav").get_by_role("link", name="Bộ tiêu chí và ngưỡng").click()
    page.wait_for_url("**/bo-tieu-chi/")
    page.locator('tr[data-set="xa-ntm-2021-2025"]').wait_for()  # the click returns before the list is drawn
    assert page.locator('tr[data-set="xa-ntm-2021-2025"]').is_visible()
    screenshot(page, "criteria-list")
    page.get_by_role("link", name="Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025").click()
    summary = page.get_by_test_id("threshold-summary")
    assert "30 ngưỡng chưa xác nhận" in summary.inner_text()
    assert "4.2" in page.locator('tr[data-indicator="4.2"]').inner_text()
    screenshot(page, "criteria-detail-v1")

    assert evaluate_4_2(page, SET) == "not_met"
    assert "tạm tính" in page.locator('tr[data-result="4.2"]').inner_text()
    screenshot(page, "criteria-evaluate-v1")

    page.goto(f"/bo-tieu-chi/{SET}/")
    with page.expect_download() as download:
        page.get_by_test_id("excel-download").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.name == f"bo-tieu-chi-{SET}-v1.xlsx"

    # the coordinator types the value read in the official annex (a test figure) and confirms it
    filled = tmp_path / "da-dien.xlsx"
    filled.write_bytes(
        edit_workbook(
            exported.read_bytes(),
            {
                ("Ngưỡng", "4.2", "G"): 98,
                ("Ngưỡng", "4.2", "O"): "confirmed",
                ("Ngưỡng", "4.2", "P"): "QĐ 318/QĐ-TTg, Phụ lục I, tiêu chí 4 (bản chính thức, trang 3)",
            },
        )
    )
    page.get_by_role("link", name="Nhập tệp Excel đã điền").first.click()
    page.get_by_label("Tệp Excel (.xlsx) xuất từ hệ thống này và đã điền").set_input_files(str(filled))
    page.get_by_label("Ghi chú thay đổi").fill(NOTE)
    page.get_by_role("button", name="Kiểm tra và nhập").click()

    page.wait_for_url(f"**/bo-tieu-chi/{SET}@2/")
    assert f"Đã nhập thành phiên bản {SET}@2." in page.get_by_role("status").first.inner_text()
    assert page.get_by_test_id("change-note").inner_text() == NOTE
    assert "29 ngưỡng chưa xác nhận" in page.get_by_test_id("threshold-summary").inner_text()
    history = page.locator("#history")
    assert NOTE in history.inner_text() and "Nhập từ Excel" in history.inner_text()
    assert "≥ 98%" in page.locator('tr[data-indicator="4.2"]').inner_text()
    screenshot(page, "criteria-detail-v2")

    assert evaluate_4_2(page, SET) == "met"
    assert "tạm tính" not in page.locator('tr[data-result="4.2"]').inner_text()
    screenshot(page, "criteria-evaluate-v2")
    assert evaluate_4_2(page, f"{SET}@1") == "not_met"  # the earlier version still answers as before

    page.goto(f"/bo-tieu-chi/{SET}/")
    page.locator('tr[data-indicator="4.2"]').get_by_role("link", name="Sửa").click()
    assert page.locator('[name="rules-0-value"]').input_value() == "98"
    screenshot(page, "criteria-indicator-edit")


def test_import_errors_are_listed_and_the_set_page_fits_a_phone(phone_page, live_cast, tmp_path: Path):
    criteria_sets_load_shipped()
    page = phone_page
    sign_in(page, "dieuphoi")
    page.goto(f"/bo-tieu-chi/{SET}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, (
        "the set page must not scroll sideways on a 360-px phone (tables scroll in their box)"
    )
    screenshot(page, "criteria-detail-phone")

    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    page.goto("/bo-tieu-chi/nhap-excel/")
    page.get_by_label("Tệp Excel (.xlsx) xuất từ hệ thống này và đã điền").set_input_files(str(broken))
    page.get_by_label("Ghi chú thay đổi").fill("thử")
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    errors = page.get_by_test_id("import-errors")
    assert "Không nhập được tệp Excel; chưa lưu gì." in errors.inner_text()
    screenshot(page, "criteria-import-error-phone")
