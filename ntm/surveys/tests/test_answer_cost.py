"""What a household's answer costs the database, pinned: the answer view and the API store an answer in the
statements of a bare insert (the token lookup, then the receipt, the answer and its items in one transaction), the
close lock and the status check riding on those inserts; a refused duplicate costs one counter write more. And the
rate-limit counters are shared and exact: counts from separate database connections (as from separate web
processes) all land, so the per-token limit holds across processes."""

import json
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from ntm.core.models import InstanceState
from ntm.surveys import ratelimit
from ntm.surveys.models import Answer, RateCounter, Receipt
from ntm.surveys.tests.factories import all_satisfied, form_data, send_answers

pytestmark = pytest.mark.django_db

# The token lookup; then, inside the transaction (a savepoint under the test's own transaction): the receipt (with
# the shared close lock on PostgreSQL), the answer (with the status check on PostgreSQL; SQLite checks the status
# with one query more) and the items in one statement.
STORE = {"postgresql": 1 + 5, "sqlite": 1 + 6}
FIRST_COUNT_OF_WINDOW = 2  # the IP counter's first flush in a process: forget old windows, then one upsert
FIRST_OF_QUESTIONNAIRE = 1  # a process reads a questionnaire version's questions once


def _statements(queries) -> list[str]:
    return [q["sql"] for q in queries]


@pytest.fixture
def no_timed_flush(monkeypatch):
    """The IP counter flushes after 2 s; a slow test machine must not add a flush to a pinned count."""
    monkeypatch.setattr(ratelimit, "FLUSH_SECONDS", 10**6)


def test_the_answer_view_stores_an_answer_in_the_statements_of_a_bare_insert(client, survey, no_timed_flush):
    data = form_data(survey.campaign)
    with CaptureQueriesContext(connection) as first:
        assert send_answers(client, survey.households[0], data).status_code == 302
    assert len(first) == STORE[connection.vendor] + FIRST_COUNT_OF_WINDOW + FIRST_OF_QUESTIONNAIRE, "\n".join(
        _statements(first)
    )
    with CaptureQueriesContext(connection) as steady:
        assert send_answers(client, survey.households[1], data).status_code == 302
    assert len(steady) == STORE[connection.vendor], _statements(steady)
    assert not any("ntm_cache" in sql or "SESSION" in sql.upper() for sql in _statements(steady))
    assert Answer.objects.count() == Receipt.objects.count() == 2


def test_a_refused_duplicate_costs_one_counter_write_more(client, survey, no_timed_flush):
    data = form_data(survey.campaign)
    assert send_answers(client, survey.households[0], data).status_code == 302
    assert send_answers(client, survey.households[1], data).status_code == 302
    InstanceState.is_demo()  # the demo banner's flag, cached as on a running site
    with CaptureQueriesContext(connection) as refused:
        assert send_answers(client, survey.households[0], data).status_code == 409
    statements = _statements(refused)
    # lookup; savepoint, receipt refused by its key, rollback to and release of the savepoint; the token's
    # failure count; the page names the commune (one query)
    assert len(statements) == 7, "\n".join(statements)
    assert sum("surveys_ratecounter" in sql for sql in statements) == 1, statements
    assert Answer.objects.count() == 2


def test_the_api_stores_an_answer_in_the_same_statements(client, survey, no_timed_flush):
    responses = {key: "hai_long" for key in all_satisfied(survey.campaign)}

    def post(household):
        body = json.dumps({"token": household.token(), "responses": responses, "comments": {}})
        return client.post("/api/v1/surveys/answers", body, content_type="application/json")

    assert post(survey.households[0]).status_code == 201
    with CaptureQueriesContext(connection) as steady:
        assert post(survey.households[1]).status_code == 201
    assert len(steady) == STORE[connection.vendor], _statements(steady)
    assert post(survey.households[1]).status_code == 409


def test_the_ip_limit_is_shared_by_processes(settings, client, survey, no_timed_flush):
    """A second process (here: this one after forgetting its own counts) sees the counts the first flushed."""
    settings.NTM_SURVEY_IP_LIMIT = 30
    for _ in range(ratelimit.FLUSH_EVERY + 1):  # the first hit flushes 1, the 21st the next 20
        assert ratelimit.ip_allowed("10.9.8.7")
    assert RateCounter.objects.get().hits == ratelimit.FLUSH_EVERY + 1
    ratelimit.reset_local_counters()  # "another process": nothing pending, nothing known locally
    allowed = [ratelimit.ip_allowed("10.9.8.7") for _ in range(ratelimit.FLUSH_EVERY)]
    # its first hit flushes (its last flush is "long ago") and returns the shared 22: 8 more fit under 30
    assert allowed == [True] * 9 + [False] * (ratelimit.FLUSH_EVERY - 9)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_failure_counts_from_separate_connections_all_land(settings):
    """Forty failures of one token counted at once from eight connections: the counter reads exactly forty, and
    exactly the counts past the limit said "too many" (the database cache's get-then-set could lose counts)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "Concurrent writers need PostgreSQL: SQLite serialises them, so this would prove nothing."
        )
    settings.NTM_SURVEY_TOKEN_LIMIT = 5
    token_hash = "f" * 64
    results: list[bool] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait(timeout=30)
            for _ in range(5):
                over = ratelimit.token_failed(token_hash)
                with lock:
                    results.append(over)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 40
    assert RateCounter.objects.get(key__startswith=f"token:{token_hash}:").hits == 40
    assert results.count(False) == 5 and results.count(True) == 35
