"""Browser smoke test: a commune officer signs in, sees their home page, is refused the audit log, signs out."""

import pytest

from ntm.testing.browser import screenshot
from ntm.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]


def test_commune_officer_signs_in_is_refused_the_audit_log_and_signs_out(page, live_cast):
    page.goto("/")
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.get_by_label("Tên đăng nhập").fill("xa_a")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    card = page.locator('[data-role="commune_officer"]')
    card.wait_for()
    assert "Xã Long Phước" in card.inner_text()
    assert page.get_by_role("link", name="Nhật ký thay đổi").count() == 0
    screenshot(page, "home-commune-officer")

    response = page.goto("/nhat-ky/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Bạn không được mở trang này").is_visible()
    screenshot(page, "audit-refused")

    page.goto("/")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/")
    assert page.goto("/tai-khoan/").url.endswith("/dang-nhap/?next=/tai-khoan/")


def test_wrong_password_shows_one_message_on_a_phone(phone_page, live_cast):
    phone_page.goto("/dang-nhap/")
    phone_page.get_by_label("Tên đăng nhập").fill("xa_a")
    phone_page.get_by_label("Mật khẩu").fill("sai")
    phone_page.get_by_role("button", name="Đăng nhập").click()
    assert phone_page.get_by_role("alert").inner_text().strip() == "Sai tên đăng nhập hoặc mật khẩu."
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the sign-in page must not scroll sideways on a 360-px phone"
    screenshot(phone_page, "login-phone-error")
