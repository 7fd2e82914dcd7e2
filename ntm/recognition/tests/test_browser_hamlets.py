"""Browser journey: a commune officer enters a value for one of its ấp against the smart-ấp set, runs the ấp
through the commune-level procedure to the decision, and the recognised model shows on the commune's page (and in
the map's data), counted in the model-commune condition DK3. The threshold is test data standing in for the
province's document (the shipped set has a placeholder)."""

from __future__ import annotations

import pytest

from ntm.criteria.services import criteria_sets_load_shipped
from ntm.recognition.models import HamletModelRecognition
from ntm.recognition.services.procedures import procedures_load
from ntm.recognition.tests.test_hamlet_models import dk3
from ntm.recognition.tests.test_hamlet_procedure import with_threshold
from ntm.testing.browser import screenshot
from ntm.testing.factories import TEST_PASSWORD
from ntm.units.models import Hamlet

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def step(page, action: str, **fields: str) -> None:
    form = page.locator(f'form[data-action="{action}"]')
    for name, value in fields.items():
        form.locator(f'input[name="{name}"]').fill(value)
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()


def test_an_ap_is_recognised_through_the_procedure_and_shows_on_its_commune(page, live_cast):
    page.set_default_timeout(60_000)
    criteria_sets_load_shipped()
    procedures_load()
    with_threshold(live_cast.coordinator)
    hamlet = Hamlet.objects.create(unit=live_cast.commune_a, name="Ấp Bến Cam")

    sign_in(page, "xa_a")
    page.goto(f"/cong-nhan/ap/{hamlet.pk}/?year=2024")
    smart = page.locator("#set-ap-thong-minh-2021-2025")
    smart.locator('input[name="value"]').fill("Có")
    smart.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    smart = page.locator("#set-ap-thong-minh-2021-2025")
    assert smart.get_by_test_id("hamlet-value").inner_text().strip() == "Có"
    assert smart.get_by_test_id("hamlet-result").inner_text().strip() == "Đạt"
    # The model-hamlet set still has no threshold: it says so instead of a verdict.
    assert "Chưa có ngưỡng" in page.locator("#set-ap-kieu-mau-2021-2025").inner_text()

    opener = page.get_by_test_id("hamlet-dossier-open")
    opener.locator('select[name="kind"]').select_option("ap_thong_minh")
    opener.locator('input[name="year"]').fill("2024")
    opener.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    dossier = page.get_by_test_id("hamlet-dossier")
    assert dossier.get_attribute("data-state") == "ap_proposal"
    assert dossier.locator(".badge.unclear").count() == 3  # every step is marked unclear in law
    screenshot(page, "recognition-hamlet-dossier")
    step(page, "submit")
    step(page, "approve")
    step(page, "decide", decision_number="QĐ 31/QĐ-UBND", decision_date="02/05/2024")
    assert page.get_by_test_id("hamlet-dossier").get_attribute("data-state") == "recognised"
    assert "QĐ 31/QĐ-UBND" in page.get_by_test_id("hamlet-recognitions").inner_text()
    assert HamletModelRecognition.objects.get().hamlet == hamlet

    # The commune's list of ấp, its public page and the map's data show the model; DK3 counts it.
    page.goto(f"/cong-nhan/ap-mo-hinh/xa/{live_cast.commune_a.pk}/?year=2024")
    row = page.locator('tr[data-hamlet="Ấp Bến Cam"]')
    assert "Mô hình ấp thông minh" in row.inner_text()
    page.goto(f"/ban-do/don-vi/2025/{live_cast.commune_a.code}/")
    assert "Ấp Bến Cam" in page.locator("#hamlet-models").inner_text()
    page.goto("/ban-do/")
    code = live_cast.commune_a.code
    popup_lines = page.evaluate(
        f"JSON.parse(document.getElementById('map-data').textContent).units['{code}'].h"
    )  # what the commune's popup lists under "Mô hình ấp đã được công nhận"
    assert popup_lines == ["Ấp Bến Cam: Mô hình ấp thông minh (QĐ 31/QĐ-UBND, 02/05/2024)"]
    screenshot(page, "recognition-hamlet-on-map")
    result = dk3(live_cast.commune_a, 2024)
    assert (result.status, result.value) == ("met", 1)
