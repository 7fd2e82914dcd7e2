"""The province's schedule for publishing water results: stored, audited, coordinator only, read by the public
pages and API at request time."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError
from ntm.environment import selectors, services
from ntm.environment.models import PublicationSchedule

pytestmark = pytest.mark.django_db
ENTERED = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
URL = reverse("environment:publication_schedule")


@pytest.fixture
def sample(cast):
    services.catalogues_load_shipped()
    point = services.water_point_create(
        actor=cast.officer_a,
        unit=cast.commune_a,
        code="ns-26413-01",
        name="Trạm cấp nước ấp 3",
        kind="centralised",
        latitude=Decimal("10.9"),
        longitude=Decimal("107.1"),
    )
    with time_machine.travel(ENTERED, tick=False):
        return services.sample_record(
            actor=cast.officer_a,
            point=point,
            sampled_on=dt.date(2026, 3, 1),
            laboratory="CDC",
            values={"ph": "9"},
        )


def _public(client_as, point_id):
    anonymous = client_as(None)
    api = anonymous.get("/api/v1/environment/public/water-points").json()["items"][0]["latest_outcome"]
    page = anonymous.get(reverse("environment:public_point", args=[point_id])).content.decode()
    return api, "ngoài" in page.lower() or "vượt" in page.lower()


def test_the_stored_delay_decides_what_the_public_sees(cast, sample, client_as, settings):
    settings.NTM_WATER_PUBLISH_DAYS = 0
    with time_machine.travel(ENTERED + dt.timedelta(days=5), tick=False):
        assert _public(client_as, sample.point_id) == ("fail", True)
        services.publication_schedule_set(actor=cast.coordinator, delay_days=10)
        assert _public(client_as, sample.point_id) == (None, False)
        samples = client_as(cast.officer_a).get(f"/api/v1/environment/water-points/{sample.point_id}/samples")
        assert samples.json()["items"][0]["published"] is False
    with time_machine.travel(ENTERED + dt.timedelta(days=10), tick=False):
        assert _public(client_as, sample.point_id) == ("fail", True)
        services.publication_schedule_set(actor=cast.coordinator, delay_days=11)
        assert _public(client_as, sample.point_id) == (None, False)


def test_without_a_stored_schedule_the_system_setting_applies(settings):
    settings.NTM_WATER_PUBLISH_DAYS = 7
    assert selectors.publish_delay_days() == 7


def test_the_coordinator_sets_the_delay_on_the_page_audited(cast, client_as, settings):
    settings.NTM_WATER_PUBLISH_DAYS = 2
    client = client_as(cast.coordinator)
    page = client.get(URL).content.decode()
    assert "mặc định" in page and 'value="2"' in page
    assert client.post(URL, {"delay_days": "14"}).status_code == 302
    assert PublicationSchedule.objects.get().delay_days == 14 and selectors.publish_delay_days() == 14
    entry = AuditEntry.objects.get(action="environment.publication_schedule_set")
    assert entry.actor == cast.coordinator
    assert client.post(URL, {"delay_days": "30"}).status_code == 302
    assert AuditEntry.objects.filter(action="environment.publication_schedule_set").count() == 2


@pytest.mark.parametrize(
    ("value", "message"), [("-1", "âm"), ("366", "365"), ("", "số ngày"), ("ba", "số nguyên")]
)
def test_the_page_rejects_a_delay_outside_0_to_365_in_vietnamese(cast, client_as, value, message):
    response = client_as(cast.coordinator).post(URL, {"delay_days": value})
    assert response.status_code == 400 and message in response.content.decode()
    assert not PublicationSchedule.objects.exists()


def test_only_the_coordinator_sets_the_schedule(cast, client_as):
    for person in (cast.officer_a, cast.department, cast.auditor):
        assert client_as(person).post(URL, {"delay_days": "5"}).status_code == 403
        with pytest.raises(ServiceError):
            services.publication_schedule_set(actor=person, delay_days=5)
    assert client_as(None).post(URL, {"delay_days": "5"}).status_code == 302
    assert not PublicationSchedule.objects.exists()


@pytest.mark.parametrize("days", [-1, 366, True])
def test_the_service_validates_the_delay(cast, days):
    with pytest.raises(ServiceError):
        services.publication_schedule_set(actor=cast.coordinator, delay_days=days)
