"""Lockout per account (failures spread over many addresses), per address (many accounts tried from one), per
pair; the client address is the trusted one (NTM_TRUSTED_PROXY_COUNT); the sign-in rate limit."""

import pytest
from django.test import Client
from django.urls import reverse

from ntm.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def attempt(username, password, **meta):
    return Client().post(LOGIN, {"username": username, "password": password}, **meta)


def test_failures_spread_over_many_addresses_lock_the_account(cast, settings):
    settings.NTM_LOGIN_ACCOUNT_FAILURE_LIMIT = 8
    for i in range(8):  # fewer than the pair limit (5) from each address: two per address
        attempt("xa_a", "sai", REMOTE_ADDR=f"10.0.{i // 2}.{i}")
    locked = attempt("xa_a", TEST_PASSWORD, REMOTE_ADDR="10.9.9.9")
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    assert attempt("xa_b", TEST_PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 302  # other accounts sign in


def test_below_the_account_limit_the_right_password_works(cast, settings):
    settings.NTM_LOGIN_ACCOUNT_FAILURE_LIMIT = 8
    for i in range(7):
        attempt("xa_a", "sai", REMOTE_ADDR=f"10.1.0.{i}")
    assert attempt("xa_a", TEST_PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_one_address_trying_many_accounts_is_locked(cast, settings):
    settings.NTM_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for i in range(6):
        attempt(f"khong-co-{i}", "sai", REMOTE_ADDR="10.2.0.1")
    assert attempt("xa_a", TEST_PASSWORD, REMOTE_ADDR="10.2.0.1").status_code == 429
    assert attempt("xa_a", TEST_PASSWORD, REMOTE_ADDR="10.2.0.2").status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_counts(cast, settings):
    settings.NTM_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "192.168.0.10"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("xa_a", "sai", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert attempt("xa_a", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 429
    # Another visitor through the same proxy is another address; a forged left-most entry changes nothing.
    ok = attempt("xa_a", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7", **proxy)
    assert ok.status_code == 302


def test_sign_in_posts_are_rate_limited_per_address(cast, settings):
    settings.NTM_SIGN_IN_RATE_LIMIT = 3
    statuses = [attempt("khong-co", "sai", REMOTE_ADDR="10.3.0.1").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert attempt("xa_a", TEST_PASSWORD, REMOTE_ADDR="10.3.0.2").status_code == 302
