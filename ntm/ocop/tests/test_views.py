"""OCOP pages: the public catalogue and product page (no sign-in, small, no script), and the signed-in steps."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ntm.ocop.models import EvaluationState, MemberScore, Producer, ProducerStatus
from ntm.ocop.tests.factories import (
    ALL_TOP,
    DOSSIER,
    council_members,
    leaf,
    load_sheets,
    make_evaluation,
    make_producer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheets():
    return load_sheets()


def test_catalogue_shows_certified_products_only_small_and_without_script(cast, sheets, client):
    certified = make_evaluation(cast, upto="decided")
    pending = make_evaluation(cast, upto="scoring", producer=certified.product.producer)
    pending.product.name = "Sản phẩm đang chấm"
    pending.product.save()
    response = client.get(reverse("ocop:catalogue"))
    body = response.content.decode()
    assert response.status_code == 200
    assert certified.product.name in body and "Sản phẩm đang chấm" not in body
    assert "<script" not in body and len(response.content) < 100_000
    assert certified.product.name not in client.get(reverse("ocop:catalogue"), {"sao": "5"}).content.decode()
    assert (
        certified.product.name
        in client.get(reverse("ocop:catalogue"), {"sao": "4", "nhom": "I"}).content.decode()
    )
    assert client.get(reverse("ocop:catalogue"), {"sao": "x", "xa": "-1", "page": "zz"}).status_code == 200


def test_product_page_and_qr_for_certified_products_only(cast, sheets, client):
    certified = make_evaluation(cast, upto="decided")
    page = client.get(reverse("ocop:product", args=[certified.product.pk]))
    body = page.content.decode()
    assert "OCOP-2026-001" in body and "0251 3000 000" in body and "Chợ Long Phước" in body
    assert "<script" not in body and len(page.content) < 100_000
    qr = client.get(reverse("ocop:product_qr", args=[certified.product.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    pending = make_evaluation(cast, upto="scoring", producer=certified.product.producer)
    assert client.get(reverse("ocop:product", args=[pending.product.pk])).status_code == 404
    assert client.get(reverse("ocop:product_qr", args=[pending.product.pk])).status_code == 404


def test_producer_request_form_creates_a_pending_producer(cast, client):
    load_sheets(test_sheet=False)
    data = {
        "name": "Hộ kinh doanh Mật ong",
        "kind": "household",
        "unit": cast.commune_a.pk,
        "address": "Ấp 3",
        "representative": "Bà Mật",
        "username": "matong",
        "password": "Mot-mat-khau-dai-2026",
    }
    response = client.post(reverse("ocop:register"), data)
    assert response.status_code == 302
    assert Producer.objects.get(name="Hộ kinh doanh Mật ong").status == ProducerStatus.REQUESTED
    again = client.post(reverse("ocop:register"), data)
    assert again.status_code == 200 and "matong" in again.content.decode()  # the form keeps what was typed


def test_steps_through_the_pages(cast, sheets, client_as):
    producer = make_producer(cast)
    client = client_as(cast.producer)
    response = client.post(
        reverse("ocop:product_create"),
        {"producer": producer.pk, "name": "Bưởi Long Phước", "category": leaf().pk, "year": 2026, **DOSSIER},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    evaluation = producer.products.get().evaluations.get()
    client.post(reverse("ocop:evaluation_submit", args=[evaluation.pk]))
    client = client_as(cast.officer_b)
    assert (
        client.post(
            reverse("ocop:evaluation_precheck", args=[evaluation.pk]), {"decision": "accept"}
        ).status_code
        == 404
    )
    client = client_as(cast.officer_a)
    client.post(
        reverse("ocop:evaluation_precheck", args=[evaluation.pk]),
        {"decision": "accept", "local_labour": "on"},
    )
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.SCORING and evaluation.precheck_local_labour
    for member in council_members(cast):
        client = client_as(member)
        assert client.get(reverse("ocop:evaluation_score", args=[evaluation.pk])).status_code == 200
        client.post(
            reverse("ocop:evaluation_score", args=[evaluation.pk]), {f"c-{k}": v for k, v in ALL_TOP.items()}
        )
    assert MemberScore.objects.filter(evaluation=evaluation).count() == 3
    client = client_as(cast.coordinator)
    client.post(reverse("ocop:evaluation_close", args=[evaluation.pk]))
    client.post(
        reverse("ocop:evaluation_decide", args=[evaluation.pk]),
        {
            "level": "province",
            "number": "5/QĐ-UBND",
            "signed_on": "2026-03-02",
            "certificate_number": "OCOP-5",
        },
    )
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.DECIDED
    assert client.get(reverse("ocop:dashboard")).status_code == 200
    export = client.get(reverse("ocop:dashboard_export"))
    assert export.status_code == 200 and export.content[:2] == b"PK"
    assert client_as(cast.producer).get(reverse("ocop:evaluation", args=[evaluation.pk])).status_code == 200
    assert client_as(cast.front).get(reverse("ocop:evaluation", args=[evaluation.pk])).status_code == 404


def test_score_page_with_the_shipped_sheet_names_what_is_missing(cast, client_as):
    load_sheets(test_sheet=False)
    evaluation = make_evaluation(cast, upto="scoring")
    body = (
        client_as(cast.ocop_council)
        .get(reverse("ocop:evaluation_score", args=[evaluation.pk]))
        .content.decode()
    )
    assert "Tổ chức sản xuất" in body and '<form method="post">' not in body


def test_map_layer_of_producers_is_scoped(cast, sheets, client_as):
    producer = make_producer(cast)
    producer.latitude, producer.longitude = 10.7, 106.95
    producer.save()
    make_evaluation(cast, upto="decided", producer=producer)
    url = reverse("maps:point_layer", args=["ocop"])
    features = client_as(cast.officer_a).get(url).json()["features"]
    assert [f["properties"]["name"] for f in features] == [producer.name]
    assert features[0]["properties"]["star"] == 4 and features[0]["geometry"]["coordinates"] == [106.95, 10.7]
    assert client_as(cast.officer_b).get(url).json()["features"] == []
    assert client_as(cast.front).get(url).json()["features"] == []
    assert client_as(cast.coordinator).get(url, {"bbox": "100,5,101,6"}).json()["features"] == []
