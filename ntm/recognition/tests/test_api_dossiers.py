"""The dossier API: scoped list and detail, transitions with expected_state → 200 / 400 / 403 / 404 / 409."""

import json

import pytest

from ntm.accounts.services import api_token_create
from ntm.recognition.models import Dossier
from ntm.recognition.tests.factories import Journey, load_data, make_dossier, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(cast):
    load_data()
    return make_dossier(cast)


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"}


def transition(client, user, dossier_id, body):
    return client.post(
        f"/api/v1/dossiers/{dossier_id}/transitions",
        data=json.dumps(body),
        content_type="application/json",
        **bearer(user),
    )


def test_list_and_detail_are_scoped(client, cast, dossier):
    assert client.get("/api/v1/dossiers", **bearer(cast.officer_a)).json()["count"] == 1
    assert client.get("/api/v1/dossiers", **bearer(cast.officer_b)).json() == {"items": [], "count": 0}
    assert client.get("/api/v1/dossiers?year=2024", **bearer(cast.coordinator)).json()["count"] == 0
    assert client.get("/api/v1/dossiers").status_code == 401
    detail = client.get(f"/api/v1/dossiers/{dossier.pk}", **bearer(cast.officer_a)).json()
    assert detail["state"] == "self_assessment" and detail["unit_name"] == "Xã Long Phước"
    assert detail["actions"] == ["complete", "withdraw"] and detail["waiting_on"] == ["commune_officer"]
    assert [s["code"] for s in detail["steps"]][:2] == ["self_assessment", "public_posting"]
    assert client.get(f"/api/v1/dossiers/{dossier.pk}", **bearer(cast.auditor)).json()["actions"] == []
    hidden = client.get(f"/api/v1/dossiers/{dossier.pk}", **bearer(cast.officer_b))
    assert hidden.status_code == 404 and "error" in hidden.json()


@pytest.mark.sqlite_journey
def test_transitions_answer_by_role_state_and_checks(client, cast, dossier):
    body = {"action": "complete", "expected_state": "self_assessment", "comment": ""}
    forbidden = transition(client, cast.auditor, dossier.pk, body)
    assert forbidden.status_code == 403 and forbidden.json()["error"]
    assert transition(client, cast.coordinator, dossier.pk, body).status_code == 403
    assert transition(client, cast.officer_b, dossier.pk, body).status_code == 404
    stale = transition(client, cast.officer_a, dossier.pk, {**body, "expected_state": "public_posting"})
    assert stale.status_code == 409
    assert stale.json()["detail"] == {"expected_state": "public_posting", "actual_state": "self_assessment"}
    wrong_action = transition(client, cast.officer_a, dossier.pk, {**body, "action": "approve"})
    assert wrong_action.status_code == 409 and "approve" in wrong_action.json()["error"]
    missing = transition(client, cast.officer_a, dossier.pk, body)
    assert missing.status_code == 400 and "Thiếu tài liệu bắt buộc" in missing.json()["error"]
    assert Dossier.objects.get(pk=dossier.pk).revision == 0
    Journey(dossier, people(cast)).prepare()
    moved = transition(client, cast.officer_a, dossier.pk, body)
    assert moved.status_code == 200
    assert moved.json() == {"id": dossier.pk, "state": "public_posting", "is_open": True, "outcome": ""}
    replay = transition(client, cast.officer_a, dossier.pk, body)
    assert replay.status_code == 409 and replay.json()["detail"]["actual_state"] == "public_posting"
    assert transition(client, cast.officer_a, 999999, body).status_code == 404
    bad = client.post(
        f"/api/v1/dossiers/{dossier.pk}/transitions",
        data="{",
        content_type="application/json",
        **bearer(cast.officer_a),
    )
    assert bad.status_code == 400


def test_a_return_through_the_api_carries_reasons(client, cast, dossier):
    Journey(dossier, people(cast)).run_to("provincial_appraisal")
    body = {
        "action": "return",
        "expected_state": "provincial_appraisal",
        "comment": "Bổ sung",
        "reasons": [{"criterion": "2", "reason": "Chưa đủ minh chứng giao thông"}],
    }
    without = transition(client, cast.coordinator, dossier.pk, {**body, "reasons": []})
    assert without.status_code == 400
    returned = transition(client, cast.coordinator, dossier.pk, body)
    assert returned.status_code == 200 and returned.json()["state"] == "commune_meeting"
    detail = client.get(f"/api/v1/dossiers/{dossier.pk}", **bearer(cast.officer_a)).json()
    assert (
        detail["return_reasons"][0]["criterion"] == "2" and detail["return_reasons"][0]["answered_at"] is None
    )
    assert detail["snapshot"]["set"]["ref"].startswith("xa-ntm-2021-2025@")
    assert any(e["action"] == "return" for e in detail["events"])
