"""Holidays the province lists: working-day deadlines skip them; only the coordination office keeps the list."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError
from ntm.feedback import services
from ntm.feedback.models import Holiday
from ntm.feedback.tests.factories import make_feedback

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)


def test_a_listed_holiday_moves_the_deadline_of_new_feedback_only(cast):
    with time_machine.travel(FRIDAY, tick=False):
        before, _code = make_feedback(cast.commune_a)
    services.holiday_add(actor=cast.coordinator, day=dt.date(2026, 12, 7), name="Nghỉ bù")
    with time_machine.travel(FRIDAY, tick=False):
        after, _code = make_feedback(cast.commune_a)
    assert before.due_on == dt.date(2026, 12, 18)  # ten working days, set before the holiday was listed
    before.refresh_from_db()
    assert before.due_on == dt.date(2026, 12, 18)  # not recounted
    assert after.due_on == dt.date(2026, 12, 21)  # the Monday off pushes it one working day
    assert AuditEntry.objects.filter(action="feedback.holiday_add").count() == 1


def test_calendar_days_ignore_the_list(cast, settings):
    settings.NTM_FEEDBACK_DAY_KIND = "calendar"
    settings.NTM_FEEDBACK_ANSWER_DAYS = 3
    services.holiday_add(actor=cast.coordinator, day=dt.date(2026, 12, 7), name="Nghỉ bù")
    with time_machine.travel(FRIDAY, tick=False):
        item, _code = make_feedback(cast.commune_a)
    assert item.due_on == dt.date(2026, 12, 7)


def test_only_the_coordinator_keeps_the_list(cast, client_as):
    with pytest.raises(PermissionDenied):
        services.holiday_add(actor=cast.officer_a, day=dt.date(2026, 9, 2), name="Quốc khánh")
    services.holiday_add(actor=cast.coordinator, day=dt.date(2026, 9, 2), name="Quốc khánh")
    with pytest.raises(ServiceError):
        services.holiday_add(actor=cast.coordinator, day=dt.date(2026, 9, 2), name="Lặp")
    with pytest.raises(ServiceError):
        services.holiday_add(actor=cast.coordinator, day=dt.date(2026, 9, 3), name="  ")
    url = reverse("feedback:holidays")
    assert client_as(cast.officer_a).get(url).status_code == 403
    assert (
        client_as(cast.officer_a).post(url, {"day": "01/05/2026", "name": "Quốc tế lao động"}).status_code
        == 403
    )
    coordinator = client_as(cast.coordinator)
    page = coordinator.get(url)
    assert page.status_code == 200 and "Quốc khánh" in page.content.decode()
    assert url in coordinator.get(reverse("feedback:inbox")).content.decode()
    assert coordinator.post(url, {"day": "01/05/2026", "name": "Quốc tế lao động"}).status_code == 302
    assert coordinator.post(url, {"day": "31/02/2026", "name": "Sai"}).status_code == 400
    assert sorted(Holiday.objects.values_list("day", flat=True)) == [dt.date(2026, 5, 1), dt.date(2026, 9, 2)]
    holiday = Holiday.objects.get(day=dt.date(2026, 5, 1))
    remove = reverse("feedback:holiday_remove", args=[holiday.pk])
    assert client_as(cast.officer_a).post(remove).status_code == 403
    assert Holiday.objects.count() == 2
    assert client_as(cast.coordinator).post(remove).status_code == 302
    assert Holiday.objects.count() == 1
    assert AuditEntry.objects.filter(action="feedback.holiday_remove").count() == 1
