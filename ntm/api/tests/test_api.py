"""The /api/v1/ plumbing: authentication, envelopes, error shapes, scoping."""

import json

import pytest

from ntm.accounts.services import api_token_create, api_token_revoke
from ntm.audit.services import audit_record

pytestmark = pytest.mark.django_db


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.sqlite_journey
def test_token_authenticates_and_me_lists_roles(client, cast):
    _token, raw = api_token_create(user=cast.officer_a, name="t")
    response = client.get("/api/v1/accounts/me", **bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "xa_a"
    assert body["roles"][0]["unit_name"] == "Xã Long Phước"


def test_unauthenticated_and_revoked_token_answer_401_with_error_shape(client, cast):
    token, raw = api_token_create(user=cast.officer_a, name="t")
    api_token_revoke(token=token)
    for headers in ({}, bearer(raw), bearer("ntm_not-a-token")):
        response = client.get("/api/v1/accounts/me", **headers)
        assert response.status_code == 401
        assert set(response.json()) == {"error", "detail"}


def test_list_envelope_with_page(client, cast):
    _token, raw = api_token_create(user=cast.officer_a, name="t1")
    api_token_create(user=cast.officer_a, name="t2")
    api_token_create(user=cast.officer_b, name="not mine")
    body = client.get("/api/v1/accounts/tokens?page=1", **bearer(raw)).json()
    assert body["count"] == 2
    assert {item["name"] for item in body["items"]} == {"t1", "t2"}
    assert all("token_hash" not in item for item in body["items"])
    assert client.get("/api/v1/accounts/tokens?page=0", **bearer(raw)).status_code == 422


def test_malformed_and_invalid_bodies_answer_json_errors(client, cast):
    _token, raw = api_token_create(user=cast.officer_a, name="t")
    broken = client.post(
        "/api/v1/accounts/tokens", data="{not json", content_type="application/json", **bearer(raw)
    )
    assert broken.status_code == 400
    assert "error" in broken.json()
    invalid = client.post(
        "/api/v1/accounts/tokens",
        data=json.dumps({"name": ""}),
        content_type="application/json",
        **bearer(raw),
    )
    assert invalid.status_code == 422
    assert invalid.json()["error"] == "Dữ liệu gửi lên không hợp lệ."


def test_created_token_value_is_returned_once(client, cast):
    _token, raw = api_token_create(user=cast.officer_a, name="t")
    created = client.post(
        "/api/v1/accounts/tokens", data={"name": "mới"}, content_type="application/json", **bearer(raw)
    )
    assert created.status_code == 201
    new_raw = created.json()["token"]
    listed = client.get("/api/v1/accounts/tokens", **bearer(raw)).json()
    assert new_raw not in json.dumps(listed)
    assert client.get("/api/v1/accounts/me", **bearer(new_raw)).status_code == 200


def test_revoking_someone_elses_token_answers_404(client, cast):
    other, _ = api_token_create(user=cast.officer_b, name="b")
    _token, raw = api_token_create(user=cast.officer_a, name="a")
    response = client.post(f"/api/v1/accounts/tokens/{other.pk}/revoke", **bearer(raw))
    assert response.status_code == 404
    assert response.json()["error"]


def test_audit_api_is_scoped_and_refused_to_commune_officers(client, cast):
    audit_record(action="test.a", instance=cast.commune_a)
    _t, officer = api_token_create(user=cast.officer_a, name="a")
    _t, auditor = api_token_create(user=cast.auditor, name="k")
    assert client.get("/api/v1/audit/entries", **bearer(officer)).status_code == 403
    body = client.get("/api/v1/audit/entries?action=test", **bearer(auditor)).json()
    assert body["count"] == 1 and body["items"][0]["unit_code"] == "26413"


def test_session_auth_requires_csrf_for_writes(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.officer_a)
    assert client.get("/api/v1/accounts/me").status_code == 200
    response = client.post("/api/v1/accounts/tokens", data={"name": "x"}, content_type="application/json")
    assert response.status_code == 403


def test_openapi_document_and_docs_are_served(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "NTM số Đồng Nai API"
    assert "/api/v1/accounts/me" in spec["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_no_two_api_schemas_share_a_name():
    """The OpenAPI document keys schemas by class name: two apps' ``ThresholdOut`` made one of them describe the
    other's answers (the contract test found ``source`` required where the criteria set has none)."""
    from ninja import Schema

    import ntm.api.api  # noqa: F401 (every router and its schemas)

    def every(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every(sub)

    names: dict[str, set[str]] = {}
    for cls in every(Schema):
        if cls.__module__.startswith("ntm.") and ".tests" not in cls.__module__:
            names.setdefault(cls.__name__, set()).add(cls.__module__)
    clashes = {name: modules for name, modules in names.items() if len(modules) > 1}
    assert not clashes, f"schemas with one name in several modules: {clashes}"
