"""The feedback API: a public code look-up (code in the body, rate-limited) and the officers' scoped inbox."""

import pytest
from django.urls import reverse

from ntm.feedback import services
from ntm.feedback.tests.factories import make_feedback

pytestmark = pytest.mark.django_db
STATUS = "/api/v1/feedback/status"


def test_a_citizen_reads_the_answer_by_posting_the_code(client, cast):
    item, code = make_feedback(cast.commune_a, contact="0912345678")
    response = client.post(STATUS, {"code": code.lower().replace("-", " ")}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "new" and body["answer"] == "" and body["unit_name"] == cast.commune_a.name
    assert "contact" not in body
    services.feedback_answer(actor=cast.officer_a, item=item, answer="Đã sửa đường.", handled=False)
    assert (
        client.post(STATUS, {"code": code}, content_type="application/json").json()["answer"]
        == "Đã sửa đường."
    )
    unknown = client.post(STATUS, {"code": "PA-AAAA-AAAA-AAAA"}, content_type="application/json")
    assert unknown.status_code == 404 and unknown.json()["error"]
    assert client.post(STATUS, {"code": 5}, content_type="application/json").status_code == 422
    assert client.get(STATUS).status_code == 405  # no URL carries a code


def test_code_look_ups_are_rate_limited_with_the_status_page(client, cast, settings):
    from ntm.feedback.views import LOOKUP_LIMIT

    for _ in range(LOOKUP_LIMIT):
        client.post(STATUS, {"code": "PA-AAAA-AAAA-AAAA"}, content_type="application/json")
    assert client.post(STATUS, {"code": "x"}, content_type="application/json").status_code == 429
    assert client.post("/phan-anh/tra-cuu/", {"code": "x"}).status_code == 429  # one budget for both


def test_inbox_is_scoped_to_the_officers(client_as, cast):
    make_feedback(cast.commune_a, contact="0912345678")
    make_feedback(cast.commune_b)
    url = reverse("api-v1:inbox")
    items = client_as(cast.officer_a).get(url).json()["items"]
    assert [row["unit_code"] for row in items] == [cast.commune_a.code]
    assert "contact" not in items[0] and items[0]["overdue"] is False
    assert client_as(cast.coordinator).get(url).json()["count"] == 2
    assert client_as(cast.coordinator).get(url, {"overdue": "true"}).json()["count"] == 0
    assert client_as(cast.producer).get(url).status_code == 403
    assert client_as(None).get(url).status_code == 401
