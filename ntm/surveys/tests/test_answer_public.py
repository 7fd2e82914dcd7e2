"""The public answer page: one answer per household, clear refusals, small and script-free, rate-limited."""

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
from ntm.surveys.tests.factories import form_data
from ntm.surveys.tokens import format_token

pytestmark = pytest.mark.django_db


def url_of(household):
    return reverse("surveys:answer", args=[household.token()])


@pytest.mark.sqlite_journey
def test_household_answers_once_and_is_refused_the_second_time(client, survey):
    household = survey.households[0]
    page = client.get(url_of(household))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ý kiến của hộ gia đình" in html and "Xã Long Phước" in html and "Ấp Bà Ký" in html
    assert "Hệ thống lưu gì và để làm gì" in html  # privacy notice
    assert "Giao thông" in html and "Hài lòng" in html and "Chưa hài lòng" in html

    response = client.post(url_of(household), form_data(survey.campaign, giao_thong="0"))
    assert response.status_code == 302 and response["Location"] == reverse("surveys:thanks")
    answer = Answer.objects.get()
    assert answer.channel == "online" and answer.answered_on == timezone.localdate()
    assert answer.hamlet == household.hamlet
    assert AnswerItem.objects.get(answer=answer, question__key="giao_thong").satisfied is False
    assert Receipt.objects.filter(household=household).exists()
    assert "Cảm ơn" in client.get(reverse("surveys:thanks")).content.decode()

    again = client.get(url_of(household))
    assert again.status_code == 409 and "Hộ gia đình đã trả lời" in again.content.decode()
    replay = client.post(url_of(household), form_data(survey.campaign))
    assert replay.status_code == 409
    assert Answer.objects.count() == 1 and AnswerItem.objects.filter(answer=answer).count() >= 20
    # Citizens' answers leave no audit trail (a timestamped row could be matched to the token).
    assert not AuditEntry.objects.filter(action__startswith="survey.answer").exists()


def test_unknown_and_malformed_tokens_get_a_clear_404(client, survey):
    for token in ("a" * 26, "not-a-token", "x"):
        response = client.get(reverse("surveys:answer", args=[token]))
        assert response.status_code == 404
        assert "Không tìm thấy phiếu" in response.content.decode()


def test_the_printed_grouped_code_opens_the_form(client, survey):
    household = survey.households[1]
    response = client.get(reverse("surveys:enter_code"), {"ma": format_token(household.token())})
    assert response.status_code == 302 and response["Location"] == url_of(household)
    bad = client.get(reverse("surveys:enter_code"), {"ma": "123"})
    assert bad.status_code == 400 and "không phải mã hợp lệ" in bad.content.decode()


def test_expired_not_started_and_closed_campaigns_refuse_answers(client, survey):
    household = survey.households[0]
    today = timezone.localdate()
    Campaign.objects.filter(pk=survey.campaign.pk).update(
        opens_on=today - dt.timedelta(days=30), closes_on=today - dt.timedelta(days=1)
    )
    expired = client.post(url_of(household), form_data(survey.campaign))
    assert expired.status_code == 410 and "Đợt lấy ý kiến đã kết thúc" in expired.content.decode()
    Campaign.objects.filter(pk=survey.campaign.pk).update(
        opens_on=today + dt.timedelta(days=2), closes_on=today + dt.timedelta(days=9)
    )
    early = client.get(url_of(household))
    assert early.status_code == 409 and "chưa bắt đầu" in early.content.decode()
    Campaign.objects.filter(pk=survey.campaign.pk).update(opens_on=today, closes_on=today)
    campaign_close(campaign=survey.campaign)
    closed = client.post(url_of(household), form_data(survey.campaign))
    assert closed.status_code == 410
    assert Answer.objects.count() == 0
    assert Campaign.objects.get(pk=survey.campaign.pk).status == CampaignStatus.CLOSED


def test_missing_answers_are_reported_and_what_was_chosen_is_kept(client, survey):
    household = survey.households[0]
    data = form_data(survey.campaign, dien="0")
    del data["q_giao_thong"]
    data["c_dien"] = "Điện hay cúp vào buổi tối"
    response = client.post(url_of(household), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng chọn một câu trả lời." in html
    assert re.search(r'name="q_dien" value="0" checked', html)
    assert "Điện hay cúp vào buổi tối" in html
    assert Answer.objects.count() == 0 and not Receipt.objects.exists()


def test_page_is_small_script_free_and_sets_no_cookie(client, survey):
    response = client.get(url_of(survey.households[0]))
    html = response.content.decode()
    assert "<script" not in html and "hx-" not in html
    external = [url for url in re.findall(r'(?:src|href)="([^"]+)"', html) if url.startswith(("http", "//"))]
    assert external == []
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets == ["/static/surveys/answer.css"]
    with open(finders.find("surveys/answer.css"), "rb") as handle:
        css = handle.read()
    total = len(response.content) + len(css)
    assert total < 30 * 1024, f"the answer page weighs {total} bytes (HTML + CSS), over the 30 KB budget"
    assert not response.cookies
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "no-referrer"
    assert '<link rel="icon" href="data:,">' in html  # no favicon request


def test_the_page_is_in_vietnamese_whatever_the_phone_asks(client, survey):
    response = client.get(url_of(survey.households[0]), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Gửi ý kiến" in response.content.decode()


@override_settings(NTM_SURVEY_TOKEN_LIMIT=3)
def test_a_token_is_blocked_after_repeated_failed_posts(client, survey):
    household = survey.households[0]
    for _ in range(3):
        assert client.post(url_of(household), {}).status_code == 400
    blocked = client.post(url_of(household), {"q_dien": "2"})
    assert blocked.status_code == 429 and blocked["Retry-After"] == "600"
    assert "Quá nhiều lần thử" in blocked.content.decode()
    assert Answer.objects.count() == 0
    # Another household's token is not affected.
    assert client.post(url_of(survey.households[1]), form_data(survey.campaign)).status_code == 302
    # Replaying a used token is a failure too.
    for _ in range(3):
        assert client.post(url_of(survey.households[1]), form_data(survey.campaign)).status_code == 409
    assert client.post(url_of(survey.households[1]), form_data(survey.campaign)).status_code == 429
    assert Answer.objects.count() == 1


@override_settings(NTM_SURVEY_IP_LIMIT=4)
def test_an_ip_is_limited_loosely_across_tokens(client, survey):
    statuses = [client.get(url_of(h)).status_code for h in survey.households[:6]]
    assert statuses[:4] == [200] * 4 and statuses[4:] == [429, 429]
    other = client.get(url_of(survey.households[7]), REMOTE_ADDR="10.1.2.3")
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
