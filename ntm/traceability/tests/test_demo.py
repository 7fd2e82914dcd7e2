"""The demo loader: three labelled areas (one awaiting a code, one suspended), a lot with its stages; idempotent."""

import pytest
from django.urls import reverse

from ntm.core.choices import Role
from ntm.testing.factories import RoleFactory, UserFactory
from ntm.traceability.demo import MARK, load_traceability_demo
from ntm.traceability.models import AreaStatus, GrowingArea, Lot

pytestmark = pytest.mark.django_db


def test_demo_is_labelled_and_idempotent(cast, client):
    producer = UserFactory(username="htx.longphuoc")
    RoleFactory(user=producer, role=Role.PRODUCER, unit=cast.commune_a)
    officer = UserFactory(username="so.nnmt")
    RoleFactory(
        user=officer, role=Role.DEPARTMENT_OFFICER, unit=cast.province, organisation=cast.organisation
    )
    load_traceability_demo(cast.province)
    load_traceability_demo(cast.province)
    areas = GrowingArea.objects.all()
    assert areas.count() == 3 and all(MARK in a.name for a in areas)
    assert sorted(areas.values_list("status", flat=True)) == sorted(
        [AreaStatus.ACTIVE, AreaStatus.SUSPENDED, AreaStatus.REGISTERED]
    )
    lot = Lot.objects.get(area__status=AreaStatus.ACTIVE)
    assert list(lot.events.values_list("stage", flat=True)) == ["harvest", "packing", "shipping"]
    suspended = Lot.objects.get(area__status=AreaStatus.SUSPENDED)
    body = client.get(reverse("traceability:trace", args=[suspended.code])).content.decode()
    assert 'data-testid="suspension"' in body and MARK in body


def test_demo_areas_lie_in_the_communes_real_boundary(cast, client):
    from ntm.units.models import UnitBoundary

    elsewhere = {
        "type": "Polygon",
        "coordinates": [[[106.0, 11.0], [106.06, 11.0], [106.06, 11.06], [106.0, 11.06], [106.0, 11.0]]],
    }
    UnitBoundary.objects.create(
        unit=cast.commune_a,
        geometry=elsewhere,
        source="imported",
        min_lon=106.0,
        min_lat=11.0,
        max_lon=106.06,
        max_lat=11.06,
    )
    producer = UserFactory(username="htx.longphuoc")
    RoleFactory(user=producer, role=Role.PRODUCER, unit=cast.commune_a)
    officer = UserFactory(username="so.nnmt")
    RoleFactory(
        user=officer, role=Role.DEPARTMENT_OFFICER, unit=cast.province, organisation=cast.organisation
    )
    load_traceability_demo(cast.province)
    areas = GrowingArea.objects.all()
    assert areas.count() == 3
    assert all(106.0 < a.centre_lon < 106.06 and 11.0 < a.centre_lat < 11.06 for a in areas)
    lot = Lot.objects.get(area__status=AreaStatus.ACTIVE)
    assert (
        'data-testid="locator"' in client.get(reverse("traceability:trace", args=[lot.code])).content.decode()
    )
