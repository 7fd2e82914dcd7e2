"""Browser journey (issue "Done when"): the coordinator imports a legacy huyện's decision from Excel, first with a
wrong row (nothing saved, the row named in Vietnamese), then corrected; the legacy map lists the district with
its status and its conditions over communes, and the district's page shows the conditions."""

from __future__ import annotations

import datetime as dt

import pytest

from ntm.criteria.services import criteria_sets_load_shipped
from ntm.maps.tests.factories import decision
from ntm.maps.tests.legacy_world import district_row, legacy_world, register_workbook
from ntm.status.models import StatusRecord
from ntm.testing.browser import screenshot
from ntm.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sign_in(page, username: str) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def upload(page, data: bytes) -> None:
    page.goto("/cong-nhan/so-dang-ky/nhap-excel/")
    page.get_by_label("Tệp").set_input_files({"name": "so-quyet-dinh.xlsx", "mimeType": XLSX, "buffer": data})
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_load_state()


def test_coordinator_imports_a_legacy_district_decision_and_sees_it_on_the_legacy_map(page, live_cast):
    criteria_sets_load_shipped()
    world = legacy_world(live_cast)
    for commune in world.communes[:2]:
        decision(commune, "nang_cao", f"QĐ {commune.code}/QĐ-UBND", dt.date(2023, 1, 10))
    decision(world.communes[2], "ntm", "QĐ 68/QĐ-UBND", dt.date(2019, 1, 10))
    sign_in(page, live_cast.coordinator.username)

    upload(
        page, register_workbook(district_row("740", "Huyện Xuân Lộc", "Hoàn thành nhiệm vụ", "QĐ 1/QĐ-TTg"))
    )
    assert "chỉ thị xã hoặc thành phố" in page.locator("main").inner_text()
    assert not StatusRecord.objects.filter(unit=world.xuan_loc).exists()

    upload(
        page, register_workbook(district_row("740", "Huyện Xuân Lộc", "Huyện NTM nâng cao", "QĐ 1556/QĐ-TTg"))
    )
    page.wait_for_url("**/cong-nhan/so-dang-ky/")
    assert StatusRecord.objects.get(unit=world.xuan_loc).decision_number == "QĐ 1556/QĐ-TTg"

    page.goto("/ban-do/?structure=legacy&year=2024")
    row = page.locator("#districts tr[data-district='740']")
    row.wait_for()
    text = row.inner_text()
    assert "Huyện đạt chuẩn NTM nâng cao" in text and "QĐ 1556/QĐ-TTg" in text
    assert "3/3" in text and "2/3" in text  # communes NTM or higher, advanced or higher
    assert "Bộ tiêu chí quốc gia về huyện nông thôn mới giai đoạn 2021-2025: 2/4" in text
    row.scroll_into_view_if_needed()
    screenshot(page, "legacy-map-districts")

    row.get_by_role("link", name="Huyện Xuân Lộc").click()
    page.get_by_role("heading", name="Huyện Xuân Lộc", level=1).wait_for()
    conditions = page.locator("#district-conditions")
    assert "Huyện đạt chuẩn NTM nâng cao" in page.locator(".current-status").inner_text()
    assert "Đạt" in conditions.locator("tr[data-condition='DK1']").first.inner_text()
    assert "QĐ 1556/QĐ-TTg" in page.locator("#status-history").inner_text()
    conditions.scroll_into_view_if_needed()
    screenshot(page, "legacy-district-page")
