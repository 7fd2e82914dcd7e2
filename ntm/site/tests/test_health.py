"""The health endpoint and the production log lines (JSON, stamped with the request id)."""

from __future__ import annotations

import json
import logging
from io import StringIO

import pytest
from django.db.utils import OperationalError

from ntm.audit.logfilter import RequestIdFilter
from ntm.core.jsonlog import JsonFormatter

pytestmark = pytest.mark.django_db


def test_health_answers_ok_for_database_and_cache(client):
    response = client.get("/suc-khoe/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_naming_the_unreachable_database(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("ntm.site.health.connection.cursor", refuse)
    response = client.get("/suc-khoe/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}


def test_health_answers_503_naming_the_unreachable_cache(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("ntm.site.health.cache.set", refuse)
    response = client.get("/suc-khoe/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


def test_a_log_line_is_json_with_the_request_id_of_its_request(client):
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    request_logger = logging.getLogger("django.request")
    request_logger.addHandler(handler)
    try:
        response = client.get("/khong-co-trang-nay/", headers={"X-Request-ID": "req-0123456789abcdef"})
    finally:
        request_logger.removeHandler(handler)
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-0123456789abcdef"
    entry = json.loads(stream.getvalue().splitlines()[0])
    assert entry["request_id"] == "req-0123456789abcdef"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert "/khong-co-trang-nay/" in entry["message"]
    assert entry["time"].endswith("+00:00")
