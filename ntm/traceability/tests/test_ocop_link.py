"""The OCOP star on the trace page: resolved above both apps (ntm.site.links) from the OCOP product's trace-page
reference; only the lot owner's product with a certificate in force counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ntm.ocop.models import Certificate, Decision, DecisionLevel, Product
from ntm.ocop.tests.factories import leaf, load_sheets, make_producer
from ntm.testing.factories import RoleFactory, UserFactory
from ntm.traceability.tests.factories import make_area, make_lot

pytestmark = pytest.mark.django_db


def _certified(producer, trace_url: str, *, star=4, expired=False) -> Product:
    product = Product.objects.create(
        producer=producer, name="Sầu riêng Long Phước", category=leaf(), trace_url=trace_url
    )
    decision = Decision.objects.create(
        number="12/QĐ-UBND", signed_on=dt.date(2025, 1, 2), level=DecisionLevel.PROVINCE
    )
    today = timezone.localdate()
    Certificate.objects.create(
        product=product,
        decision=decision,
        number=f"OCOP-{product.pk}",
        star=star,
        issued_on=today - dt.timedelta(days=400 if expired else 10),
        expires_on=today - dt.timedelta(days=1) if expired else today + dt.timedelta(days=300),
    )
    return product


def test_trace_page_shows_the_star_of_the_owners_certified_product(client, cast):
    load_sheets(test_sheet=False)
    lot = make_lot(make_area(cast.producer, cast.commune_a, issuer=cast.department))
    trace = reverse("traceability:trace", args=[lot.code])
    assert 'data-testid="ocop-star"' not in client.get(trace).content.decode()
    # another producer's product naming our lot gives no star
    stranger = UserFactory(username="htx_khac")
    RoleFactory(user=stranger, role="producer", unit=cast.commune_a)
    _certified(make_producer(cast, owner=stranger, name="HTX khác"), f"https://ntm.example{trace}", star=5)
    # our product with an expired certificate gives none either
    _certified(make_producer(cast, name="HTX cũ"), f"https://ntm.example{trace}", expired=True)
    assert 'data-testid="ocop-star"' not in client.get(trace).content.decode()
    product = _certified(make_producer(cast), f"https://ntm.example{trace}".rstrip("/"), star=4)
    page = client.get(trace).content.decode()
    assert 'data-testid="ocop-star"' in page and "★★★★<" in page and "★★★★★" not in page
    assert reverse("ocop:product", args=[product.pk]) in page
