"""Answers cannot be linked to households: checked on the models' fields and tables, not only on behaviour, and
no log line of an answering journey holds a slip's code."""

import json
import logging
import uuid
from http.client import HTTPConnection
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIRequestHandler
from django.db import OperationalError, connection, models
from django.test.testcases import QuietWSGIRequestHandler
from django.utils import timezone

from ntm.audit.logfilter import RequestIdFilter
from ntm.core.jsonlog import JsonFormatter
from ntm.surveys.models import Answer, AnswerItem, Household, PaperDraft, Receipt
from ntm.surveys.services.answers import answer_submit, receipts_rewrite
from ntm.surveys.tests.factories import all_satisfied, form_data, make_survey
from ntm.surveys.tokens import format_token, hash_token

IDENTITY_MODELS = {Household, Receipt, PaperDraft}


def _relations(model):
    return {field.name: field.related_model for field in model._meta.get_fields() if field.is_relation}


def test_answer_has_a_random_key_a_date_only_and_no_link_to_a_household():
    pk = Answer._meta.pk
    assert isinstance(pk, models.UUIDField) and pk.default is uuid.uuid4
    relations = _relations(Answer)
    assert not IDENTITY_MODELS & set(relations.values()), relations
    assert {name for name, model in relations.items() if model is not AnswerItem} == {"campaign", "hamlet"}
    concrete = {field.name: type(field) for field in Answer._meta.concrete_fields}
    assert concrete == {
        "id": models.UUIDField,
        "campaign": models.ForeignKey,
        "hamlet": models.ForeignKey,
        "answered_on": models.DateField,
        "channel": models.CharField,
    }
    assert not any(
        isinstance(f, models.DateTimeField | models.TimeField) for f in Answer._meta.concrete_fields
    )


def test_answer_items_link_only_to_their_answer_and_question_without_a_sequence():
    relations = _relations(AnswerItem)
    assert set(relations) == {"answer", "question"}
    assert not any(
        isinstance(f, models.AutoField | models.BigAutoField) for f in AnswerItem._meta.concrete_fields
    )


def test_the_identity_side_records_only_that_a_household_answered():
    for model in IDENTITY_MODELS:
        linked = set(_relations(model).values())
        assert Answer not in linked and AnswerItem not in linked, model
    assert [f.name for f in Receipt._meta.concrete_fields] == ["household"]
    assert not any(isinstance(f, models.DateField) for f in Household._meta.concrete_fields)
    assert not any(isinstance(f, models.DateField) for f in Receipt._meta.concrete_fields)


@pytest.mark.django_db
def test_a_stored_answer_carries_nothing_of_the_household(survey):
    household = survey.households[4]
    answer_submit(household=household, responses=all_satisfied(survey.campaign), comments={})
    answer = Answer.objects.get()
    values = {str(getattr(answer, f.attname)) for f in Answer._meta.concrete_fields}
    for secret in (
        str(household.pk),
        household.code,
        household.token(),
        household.token_hash,
        household.head_name,
    ):
        assert secret not in values


@pytest.mark.sqlite_journey
@pytest.mark.django_db
def test_answer_tables_have_no_rowid_on_sqlite(survey):
    """SQLite numbers a table's rows in insertion order unless the table is WITHOUT ROWID (migration 0003)."""
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite has an implicit row id")
    for household in survey.households[:3]:
        answer_submit(household=household, responses=all_satisfied(survey.campaign), comments={})
    with connection.cursor() as cursor:
        for table in (Answer._meta.db_table, AnswerItem._meta.db_table):
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
            assert cursor.fetchone()[0].rstrip().endswith("WITHOUT ROWID"), table
            with pytest.raises(OperationalError, match="rowid"):
                cursor.execute(f'SELECT rowid FROM "{table}"')  # noqa: S608 (fixed names)
    assert AnswerItem.objects.filter(answer__in=Answer.objects.all()).count() >= 3 * 20


class _Lines(logging.Handler):
    """Every record of the loggers watched, formatted as production (JSON) and development (plain) write it."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.addFilter(RequestIdFilter())
        self.plain = logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"])
        self.json = JsonFormatter()

    def emit(self, record):
        self.lines += [self.json.format(record), self.plain.format(record)]


@pytest.fixture
def request_logs(monkeypatch):
    """The request lines of the live server (``django.server``, silenced in tests by default) and Django's
    ``django.request`` warnings, captured whatever the loggers' configured levels and handlers."""
    monkeypatch.setattr(QuietWSGIRequestHandler, "log_message", WSGIRequestHandler.log_message)
    handler = _Lines()
    loggers = [logging.getLogger(name) for name in ("django.server", "django.request", "")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler.lines
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_no_log_line_of_an_answering_journey_holds_a_code(live_server, live_cast, request_logs):
    """A full journey against a real HTTP server, on the page and the API, refusals included: the request log
    lines (JSON and plain) name the paths and statuses, never a slip's code."""
    survey = make_survey(live_cast)
    first, second, third = survey.households[:3]
    host = urlsplit(live_server.url).netloc

    def send(method, path, body=None, json_body=None):
        connection = HTTPConnection(host, timeout=30)
        headers = {}
        if json_body is not None:
            body, headers["Content-Type"] = json.dumps(json_body), "application/json"
        elif body is not None:
            body, headers["Content-Type"] = urlencode(body), "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        status = connection.getresponse().status
        connection.close()
        return status

    api = "/api/v1/surveys/answers"
    answers = {
        key: "hai_long" if ok else "chua_hai_long" for key, ok in all_satisfied(survey.campaign).items()
    }
    statuses = [
        send("GET", "/ks/"),
        send("POST", "/ks/", {"ma": format_token(first.token())}),
        send("POST", "/ks/gui/", {"ma": first.token()}),  # nothing answered: 400
        send("POST", "/ks/gui/", {"ma": first.token(), **form_data(survey.campaign)}),
        send("GET", "/ks/cam-on/"),
        send("POST", "/ks/", {"ma": first.token()}),  # used: 409
        send("POST", "/ks/gui/", {"ma": first.token(), **form_data(survey.campaign)}),
        send("POST", "/ks/", {"ma": "a" * 26}),  # unknown: 404
        send("POST", "/ks/", {"ma": "not a code"}),  # malformed: 400
        send("POST", f"{api}/form", json_body={"token": second.token()}),
        send("POST", api, json_body={"token": second.token(), "responses": {"dien": "hai_long"}}),
        send("POST", api, json_body={"token": second.token(), "responses": answers}),
        send("POST", api, json_body={"token": second.token(), "responses": answers}),
        send("POST", f"{api}/form", json_body={"token": "a" * 26}),
    ]
    assert statuses == [200, 200, 400, 302, 200, 409, 409, 404, 400, 200, 400, 201, 409, 404]
    assert Answer.objects.count() == 2
    log = "\n".join(request_logs)
    assert '"POST /ks/gui/ HTTP/1.1" 302' in log and "Conflict: /ks/" in log  # both loggers were heard
    assert '"logger": "django.server"' in log and '"logger": "django.request"' in log
    for household in (first, second, third):
        token = household.token()
        for form in (token, token.upper(), format_token(token), hash_token(token)):
            assert form not in log and form.lower() not in log.lower()


@pytest.mark.django_db(transaction=True)
def test_receipts_lose_the_transaction_stamp_they_share_with_their_answer(survey):
    """PostgreSQL: a receipt and its answer are written in one transaction (same ``xmin``) until the scheduled
    rewrite gives every receipt of the campaign one common stamp."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL stamps rows with their transaction")
    for household in survey.households[:3]:
        answer_submit(household=household, responses=all_satisfied(survey.campaign), comments={})
    linked = "SELECT count(*) FROM surveys_receipt r JOIN surveys_answer a ON a.xmin = r.xmin"
    with connection.cursor() as cursor:
        cursor.execute(linked)
        assert cursor.fetchone()[0] == 3  # what the rewrite is for
        assert receipts_rewrite(timezone.now()) == "3 receipt(s) rewritten"
        cursor.execute(linked)
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(DISTINCT xmin::text) FROM surveys_receipt")
        assert cursor.fetchone()[0] == 1
    assert Receipt.objects.count() == 3
