"""Browser journey: a producer registers a growing area with a polygon, the department officer issues its code,
the producer records a harvest lot and a packing event and prints labels (a background job), and a citizen on a
phone, without JavaScript, opens the trace page from the label's QR URL; a suspended code shows on that page."""

import datetime as dt

import pytest
from django.utils import timezone

from ntm.testing.browser import screenshot
from ntm.testing.factories import TEST_PASSWORD
from ntm.traceability import geometry
from ntm.traceability.models import GrowingArea, Lot
from ntm.traceability.services.areas import code_transition
from ntm.traceability.tests.factories import SQUARE

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def draw_polygon(page, corners) -> None:
    """Draw a polygon on the area form's map with mouse clicks at the pixels of ``corners`` (lon, lat), closing it by
    clicking the first corner again, as a person does."""
    page.locator("html[data-draw-ready]").wait_for(state="attached")
    lons, lats = [c[0] for c in corners], [c[1] for c in corners]
    page.evaluate(
        "b => window.ntmBoundaryMap.fitBounds(b, {animate: false, padding: [40, 40]})",
        [[min(lats), min(lons)], [max(lats), max(lons)]],
    )
    page.get_by_title("Vẽ ranh giới").click()
    box = page.locator("#boundary-map").bounding_box()
    for lon, lat in [*corners, corners[0]]:
        x, y = page.evaluate(
            "([lat, lon]) => { const p = window.ntmBoundaryMap.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
            [lat, lon],
        )
        page.mouse.click(box["x"] + x, box["y"] + y)


def test_register_issue_lot_label_and_public_trace_page(page, browser, live_server, live_cast):
    producer, officer = live_cast.producer, live_cast.department
    sign_in(page, producer.username)
    page.goto("/vung-trong/")
    page.get_by_role("link", name="Đăng ký vùng trồng").click()
    page.locator('[name="unit"]').select_option(label="Xã Long Phước")
    page.locator('[name="producer_name"]').fill("HTX Long Phước")
    page.locator('[name="producer_address"]').fill("Ấp 1, xã Long Phước")
    page.locator('[name="name"]').fill("Vùng sầu riêng Ấp 1")
    page.locator('[name="crop"]').fill("Sầu riêng")
    page.locator('[name="variety"]').fill("Ri6")
    page.locator('[name="crop_kind"]').select_option("perennial")
    page.locator('[name="area_ha"]').fill("12.5")
    page.locator('[name="standard"]').select_option("vietgap")
    draw_polygon(page, SQUARE["coordinates"][0][:-1])
    assert "Ranh giới đã vẽ" in page.locator("#boundary-status").inner_text()
    screenshot(page, "traceability-area-drawn")
    page.get_by_role("button", name="Đăng ký vùng trồng").click()
    page.wait_for_url("**/vung-trong/*/")
    assert page.get_by_test_id("area-status").inner_text() == "Đã đăng ký, chờ cấp mã"
    drawn = GrowingArea.objects.get()
    assert drawn.boundary["type"] == "Polygon" and len(drawn.boundary["coordinates"][0]) == 5
    # the server computed the area of what was drawn (clicks land on whole pixels: close to the square's area)
    assert abs(float(drawn.boundary_area_ha) - geometry.area_ha(SQUARE)) < 0.05 * geometry.area_ha(SQUARE)
    area_url = page.url
    screenshot(page, "traceability-area-registered")

    sign_in(page, officer.username)
    page.goto(area_url)
    page.locator('[name="decision_ref"]').fill("QĐ 15/QĐ-SNNMT ngày 01/12/2026")
    page.get_by_role("button", name="Cấp mã số").click()
    page.get_by_text("Đã cấp mã số vùng trồng.").wait_for()
    area = GrowingArea.objects.get()
    assert page.get_by_test_id("area-code").first.inner_text() == area.code
    assert area.code.startswith("VN-75-26413-01-")
    # the internal map draws the area as its polygon in the colour of an issued code
    page.goto("/ban-do/noi-bo/?boundaries=0")
    page.locator('input.point-layer[value="vung-trong"]').check()
    polygon = page.locator('#map path[stroke="#4daf4a"]')  # the centre's marker has a dark outline
    polygon.wait_for(state="attached")
    page.evaluate("b => window.ntmMap.fitBounds(b, {animate: false})", [[10.7, 107.0], [10.70325, 107.00325]])
    polygon.wait_for()
    screenshot(page, "traceability-map-polygon")

    sign_in(page, producer.username)
    page.goto(area_url)
    harvested = timezone.localtime() - dt.timedelta(days=1)
    page.locator('[name="product_name"]').fill("Sầu riêng Ri6")
    page.locator('[name="quantity"]').fill("1200")
    page.locator('[name="harvested_at"]').fill(harvested.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Ghi nhận lô").click()
    page.wait_for_url("**/lo-san-xuat/*/")
    event_form = page.locator('form[action$="/su-kien/"]')
    event_form.locator('[name="stage"]').select_option("packing")
    event_form.locator('[name="occurred_at"]').fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    event_form.locator('[name="place"]').fill("Nhà đóng gói HTX")
    event_form.locator('[name="package"]').fill("T-01")
    page.get_by_role("button", name="Ghi nhận sự kiện").click()
    page.get_by_text("Đã ghi nhận sự kiện.").wait_for()
    assert "Đóng gói" in page.get_by_test_id("events").inner_text()
    qr_url = page.get_by_test_id("qr-url").inner_text()
    lot = Lot.objects.get()
    assert qr_url.endswith(f"/truy-xuat/{lot.code}/")
    screenshot(page, "traceability-lot")
    page.locator('[name="copies"]').fill("24")
    # The test settings run the job in the request (immediate backend): WeasyPrint may take a while here.
    page.get_by_role("button", name="Tạo tệp PDF").click(no_wait_after=True)
    page.wait_for_url("**/tac-vu/**", timeout=120_000)
    download = page.get_by_role("link", name="Tải kết quả")
    download.wait_for()

    # A citizen scans the label: a phone, no account, no JavaScript.
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    phone = context.new_page()
    response = phone.goto(qr_url)
    assert response.status == 200 and len(response.body()) < 50 * 1024
    phone.get_by_role("heading", name="Sầu riêng Ri6").wait_for()
    assert area.code in phone.get_by_test_id("area-code").inner_text()
    assert "Đóng gói" in phone.get_by_test_id("stages").inner_text()
    assert "Nhà đóng gói HTX" in phone.get_by_test_id("stages").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert (
        phone.evaluate("getComputedStyle(document.body).maxWidth") == "640px"
    )  # the stylesheet loaded (CSP)
    screenshot(phone, "traceability-trace-phone")

    code_transition(actor=officer, area=area, kind="suspend", reason="Vi phạm an toàn thực phẩm")
    phone.goto(qr_url)
    assert "đình chỉ" in phone.get_by_test_id("suspension").inner_text()
    screenshot(phone, "traceability-trace-suspended-phone")
    context.close()


def test_producer_imports_a_kml_boundary_for_a_coded_area(page, live_server, live_cast, tmp_path):
    from ntm.traceability.tests.factories import make_area
    from ntm.traceability.tests.test_boundary_edit import KML

    live_cast.commune_a.structure = "2025"
    live_cast.commune_a.save()
    area = make_area(live_cast.producer, live_cast.commune_a, issuer=live_cast.department)
    kml_file = tmp_path / "vung.kml"
    kml_file.write_bytes(KML)
    sign_in(page, live_cast.producer.username)
    page.goto(f"/vung-trong/{area.pk}/")
    page.get_by_role("link", name="Sửa thông tin hoặc nhập ranh giới (GeoJSON, KML)").click()
    assert page.locator('[name="unit"]').is_disabled()  # the code names the commune
    page.locator('[name="boundary_file"]').set_input_files(str(kml_file))
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã cập nhật vùng trồng; mã số và lịch sử mã số không thay đổi.").wait_for()
    area.refresh_from_db()
    assert area.boundary["coordinates"][0][1] == [107.002, 10.7] and area.code
    assert page.get_by_test_id("area-code").first.inner_text() == area.code
    screenshot(page, "traceability-area-kml-imported")
