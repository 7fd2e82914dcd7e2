"""Races on PostgreSQL: one token submitted 50 times at once stores exactly one answer; a close racing with
submissions freezes exactly the answers that were stored."""

import threading
import time

import pytest
from django.db import connection, connections

from ntm.surveys.models import Answer, AnswerItem, Campaign, Receipt
from ntm.surveys.selectors import results_of
from ntm.surveys.services.answers import CampaignNotOpen, TokenUsed, answer_submit, household_by_token
from ntm.surveys.services.campaigns import campaign_close
from ntm.surveys.tests.factories import all_satisfied, make_survey

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _require_postgres():
    if connection.vendor != "postgresql":
        pytest.fail("This test must run on PostgreSQL (DATABASE_URL).")


def _run_threads(count, work):
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def target(index):
        try:
            barrier.wait(timeout=30)
            outcome = work(index)
        except Exception as exc:  # recorded and asserted on below
            outcome = type(exc).__name__
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_fifty_concurrent_submissions_of_one_token_store_exactly_one_answer(live_cast):
    _require_postgres()
    survey = make_survey(live_cast)
    token = survey.households[0].token()
    responses = all_satisfied(survey.campaign)

    def submit(_index):
        answer_submit(household=household_by_token(token), responses=responses, comments={})
        return "stored"

    outcomes = _run_threads(50, submit)
    assert sorted(set(outcomes)) == ["TokenUsed", "stored"], outcomes
    assert outcomes.count("stored") == 1 and outcomes.count("TokenUsed") == 49
    assert Answer.objects.count() == 1 and Receipt.objects.count() == 1
    assert AnswerItem.objects.count() == len(responses)
    assert issubclass(TokenUsed, Exception)


def test_close_racing_with_submissions_freezes_every_stored_answer(live_cast):
    _require_postgres()
    survey = make_survey(live_cast)
    tokens = [household.token() for household in survey.households[:30]]
    responses = all_satisfied(survey.campaign)
    campaign_id = survey.campaign.pk

    def work(index):
        if index == 10:
            time.sleep(0.06)
            campaign_close(campaign=Campaign.objects.get(pk=campaign_id))
            return "closed"
        time.sleep(index * 0.005)  # spread the submissions around the close (outcomes vary; invariants hold)
        try:
            answer_submit(household=household_by_token(tokens[index]), responses=responses, comments={})
        except CampaignNotOpen:
            return "refused"
        return "stored"

    outcomes = _run_threads(30, work)
    assert outcomes.count("closed") == 1
    assert set(outcomes) <= {"closed", "stored", "refused"}, outcomes
    campaign = Campaign.objects.get(pk=campaign_id)
    stored = Answer.objects.filter(campaign=campaign).count()
    assert stored == outcomes.count("stored") == Receipt.objects.count()
    assert results_of(campaign).commune.answers == stored  # frozen figures = what is in the tables
