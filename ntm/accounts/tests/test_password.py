"""Password reset by e-mail (same answer for unknown addresses, a link valid once and for a limited time) and the
password-change page."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
RESET = reverse("accounts:password_reset")
NEW = "mot-mat-khau-moi-rat-dai"


@pytest.fixture
def officer(cast):
    cast.officer_a.email = "an@example.org"
    cast.officer_a.save()
    return cast.officer_a


def reset_link(mail) -> str:
    return re.search(r"https?://[^/\s]+(/quen-mat-khau/dat-lai/\S+/)", mail.body).group(1)


@pytest.mark.sqlite_journey
def test_reset_by_e_mail_sets_a_new_password_once(client, officer, mailoutbox):
    response = client.post(RESET, {"email": "AN@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert "Đặt mật khẩu mới" in mail.subject
    link = reset_link(mail)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW)
    assert Client().post(reverse("accounts:login"), {"username": "xa_a", "password": NEW}).status_code == 302
    assert AuditEntry.objects.filter(action="user.password_reset", object_id=str(officer.pk)).exists()
    again = Client().get(link, follow=True)
    assert 'data-testid="invalid-link"' in again.content.decode()


def test_unknown_address_gets_the_same_answer_and_no_mail(client, officer, mailoutbox):
    known = client.post(RESET, {"email": "an@example.org"})
    unknown = client.post(RESET, {"email": "khong-co@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mailoutbox) == 1


def test_deactivated_account_gets_no_link(client, officer, mailoutbox):
    officer.is_active = False
    officer.save()
    assert client.post(RESET, {"email": "an@example.org"}).status_code == 302
    assert mailoutbox == []


def test_the_link_expires(client, officer, mailoutbox, settings, monkeypatch):
    assert settings.PASSWORD_RESET_TIMEOUT <= 24 * 3600
    client.post(RESET, {"email": "an@example.org"})
    link = reset_link(mailoutbox[0])
    later = default_token_generator._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    expired = Client().get(link, follow=True)
    assert 'data-testid="invalid-link"' in expired.content.decode()


def test_reset_requests_are_rate_limited_without_telling_who_has_an_account(client, officer, mailoutbox):
    for _ in range(5):
        assert client.post(RESET, {"email": "an@example.org"}).status_code == 302
    assert len(mailoutbox) == 3  # three links per address and window; the rest answer the same, silently
    statuses = [client.post(RESET, {"email": f"x{i}@example.org"}).status_code for i in range(8)]
    assert statuses[-1] == 429  # ten requests from one address in the window


def test_password_change_for_a_signed_in_person(client_as, cast):
    client = client_as(cast.officer_a)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"old_password": "sai", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 200 and "old_password" in wrong.content.decode()
    done = client.post(url, {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    cast.officer_a.refresh_from_db()
    assert cast.officer_a.check_password(NEW)
    assert AuditEntry.objects.filter(action="user.password_change", object_id=str(cast.officer_a.pk)).exists()
    assert client.get(reverse("accounts:profile")).status_code == 200  # the session survives the change
    assert Client().get(url).status_code == 302
