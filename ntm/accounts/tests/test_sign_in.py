"""Sign-in, lockout, CSRF, session expiry and password hashing."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings
from django.urls import reverse

from ntm.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.sqlite_journey
def test_commune_officer_signs_in_and_lands_on_home(client, cast):
    response = sign_in(client, "xa_a", TEST_PASSWORD)
    assert response.status_code == 302
    home = client.get(reverse("site:home"))
    assert "Xã Long Phước" in home.content.decode()
    assert 'data-role="commune_officer"' in home.content.decode()


def test_wrong_password_and_unknown_user_get_the_same_message(client, cast):
    wrong_password = sign_in(client, "xa_a", "sai-mat-khau").content.decode()
    unknown_user = sign_in(client, "khong-ton-tai", "sai-mat-khau").content.decode()
    assert "Sai tên đăng nhập hoặc mật khẩu." in wrong_password
    assert "Sai tên đăng nhập hoặc mật khẩu." in unknown_user


def test_lockout_after_repeated_failures_even_with_the_right_password(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "xa_a", "sai-mat-khau")
    locked = sign_in(client, "xa_a", TEST_PASSWORD)
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_account_is_not_locked_by_someone_elses_failures(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "xa_a", "sai-mat-khau")
    assert sign_in(client, "xa_b", TEST_PASSWORD).status_code == 302


def test_forged_csrf_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "xa_a", "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_post_and_ends_the_session(client_as, cast):
    client = client_as(cast.officer_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_session_expires_after_inactivity_and_at_browser_close():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2(cast):
    cast.officer_a.set_password("mot-mat-khau-dai-hon")
    assert identify_hasher(cast.officer_a.password).algorithm == "argon2"


def test_django_admin_is_for_superusers_only(client_as, cast):
    cast.coordinator.is_staff = True
    cast.coordinator.save()
    assert client_as(cast.coordinator).get("/quan-tri/").status_code == 302
    cast.coordinator.is_superuser = True
    cast.coordinator.save()
    assert client_as(cast.coordinator).get("/quan-tri/").status_code == 200
