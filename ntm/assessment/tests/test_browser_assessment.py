"""Browser journey: the commune enters values with evidence, the department returns then verifies, and the
coordinator sees the compliance matrix change and exports it to Excel."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ntm.accounts.models import Organisation
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.testing.browser import axe_violations, screenshot
from ntm.testing.factories import TEST_PASSWORD
from ntm.units.models import UnitYearAttribute

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]
SET = "xa-ntm-2021-2025"
UNIT_PAGE = f"/danh-gia/don-vi/2025/26413/?year=2025&set={SET}"
MATRIX = f"/danh-gia/ma-tran/?year=2025&set={SET}"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def criterion_3_of_long_phuoc(page) -> str:
    page.goto(MATRIX)
    codes = page.locator("#matrix thead th.crit").evaluate_all("ths => ths.map(th => th.dataset.criterion)")
    cell = page.locator('tr[data-unit="26413"] td').nth(2 + codes.index("3"))
    return f"{cell.get_attribute('class')}|{cell.text_content().strip()}"


def test_values_evidence_verification_and_the_matrix(page, live_cast, tmp_path):
    cast = live_cast
    criteria_sets_load_shipped()
    Organisation.objects.filter(pk=cast.organisation.pk).update(short_name="SNNMT")
    UnitYearAttribute.objects.create(unit=cast.commune_a, year=2025, region="DNB")
    evidence = tmp_path / "bien-ban-thuy-loi.pdf"
    evidence.write_bytes(PDF)

    # The commune officer types 3.1 = 79,5 (not met) and 3.2 (met), then saves criterion 3 once (htmx: in place).
    sign_in(page, "xa_a")
    page.goto(UNIT_PAGE)
    section = page.locator("#crit-3")
    section.get_by_label("Giá trị (%)").fill("79,5")
    page.locator('[id="id_3.1-note"]').fill("Theo báo cáo thủy lợi 2025")
    page.locator('[id="id_3.2-value"]').select_option("1")
    url_before = page.url
    section.get_by_role("button", name="Lưu tiêu chí 3").click()
    page.locator("#crit-3 .msg", has_text="Đã lưu 2 giá trị.").wait_for()
    assert page.url == url_before  # no reload: the criterion was swapped in place
    row = page.locator('li[id="ind-3.1"]')
    assert "✓ Đã lưu." in row.inner_text() and "Chưa đạt" in row.inner_text()
    assert (
        "Nhận tệp PDF, JPEG, PNG, Word (.docx) hoặc Excel (.xlsx)" in row.inner_text()
    )  # said before upload
    row.locator("input[type=file]").set_input_files(str(evidence))
    row.get_by_role("button", name="Tải lên").click()
    page.locator('li[id="ind-3.1"] a', has_text="bien-ban-thuy-loi.pdf").wait_for()
    assert "✓ Đã thêm minh chứng." in page.locator('li[id="ind-3.1"]').inner_text()
    screenshot(page, "assessment-commune-entered-3.1")

    # The coordinator sees criterion 3 not met in the matrix.
    sign_in(page, "dieuphoi")
    assert criterion_3_of_long_phuoc(page) == "s-not_met|✗Chưa đạt"
    screenshot(page, "assessment-matrix-before")

    # The department returns 3.1 with a comment.
    sign_in(page, "so_nn")
    page.goto(UNIT_PAGE)
    row = page.locator('li[id="ind-3.1"]')
    row.get_by_role("button", name="Trả lại xã").click()  # no reason: refused beside the box, in the row
    page.locator('li[id="ind-3.1"] [id="return-3.1-error"]').wait_for()
    page.locator('[id="return-3.1"]').fill("Thiếu bản đồ tưới tiêu vụ Đông Xuân")
    page.locator('li[id="ind-3.1"]').get_by_role("button", name="Trả lại xã").click()
    page.locator('li[id="ind-3.1"] .row-done').wait_for()
    assert "trả lại" in page.locator('li[id="ind-3.1"] .vstatus').inner_text()

    # The commune answers by changing the value to 82.
    sign_in(page, "xa_a")
    page.goto(UNIT_PAGE)
    page.locator('[id="id_3.1-value"]').fill("82")
    page.get_by_role("button", name="Lưu tiêu chí 3").click()
    page.locator('li[id="ind-3.1"] .row-done').wait_for()
    assert "Đạt" in page.locator('li[id="ind-3.1"]').inner_text()

    # The department verifies it.
    sign_in(page, "so_nn")
    page.goto(UNIT_PAGE)
    page.locator('li[id="ind-3.1"] form[action*="xac-nhan"] button').click()
    page.locator('li[id="ind-3.1"] .vstatus-verified').wait_for()
    screenshot(page, "assessment-department-verified")
    page.goto(f"/danh-gia/so-nganh/?year=2025&set={SET}&dept=SNNMT")
    assert "82" in page.locator('tr[data-unit="26413"] td[data-indicator="3.1"]').inner_text()
    screenshot(page, "assessment-department-view")

    # The coordinator sees the matrix change and exports it.
    sign_in(page, "dieuphoi")
    assert criterion_3_of_long_phuoc(page) == "s-met|✓Đạt"
    screenshot(page, "assessment-matrix-after")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất Excel").click()
    download = download_info.value
    assert download.suggested_filename == f"ma-tran-{SET}-2025.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))["Ma trận"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("TC 3. Thủy lợi và phòng, chống thiên tai")
    long_phuoc = next(row for row in rows if row[0] == "26413")
    assert long_phuoc[1] == "Xã Long Phước" and long_phuoc[column] == "Đạt"

    page.goto("/danh-gia/tong-quan/?year=2025")
    page.locator("#chart-levels").wait_for()
    assert page.locator(".chart.drawn").count() == 3  # Chart.js drew the three charts (CSP allows the files)
    screenshot(page, "assessment-overview")
    page.goto("/danh-gia/khoang-cach/?year=2025")
    screenshot(page, "assessment-gaps")


def tab_to(page, predicate: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches ``predicate`` (a JS expression over ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({predicate}); }})()"):
            return
    raise AssertionError(f"Tab never reached: {predicate}")


def test_keyboard_only_entry_keeps_a_bad_value_and_shows_the_error_beside_it(page, live_cast):
    """The commune's entry with the keyboard alone: jump to criterion 3, type "khoảng 90", save, read the error
    summary, follow it to the field, correct the value, save again. axe finds nothing serious on the way."""
    criteria_sets_load_shipped()
    page.goto("/dang-nhap/")
    page.keyboard.press("Tab")
    tab_to(page, "el.name === 'username'")
    page.keyboard.type("xa_a")
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not page.url.endswith("/dang-nhap/")
    page.goto(UNIT_PAGE)
    tab_to(page, "el.matches('.crit-jump a[href=\"#crit-3\"]')")
    page.keyboard.press("Enter")
    tab_to(page, "el.id === 'id_3.1-value'")
    page.keyboard.type("khoảng 90")
    tab_to(page, "el.matches('button[form=\"vals-3\"]')")
    page.keyboard.press("Enter")
    page.locator("#crit-3 .error-summary").wait_for()
    # The focus is on the error summary; the field keeps what was typed, with the reason beside it.
    page.wait_for_function("document.activeElement.classList.contains('error-summary')")  # after htmx settles
    assert page.locator('[id="id_3.1-value"]').input_value() == "khoảng 90"
    assert "không phải là số" in page.locator('[id="id_3.1-value_error"]').inner_text()
    assert page.locator('[id="id_3.1-value"]').get_attribute("aria-invalid") == "true"
    screenshot(page, "assessment-keyboard-error")

    page.keyboard.press("Tab")  # the summary's link to the field
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_3.1-value"
    page.keyboard.press("Control+A")
    page.keyboard.type("90,5")
    tab_to(page, "el.matches('button[form=\"vals-3\"]')")
    page.keyboard.press("Enter")
    page.locator('li[id="ind-3.1"] .row-done').wait_for()
    assert page.locator('[id="id_3.1-value"]').input_value() == "90,5"
    assert "Đạt" in page.locator('li[id="ind-3.1"]').inner_text()
    screenshot(page, "assessment-keyboard-saved")
    assert not axe_violations(page)


def test_without_javascript_a_bad_value_comes_back_beside_its_field(browser, live_server, live_cast):
    criteria_sets_load_shipped()
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        locale="vi-VN",
        base_url=live_server.url,
        java_script_enabled=False,
    )
    page = context.new_page()
    sign_in(page, "xa_a")
    page.goto(UNIT_PAGE)
    page.locator('[id="id_3.1-value"]').fill("khoảng 90")
    page.get_by_role("button", name="Lưu tiêu chí 3").click()
    assert page.title().startswith("Lỗi:")
    summary = page.locator("#error-summary")
    assert "Chỉ tiêu 3.1" in summary.inner_text()
    assert page.locator('[id="id_3.1-value"]').input_value() == "khoảng 90"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "assessment-no-js-error-375")
    page.locator('[id="id_3.1-value"]').fill("90,5")
    page.get_by_role("button", name="Lưu tiêu chí 3").click()
    assert "done=saved" in page.url and page.url.endswith("#crit-3")
    assert "✓ Đã lưu." in page.locator('li[id="ind-3.1"]').inner_text()
    context.close()
