"""Browser journeys: a citizen files feedback, gets a tracking code and reads the commune's answer with it; an
item the commune leaves unanswered escalates to the province once the (frozen) clock passes its deadline."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from ntm.feedback import services
from ntm.feedback.tests.factories import make_feedback, make_hamlet
from ntm.testing.browser import screenshot
from ntm.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser]


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


@pytest.mark.sqlite_journey
def test_a_citizen_files_feedback_and_reads_the_communes_answer(page, live_cast):
    cast = live_cast
    hamlet = make_hamlet(cast.commune_a, "Ấp Bến Cam")

    # A resident, not signed in, starts from the home page.
    page.goto("/")
    page.get_by_role("link", name="Gửi phản ánh").first.click()
    page.get_by_label("Xã, phường").select_option(str(cast.commune_a.pk))
    page.get_by_label("Ấp (không bắt buộc)").select_option(str(hamlet.pk))
    page.get_by_label("Lĩnh vực").select_option("infrastructure")
    text = page.get_by_label("Nội dung phản ánh hoặc kiến nghị")
    # A CCCD number in the text is refused with the reason.
    text.fill("Tôi là Nguyễn Văn A, CCCD 079123456789. Cống qua đường ấp Bến Cam bị nghẹt.")
    page.get_by_role("button", name="Gửi phản ánh").click()
    page.get_by_text("không ghi số định danh cá nhân").first.wait_for()
    text.fill("Cống thoát nước qua đường ấp Bến Cam bị nghẹt, nước tràn lên mặt đường khi mưa.")
    page.get_by_role("button", name="Gửi phản ánh").click()
    page.get_by_role("heading", name="Đã gửi phản ánh").wait_for()
    code = page.locator("#tracking-code").inner_text().strip()
    assert code.startswith("PA-") and len(code) == 17
    screenshot(page, "feedback-sent")

    # Before the answer: the status page says it is waiting.
    page.goto("/phan-anh/tra-cuu/")
    page.get_by_label("Mã tra cứu").fill(code.lower())
    page.get_by_role("button", name="Xem trả lời").click()
    page.get_by_text("Chưa có trả lời.").wait_for()

    # The commune's officer finds it on "my work" and answers.
    sign_in(page, "xa_a")
    page.get_by_role("link", name="Phản ánh của người dân cần trả lời").click()
    page.locator("table").get_by_text("Giao thông, thủy lợi và hạ tầng khác").first.wait_for()
    page.locator("table a").first.click()
    page.get_by_text("Ấp Bến Cam").first.wait_for()
    page.get_by_role("textbox", name="Trả lời").fill(
        "UBND xã đã cho nạo vét cống ngày 05/12; đề nghị bà con không đổ rác xuống cống."
    )
    page.get_by_role("button", name="Lưu câu trả lời").click()
    page.get_by_text("Đã lưu câu trả lời").wait_for()
    assert page.locator("#feedback-state").inner_text() == "Xã đã trả lời"

    # The citizen, signed out, reads the answer with the code.
    page.context.clear_cookies()
    page.goto("/phan-anh/tra-cuu/")
    page.get_by_label("Mã tra cứu").fill(code)
    page.get_by_role("button", name="Xem trả lời").click()
    answer = page.locator("#feedback-answer")
    answer.wait_for()
    assert "đã cho nạo vét cống" in answer.inner_text()
    screenshot(page, "feedback-status-answered")


def test_an_overdue_item_escalates_to_the_province_with_a_frozen_clock(page, live_cast):
    cast = live_cast
    sent = dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)  # a Friday: ten working days end on 18/12
    with time_machine.travel(sent, tick=False):
        item, _code = make_feedback(cast.commune_a, category="environment", text="Rác tồn đọng ở cuối ấp 2.")
    assert item.due_on == dt.date(2026, 12, 18)

    with time_machine.travel(dt.datetime(2026, 12, 18, 9, tzinfo=dt.UTC), tick=True):
        # On the last day it is still the commune's.
        assert services.feedback_escalate_overdue(timezone.now()).startswith("0 ")
        sign_in(page, "dieuphoi")
        page.goto("/phan-anh/hop-thu/chuyen-tinh/")
        page.get_by_text("Không có phản ánh nào quá hạn.").wait_for()

    with time_machine.travel(dt.datetime(2026, 12, 21, 9, tzinfo=dt.UTC), tick=True):
        # The next working day the scheduled job escalates it; the coordinator sees it on "my work".
        assert services.feedback_escalate_overdue(timezone.now()).startswith("1 ")
        sign_in(page, "dieuphoi")
        link = page.get_by_role("link", name="Phản ánh quá hạn chưa trả lời (chuyển lên tỉnh)")
        link.click()
        page.get_by_role("heading", name="Phản ánh chuyển lên tỉnh").wait_for()
        row = page.locator("#escalated tbody tr")
        assert row.count() == 1 and "Xã Long Phước" in row.inner_text() and "18/12/2026" in row.inner_text()
        screenshot(page, "feedback-escalated")
        # The commune officer's own page still shows it, marked overdue.
        sign_in(page, "xa_a")
        page.goto(f"/phan-anh/hop-thu/{item.pk}/")
        page.get_by_text("Quá hạn").first.wait_for()
