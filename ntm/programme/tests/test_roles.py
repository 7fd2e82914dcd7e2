"""Role beside scope in the programme area: every role of the cast against the plans, registries and reports of
commune A.

Written by hand from ``ntm.core.permissions.AREA_ROLES`` (design.md §1): the coordinator, department officers,
commune officers and the auditor take part in the programme; the Front officer, the OCOP council member and the
producer do not. The programme app checks the role before it looks an id up, so a role outside the area gets 403 on
every page (lists and ids alike) and an out-of-scope id answers 404.
"""

import pytest
from django.urls import reverse

from ntm.programme import cycles
from ntm.programme.models import Cooperative
from ntm.programme.reporters import Reporter
from ntm.programme.services import cycles as services_cycles
from ntm.programme.services import plans as services_plans
from ntm.programme.tests.factories import load_plan, pdf_upload
from ntm.testing.permissions import EVERY_ROLE, assert_access

pytestmark = pytest.mark.django_db

OUTSIDE = {"front": 403, "ocop_council": 403, "producer": 403}
LIST = {"coordinator": 200, "officer_a": 200, "officer_b": 200, "department": 200, "auditor": 200, **OUTSIDE}
OF_A = {"coordinator": 200, "officer_a": 200, "officer_b": 404, "department": 200, "auditor": 200, **OUTSIDE}


@pytest.fixture
def world(cast):
    programme = load_plan()
    plan = services_plans.annual_plan_create(
        actor=cast.officer_a, programme=programme, year=2026, unit=cast.commune_a, title="KH 2026"
    )
    cycle, _created = services_cycles.cycle_open(
        period=cycles.period_for(cycles.ANNUAL, 2026, programme.rules())
    )
    report = services_cycles.report_start(
        actor=cast.officer_a, cycle=cycle, reporter=Reporter(cast.commune_a.pk, None, cast.commune_a.name)
    )
    attachment = services_cycles.report_attachment_add(
        actor=cast.officer_a, report=report, upload=pdf_upload()
    )
    cooperative = Cooperative.objects.create(unit=cast.commune_a, name="HTX A")
    return {"plan": plan, "attachment": attachment, "cooperative": cooperative}


def test_the_matrix_lists_every_role_of_the_cast():
    assert set(LIST) | {"anonymous"} == set(EVERY_ROLE) == set(OF_A) | {"anonymous"}


@pytest.mark.parametrize("name", ["programme:plans", "programme:cooperatives", "programme:cycles"])
def test_lists_refuse_roles_outside_the_area(client_as, cast, world, name):
    assert_access(client_as, cast, reverse(name), {**LIST, "anonymous": 302})


def test_rows_of_commune_a(client_as, cast, world):
    assert_access(
        client_as, cast, reverse("programme:plan", args=[world["plan"].pk]), {**OF_A, "anonymous": 302}
    )
    # A report's files are read by its reporter, the coordinator and the auditor: a department reads its own.
    attachment = reverse("programme:attachment", args=[world["attachment"].pk])
    assert_access(client_as, cast, attachment, {**OF_A, "department": 404, "anonymous": 302})
    assert_access(client_as, cast, "/api/v1/programme/cooperatives", {**LIST, "anonymous": 401})
