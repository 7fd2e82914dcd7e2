"""The public answer page: one answer per household, clear refusals, small, working without JavaScript,
rate-limited; the slip's code travels in POST bodies only."""

import datetime as dt
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ntm.audit.models import AuditEntry
from ntm.surveys import ratelimit
from ntm.surveys.models import Answer, AnswerItem, Campaign, CampaignStatus, Receipt
from ntm.surveys.services.campaigns import campaign_close
from ntm.surveys.tests.factories import form_data, open_form, send_answers
from ntm.surveys.tokens import format_token

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite_journey
def test_household_answers_once_and_is_refused_the_second_time(client, survey):
    household = survey.households[0]
    page = open_form(client, household)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<form method="post" action="{reverse("surveys:answer_send")}">' in html
    assert f'<input type="hidden" name="ma" value="{household.token()}">' in html
    assert "Ý kiến của hộ gia đình" in html and "Xã Long Phước" in html and "Ấp Bà Ký" in html
    assert "Hệ thống lưu gì và để làm gì" in html  # privacy notice
    assert "Giao thông" in html and "Hài lòng" in html and "Chưa hài lòng" in html

    response = send_answers(client, household, form_data(survey.campaign, giao_thong="0"))
    assert response.status_code == 302 and response["Location"] == reverse("surveys:thanks")
    answer = Answer.objects.get()
    assert answer.channel == "online" and answer.answered_on == timezone.localdate()
    assert answer.hamlet == household.hamlet
    assert AnswerItem.objects.get(answer=answer, question__key="giao_thong").satisfied is False
    assert Receipt.objects.filter(household=household).exists()
    assert "Cảm ơn" in client.get(reverse("surveys:thanks")).content.decode()

    again = open_form(client, household)
    assert again.status_code == 409 and "Hộ gia đình đã trả lời" in again.content.decode()
    replay = send_answers(client, household, form_data(survey.campaign))
    assert replay.status_code == 409
    assert Answer.objects.count() == 1 and AnswerItem.objects.filter(answer=answer).count() >= 20
    # Citizens' answers leave no audit trail (a timestamped row could be matched to the token).
    assert not AuditEntry.objects.filter(action__startswith="survey.answer").exists()


def test_unknown_and_malformed_codes_are_refused_clearly(client, survey):
    household = survey.households[0]
    unknown = open_form(client, household, code="a" * 26)
    assert unknown.status_code == 404 and "Không tìm thấy phiếu" in unknown.content.decode()
    for code in ("not-a-token", "x", ""):
        malformed = open_form(client, household, code=code)
        assert malformed.status_code == 400 and "không phải mã hợp lệ" in malformed.content.decode()
    sent = client.post(reverse("surveys:answer_send"), {"ma": "a" * 26, **form_data(survey.campaign)})
    assert sent.status_code == 404 and Answer.objects.count() == 0


def test_the_printed_grouped_code_opens_the_form(client, survey):
    household = survey.households[1]
    response = open_form(client, household, code=format_token(household.token()).lower().replace("-", " "))
    assert response.status_code == 200 and "Ý kiến của hộ gia đình" in response.content.decode()
    assert f'name="ma" value="{household.token()}"' in response.content.decode()


def test_the_code_is_taken_from_the_body_only_never_from_a_url(client, survey):
    """The code page is the same for everybody; a code in the query is ignored, the old paths are gone."""
    token = survey.households[2].token()
    page = client.get(reverse("surveys:answer"), {"ma": token})
    html = page.content.decode()
    assert page.status_code == 200 and token not in html and "Ý kiến của hộ gia đình" not in html
    assert '<form method="post" action="/ks/" id="code-form">' in html
    assert client.get(f"/ks/{token}/").status_code == 404
    assert client.get(reverse("surveys:answer_send")).status_code == 405


def test_expired_not_started_and_closed_campaigns_refuse_answers(client, survey):
    household = survey.households[0]
    today = timezone.localdate()
    Campaign.objects.filter(pk=survey.campaign.pk).update(
        opens_on=today - dt.timedelta(days=30), closes_on=today - dt.timedelta(days=1)
    )
    expired = send_answers(client, household, form_data(survey.campaign))
    assert expired.status_code == 410 and "Đợt lấy ý kiến đã kết thúc" in expired.content.decode()
    Campaign.objects.filter(pk=survey.campaign.pk).update(
        opens_on=today + dt.timedelta(days=2), closes_on=today + dt.timedelta(days=9)
    )
    early = open_form(client, household)
    assert early.status_code == 409 and "chưa bắt đầu" in early.content.decode()
    Campaign.objects.filter(pk=survey.campaign.pk).update(opens_on=today, closes_on=today)
    campaign_close(campaign=survey.campaign)
    closed = send_answers(client, household, form_data(survey.campaign))
    assert open_form(client, household).status_code == 410
    assert closed.status_code == 410
    assert Answer.objects.count() == 0
    assert Campaign.objects.get(pk=survey.campaign.pk).status == CampaignStatus.CLOSED


def test_missing_answers_are_reported_and_what_was_chosen_is_kept(client, survey):
    household = survey.households[0]
    data = form_data(survey.campaign, dien="0")
    del data["q_giao_thong"]
    data["c_dien"] = "Điện hay cúp vào buổi tối"
    response = send_answers(client, household, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng chọn một câu trả lời." in html
    assert re.search(r'name="q_dien" value="0" checked', html)
    assert "Điện hay cúp vào buổi tối" in html
    assert f'<input type="hidden" name="ma" value="{household.token()}">' in html  # a second try works
    assert Answer.objects.count() == 0 and not Receipt.objects.exists()


def _static(path: str) -> bytes:
    with open(finders.find(path), "rb") as handle:
        return handle.read()


def test_pages_are_small_self_contained_and_set_no_cookie(client, survey):
    """The QR code's page holds one same-origin script (no inline script: the CSP allows it); the answer page
    none. Everything a phone loads for a slip fits the budget."""
    code_page = client.get(reverse("surveys:answer"))
    page = open_form(client, survey.households[0])
    code_html, html = code_page.content.decode(), page.content.decode()
    assert re.findall(r"<script[^>]*>", code_html) == ['<script src="/static/surveys/answer.js" defer>']
    assert "<script" not in html and "hx-" not in html and " on" + "click" not in html
    for response in (code_page, page):
        text = response.content.decode()
        external = [u for u in re.findall(r'(?:src|href)="([^"]+)"', text) if u.startswith(("http", "//"))]
        assert external == []
        assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', text) == ["/static/surveys/answer.css"]
        assert not response.cookies
        assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "no-referrer"
        assert '<link rel="icon" href="data:,">' in text  # no favicon request
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    script = _static("surveys/answer.js")
    assert len(script) < 1024
    total = len(code_page.content) + len(page.content) + len(_static("surveys/answer.css")) + len(script)
    assert total < 20 * 1024, f"a slip's pages weigh {total} bytes (HTML, CSS, script), over the 20 KB budget"


def test_the_page_is_in_vietnamese_whatever_the_phone_asks(client, survey):
    response = open_form(client, survey.households[0], HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Gửi ý kiến" in response.content.decode()


@override_settings(NTM_SURVEY_TOKEN_LIMIT=3)
def test_a_token_is_blocked_after_repeated_failed_posts(client, survey):
    household = survey.households[0]
    for _ in range(3):
        assert send_answers(client, household, {}).status_code == 400
    blocked = send_answers(client, household, {"q_dien": "2"})
    assert blocked.status_code == 429 and blocked["Retry-After"] == "600"
    assert "Quá nhiều lần thử" in blocked.content.decode()
    assert Answer.objects.count() == 0
    # Another household's token is not affected.
    assert send_answers(client, survey.households[1], form_data(survey.campaign)).status_code == 302
    # Replaying a used token is a failure too.
    for _ in range(3):
        assert send_answers(client, survey.households[1], form_data(survey.campaign)).status_code == 409
    assert send_answers(client, survey.households[1], form_data(survey.campaign)).status_code == 429
    assert Answer.objects.count() == 1


@override_settings(NTM_SURVEY_IP_LIMIT=4)
def test_an_ip_is_limited_loosely_across_tokens(client, survey):
    statuses = [open_form(client, h).status_code for h in survey.households[:6]]
    assert statuses[:4] == [200] * 4 and statuses[4:] == [429, 429]
    assert client.get(reverse("surveys:answer")).status_code == 429
    other = open_form(client, survey.households[7], REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


class _Request:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_client_ip_comes_from_the_trusted_proxy_only():
    with override_settings(NTM_TRUSTED_PROXY_COUNT=0):
        assert ratelimit.client_ip(_Request("10.0.0.1", "1.2.3.4")) == "10.0.0.1"
    with override_settings(NTM_TRUSTED_PROXY_COUNT=1):
        assert ratelimit.client_ip(_Request("10.0.0.1", "6.6.6.6, 1.2.3.4")) == "1.2.3.4"
        assert ratelimit.client_ip(_Request("10.0.0.1")) == "10.0.0.1"
        assert ratelimit.client_ip(_Request("10.0.0.1", "not-an-ip")) == "10.0.0.1"
    with override_settings(NTM_TRUSTED_PROXY_COUNT=2):
        assert ratelimit.client_ip(_Request("10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.1")) == "1.2.3.4"
        assert ratelimit.client_ip(_Request("10.0.0.2", "1.2.3.4")) == "10.0.0.2"
