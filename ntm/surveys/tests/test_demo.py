"""The demo survey: illustrative hamlets, households and answers in Xã Long Phước, loaded once."""

import pytest
from django.core.management import call_command

from ntm.surveys.demo import DEMO_TITLE, load_survey_demo
from ntm.surveys.models import Answer, Campaign, CampaignStatus
from ntm.surveys.selectors import results_of

pytestmark = pytest.mark.django_db


def test_demo_campaign_is_illustrative_open_and_loaded_once():
    call_command("load_demo")
    campaign = Campaign.objects.get(title=DEMO_TITLE)
    assert "minh họa" in campaign.title and campaign.unit.name == "Xã Long Phước"
    assert campaign.status == CampaignStatus.OPEN and campaign.officers.get().username == "mttq.longphuoc"
    assert campaign.households.count() == 120 and Answer.objects.count() == 70
    assert set(Answer.objects.values_list("channel", flat=True)) == {"online", "paper"}
    results = results_of(campaign)
    assert all("Minh Họa" in hamlet.name for hamlet in results.hamlets)
    assert any(hamlet.suppressed for hamlet in results.hamlets)
    assert load_survey_demo(campaign.unit.parent) is None
    call_command("load_demo")
    assert Campaign.objects.count() == 1 and Answer.objects.count() == 70
