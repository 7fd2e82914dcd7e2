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


FORM_URL = "/api/v1/surveys/answers/form"
ANSWERS_URL = "/api/v1/surveys/answers"


def payload(campaign, token, **overrides):
    responses = {
        key: "hai_long" if value else "chua_hai_long" for key, value in all_satisfied(campaign).items()
    }
    responses.update(overrides)
    return json.dumps({"token": token, "responses": responses, "comments": {"y_kien_khac": "Tốt"}})


def post_json(client, url, body):
    return client.post(
        url, body if isinstance(body, str) else json.dumps(body), content_type="application/json"
    )


@pytest.mark.sqlite_journey
def test_public_submission_stores_once_and_refuses_replays(client, survey):
    token = survey.households[0].token()
    form = post_json(client, FORM_URL, {"token": token})
    assert form.status_code == 200
    body = form.json()
    assert body["unit_name"] == "Xã Long Phước" and body["hamlet"] == "Ấp Bà Ký"
    assert [q["key"] for q in body["questions"]][:2] == ["quy_hoach", "giao_thong"]
    created = post_json(client, ANSWERS_URL, payload(survey.campaign, token, dien="chua_hai_long"))
    assert created.status_code == 201 and created.json() == {"status": "recorded"}
    replay = post_json(client, ANSWERS_URL, payload(survey.campaign, token))
    assert replay.status_code == 409 and set(replay.json()) == {"error", "detail"}
    assert post_json(client, FORM_URL, {"token": token}).status_code == 409
    assert Answer.objects.count() == 1


def test_public_submission_errors(client, survey):
    token = survey.households[1].token()
    assert post_json(client, FORM_URL, {"token": "a" * 26}).status_code == 404
    assert post_json(client, ANSWERS_URL, payload(survey.campaign, "a" * 26)).status_code == 404
    assert post_json(client, ANSWERS_URL, {"responses": {}}).status_code == 422  # no token
    incomplete = post_json(client, ANSWERS_URL, {"token": token, "responses": {"dien": "hai_long"}})
    assert incomplete.status_code == 400
    assert incomplete.json()["detail"]["giao_thong"] == "Chưa trả lời câu này."
    wrong = post_json(client, ANSWERS_URL, {"token": token, "responses": {"dien": "maybe"}})
    assert wrong.status_code == 422
    extra = post_json(client, ANSWERS_URL, payload(survey.campaign, token, khong_co="hai_long"))
    assert extra.status_code == 400 and "khong_co" in extra.json()["detail"]
    campaign_close(campaign=survey.campaign)
    assert post_json(client, ANSWERS_URL, payload(survey.campaign, token)).status_code == 410
    assert post_json(client, FORM_URL, {"token": token}).status_code == 410
    assert Answer.objects.count() == 0


def test_results_endpoint_is_scoped_and_hides_small_groups(client, survey):
    for household in survey.households[:12]:
        answer_submit(household=household, responses=all_satisfied(survey.campaign), comments={})
    url = f"/api/v1/surveys/campaigns/{survey.campaign.pk}/results"
    body = client.get(url, **bearer(survey.cast.officer_a)).json()
    assert body["commune"]["answers"] == 12 and body["commune"]["overall_percent"] == 100.0
    assert body["thresholds"]["content"] == {
        "value": 80.0,
        "provenance": "partial",
        "source": survey.campaign.threshold_content_source,
    }
    assert body["thresholds"]["overall"]["provenance"] == "unconfirmed"
    hamlet = body["hamlets"][0]
    assert hamlet["name"] == "Ấp Bà Ký" and hamlet["suppressed"] is False
    assert all(h["suppressed"] and h["contents"] == [] for h in body["hamlets"][1:])
    assert client.get(url, **bearer(survey.cast.officer_b)).status_code == 404
    assert (
        client.get(url, **bearer(survey.cast.department)).status_code == 404
    )  # an id: a role outside the area
    assert client.get(url).status_code == 401
    listed = client.get("/api/v1/surveys/campaigns?page=1", **bearer(survey.cast.coordinator)).json()
    assert listed["count"] == 1 and listed["items"][0]["unit_name"] == "Xã Long Phước"
    assert client.get("/api/v1/surveys/campaigns", **bearer(survey.cast.officer_b)).json()["count"] == 0


def test_openapi_documents_the_public_endpoints_with_the_token_in_the_body(client):
    schema = client.get("/api/v1/openapi.json").json()
    answers = schema["paths"]["/api/v1/surveys/answers"]
    assert set(answers) == {"post"} and not answers["post"].get("security")  # public: no authentication
    assert {"201", "409", "410", "429"} <= set(answers["post"]["responses"])
    form = schema["paths"]["/api/v1/surveys/answers/form"]
    assert set(form) == {"post"} and not form["post"].get("security")
    assert not [path for path in schema["paths"] if "{token}" in path]
    for operation in (answers["post"], form["post"]):
        assert not operation.get("parameters")  # nothing in the path or query
        body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        assert "token" in schema["components"]["schemas"][body]["required"]
    assert "/api/v1/surveys/campaigns/{campaign_id}/results" in schema["paths"]
