"""Browser journey: a commune dossier from self-assessment to decision under the two-tier procedure, with one
return and resubmission; then the register shows the new status and the generated decision is opened as a PDF,
rendered to PNG and saved for a person to look at."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from ntm.assessment.services import value_set
from ntm.recognition.models import Dossier
from ntm.recognition.tests.factories import PDF, SET, TWO_TIER, criteria_version, load_data, people, procedure
from ntm.status.models import StatusRecord
from ntm.testing.browser import SCREENSHOTS, screenshot
from ntm.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def open_dossier(page, dossier_id: int) -> None:
    page.goto(f"/cong-nhan/ho-so/{dossier_id}/")


def state(page) -> str:
    return page.get_by_test_id("dossier-summary").get_attribute("data-state")


def act(page, action: str, comment: str = "", reasons: dict[str, str] | None = None) -> None:
    form = page.locator(f'form[data-action="{action}"]')
    for criterion, text in (reasons or {}).items():
        form.locator(f'textarea[name="reason_{criterion}"]').fill(text)
    if comment:
        form.locator('textarea[name="comment"]').fill(comment)
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    confirm = page.get_by_test_id("confirm-transition")
    if confirm.count():  # an irreversible step asks for confirmation, showing what will happen
        override = confirm.locator('textarea[name="override_reason"]')
        if override.count():
            override.fill("Kết luận của Hội đồng thẩm định (hồ sơ thử nghiệm)")
        confirm.locator('button[type="submit"]').click()
        page.wait_for_load_state()


def upload(page, code: str, path: Path, number: str = "") -> None:
    form = page.get_by_test_id("document-form")
    form.locator('select[name="code"]').select_option(code)
    form.locator('input[name="file"]').set_input_files(str(path))
    if number:
        form.locator('input[name="number"]').fill(number)
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    assert page.locator(f'tr[data-code="{code}"]').count() >= 1


def generate(page, kind: str) -> None:
    form = page.get_by_test_id("generate-form")
    form.locator('select[name="kind"]').select_option(kind)
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    assert page.locator(f'tr[data-code="{kind}"]').count() >= 1, page.locator(".messages").inner_text()


def post(page, day: dt.date, place: str, method: str) -> None:
    form = page.get_by_test_id("posting-form")
    form.locator('input[name="posted_on"]').fill(day.strftime("%d/%m/%Y"))
    form.locator('input[name="place"]').fill(place)
    form.locator('select[name="method"]').select_option(method)
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()


def test_two_tier_dossier_from_self_assessment_to_decision(page, live_cast, tmp_path):
    page.set_default_timeout(90_000)
    load_data()
    cast_people = people(live_cast)
    for code, value in (("3.1", 85), ("8.1", True), ("8.4", True)):
        value_set(
            unit=live_cast.commune_a,
            year=2025,
            set_code=SET,
            indicator_code=code,
            value=value,
            actor=live_cast.officer_a,
        )
    scan = tmp_path / "van-ban-da-ky.pdf"
    scan.write_bytes(PDF)
    today = timezone.localdate()

    # 1. The commune officer opens the dossier and completes the self-assessment with the generated report.
    sign_in(page, "xa_a")
    page.goto("/cong-nhan/ho-so/tao/")
    page.locator('select[name="unit"]').select_option(str(live_cast.commune_a.pk))
    page.locator('select[name="criteria_set"]').select_option(str(criteria_version().pk))
    page.locator('input[name="year"]').fill("2025")
    page.locator('select[name="procedure"]').select_option(str(procedure(TWO_TIER).pk))
    page.locator('form button[type="submit"]').last.click()
    page.wait_for_url("**/cong-nhan/ho-so/*/")
    dossier = Dossier.objects.get()
    assert state(page) == "self_assessment"
    generate(page, "bao_cao_ket_qua")
    screenshot(page, "recognition-dossier-self-assessment")
    act(page, "complete")
    assert state(page) == "public_posting"

    # 2. The public posting log: a fifth posting within 15 days is needed before the step completes.
    for offset, place in enumerate(
        ["Trụ sở UBND xã", "Nhà văn hóa ấp Bà Ký", "Nhà văn hóa ấp Phước Hòa", "Loa truyền thanh xã"]
    ):
        post(
            page,
            today - dt.timedelta(days=10 - offset),
            place,
            "loudspeaker" if "Loa" in place else "notice_board",
        )
    act(page, "complete")
    assert state(page) == "public_posting"
    assert "Nhật ký công khai chưa đạt quy định" in page.locator(".messages").inner_text()
    post(page, today, "Nhà văn hóa ấp Long Đức", "notice_board")
    assert "✓" in page.get_by_test_id("posting-verdict").inner_text()
    act(page, "complete")
    assert state(page) == "front_comments"

    # 3. The Front officer records the written comments and the survey report.
    sign_in(page, cast_people.front.username)
    open_dossier(page, dossier.pk)
    upload(page, "y_kien_mttq", scan, number="12/MTTQ")
    upload(page, "y_kien_doan_the", scan)
    act(page, "complete")
    assert state(page) == "satisfaction_survey"
    upload(page, "bao_cao_khao_sat", scan)
    act(page, "complete")
    assert state(page) == "commune_meeting"

    # 4. The commune completes the dossier and submits it (values and evaluation are frozen).
    sign_in(page, "xa_a")
    open_dossier(page, dossier.pk)
    generate(page, "to_trinh")
    for code in ("bien_ban_hop", "bao_cao_tong_hop_y_kien", "bao_cao_no_dong"):
        upload(page, code, scan)
    act(page, "submit")
    assert state(page) == "provincial_appraisal"

    # 5. The coordinator returns it with a reason on criterion 17.
    sign_in(page, "dieuphoi")
    open_dossier(page, dossier.pk)
    act(page, "return", comment="Trả lại để bổ sung", reasons={"17": "Thiếu minh chứng thu gom rác thải"})
    assert state(page) == "commune_meeting"

    # 6. The commune answers and resubmits.
    sign_in(page, "xa_a")
    open_dossier(page, dossier.pk)
    returns = page.locator("#returns")
    assert "Thiếu minh chứng thu gom rác thải" in returns.inner_text()
    returns.locator('textarea[name="answer"]').fill("Đã bổ sung hợp đồng thu gom và ảnh chụp")
    returns.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    page.set_viewport_size({"width": 360, "height": 740})
    screenshot(page, "recognition-dossier-answered-return-phone")
    page.set_viewport_size({"width": 1366, "height": 860})
    act(page, "submit")
    assert state(page) == "provincial_appraisal"

    # 7. Appraisal, published draft result, council set-up with the configured threshold.
    sign_in(page, "dieuphoi")
    open_dossier(page, dossier.pk)
    generate(page, "bao_cao_tham_dinh")
    act(page, "complete")
    post(page, today, "Cổng thông tin điện tử tỉnh Đồng Nai", "website")
    act(page, "complete")
    assert state(page) == "council_vote"
    page.goto(f"/cong-nhan/quy-trinh/{dossier.procedure_id}/")
    section = page.locator('section[data-step="council_vote"]')
    section.locator("summary").click()
    section.locator('input[name="council_vote-council_threshold"]').fill("50")
    section.locator('input[name="council_vote-council_quorum"]').fill("50")
    section.locator('input[name="council_vote-source"]').fill("QĐ 18/2022/QĐ-TTg, Điều 7")
    section.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    assert "50" in page.locator('section[data-step="council_vote"]').inner_text()
    screenshot(page, "recognition-procedure-configured")
    open_dossier(page, dossier.pk)
    council = page.locator("#council")
    council.locator('select[name="user"]').select_option(str(cast_people.council.pk))
    council.locator('select[name="position"]').select_option("chair")
    council.locator('button[type="submit"]').click()
    page.wait_for_load_state()

    # 8. The council member votes.
    sign_in(page, "hoidong")
    open_dossier(page, dossier.pk)
    vote = page.get_by_test_id("vote-form")
    vote.locator('input[name="agree"][value="1"]').check()
    vote.locator('textarea[name="remarks"]').fill("Đạt các tiêu chí theo hồ sơ")
    vote.locator('button[type="submit"]').click()
    page.wait_for_load_state()

    # 9. The coordinator approves, records and generates the decision, uploads the signed copy, announces.
    sign_in(page, "dieuphoi")
    open_dossier(page, dossier.pk)
    assert "100,0" in page.get_by_test_id("tally").inner_text()
    generate(page, "bien_ban_hoi_dong")
    act(page, "approve")
    assert state(page) == "decision"
    form = page.get_by_test_id("decision-form")
    form.locator('input[name="number"]').fill("15/QĐ-UBND")
    form.locator('input[name="date"]').fill(today.strftime("%d/%m/%Y"))
    form.locator('input[name="signer"]').fill("Võ Tấn Đức")
    form.locator('select[name="signer_position"]').select_option("vice_chair")
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    generate(page, "du_thao_quyet_dinh")
    upload(page, "quyet_dinh", scan, number="15/QĐ-UBND")
    screenshot(page, "recognition-dossier-decision")
    act(page, "decide")
    assert state(page) == "announcement"
    act(page, "announce")
    assert state(page) == "recognised"
    record = StatusRecord.objects.get()
    assert (record.level, record.source, record.decision_number, record.is_published) == (
        "ntm",
        "workflow",
        "15/QĐ-UBND",
        True,
    )

    # 10. The public register shows the new status.
    page.context.clear_cookies()
    page.goto("/cong-nhan/lich-su/2025/26413/")
    history = page.locator("main").inner_text()
    assert "Đạt chuẩn NTM" in history and "15/QĐ-UBND" in history
    screenshot(page, "recognition-register-after-decision")

    # 11. The generated decision: download the PDF, render page 1 to PNG, check its text.
    sign_in(page, "dieuphoi")
    page.goto("/cong-nhan/ho-so/")
    assert page.locator(f'tr[data-dossier="{dossier.pk}"]').count() == 1
    screenshot(page, "recognition-dossier-list")
    open_dossier(page, dossier.pk)
    href = page.get_by_test_id("download-du_thao_quyet_dinh").first.get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    decision_pdf = tmp_path / "quyet-dinh.pdf"
    decision_pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", "-layout", str(decision_pdf), "-"], capture_output=True, check=True)
    text = text.stdout.decode()
    assert "Xã Long Phước" in text and "15/QĐ-UBND" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SCREENSHOTS / "recognition-decision-pdf"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(decision_pdf), str(prefix)], check=True
    )
    assert sorted(SCREENSHOTS.glob("recognition-decision-pdf*.png"))
