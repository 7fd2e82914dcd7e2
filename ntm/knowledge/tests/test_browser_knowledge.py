"""Browser journey (issue's done-when): a commune officer drafts a good model of the commune and sends it to review,
the coordinator publishes it, and a citizen without an account finds it by searching without diacritics."""

import pytest

from ntm.knowledge.models import Article, ArticleState
from ntm.testing.browser import axe_violations, screenshot
from ntm.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def test_officer_publishes_a_good_model_a_citizen_finds_it_without_diacritics(page, live_cast):
    cast = live_cast
    sign_in(page, "xa_a")
    page.locator("[data-nav=knowledge]").click()
    page.get_by_role("link", name="Viết bài mới").click()
    page.get_by_label("Tiêu đề").fill("Mô hình “Tuyến đường hoa” của ấp 3")
    page.get_by_label("Tóm tắt").fill("Người dân góp cây, góp công trồng hoa.")
    page.get_by_label("Nội dung", exact=True).fill(
        "## Cách làm\n\n- Mỗi hộ nhận chăm một đoạn\n- <script>alert(1)</script>"
    )
    page.get_by_label("Đơn vị").select_option(str(cast.commune_a.pk))
    page.get_by_label("Lĩnh vực (mô hình hay)").select_option("environment")
    page.get_by_label("Thẻ (cách nhau bằng dấu phẩy)").fill("Cảnh quan, Môi trường")
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.get_by_test_id("state").filter(has_text="Bản nháp").wait_for()
    page.get_by_role("button", name="Gửi duyệt").click()
    page.get_by_test_id("state").filter(has_text="Đang duyệt").wait_for()
    assert page.get_by_role("button", name="Đăng", exact=True).count() == 0  # the commune does not publish
    screenshot(page, "knowledge-in-review")

    # The coordinator finds it in the review list and publishes it.
    sign_in(page, "dieuphoi")
    page.goto("/kien-thuc/quan-ly/")
    page.get_by_role("link", name="Mô hình “Tuyến đường hoa” của ấp 3").first.click()
    page.get_by_role("button", name="Đăng", exact=True).click()
    page.get_by_test_id("state").filter(has_text="Đã đăng").wait_for()
    assert Article.objects.get().state == ArticleState.PUBLISHED

    # A citizen, not signed in, searches without diacritics.
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name="Tin tức, hướng dẫn và mô hình hay").first.click()
    page.get_by_label("Tìm kiếm (có dấu hoặc không dấu)").fill("mo hinh duong hoa")
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_url("**/kien-thuc/?q=mo+hinh+duong+hoa*")
    result = page.get_by_role("link", name="Mô hình “Tuyến đường hoa” của ấp 3")
    result.wait_for()
    screenshot(page, "knowledge-search-without-diacritics")
    assert axe_violations(page) == []
    result.click()
    page.get_by_role("heading", name="Cách làm").wait_for()
    body = page.locator("main").inner_text()
    assert "<script>alert(1)</script>" in body  # shown as written, never run
    assert "Môi trường và cảnh quan" in body and "Xã Long Phước" in body
    screenshot(page, "knowledge-public-good-model")

    # A search that matches nothing says so.
    page.goto("/kien-thuc/?q=xe+dap")
    page.get_by_text("Không có kết quả").wait_for()
