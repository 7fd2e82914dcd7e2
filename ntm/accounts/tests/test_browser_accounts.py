"""Browser journeys: the coordinator creates an account with a role and the new person signs in; a coordinator
sets up two-step sign-in with a real TOTP code and signs in again with the next one."""

import base64
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ntm.testing.browser import screenshot
from ntm.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]
NEW_PASSWORD = "mat-khau-cua-can-bo-moi-2025"


def sign_in(page, username: str, password: str = TEST_PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def totp_code(secret: str, step: int | None = None) -> str:
    """The code of ``secret`` now, or at time step ``step``."""
    raw = secret.replace(" ", "")
    totp = TOTP(base64.b32decode(raw + "=" * (-len(raw) % 8)))
    totp.time = time.time() if step is None else step * 30
    return f"{totp.token():06d}"


def test_coordinator_creates_an_account_and_the_person_signs_in(page, live_cast):
    sign_in(page, "dieuphoi")
    page.get_by_test_id("role-nav").get_by_role("link", name="Tài khoản").click()
    page.get_by_role("link", name="Tạo tài khoản").first.click()
    page.locator("[name=username]").fill("xa.longphuoc2")
    page.locator("[name=full_name]").fill("Châu Thị Mới")
    page.locator("[name=email]").fill("moi@example.org")
    page.locator("[name=password]").fill(NEW_PASSWORD)
    page.locator("[name=role]").select_option("commune_officer")
    page.locator("[name=unit]").select_option(label="Xã Long Phước (26413)")
    screenshot(page, "accounts-create")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.get_by_role("heading", name="Châu Thị Mới").wait_for()
    assert "Xã Long Phước" in page.get_by_test_id("role-table").inner_text()
    screenshot(page, "accounts-detail")

    sign_in(page, "xa.longphuoc2", NEW_PASSWORD)
    page.locator('[data-role="commune_officer"]').wait_for()
    assert "Xã Long Phước" in page.locator('[data-role="commune_officer"]').inner_text()


def test_two_step_enrolment_and_sign_in_with_a_code(page, live_cast, settings):
    settings.NTM_REQUIRE_2FA = True
    sign_in(page, "dieuphoi")
    page.wait_for_url("**/xac-thuc-hai-buoc/thiet-lap/**")
    assert page.get_by_test_id("totp-qr").locator("svg").is_visible()
    secret = page.get_by_test_id("totp-secret").inner_text()
    screenshot(page, "accounts-two-factor-setup")
    page.locator("[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Xác nhận và tiếp tục").click()
    page.locator('[data-role="province_coordinator"]').wait_for()

    sign_in(page, "dieuphoi")
    page.wait_for_url("**/xac-thuc-hai-buoc/?**")
    page.goto("/tai-khoan/")  # every signed-in page waits for the code
    page.wait_for_url("**/xac-thuc-hai-buoc/?**")
    used = TOTPDevice.objects.get(
        user=live_cast.coordinator
    ).last_t  # the enrolment's code is used up: the next
    page.locator("[name=code]").fill(totp_code(secret, used + 1))
    page.get_by_role("button", name="Xác nhận").click()
    page.get_by_role("heading", name="Tài khoản của tôi").wait_for()
    assert page.url.endswith("/tai-khoan/")
