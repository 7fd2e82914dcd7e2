"""Browser journey: search a unit without diacritics and open a merged unit's page with its predecessors."""

import pytest
from django.core.management import call_command

from ntm.testing.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]


def test_search_without_diacritics_and_open_a_merged_unit(page, transactional_db):
    call_command("import_units")
    page.goto("/don-vi/")
    assert page.get_by_role("heading", name="Thành phố Đồng Nai").is_visible()
    page.get_by_label("Tên hoặc mã").fill("long phuoc")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Xã Long Phước").click()

    page.get_by_role("heading", name="Xã Long Phước", level=1).wait_for()
    predecessors = page.locator("#predecessors")
    assert "Xã Bàu Cạn" in predecessors.inner_text()
    assert "Hình thành ngày 1/7/2025 từ" in predecessors.inner_text()
    screenshot(page, "unit-merged-long-phuoc")

    predecessors.get_by_role("link", name="Xã Bàu Cạn").click()
    successors = page.locator("#successors")
    successors.wait_for()
    assert "Xã Long Phước" in successors.inner_text()


def test_tree_of_the_legacy_structure_on_a_phone(phone_page, transactional_db):
    call_command("import_units")
    phone_page.goto("/don-vi/?structure=legacy")
    group = phone_page.locator("details", has_text="Huyện Xuân Lộc")
    assert not group.get_by_role("link", name="Xã Bảo Hoà").is_visible()
    group.locator("summary").click()
    assert group.get_by_role("link", name="Xã Bảo Hoà").is_visible()
    assert phone_page.url.endswith("/don-vi/?structure=legacy")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone_page, "units-legacy-tree-phone")
