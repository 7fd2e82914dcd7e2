"""Browser journey: a commune and a department submit their semi-annual reports, the coordinator generates the
consolidated report; its content is asserted and its PDF is rendered to PNG (test-artifacts/screenshots/)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from ntm.core.wordtemplates import open_document
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.programme import cycles
from ntm.programme.models import Cooperative, PlanTask, ReportCycle, Target
from ntm.programme.services import cycles as services_cycles
from ntm.programme.tests.factories import load_plan, old_dong_nai, value
from ntm.testing.browser import SCREENSHOTS, screenshot
from ntm.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def fill_and_submit(page, cycle: ReportCycle, *, task_text: str, difficulties: str, figures=None) -> None:
    page.goto("/chuong-trinh/ky-bao-cao/")
    row = page.locator(f'tr[data-cycle="semi_annual-{cycle.year}"]')
    row.get_by_role("link", name="Điền báo cáo").click()
    page.wait_for_url("**/bao-cao-cua-toi/**")
    # opening the form stores nothing: files are attached once the draft is saved
    assert page.get_by_text("Lưu bản nháp trước, rồi đính kèm tệp vào báo cáo.").is_visible()
    screenshot(page, "programme-report-form-new")
    task = PlanTask.objects.get(code="IV.4.b")
    page.locator(f'[name="task_{task.pk}"]').fill(task_text)
    for target_code, (numerator, denominator) in (figures or {}).items():
        target = Target.objects.get(code=target_code)
        page.locator(f'[name="t{target.pk}_numerator"]').fill(str(numerator))
        page.locator(f'[name="t{target.pk}_denominator"]').fill(str(denominator))
    page.locator('[name="text_difficulties"]').fill(difficulties)
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_url("**/bao-cao/*/")


def test_commune_and_department_report_then_the_coordinator_consolidates(
    page, phone_page, live_cast, tmp_path: Path
):
    cast = live_cast
    criteria_sets_load_shipped()
    old = old_dong_nai(cast)
    plan = load_plan()
    value(cast.commune_a, "xa-ntm-2021-2025", "8.4", True)
    value(old.new_xuan_dinh, "xa-ntm-2021-2025", "8.4", False)
    Cooperative.objects.create(unit=cast.commune_a, name="HTX Long Phước", established_on=dt.date(2019, 1, 1))
    cycle, _created = services_cycles.cycle_open(
        period=cycles.period_for(cycles.SEMI_ANNUAL, 2026, plan.rules())
    )

    # the commune: its own figures for files handled online, a task entry, its difficulties
    sign_in(page, "xa_a")
    fill_and_submit(
        page,
        cycle,
        task_text="Đưa dịch vụ đặt lịch khám lên mạng; 312 lượt đặt trong 6 tháng.",
        difficulties="Đường truyền yếu ở các ấp xa trung tâm.",
        figures={"KH202-16": (410, 520)},
    )
    assert "Đã gửi" in page.get_by_test_id("report-state").inner_text()
    screenshot(page, "programme-report-commune-submitted")
    sign_in(phone_page, "xa_a")  # the commune officer on a phone: the cycle list and the submitted report
    phone_page.goto("/chuong-trinh/ky-bao-cao/")
    assert "Đã gửi" in phone_page.locator(f'tr[data-cycle="semi_annual-{cycle.year}"]').inner_text()
    screenshot(phone_page, "programme-cycles-phone")

    # the department
    sign_in(page, "so_nn")
    fill_and_submit(
        page,
        cycle,
        task_text="Hướng dẫn các xã cập nhật dịch vụ thiết yếu trực tuyến.",
        difficulties="Chưa có kinh phí duy trì phần mềm.",
        figures={"KH202-14": (1800, 2000)},
    )

    # the coordinator follows the cycle and generates the consolidated report
    sign_in(page, "dieuphoi")
    page.goto(f"/chuong-trinh/ky-bao-cao/{cycle.pk}/")
    assert "Đã nhận 2/4 báo cáo" in page.get_by_test_id("submission-count").inner_text()
    assert page.locator('tr[data-state="submitted"]').count() == 2
    screenshot(page, "programme-cycle-status")
    page.get_by_label("Số, ký hiệu (để trống nếu là dự thảo)").fill("45/BC-SNNMT")
    page.get_by_role("button", name="Tạo báo cáo tổng hợp").click(timeout=120_000)
    page.wait_for_url("**/tac-vu/**", timeout=120_000)
    page.locator('[data-status="succeeded"]').wait_for(timeout=120_000)
    screenshot(page, "programme-consolidation-job")
    page.goto(f"/chuong-trinh/ky-bao-cao/{cycle.pk}/")
    links = page.locator("#consolidated-table a")
    assert links.count() == 3  # Word, Excel, PDF
    screenshot(page, "programme-cycle-consolidated")
    docx_href, pdf_href = links.nth(0).get_attribute("href"), links.nth(2).get_attribute("href")

    docx_response = page.request.get(docx_href)
    docx_path = tmp_path / "bao-cao.docx"
    docx_path.write_bytes(docx_response.body())
    document = open_document(docx_path)
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Kết quả thực hiện Kế hoạch 202/KH-UBND 6 tháng đầu năm 2026" in text
    assert "Số: 45/BC-SNNMT" in cells and "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI" in cells
    assert "Đã nhận 2/4 báo cáo" in text
    assert "- Xã Long Phước: Đưa dịch vụ đặt lịch khám lên mạng" in text
    assert "- Sở Nông nghiệp và Môi trường: Hướng dẫn các xã" in text
    assert "Tổng hợp báo cáo kỳ này: 410/520 (78,8%)" in cells
    assert (
        "33,3% (1/3)" in cells
    )  # KH202-01: old Long Phước met (converted); old Bảo Hoà, old Xuân Định not met

    # the progress page: every target with actual, status, chart and the table behind it
    page.goto("/chuong-trinh/")
    row = page.locator('tr[data-target="KH202-01"]')
    assert "33,3%" in row.inner_text() and "1/3" in row.inner_text()
    assert "trên 3 xã của Tỉnh Đồng Nai cũ" in row.inner_text()
    assert page.locator('tr[data-target="KH202-04"]').get_attribute("data-status") == "no_data"
    page.wait_for_function("() => document.getElementById('progress-chart').width > 0")
    screenshot(page, "programme-progress")
    row.get_by_role("link", name="KH202-01").click()
    lines = page.locator("#lines-table")
    assert "Quy đổi theo đơn vị mới: Xã Long Phước" in lines.inner_text()
    screenshot(page, "programme-target-8-4")

    pdf_response = page.request.get(pdf_href)
    assert pdf_response.body().startswith(b"%PDF")
    pdf_path = tmp_path / "bao-cao.pdf"
    pdf_path.write_bytes(pdf_response.body())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SCREENSHOTS / "programme-consolidated-pdf"
    for stale in SCREENSHOTS.glob("programme-consolidated-pdf-*.png"):
        stale.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf_path), str(prefix)], check=True, timeout=120)
    pages = sorted(SCREENSHOTS.glob("programme-consolidated-pdf-*.png"))
    assert pages, "pdftoppm rendered no page"
