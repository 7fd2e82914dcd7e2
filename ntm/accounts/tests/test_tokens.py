"""Personal API tokens: hashed, shown once, revocable, scoped to their owner."""

import pytest
from django.urls import reverse

from ntm.accounts.models import ApiToken, hash_token
from ntm.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite_journey
def test_token_is_shown_once_and_only_its_hash_is_stored(client_as, cast):
    client = client_as(cast.officer_a)
    response = client.post(reverse("accounts:token_create"), {"name": "Đồng bộ báo cáo"})
    page = response.content.decode()
    token = ApiToken.objects.get(user=cast.officer_a)
    raw = page.split('data-testid="new-token">')[1].split("<")[0]
    assert raw.startswith("ntm_")
    assert token.token_hash == hash_token(raw)
    assert raw not in {token.token_hash, token.hint}
    assert "no-store" in response["Cache-Control"]
    assert raw not in client.get(reverse("accounts:profile")).content.decode()


def test_empty_token_name_is_refused_with_a_message(client_as, cast):
    response = client_as(cast.officer_a).post(reverse("accounts:token_create"), {"name": "  "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_revoke_own_token_and_not_someone_elses(client_as, cast):
    token, _raw = api_token_create(user=cast.officer_a, name="A")
    assert (
        client_as(cast.officer_b).post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    )
    token.refresh_from_db()
    assert token.revoked_at is None
    client_as(cast.officer_a).post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
