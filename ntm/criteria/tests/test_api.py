"""The criteria-set API: list envelope, one version with its provenance, the evaluation and its 422s."""

from __future__ import annotations

import json

import pytest

from ntm.accounts.services import api_token_create
from ntm.criteria.services import criteria_set_update_indicator, criteria_sets_load_shipped
from ntm.criteria.tests.factories import INVENTED_CODE, load_invented

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped():
    criteria_sets_load_shipped()


@pytest.fixture
def token(cast):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=cast.officer_a, name='t')[1]}"}


def post_evaluate(client, token, body):
    return client.post("/api/v1/evaluate", data=json.dumps(body), content_type="application/json", **token)


def test_list_is_a_public_envelope_with_counts_and_filters(client, shipped):
    body = client.get("/api/v1/criteria-sets").json()
    assert body["count"] == 9
    item = next(i for i in body["items"] if i["code"] == "xa-ntm-2021-2025")
    assert (item["ref"], item["version"], item["subject"], item["grants_level"]) == (
        "xa-ntm-2021-2025@1",
        1,
        "commune",
        "ntm",
    )
    assert item["counts"]["indicators"] == 57 and set(item["counts"]["thresholds"]) == {
        "confirmed",
        "partial",
        "unconfirmed",
        "placeholder",
    }
    assert "content" not in item
    districts = client.get("/api/v1/criteria-sets?subject=district").json()
    assert {i["code"] for i in districts["items"]} == {"huyen-ntm-2021-2025", "huyen-nang-cao-2021-2025"}


@pytest.mark.sqlite_journey
def test_one_set_with_criteria_indicators_thresholds_and_provenance(client, shipped):
    body = client.get("/api/v1/criteria-sets/xa-ntm-2021-2025").json()
    assert body["ref"] == "xa-ntm-2021-2025@1" and body["is_latest"]
    assert len(body["criteria"]) == 19
    assert sum(len(c["indicators"]) for c in body["criteria"]) == 57
    irrigation = next(i for c in body["criteria"] for i in c["indicators"] if i["code"] == "3.1")
    [rule] = irrigation["thresholds"]
    assert (rule["value"], rule["text"], rule["provenance"]["status"]) == (80, "≥ 80%", "confirmed")
    assert rule["provenance"]["source"]
    assert irrigation["department"]["provenance"]["status"] in {
        "confirmed",
        "partial",
        "unconfirmed",
        "placeholder",
    }
    assert body["regions"]["DNB"] == "Đông Nam Bộ" and body["disadvantaged_region"] == "TDMNPB"
    assert [h["version"] for h in body["history"]] == [1]


def test_a_version_by_code_at_version_and_404s(client, cast, tmp_path):
    base = load_invented(tmp_path)
    criteria_set_update_indicator(
        base=base,
        indicator_code="S2.1",
        fields={},
        thresholds=[{"value": 10, "provenance": "confirmed", "source": "QĐ giả định"}],
        change_note="Ngưỡng chính thức",
        actor=cast.coordinator,
    )
    latest = client.get(f"/api/v1/criteria-sets/{INVENTED_CODE}").json()
    first = client.get(f"/api/v1/criteria-sets/{INVENTED_CODE}@1").json()
    assert (latest["version"], latest["is_latest"], latest["change_note"]) == (2, True, "Ngưỡng chính thức")
    assert (first["version"], first["is_latest"]) == (1, False)
    assert [h["version"] for h in latest["history"]] == [2, 1]
    assert latest["history"][0]["created_by"] == str(cast.coordinator)
    for ref in ("khong-co", f"{INVENTED_CODE}@3", "Hoa@1", f"{INVENTED_CODE}@0"):
        response = client.get(f"/api/v1/criteria-sets/{ref}")
        assert response.status_code == 404, ref
        assert set(response.json()) == {"error", "detail"}


@pytest.mark.sqlite_journey
def test_evaluate_answers_the_documented_shape(client, token, shipped):
    response = post_evaluate(
        client,
        token,
        {
            "criteria_set": "xa-ntm-2021-2025",
            "year": 2024,
            "context": {"region": "DNB", "commune_group": None, "disadvantaged": False},
            "values": {"3.1": 85, "4.2": 98.5, "8.4": True, "10": 70},
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert {"indicators", "criteria", "criteria_met", "criteria_total", "level", "revocation_risk"} <= set(
        body
    )
    assert body["criteria_set"] == "xa-ntm-2021-2025@1" and body["criteria_total"] == 19
    assert body["level"] is None and isinstance(body["revocation_risk"], bool)
    indicators = {i["code"]: i for i in body["indicators"]}
    assert {"code", "status", "threshold", "value", "provenance"} <= set(indicators["3.1"])
    assert indicators["3.1"]["status"] == "met" and indicators["3.1"]["threshold"]["text"] == "≥ 80%"
    assert indicators["3.1"]["provenance"]["status"] == "confirmed" and not indicators["3.1"]["provisional"]
    assert indicators["4.2"]["status"] == "not_met" and indicators["4.2"]["provisional"]
    assert indicators["10"]["status"] == "no_threshold"  # 2024 income: placeholder in the shipped set
    assert indicators["10"]["provenance"]["status"] == "placeholder"
    assert indicators["2.2"]["status"] == "no_threshold"
    criterion = next(c for c in body["criteria"] if c["code"] == "3")
    assert set(criterion) == {"code", "met", "provisional"}


def test_evaluate_an_invented_set_to_its_level(client, token, tmp_path):
    load_invented(tmp_path)
    body = post_evaluate(
        client,
        token,
        {
            "criteria_set": f"{INVENTED_CODE}@1",
            "year": 2026,
            "context": {"region": "TRUNG_DU", "flags": {"co_cho_dem": True}},
            "values": {"S1.1": 70, "S1.2": True, "S2.1": 3},
        },
    ).json()
    assert (body["criteria_met"], body["criteria_total"], body["level"]) == (1, 2, None)
    assert next(i for i in body["indicators"] if i["code"] == "S2.1")["status"] == "no_threshold"


@pytest.mark.parametrize(
    ("values", "indicator", "fragment"),
    [
        ({"3.1": 140}, "3.1", "tỷ lệ phải trong khoảng 0-100%, nhận được 140%"),
        ({"3.1": "tám mươi"}, "3.1", "phải là một số"),
        ({"8.4": 1}, "8.4", "phải là Đạt/Không (true/false)"),
        ({"99.9": 5}, "99.9", "không có trong bộ tiêu chí"),
    ],
)
def test_bad_values_and_unknown_codes_answer_422_naming_the_indicator(
    client, token, shipped, values, indicator, fragment
):
    response = post_evaluate(
        client, token, {"criteria_set": "xa-ntm-2021-2025", "year": 2024, "values": values}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"][0]["indicator"] == indicator
    assert fragment in body["detail"][0]["message"]
    assert f"Chỉ tiêu {indicator}" in body["error"]


def test_evaluate_refuses_bad_context_an_unknown_set_and_anonymous_callers(client, token, shipped):
    outside = post_evaluate(client, token, {"criteria_set": "xa-ntm-2021-2025", "year": 2030, "values": {}})
    assert outside.status_code == 422 and outside.json()["detail"][0]["indicator"] == "year"
    region = post_evaluate(
        client, token, {"criteria_set": "xa-ntm-2021-2025", "year": 2024, "context": {"region": "XYZ"}}
    )
    assert region.status_code == 422
    wrong_type = post_evaluate(
        client, token, {"criteria_set": "xa-ntm-2021-2025", "year": 2024, "context": {"disadvantaged": "có"}}
    )
    assert wrong_type.status_code == 422
    assert post_evaluate(client, token, {"criteria_set": "khong-co", "year": 2024}).status_code == 404
    assert post_evaluate(client, {}, {"criteria_set": "xa-ntm-2021-2025", "year": 2024}).status_code == 401


def test_the_three_endpoints_are_documented(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/criteria-sets", "/api/v1/criteria-sets/{ref}", "/api/v1/evaluate"} <= set(paths)
    assert "422" in paths["/api/v1/evaluate"]["post"]["responses"]
