"""The OCOP API: certified products are public; evaluations are scoped like the pages."""

from __future__ import annotations

import pytest

from ntm.ocop.tests.factories import load_sheets, make_evaluation

pytestmark = pytest.mark.django_db
API = "/api/v1/ocop"


@pytest.fixture
def sheets():
    return load_sheets()


def test_public_products_and_one_product(cast, sheets, client):
    certified = make_evaluation(cast, upto="decided")
    pending = make_evaluation(cast, upto="scoring", producer=certified.product.producer)
    answer = client.get(f"{API}/products").json()
    assert answer["count"] == 1
    item = answer["items"][0]
    assert item["name"] == certified.product.name and item["certificate"]["star"] == 4
    assert item["certificate"]["expires_on"] == "2029-03-02"
    assert client.get(f"{API}/products?star=5").json()["count"] == 0
    assert client.get(f"{API}/products/{certified.product.pk}").status_code == 200
    missing = client.get(f"{API}/products/{pending.product.pk}")
    assert missing.status_code == 404 and "error" in missing.json()


def test_evaluations_are_scoped(cast, sheets, client_as):
    make_evaluation(cast, upto="submitted")
    assert client_as(None).get(f"{API}/evaluations").status_code == 401
    assert client_as(cast.front).get(f"{API}/evaluations").status_code == 403
    assert client_as(cast.officer_a).get(f"{API}/evaluations").json()["count"] == 1
    assert client_as(cast.officer_b).get(f"{API}/evaluations").json()["count"] == 0
    assert client_as(cast.producer).get(f"{API}/evaluations").json()["count"] == 1


def test_openapi_documents_the_ocop_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {f"{API}/products", f"{API}/products/{{product_id}}", f"{API}/evaluations"} <= set(paths)
