"""Browser journeys: a household answers on a 360-px phone through its QR-slip token (in the URL fragment, posted
by the page's script; no request URL holds it) and is refused on the second try; without JavaScript it types the
code; an officer reads the results on a desktop."""

import pytest

from ntm.surveys.services.answers import answer_submit
from ntm.surveys.tests.factories import all_satisfied, make_survey
from ntm.surveys.tokens import format_token
from ntm.testing.browser import screenshot
from ntm.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]


def test_household_answers_on_a_phone_through_its_slip_and_is_refused_the_second_time(phone_page, live_cast):
    survey = make_survey(live_cast)
    household = survey.households[0]
    token = household.token()
    requests = []
    phone_page.on("request", lambda request: requests.append((request.method, request.url)))
    phone_page.goto(f"/ks/#{token}")  # what the slip's QR code holds
    phone_page.get_by_role("heading", name="Ý kiến của hộ gia đình").wait_for()
    assert phone_page.get_by_role("heading", name="Hệ thống lưu gì và để làm gì").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    origin = phone_page.url.split("/ks/")[0]
    assert phone_page.url == f"{origin}/ks/"  # the code left the address bar and the history
    assert ("POST", f"{origin}/ks/") in requests
    assert all(url.startswith(origin) for _method, url in requests)
    screenshot(phone_page, "survey-answer-phone")

    # Send with one answer missing: the page says so and keeps what was chosen (no JavaScript involved).
    radios = phone_page.locator('input[type="radio"][value="1"]')
    for index in range(radios.count()):
        radios.nth(index).check()
    phone_page.locator('input[name="q_moi_truong"][value="0"]').check()
    phone_page.get_by_text("Thêm ý kiến (không bắt buộc)").first.click()
    phone_page.locator('textarea[name="c_quy_hoach"]').fill("Cần công khai quy hoạch ở nhà văn hóa ấp")
    phone_page.get_by_role("button", name="Gửi ý kiến").click()
    phone_page.get_by_role("heading", name="Cảm ơn ông/bà!").wait_for()
    screenshot(phone_page, "survey-thanks-phone")

    phone_page.goto(f"/ks/#{token}")
    phone_page.get_by_role("heading", name="Hộ gia đình đã trả lời").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone_page, "survey-refused-phone")
    assert not [url for _method, url in requests if token in url.lower()]


def test_without_javascript_the_household_types_its_code(browser, live_server, live_cast):
    survey = make_survey(live_cast)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/ks/")
    page.get_by_label("Mã", exact=True).fill(format_token(survey.households[2].token()))
    page.get_by_role("button", name="Mở phiếu").click()
    assert page.get_by_role("heading", name="Ý kiến của hộ gia đình").is_visible()
    radios = page.locator('input[type="radio"][value="1"]')
    for index in range(radios.count()):
        radios.nth(index).check()
    page.get_by_role("button", name="Gửi ý kiến").click()
    assert page.get_by_role("heading", name="Cảm ơn ông/bà!").is_visible()
    assert page.url.endswith("/ks/cam-on/")
    context.close()


def test_validation_keeps_the_choices_on_a_phone(phone_page, live_cast):
    survey = make_survey(live_cast)
    phone_page.goto(f"/ks/#{survey.households[1].token()}")
    phone_page.get_by_role("heading", name="Ý kiến của hộ gia đình").wait_for()
    phone_page.locator('input[name="q_giao_thong"][value="0"]').check()
    # Bypass the browser's own "required" check to show the server's answer.
    phone_page.evaluate("document.querySelector('form').noValidate = true")
    phone_page.get_by_role("button", name="Gửi ý kiến").click()
    assert phone_page.get_by_role("alert").first.is_visible()
    assert phone_page.locator('input[name="q_giao_thong"][value="0"]').is_checked()
    screenshot(phone_page, "survey-errors-phone")


def test_front_officer_reads_results_on_a_desktop(page, live_cast):
    survey = make_survey(live_cast)
    for index, household in enumerate(survey.households[:30]):
        answer_submit(
            household=household,
            responses=all_satisfied(survey.campaign, moi_truong=index % 3 != 0, chung=index % 10 != 0),
            comments={},
        )
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("mttq_a")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_test_id("role-nav").get_by_role("link", name="Khảo sát").click()
    page.get_by_role("link", name=survey.campaign.title).click()
    screenshot(page, "survey-campaign-detail")
    page.get_by_role("link", name="Kết quả", exact=True).click()
    assert page.locator("svg.chart").is_visible()
    assert page.get_by_text("dưới ngưỡng").first.is_visible()
    screenshot(page, "survey-results-desktop")


FOCUSED = """() => {
    const el = document.activeElement;
    const ring = (node) => {
        const style = getComputedStyle(node);
        return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none";
    };
    const label = el.closest("label");
    return {tag: el.tagName, type: el.type || "", value: el.value || "", checked: !!el.checked,
            name: el.name || "", visible: ring(el) || (label !== null && ring(label))};
}"""


def test_household_completes_its_answer_with_the_keyboard_only(page, live_cast):
    """Tab to each question, Space to choose, Enter to send: no mouse, and the focus is always visible."""
    survey = make_survey(live_cast)
    page.goto(f"/ks/#{survey.households[3].token()}")
    page.get_by_role("heading", name="Ý kiến của hộ gia đình").wait_for()
    questions = page.locator('input[type="radio"][value="1"]').count()
    answered: set[str] = set()
    for _press in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], f"no visible focus on {focused}"
        if focused["type"] == "radio" and focused["name"] not in answered:
            if focused["value"] != "1":  # Tab lands on the first option of a group: "Satisfied"
                pytest.fail(f"Tab landed on {focused}")
            page.keyboard.press("Space")
            assert page.evaluate(FOCUSED)["checked"]
            answered.add(focused["name"])
        if focused["tag"] == "BUTTON":
            page.keyboard.press("Enter")
            break
    assert len(answered) == questions
    page.get_by_role("heading", name="Cảm ơn ông/bà!").wait_for()
    screenshot(page, "survey-keyboard-thanks")
