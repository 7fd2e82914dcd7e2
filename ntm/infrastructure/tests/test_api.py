"""The infrastructure API: scoped like the pages (another commune's id answers 404), nothing public."""

import datetime as dt

import pytest
from django.urls import reverse

from ntm.infrastructure import services
from ntm.infrastructure.tests.test_infrastructure import _radio
from ntm.units.models import Hamlet

pytestmark = pytest.mark.django_db


def test_inventory_per_commune_is_scoped_and_shows_8_3(cast, client_as):
    hamlets = [Hamlet.objects.create(unit=cast.commune_a, name=name) for name in ("Ấp 1", "Ấp 2")]
    clusters = _radio(cast, hamlets)
    services.asset_check(
        actor=cast.officer_a, asset=clusters[1], status="broken", checked_on=dt.date(2025, 6, 10)
    )
    services.coverage_set(
        actor=cast.officer_a,
        unit=cast.commune_a,
        surveyed_on=dt.date(2025, 5, 1),
        covered={hamlets[0].pk: {"4g"}},
    )
    detail = reverse("api-v1:get_commune", args=[cast.commune_a.pk])
    body = client_as(cast.officer_a).get(detail, {"year": 2025}).json()
    assert body["radio"]["met"] is False and body["radio"]["hamlets_missing"] == ["Ấp 2"]
    assert {a["name"]: a["status"] for a in body["assets"]}["Cụm loa Ấp 2"] == "broken"
    by_name = {row["name"]: row for row in body["hamlets"]}
    assert by_name["Ấp 1"]["coverage"]["4g"] is True and by_name["Ấp 2"]["coverage"]["4g"] is False
    assert body["coverage_surveyed_on"] == "2025-05-01"
    assert client_as(cast.officer_b).get(detail).status_code == 404
    assert client_as(cast.producer).get(detail).status_code == 404
    assert client_as(None).get(detail).status_code == 401
    listing = reverse("api-v1:list_communes")
    rows = client_as(cast.officer_a).get(listing, {"year": 2025}).json()["items"]
    assert [(r["code"], r["broken"], r["radio_met"]) for r in rows] == [(cast.commune_a.code, 1, False)]
    assert client_as(cast.producer).get(listing).status_code == 403
    assert client_as(cast.coordinator).get(listing, {"year": 1800}).status_code == 422
