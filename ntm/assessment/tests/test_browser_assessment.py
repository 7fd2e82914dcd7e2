"""Browser journey: the commune enters values with evidence, the department returns then verifies, and the
coordinator sees the compliance matrix change and exports it to Excel."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ntm.accounts.models import Organisation
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.testing.browser import screenshot
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
    cell = page.locator('tr[data-unit="26413"] td[data-criterion="3"]')
    return f"{cell.get_attribute('data-state')}|{cell.inner_text().strip()}"


def test_values_evidence_verification_and_the_matrix(page, live_cast, tmp_path):
    cast = live_cast
    criteria_sets_load_shipped()
    Organisation.objects.filter(pk=cast.organisation.pk).update(short_name="SNNMT")
    UnitYearAttribute.objects.create(unit=cast.commune_a, year=2025, region="DNB")
    evidence = tmp_path / "bien-ban-thuy-loi.pdf"
    evidence.write_bytes(PDF)

    # The commune officer enters 3.2 (met) and 3.1 = 79,5 (not met), with an evidence file.
    sign_in(page, "xa_a")
    page.goto(UNIT_PAGE)
    row = page.locator('tr[id="ind-3.2"]')
    row.locator("select[name=value]").select_option("1")
    row.locator("form.value-form button").click()
    row = page.locator('tr[id="ind-3.1"]')
    row.locator("input[name=value]").fill("79,5")
    row.locator("textarea[name=note]").fill("Theo báo cáo thủy lợi 2025")
    row.locator("form.value-form button").click()
    row = page.locator('tr[id="ind-3.1"]')
    assert "Chưa đạt" in row.inner_text()
    row.locator("input[type=file]").set_input_files(str(evidence))
    row.locator("form[action*='minh-chung'] button").click()
    page.locator('tr[id="ind-3.1"] a', has_text="bien-ban-thuy-loi.pdf").wait_for()
    screenshot(page, "assessment-commune-entered-3.1")

    # The coordinator sees criterion 3 not met in the matrix.
    sign_in(page, "dieuphoi")
    assert criterion_3_of_long_phuoc(page) == "not_met|✗ Chưa đạt"
    screenshot(page, "assessment-matrix-before")

    # The department returns 3.1 with a comment.
    sign_in(page, "so_nn")
    page.goto(UNIT_PAGE)
    row = page.locator('tr[id="ind-3.1"]')
    row.locator("form[action*='tra-lai'] textarea").fill("Thiếu bản đồ tưới tiêu vụ Đông Xuân")
    row.locator("form[action*='tra-lai'] button").click()
    assert (
        "Sở trả lại" in page.locator('tr[id="ind-3.1"] .vstatus').inner_text()
        or "trả lại" in page.locator('tr[id="ind-3.1"] .vstatus').inner_text()
    )

    # The commune answers by changing the value to 82.
    sign_in(page, "xa_a")
    page.goto(UNIT_PAGE)
    row = page.locator('tr[id="ind-3.1"]')
    row.locator("input[name=value]").fill("82")
    row.locator("form.value-form button").click()
    assert "Đạt" in page.locator('tr[id="ind-3.1"]').inner_text()

    # The department verifies it.
    sign_in(page, "so_nn")
    page.goto(UNIT_PAGE)
    page.locator('tr[id="ind-3.1"] form[action*="xac-nhan"] button').click()
    page.locator('tr[id="ind-3.1"] .vstatus-verified').wait_for()
    screenshot(page, "assessment-department-verified")
    page.goto(f"/danh-gia/so-nganh/?year=2025&set={SET}&dept=SNNMT")
    assert "82" in page.locator('tr[data-unit="26413"] td[data-indicator="3.1"]').inner_text()
    screenshot(page, "assessment-department-view")

    # The coordinator sees the matrix change and exports it.
    sign_in(page, "dieuphoi")
    assert criterion_3_of_long_phuoc(page) == "met|✓ Đạt"
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
