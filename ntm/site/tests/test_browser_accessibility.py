"""Every main page, as the role that uses it: axe-core finds no serious or critical violation, and the page does
not scroll sideways on a 375-px phone (wide tables scroll inside their own box)."""

import pytest

from ntm.criteria.services import criteria_sets_load_shipped
from ntm.testing.browser import axe_violations, screenshot, sideways_overflow
from ntm.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
SET = "xa-ntm-2021-2025"

PUBLIC = [
    "/",
    "/dang-nhap/",
    "/ban-do/",
    "/bo-tieu-chi/",
    "/van-ban/",
    "/ks/",
    "/kien-thuc/",
    "/kien-thuc/mo-hinh-hay/",
]
PAGES = {
    "xa_a": [
        "/",
        f"/danh-gia/don-vi/2025/26413/?year=2025&set={SET}",
        "/danh-gia/nhap-excel/",
        "/cong-nhan/ho-so/",
        "/thong-bao/",
        "/tai-khoan/",
        "/kien-thuc/quan-ly/",
        "/kien-thuc/quan-ly/them/",
    ],
    "so_nn": [
        "/",
        f"/danh-gia/so-nganh/?year=2025&set={SET}",
        f"/danh-gia/don-vi/2025/26413/?year=2025&set={SET}",
    ],
    "dieuphoi": [
        "/",
        f"/danh-gia/tong-quan/?year=2025&set={SET}",
        f"/danh-gia/ma-tran/?year=2025&set={SET}",
        "/danh-gia/khoang-cach/?year=2025",
        "/cong-nhan/so-dang-ky/",
        "/cong-nhan/ho-so/",
        "/khao-sat/",
        "/chuong-trinh/",
        "/ban-do/noi-bo/",
        "/nhat-ky/",
        "/tac-vu/",
        "/don-vi/",
        "/kien-thuc/thi-dua/",
        "/kien-thuc/thi-dua/quyet-dinh/them/",
        "/chuong-trinh/dao-tao/theo-nam/",
    ],
}


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def check(page, phone_page, path: str, problems: list[str]) -> None:
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    problems.extend(axe_violations(page))
    phone_page.goto(path)
    overflow = sideways_overflow(phone_page)
    if overflow > 0:
        problems.append(f"{path}: scrolls {overflow}px sideways at 375 px")
        screenshot(phone_page, "overflow-375" + path.replace("/", "_").split("?")[0])


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="vi-VN", base_url=live_server.url, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_main_pages_have_no_serious_axe_violation_and_fit_a_375_px_phone(page, phone, live_cast):
    criteria_sets_load_shipped()
    problems: list[str] = []
    for path in PUBLIC:
        check(page, phone, path, problems)
    for username, paths in PAGES.items():
        sign_in(page, username)
        sign_in(phone, username)
        for path in paths:
            check(page, phone, path, problems)
    assert not problems, "\n".join(problems)
