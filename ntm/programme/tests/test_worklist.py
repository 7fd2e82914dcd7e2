"""The programme lines of "my work": a report due for the commune and the department until they submit it; an
open cycle past its closing day for the coordination office."""

import pytest

from ntm.programme import cycles
from ntm.programme.models import ReportCycle
from ntm.programme.services import cycles as services_cycles
from ntm.programme.tests.factories import load_plan
from ntm.programme.worklist import programme_work

pytestmark = pytest.mark.django_db


def keys(user):
    return {item.key: item for item in programme_work(user)}


def test_reports_due_and_cycles_to_close(cast):
    plan = load_plan()
    cycle, _created = services_cycles.cycle_open(period=cycles.period_for(cycles.ANNUAL, 2026, plan.rules()))
    due = keys(cast.officer_a)["programme.reports"]
    assert due.count == 1 and cast.commune_a.name in due.details[0][0]
    assert "programme.reports" in keys(cast.department)
    assert not keys(cast.auditor)
    assert "programme.close_cycles" not in keys(cast.coordinator)
    ReportCycle.objects.filter(pk=cycle.pk).update(closes_on=cycle.opens_on.replace(year=2000))
    assert keys(cast.coordinator)["programme.close_cycles"].count == 1
