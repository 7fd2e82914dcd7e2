"""API errors follow the language switch: English with the language cookie set to English, Vietnamese by default."""

import json

import pytest
from django.conf import settings

from ntm.accounts.services import api_token_create
from ntm.criteria.services import criteria_sets_load_shipped

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"
VALUE_URL = f"/api/v1/units/2025/26413/assessment/3.1?year=2025&criteria_set={SET}"


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def put_share(client, user, value):
    raw = api_token_create(user=user, name="t")[1]
    return client.put(
        VALUE_URL,
        data=json.dumps({"value": value}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


def test_not_signed_in_is_english_with_the_english_cookie(client):
    body = english(client).get("/api/v1/accounts/me").json()
    assert body == {"error": "Not signed in, or the access token is not valid.", "detail": None}


def test_not_signed_in_is_vietnamese_by_default(client):
    assert (
        client.get("/api/v1/accounts/me").json()["error"] == "Chưa đăng nhập hoặc mã truy cập không hợp lệ."
    )


def test_a_refused_value_is_english_with_the_english_cookie(client, cast):
    criteria_sets_load_shipped()
    response = put_share(english(client), cast.officer_a, 150)
    assert response.status_code == 422
    assert response.json()["error"] == "Indicator 3.1: a share must be within 0-100%, got 150%"
    assert response.json()["detail"]["problems"] == ["Indicator 3.1: a share must be within 0-100%, got 150%"]


def test_a_refused_value_is_vietnamese_by_default(client, cast):
    criteria_sets_load_shipped()
    response = put_share(client, cast.officer_a, 150)
    assert response.json()["error"] == "Chỉ tiêu 3.1: tỷ lệ phải trong khoảng 0-100%, nhận được 150%"


def test_a_role_refusal_is_english_with_the_english_cookie(client, cast):
    criteria_sets_load_shipped()
    response = put_share(english(client), cast.auditor, 80)
    assert response.status_code == 403
    assert response.json()["error"] == (
        "Only the commune's officers and the province Coordination Office may enter indicator values."
    )
