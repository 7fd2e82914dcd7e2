"""Survey details of issue 16: rounds to open or close on the Front officer's home, the real date of an early
close, "from today", and the confirmation before closing (a plain form)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ntm.surveys.models import Campaign
from ntm.surveys.services.campaigns import campaign_close
from ntm.surveys.tests.factories import make_survey
from ntm.surveys.worklist import surveys_work

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def keys(user):
    return {item.key: item for item in surveys_work(user)}


def test_rounds_to_open_and_to_close_wait_on_the_front_officer(cast):
    survey = make_survey(cast, per_hamlet=0, open_it=False)
    Campaign.objects.filter(pk=survey.campaign.pk).update(
        opens_on=TODAY(), closes_on=TODAY() + dt.timedelta(days=9)
    )
    assert keys(survey.front_a)["surveys.open"].count == 1
    assert not keys(cast.officer_a)  # the commune reads surveys but does not run them
    Campaign.objects.filter(pk=survey.campaign.pk).update(
        status="open", opens_on=TODAY() - dt.timedelta(days=20), closes_on=TODAY() - dt.timedelta(days=1)
    )
    found = keys(survey.front_a)
    assert "surveys.open" not in found and found["surveys.close"].count == 1


def test_dates_say_from_today_then_the_real_close_date(client, cast):
    survey = make_survey(cast, per_hamlet=1, open_it=False)
    Campaign.objects.filter(pk=survey.campaign.pk).update(
        opens_on=TODAY(), closes_on=TODAY() + dt.timedelta(days=9)
    )
    client.force_login(survey.front_a)
    detail = reverse("surveys:detail", args=[survey.campaign.pk])
    assert "từ hôm nay" in client.get(detail).content.decode()
    Campaign.objects.filter(pk=survey.campaign.pk).update(status="open")
    # The page's close button asks first, saying the round will show as closed early; nothing changes yet.
    page = client.post(reverse("surveys:close", args=[survey.campaign.pk]), {"confirm": "ask"})
    assert page.status_code == 200 and 'data-testid="confirm-close"' in page.content.decode()
    assert "đóng sớm" in page.content.decode()
    assert Campaign.objects.get(pk=survey.campaign.pk).status == "open"
    campaign_close(campaign=Campaign.objects.get(pk=survey.campaign.pk))
    campaign = Campaign.objects.get(pk=survey.campaign.pk)
    assert campaign.closed_early and campaign.closed_on == TODAY()
    html = client.get(detail).content.decode()
    assert 'data-testid="closed-early"' in html and TODAY().strftime("%d/%m/%Y") in html


def test_opening_asks_first_and_says_who_is_invited_and_when(client, cast):
    survey = make_survey(cast, per_hamlet=2, open_it=False)
    Campaign.objects.filter(pk=survey.campaign.pk).update(
        opens_on=TODAY() + dt.timedelta(days=3), closes_on=TODAY() + dt.timedelta(days=12)
    )
    client.force_login(survey.front_a)
    detail = client.get(reverse("surveys:detail", args=[survey.campaign.pk])).content.decode()
    assert (
        'name="confirm" value="ask"'
        in detail.split(reverse("surveys:open", args=[survey.campaign.pk]))[1][:200]
    )
    page = client.post(reverse("surveys:open", args=[survey.campaign.pk]), {"confirm": "ask"})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="confirm-open"' in html
    assert "6 hộ" in html and "Ấp Bà Ký: 2" in html and "Ấp Long Đức: 2" in html
    opens, closes = TODAY() + dt.timedelta(days=3), TODAY() + dt.timedelta(days=12)
    assert opens.strftime("%d/%m/%Y") in html and closes.strftime("%d/%m/%Y") in html
    assert Campaign.objects.get(pk=survey.campaign.pk).status == "draft"  # nothing happened yet
    client.post(reverse("surveys:open", args=[survey.campaign.pk]))  # the confirmation's button
    assert Campaign.objects.get(pk=survey.campaign.pk).status == "open"


def test_opening_without_households_says_so_instead_of_asking(client, cast):
    survey = make_survey(cast, per_hamlet=0, open_it=False)
    client.force_login(survey.front_a)
    html = client.post(
        reverse("surveys:open", args=[survey.campaign.pk]), {"confirm": "ask"}
    ).content.decode()
    assert 'data-testid="confirm-open"' in html and "Hãy nhập danh sách hộ" in html
    assert 'type="submit"' not in html.split('data-testid="confirm-open"')[1]
