"""Browser journeys of issue 16 as the roles do them: a department returns a value and the commune sees it on its
"my work" home (with the reason and a notification); a weak dossier cannot be recognised without a recorded
override (the confirmation page says what will happen and asks for the reason)."""

from __future__ import annotations

import pytest

from ntm.accounts.models import Organisation
from ntm.assessment.services import value_set
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.recognition.models import Dossier
from ntm.recognition.tests.factories import Journey, load_data, make_dossier, people
from ntm.status.models import StatusRecord
from ntm.testing.browser import PHONE, screenshot
from ntm.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
SET = "xa-ntm-2021-2025"
UNIT_PAGE = f"/danh-gia/don-vi/2025/26413/?year=2025&set={SET}"
REASON = "Thiếu bản đồ tưới tiêu vụ Đông Xuân"


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def test_department_returns_a_value_and_the_commune_sees_it_on_its_home(page, live_cast):
    cast = live_cast
    criteria_sets_load_shipped()
    Organisation.objects.filter(pk=cast.organisation.pk).update(short_name="SNNMT")
    value_set(
        unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=79.5, actor=cast.officer_a
    )

    # The department's home: one value waits for its verification; the link opens the list of values to verify.
    sign_in(page, "so_nn")
    item = page.locator('[data-work="assessment.to_verify"]')
    assert item.get_by_test_id("work-count").inner_text() == "1"
    menu = page.get_by_test_id("role-nav")
    assert menu.locator('[data-nav="department"]').count() == 1
    screenshot(page, "my-work-department")
    item.locator("a.work-head").click()
    page.wait_for_load_state()
    assert "awaiting=1" in page.url

    # The department returns 3.1 with its reason, on the commune's page.
    page.goto(UNIT_PAGE)
    row = page.locator('li[id="ind-3.1"]')
    row.locator("form[action*='tra-lai'] textarea").fill(REASON)
    # The return is posted in place (htmx): wait for its answer, not for a page load that does not come.
    with page.expect_response(
        lambda response: "tra-lai" in response.url and response.request.method == "POST"
    ):
        row.locator("form[action*='tra-lai'] button").click()

    # The commune officer signs in and sees the return, with its reason, on the home page, and a notification.
    sign_in(page, "xa_a")
    returned = page.locator('[data-work="assessment.returned"]')
    assert returned.get_by_test_id("work-count").inner_text() == "1"
    assert REASON in returned.inner_text()
    assert "3.1" in page.get_by_test_id("home-notifications").inner_text()
    menu = page.get_by_test_id("role-nav")
    assert menu.locator('[data-nav="department"]').count() == 0  # "Theo sở, ngành" answers 403 to a commune
    screenshot(page, "my-work-commune-returned")
    page.set_viewport_size(PHONE)
    screenshot(page, "my-work-commune-returned-phone")
    page.set_viewport_size({"width": 1366, "height": 860})
    returned.locator(".work-details a").first.click()
    page.wait_for_load_state()
    assert "#ind-3.1" in page.url


def test_a_weak_dossier_is_not_recognised_without_an_override(page, live_cast):
    load_data()
    cast_people = people(live_cast)
    dossier = make_dossier(live_cast)
    journey = Journey(dossier, cast_people)
    journey.run_to("decision")
    journey.prepare()  # the decision's number and date

    sign_in(page, "dieuphoi")
    page.goto(f"/cong-nhan/ho-so/{dossier.pk}/")
    assert page.get_by_test_id("needs-override").count() == 1
    page.locator('form[data-action="decide"] button[type="submit"]').click()
    page.wait_for_load_state()
    confirm = page.get_by_test_id("confirm-transition")
    assert "sổ công nhận" in confirm.get_by_test_id("consequences").inner_text()
    assert confirm.get_by_test_id("override-warning").count() == 1
    screenshot(page, "dossier-confirm-override")

    # Without a reason (the field's "required" taken away, as a script-less client could), nothing is recorded.
    confirm.locator('textarea[name="override_reason"]').evaluate("el => el.removeAttribute('required')")
    confirm.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    assert Dossier.objects.get(pk=dossier.pk).state == "decision"
    assert not StatusRecord.objects.filter(unit=live_cast.commune_a).exists()
    assert "vượt quy tắc" in page.locator(".messages").inner_text()
    screenshot(page, "dossier-override-refused")

    # With the reason, the decision is recorded and the override kept in the history.
    page.locator('form[data-action="decide"] button[type="submit"]').click()
    page.wait_for_load_state()
    page.locator('textarea[name="override_reason"]').fill("Kết luận của Hội đồng thẩm định tại biên bản số 5")
    page.get_by_test_id("confirm-transition").locator('button[type="submit"]').click()
    page.wait_for_load_state()
    assert Dossier.objects.get(pk=dossier.pk).state == "announcement"
