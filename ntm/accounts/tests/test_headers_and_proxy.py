"""No-store on signed-in pages only; the trusted client address; the warning when a proxy is not declared."""

import logging

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from ntm.core.clientip import ProxyHeaderCheckMiddleware, client_ip

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_not_stored_and_public_ones_may_be(client_as, cast):
    client = client_as(cast.officer_a)
    for url in (
        reverse("site:home"),
        reverse("accounts:profile"),
        reverse("maps:public"),
        "/api/v1/accounts/me",
    ):
        cache_control = client.get(url).get("Cache-Control", "")
        assert "no-store" in cache_control and "private" in cache_control, url
    anonymous = Client()
    for url in (reverse("site:home"), reverse("maps:public"), reverse("legal:list")):
        assert "no-store" not in anonymous.get(url).get("Cache-Control", ""), url


def test_static_files_are_not_marked_no_store(client_as, cast, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()  # a new handler: WhiteNoise reads its settings when the middleware is built
    client.force_login(cast.officer_a)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_client_address_trusts_only_the_declared_proxies(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.NTM_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.NTM_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
    settings.NTM_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.NTM_TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.1"
    junk = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    settings.NTM_TRUSTED_PROXY_COUNT = 1
    assert client_ip(junk) == "10.0.0.1"


def test_a_forwarded_header_without_a_declared_proxy_warns_once(client, settings, caplog, monkeypatch):
    monkeypatch.setattr(ProxyHeaderCheckMiddleware, "warned", set())
    settings.NTM_TRUSTED_PROXY_COUNT = 0
    with caplog.at_level(logging.WARNING, logger="ntm.security"):
        client.get(reverse("site:health"))
        client.get(reverse("site:health"), HTTP_X_FORWARDED_FOR="203.0.113.9")
        client.get(reverse("site:health"), HTTP_X_FORWARDED_FOR="203.0.113.10")
    warnings = [r for r in caplog.records if "NTM_TRUSTED_PROXY_COUNT=0" in r.getMessage()]
    assert len(warnings) == 1


def test_a_request_around_the_declared_proxy_warns(client, settings, caplog, monkeypatch):
    monkeypatch.setattr(ProxyHeaderCheckMiddleware, "warned", set())
    settings.NTM_TRUSTED_PROXY_COUNT = 1
    with caplog.at_level(logging.WARNING, logger="ntm.security"):
        client.get(reverse("site:health"), HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert not caplog.records
        client.get(reverse("site:health"))
    assert "fewer X-Forwarded-For entries" in caplog.records[0].getMessage()
