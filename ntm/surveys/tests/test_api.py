"""The survey API: scoped campaign results, and the public submission endpoint (documented in OpenAPI)."""

import json

import pytest

from ntm.accounts.services import api_token_create
from ntm.surveys.models import Answer
from ntm.surveys.services.answers import answer_submit
from ntm.surveys.services.campaigns import campaign_close
from ntm.surveys.tests.factories import all_satisfied

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, raw = api_token_create(user=user, name="api")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def payload(campaign, **overrides):
    responses = {
        key: "hai_long" if value else "chua_hai_long" for key, value in all_satisfied(campaign).items()
    }
    responses.update(overrides)
    return json.dumps({"responses": responses, "comments": {"y_kien_khac": "Tốt"}})


@pytest.mark.sqlite_journey
def test_public_submission_stores_once_and_refuses_replays(client, survey):
    household = survey.households[0]
    url = f"/api/v1/surveys/answers/{household.token()}"
    form = client.get(url)
    assert form.status_code == 200
    body = form.json()
    assert body["unit_name"] == "Xã Long Phước" and body["hamlet"] == "Ấp Bà Ký"
    assert [q["key"] for q in body["questions"]][:2] == ["quy_hoach", "giao_thong"]
    created = client.post(
        url, payload(survey.campaign, dien="chua_hai_long"), content_type="application/json"
    )
    assert created.status_code == 201 and created.json() == {"status": "recorded"}
    replay = client.post(url, payload(survey.campaign), content_type="application/json")
    assert replay.status_code == 409 and set(replay.json()) == {"error", "detail"}
    assert Answer.objects.count() == 1


def test_public_submission_errors(client, survey):
    household = survey.households[1]
    url = f"/api/v1/surveys/answers/{household.token()}"
    unknown = client.post(
        "/api/v1/surveys/answers/" + "a" * 26, payload(survey.campaign), content_type="application/json"
    )
    assert unknown.status_code == 404
    incomplete = client.post(
        url, json.dumps({"responses": {"dien": "hai_long"}}), content_type="application/json"
    )
    assert incomplete.status_code == 400
    assert incomplete.json()["detail"]["giao_thong"] == "Chưa trả lời câu này."
    wrong = client.post(url, json.dumps({"responses": {"dien": "maybe"}}), content_type="application/json")
    assert wrong.status_code == 422
    extra = client.post(url, payload(survey.campaign, khong_co="hai_long"), content_type="application/json")
    assert extra.status_code == 400 and "khong_co" in extra.json()["detail"]
    campaign_close(campaign=survey.campaign)
    closed = client.post(url, payload(survey.campaign), content_type="application/json")
    assert closed.status_code == 410
    assert Answer.objects.count() == 0


def test_results_endpoint_is_scoped_and_hides_small_groups(client, survey):
    for household in survey.households[:12]:
        answer_submit(household=household, responses=all_satisfied(survey.campaign), comments={})
    url = f"/api/v1/surveys/campaigns/{survey.campaign.pk}/results"
    body = client.get(url, **bearer(survey.cast.officer_a)).json()
    assert body["commune"]["answers"] == 12 and body["commune"]["overall_percent"] == 100.0
    assert body["thresholds"]["content"] == {
        "value": 80.0,
        "provenance": "confirmed",
        "source": survey.campaign.threshold_content_source,
    }
    assert body["thresholds"]["overall"]["provenance"] == "unconfirmed"
    hamlet = body["hamlets"][0]
    assert hamlet["name"] == "Ấp Bà Ký" and hamlet["suppressed"] is False
    assert all(h["suppressed"] and h["contents"] == [] for h in body["hamlets"][1:])
    assert client.get(url, **bearer(survey.cast.officer_b)).status_code == 404
    assert client.get(url, **bearer(survey.cast.department)).status_code == 403
    assert client.get(url).status_code == 401
    listed = client.get("/api/v1/surveys/campaigns?page=1", **bearer(survey.cast.coordinator)).json()
    assert listed["count"] == 1 and listed["items"][0]["unit_name"] == "Xã Long Phước"
    assert client.get("/api/v1/surveys/campaigns", **bearer(survey.cast.officer_b)).json()["count"] == 0


def test_openapi_documents_the_public_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    answers = schema["paths"]["/api/v1/surveys/answers/{token}"]
    assert "post" in answers and not answers["post"].get("security")  # public: no authentication
    assert {"201", "409", "410", "429"} <= set(answers["post"]["responses"])
    assert "/api/v1/surveys/campaigns/{campaign_id}/results" in schema["paths"]
