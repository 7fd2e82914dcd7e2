"""Paper forms entered by the campaign's officers, with an optional double-entry check; one answer per household
across paper and online."""

import pytest
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.surveys.models import Answer, Campaign, PaperDraft, Receipt
from ntm.surveys.services.answers import TokenUsed, answer_submit, paper_answer_record, paper_draft_discard
from ntm.surveys.services.campaigns import campaign_close
from ntm.surveys.tests.factories import all_satisfied, form_data, make_survey, send_answers

pytestmark = pytest.mark.django_db


def test_single_entry_stores_a_paper_answer_and_blocks_the_online_slip(client, survey):
    household = survey.households[0]
    result = paper_answer_record(
        campaign=survey.campaign,
        officer=survey.front_a,
        household_code=household.code.lower(),
        responses=all_satisfied(survey.campaign, y_te=False),
        comments={"y_te": "Trạm y tế xa"},
    )
    assert result.status == "recorded"
    answer = Answer.objects.get()
    assert answer.channel == "paper" and answer.hamlet == household.hamlet
    online = send_answers(client, household, form_data(survey.campaign))
    assert online.status_code == 409 and Answer.objects.count() == 1
    entry = AuditEntry.objects.get(action="survey.paper_entry")
    assert entry.changes["extra"] == {"household": household.code}
    assert "Trạm y tế" not in str(entry.changes)  # the audit names the household, never its answers


def test_a_household_that_answered_online_cannot_be_entered_on_paper(survey):
    household = survey.households[1]
    answer_submit(household=household, responses=all_satisfied(survey.campaign), comments={})
    with pytest.raises(TokenUsed, match="đã trả lời"):
        paper_answer_record(
            campaign=survey.campaign,
            officer=survey.front_a,
            household_code=household.code,
            responses=all_satisfied(survey.campaign),
            comments={},
        )
    assert Answer.objects.count() == 1


def test_double_entry_confirms_matching_entries_and_deletes_the_staging_copy(cast):
    survey = make_survey(cast, paper_double_entry=True)
    household = survey.households[2]
    args = {"campaign": survey.campaign, "household_code": household.code, "comments": {}}
    first = paper_answer_record(officer=survey.front_a, responses=all_satisfied(survey.campaign), **args)
    assert first.status == "staged" and PaperDraft.objects.count() == 1 and not Answer.objects.exists()
    assert not Receipt.objects.exists()
    mismatch = paper_answer_record(
        officer=survey.front_province, responses=all_satisfied(survey.campaign, dien=False), **args
    )
    assert mismatch.status == "mismatch" and mismatch.differences == ("dien",)
    assert not Answer.objects.exists() and PaperDraft.objects.count() == 1
    confirmed = paper_answer_record(
        officer=survey.front_province, responses=all_satisfied(survey.campaign), **args
    )
    assert confirmed.status == "recorded"
    assert Answer.objects.get().channel == "paper" and not PaperDraft.objects.exists()
    assert Receipt.objects.filter(household=household).exists()
    assert AuditEntry.objects.filter(action="survey.paper_confirm").count() == 1


def test_staged_entries_can_be_discarded_and_are_dropped_at_close(cast):
    survey = make_survey(cast, paper_double_entry=True)
    for household in survey.households[:2]:
        paper_answer_record(
            campaign=survey.campaign,
            officer=survey.front_a,
            household_code=household.code,
            responses=all_satisfied(survey.campaign),
            comments={},
        )
    paper_draft_discard(draft=PaperDraft.objects.first())
    assert PaperDraft.objects.count() == 1
    closed = campaign_close(campaign=survey.campaign)
    assert not PaperDraft.objects.exists()
    assert closed.frozen_results and not Answer.objects.exists()


@pytest.mark.sqlite_journey
def test_paper_entry_page_with_double_entry(client, cast):
    survey = make_survey(cast, paper_double_entry=True)
    Campaign.objects.filter(pk=survey.campaign.pk).update(paper_double_entry=True)
    client.force_login(survey.front_a)
    url = reverse("surveys:paper", args=[survey.campaign.pk])
    household = survey.households[5]
    data = {"household_code": household.code, **form_data(survey.campaign)}
    first = client.post(url, data, follow=True).content.decode()
    assert f"Đã lưu lần nhập đầu của hộ {household.code}" in first and household.code in first
    wrong = client.post(url, {**data, "q_dien": "0"})
    assert wrong.status_code == 400 and "khác lần đầu" in wrong.content.decode()
    done = client.post(url, data, follow=True).content.decode()
    assert f"Đã lưu phiếu giấy của hộ {household.code}" in done
    unknown = client.post(url, {**data, "household_code": "KHONG-CO"})
    assert unknown.status_code == 400 and "Không có hộ mã" in unknown.content.decode()
    assert Answer.objects.count() == 1
