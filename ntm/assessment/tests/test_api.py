"""The assessment API: a unit's values and statuses, PUT one value, the matrix — scoped, with clear errors."""

import json

import pytest

from ntm.accounts.services import api_token_create
from ntm.assessment.services import value_set
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.testing.factories import UnitFactory

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"
URL = "/api/v1/units/2025/26413/assessment"


@pytest.fixture
def sets(cast):
    criteria_sets_load_shipped()


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"}


def put(client, headers, code, body, url=URL):
    return client.put(
        f"{url}/{code}?year=2025&criteria_set={SET}",
        data=json.dumps(body),
        content_type="application/json",
        **headers,
    )


@pytest.mark.sqlite_journey
def test_put_then_get_shows_value_status_and_verification(client, cast, sets):
    headers = bearer(cast.officer_a)
    response = put(client, headers, "3.1", {"value": 85, "note": "báo cáo"})
    assert response.status_code == 200
    assert response.json()["verification"]["status"] == "entered"
    body = client.get(f"{URL}?year=2025&criteria_set={SET}", **headers).json()
    item = next(i for i in body["indicators"] if i["code"] == "3.1")
    assert item["status"] == "met" and item["value"] == 85
    assert item["verification"]["status"] == "entered" and item["verification"]["entered_by"]
    assert body["criteria_total"] == 19 and body["self_assessed"] is True


def test_bad_values_answer_422_naming_the_indicator_and_write_nothing(client, cast, sets):
    headers = bearer(cast.officer_a)
    share = put(client, headers, "3.1", {"value": 140})
    assert share.status_code == 422 and "3.1" in share.json()["error"]
    unknown = put(client, headers, "99.9", {"value": 1})
    assert unknown.status_code == 422 and "99.9" in unknown.json()["error"]
    wrong_type = put(client, headers, "3.1", {"value": "nhiều"})
    assert wrong_type.status_code == 422
    body = client.get(f"{URL}?year=2025&criteria_set={SET}", **headers).json()
    assert next(i for i in body["indicators"] if i["code"] == "3.1")["value"] is None


def test_scope_and_roles(client, cast, sets):
    other = UnitFactory(code="26416", name="Xã Phước Thái", parent=cast.province)
    value_set(unit=other, year=2025, set_code=SET, indicator_code="3.1", value=90, actor=None)
    officer = bearer(cast.officer_a)
    assert client.get("/api/v1/units/2025/26416/assessment?year=2025", **officer).status_code == 404
    assert (
        put(client, officer, "3.1", {"value": 90}, url="/api/v1/units/2025/26416/assessment").status_code
        == 404
    )
    assert put(client, bearer(cast.auditor), "3.1", {"value": 90}).status_code == 403
    assert client.get(f"{URL}?year=2025").status_code == 401


def test_matrix_is_scoped_and_enveloped(client, cast, sets):
    other = UnitFactory(code="26416", name="Xã Phước Thái", parent=cast.province)
    value_set(unit=other, year=2025, set_code=SET, indicator_code="3.1", value=90, actor=None)
    mine = client.get(
        f"/api/v1/assessment/matrix?year=2025&criteria_set={SET}", **bearer(cast.officer_a)
    ).json()
    assert [row["unit_code"] for row in mine["items"]] == ["26413"] and mine["count"] == 1
    everything = client.get("/api/v1/assessment/matrix?year=2025", **bearer(cast.coordinator)).json()
    assert {row["unit_code"] for row in everything["items"]} == {"26413", "26416"}
    assert len(everything["items"][0]["criteria"]) == 19
