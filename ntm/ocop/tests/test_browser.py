"""Browser journey: a producer registers a product, the commune pre-checks it, three council members score it on a
sheet the test builds, the province records its decision, and the product appears in the public catalogue with
its QR code."""

from __future__ import annotations

import pytest

from ntm.ocop.services.sheets import sheet_load
from ntm.ocop.tests.factories import council_members, load_sheets, make_producer
from ntm.ocop.tests.sheets import test_sheet_toml
from ntm.testing.browser import screenshot
from ntm.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]

PRODUCT = "Bưởi da xanh Long Phước"


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def test_from_registration_to_the_public_catalogue(page, live_cast):
    load_sheets(test_sheet=False)
    sheet_load(data=test_sheet_toml(code="hanh-trinh"))  # fully known, so it can be scored
    make_producer(live_cast)
    members = council_members(live_cast)

    sign_in(page, "htx_a")
    page.goto("/ocop/quan-ly/")
    page.get_by_role("link", name="Đăng ký sản phẩm").click()
    page.get_by_label("Tên sản phẩm").fill(PRODUCT)
    page.get_by_label("Phân nhóm").select_option(label="I.1.a Rau, củ, quả, hạt tươi")
    page.get_by_label("Nơi mua (cửa hàng, chợ)").fill("Cửa hàng HTX, ấp 1")
    page.get_by_label("Mô tả sản phẩm (hồ sơ)").fill("Bưởi trồng theo VietGAP.")
    page.get_by_label("Số mẫu sản phẩm đã nộp").fill("5")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.get_by_role("button", name="Nộp hồ sơ cho UBND xã").click()
    assert "Đã nộp UBND xã" in page.locator(".status").inner_text()
    # the steps come from the cycle file, with who acts and the legal source of each
    assert page.locator('[data-step="commune_precheck"][data-status="current"]').count() == 1
    assert page.locator('[data-step="dossier"][data-status="done"]').count() == 1
    assert "QĐ 1489/QĐ-TTg" in page.locator('li[data-step="commune_precheck"]').inner_text()
    evaluation_url = page.url

    sign_in(page, "xa_a")
    page.goto(evaluation_url)
    page.get_by_label("Nguyên liệu có nguồn gốc tại địa phương").check()
    page.get_by_label("Sử dụng lao động địa phương").check()
    screenshot(page, "ocop-precheck")
    page.get_by_role("button", name="Chấp nhận và chuyển Hội đồng cấp tỉnh").click()
    assert "Hội đồng chấm điểm" in page.locator(".status").inner_text()
    assert page.locator('[data-step="provincial_council"][data-status="current"]').count() == 1

    for member, picks in zip(members, (("c", "c", "c"), ("c", "b", "c"), ("b", "c", "c")), strict=True):
        sign_in(page, member.username)
        page.goto(evaluation_url)
        page.get_by_role("link", name="Chấm điểm sản phẩm").click()
        for code, pick in zip(("A.1.1", "B.1.1", "C.1.1"), picks, strict=True):
            page.locator(f'input[name="c-{code}"][value="{pick}"]').check()
        page.get_by_role("button", name="Lưu điểm của tôi").click()
        assert "Đã lưu điểm của bạn" in page.locator(".messages").inner_text()
    screenshot(page, "ocop-scored")

    sign_in(page, "dieuphoi")
    page.goto(evaluation_url)
    page.get_by_role("button", name="Kết thúc chấm điểm và tính hạng sao").click()
    # 100, 85 and 80 points: 88.33 on average, 4★; 20 points apart (over the threshold of 10): flagged
    assert page.locator("#average").inner_text() == "88,33"
    assert page.locator("#star").inner_text() == "4★"
    assert "chênh lệch" in page.content()
    page.get_by_label("Số quyết định").fill("77/QĐ-UBND")
    page.get_by_label("Ngày ký").fill("2026-03-02")
    page.get_by_label("Số giấy chứng nhận").fill("OCOP-DN-2026-077")
    screenshot(page, "ocop-decision")
    page.get_by_role("button", name="Ghi quyết định").click()
    assert "Đã có quyết định" in page.locator(".status").inner_text()
    assert page.locator('[data-step="recorded"][data-status="current"]').count() == 1

    page.context.clear_cookies()
    page.goto("/ocop/?sao=4")
    screenshot(page, "ocop-catalogue")
    page.get_by_role("link", name=PRODUCT).click()
    # the click only starts the navigation: read the page once the product's own page has loaded
    page.wait_for_url("**/ocop/san-pham/*/")
    page.wait_for_load_state()
    assert "OCOP-DN-2026-077" in page.content() and "Cửa hàng HTX, ấp 1" in page.content()
    qr = page.get_by_alt_text("Mã QR của sản phẩm này")
    # the QR is a separate request: wait until the browser has finished loading it, then check it decoded
    page.wait_for_function("img => img.complete", arg=qr.element_handle())
    assert page.evaluate("img => img.naturalWidth", qr.element_handle()) > 0
    assert page.evaluate("document.scripts.length") == 0
    screenshot(page, "ocop-product")
