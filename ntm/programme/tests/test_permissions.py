"""The permission matrix of every programme view not covered next to its feature tests: who gets 200/302/400,
who 403 (role), who 404 (out of scope), and the anonymous visitor 302 to the sign-in page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.programme import cycles
from ntm.programme.models import (
    Cooperative,
    LinkageModel,
    Manager,
    OnlineService,
    PilotModel,
    ReportAttachment,
    TrainingCourse,
)
from ntm.programme.reporters import Reporter
from ntm.programme.services import cycles as services_cycles
from ntm.programme.services import plans as services_plans
from ntm.programme.services import targets as services_targets
from ntm.programme.tests.factories import load_plan, pdf_upload, target
from ntm.testing.permissions import assert_access, rows_of

pytestmark = pytest.mark.django_db


def programme_rows():
    """Every row of the programme app and of the audit log: what a refused write must leave as it was."""
    return rows_of(*apps.get_app_config("programme").get_models(), AuditEntry)()


def matrix(coordinator, department, auditor, officer_a, officer_b):
    return {
        "coordinator": coordinator,
        "department": department,
        "auditor": auditor,
        "officer_a": officer_a,
        "officer_b": officer_b,
        "anonymous": 302,
    }


@pytest.fixture
def world(cast):
    programme = load_plan()
    reported = target("KH202-14")
    figure = services_targets.reported_actual_add(
        actor=cast.coordinator,
        target=reported,
        as_of=dt.date(2025, 12, 31),
        numerator=9,
        denominator=10,
        evidence=pdf_upload(),
    )
    plan = services_plans.annual_plan_create(
        actor=cast.officer_a, programme=programme, year=2026, unit=cast.commune_a, title="KH 2026"
    )
    activity = services_plans.plan_activity_save(
        actor=cast.officer_a, plan=plan, activity=None, task=programme.tasks.first(), description="Hoạt động"
    )
    line = services_plans.budget_line_save(
        actor=cast.officer_a,
        plan=plan,
        line=None,
        source="other",
        description="x",
        planned=Decimal(1),
        actual=None,
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
    pilot = PilotModel.objects.create(kind="outstanding_field", unit=cast.commune_a, name="Mô hình A")
    evidence_pilot = PilotModel.objects.create(
        kind="outstanding_field", unit=cast.commune_b, name="Mô hình B"
    )
    rows = {
        "cooperatives": Cooperative.objects.create(unit=cast.commune_a, name="HTX A"),
        "linkage": LinkageModel.objects.create(unit=cast.commune_a, name="LK A", key_product="Sầu riêng"),
        "services": OnlineService.objects.create(
            unit=cast.commune_a,
            field="health",
            name="DV A",
            url="https://example.org",
            started_on=dt.date(2025, 1, 1),
        ),
        "managers": Manager.objects.create(unit=cast.commune_a, full_name="Trần A", position="Phó Chủ tịch"),
        "courses": TrainingCourse.objects.create(
            unit=cast.province,
            title="Khóa A",
            organiser="VPĐP",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 1, 2),
        ),
        "pilots": pilot,
    }
    return {
        "target": reported,
        "figure": figure,
        "plan": plan,
        "activity": activity,
        "line": line,
        "cycle": cycle,
        "report": report,
        "attachment": attachment,
        "rows": rows,
        "pilot": pilot,
        "other_pilot": evidence_pilot,
    }


def test_target_views(client_as, cast, world):
    target_id = world["target"].pk
    # Progress: every role of the programme area; a target's evidence: the province-wide readers (an id: 404).
    assert_access(client_as, cast, reverse("programme:progress_export"), matrix(200, 200, 200, 200, 200))
    evidence = reverse("programme:reported_evidence", args=[world["figure"].pk])
    assert_access(client_as, cast, evidence, matrix(200, 200, 200, 404, 404))
    assert_access(
        client_as,
        cast,
        reverse("programme:target_toggle", args=[target_id]),
        matrix(302, 404, 404, 404, 404),
        method="post",
        unchanged=programme_rows,
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:reported_add", args=[target_id]),
        matrix(400, 404, 404, 404, 404),
        method="post",
        unchanged=programme_rows,
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:target_create"),
        matrix(400, 403, 403, 403, 403),
        method="post",
        unchanged=programme_rows,
    )


@pytest.mark.parametrize("kind", ["cooperatives", "linkage", "services", "managers"])
def test_commune_registry_edit_pages(client_as, cast, world, kind):
    url = reverse(f"programme:{kind}_edit", args=[world["rows"][kind].pk])
    assert_access(client_as, cast, url, matrix(200, 403, 403, 200, 404))


@pytest.mark.parametrize("kind", ["courses", "pilots"])
def test_coordinator_registry_edit_pages(client_as, cast, world, kind):
    url = reverse(f"programme:{kind}_edit", args=[world["rows"][kind].pk])
    assert_access(client_as, cast, url, matrix(200, 403, 403, 403, 403))


def test_course_and_pilot_actions(client_as, cast, world):
    course = world["rows"]["courses"].pk
    pilot = world["pilot"].pk
    coordinator_only = matrix(400, 403, 403, 403, 403)
    assert_access(
        client_as,
        cast,
        reverse("programme:course_attendance", args=[course]),
        coordinator_only,
        method="post",
        unchanged=programme_rows,
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:course_unit_attendance", args=[course]),
        coordinator_only,
        method="post",
        unchanged=programme_rows,
    )
    for name in ("pilot_milestone", "pilot_evidence", "pilot_approval"):
        assert_access(
            client_as,
            cast,
            reverse(f"programme:{name}", args=[pilot]),
            coordinator_only,
            method="post",
            unchanged=programme_rows,
        )
    assert_access(
        client_as,
        cast,
        reverse("programme:pilot", args=[world["other_pilot"].pk]),
        matrix(200, 200, 200, 404, 200),
    )


def test_annual_plan_actions(client_as, cast, world):
    plan, activity, line = world["plan"].pk, world["activity"].pk, world["line"].pk
    own = matrix(400, 403, 403, 400, 404)
    for name in ("plan_update", "plan_indicator_add", "plan_activity_add", "plan_budget_add"):
        assert_access(
            client_as,
            cast,
            reverse(f"programme:{name}", args=[plan]),
            own,
            method="post",
            unchanged=programme_rows,
        )
    assert_access(
        client_as,
        cast,
        reverse("programme:plan_activity", args=[plan, activity]),
        matrix(200, 403, 403, 200, 404),
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:plan_create"),
        matrix(400, 400, 403, 400, 400),
        method="post",
        unchanged=programme_rows,
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:plan_budget_remove", args=[plan, line]),
        matrix(302, 403, 403, 404, 404),
        method="post",
        unchanged=programme_rows,
    )


def test_report_actions(client_as, cast, world):
    cycle, report = world["cycle"].pk, world["report"].pk
    assert_access(
        client_as,
        cast,
        reverse("programme:cycle_reopen", args=[cycle]),
        matrix(400, 403, 403, 403, 403),
        method="post",
        unchanged=programme_rows,
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:report_return", args=[report]),
        matrix(400, 403, 403, 403, 403),
        method="post",
        unchanged=programme_rows,
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:attachment", args=[world["attachment"].pk]),
        matrix(200, 404, 200, 200, 404),
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:report_attachment", args=[report]),
        matrix(403, 404, 403, 302, 404),
        method="post",
        unchanged=programme_rows,
    )
    assert ReportAttachment.objects.count() == 1
