"""Annual plans per unit and department: indicators, activities per task, budget lines by the four sources."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ntm.core.exceptions import ServiceError
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.programme.models import AnnualPlan, BudgetLine, PlanActivity, PlannedIndicator
from ntm.programme.services import plans as services_plans
from ntm.programme.tests.factories import load_plan
from ntm.testing.permissions import assert_access

pytestmark = pytest.mark.django_db


def test_plan_pages_permission_matrix(client_as, cast):
    programme = load_plan()
    plan = services_plans.annual_plan_create(
        actor=cast.officer_a, programme=programme, year=2026, unit=cast.commune_a, title="Kế hoạch 2026"
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:plans"),
        {
            "coordinator": 200,
            "department": 200,
            "auditor": 200,
            "officer_a": 200,
            "officer_b": 200,
            "anonymous": 302,
        },
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:plan", args=[plan.pk]),
        {
            "coordinator": 200,
            "department": 200,
            "auditor": 200,
            "officer_a": 200,
            "officer_b": 404,
            "anonymous": 302,
        },
    )
    line = services_plans.budget_line_save(
        actor=cast.officer_a,
        plan=plan,
        line=None,
        source="local_budget",
        description="Thiết bị",
        planned=Decimal(100),
        actual=None,
    )
    assert_access(
        client_as,
        cast,
        reverse("programme:plan_budget", args=[plan.pk, line.pk]),
        {
            "coordinator": 200,
            "department": 403,
            "auditor": 403,
            "officer_a": 200,
            "officer_b": 404,
            "anonymous": 302,
        },
    )


@pytest.mark.sqlite_journey
def test_commune_officer_builds_an_annual_plan_with_budget_by_source(client_as, cast):
    criteria_sets_load_shipped()
    programme = load_plan()
    client = client_as(cast.officer_a)
    response = client.post(
        reverse("programme:plan_create"), {"owner": f"unit:{cast.commune_a.pk}", "year": 2026, "title": ""}
    )
    assert response.status_code == 302
    plan = AnnualPlan.objects.get()
    assert plan.unit == cast.commune_a and plan.title.endswith("2026")
    assert (
        client.post(
            reverse("programme:plan_indicator_add", args=[plan.pk]),
            {"set_code": "xa-ntm-2021-2025", "indicator_code": "8.4"},
        ).status_code
        == 302
    )
    unknown = client.post(
        reverse("programme:plan_indicator_add", args=[plan.pk]),
        {"set_code": "xa-ntm-2021-2025", "indicator_code": "8.9"},
    )
    assert unknown.status_code == 400 and PlannedIndicator.objects.count() == 1
    task = programme.tasks.get(code="IV.2.c")
    assert (
        client.post(
            reverse("programme:plan_activity_add", args=[plan.pk]),
            {"task": task.pk, "description": "Số hóa hồ sơ một cửa", "status": "planned"},
        ).status_code
        == 302
    )
    for source, planned in (
        ("local_budget", "350"),
        ("socialised", "120"),
        ("integrated", "200"),
        ("other", "30"),
    ):
        assert (
            client.post(
                reverse("programme:plan_budget_add", args=[plan.pk]),
                {"source": source, "description": f"Nội dung {source}", "planned": planned},
            ).status_code
            == 302
        )
    negative = client.post(
        reverse("programme:plan_budget_add", args=[plan.pk]),
        {"source": "local_budget", "description": "Âm", "planned": "-5"},
    )
    assert negative.status_code == 400 and BudgetLine.objects.count() == 4
    line = BudgetLine.objects.get(source="local_budget")
    assert (
        client.post(
            reverse("programme:plan_budget", args=[plan.pk, line.pk]),
            {"source": "local_budget", "description": line.description, "planned": "350", "actual": "280.5"},
        ).status_code
        == 302
    )
    page = client.get(reverse("programme:plan", args=[plan.pk])).content.decode()
    assert "Số hóa hồ sơ một cửa" in page and "280,5" in page and "700,0" in page  # total planned
    assert PlanActivity.objects.get().task == task
    # the other commune may not add to this plan; a second plan for the same unit and year is refused
    assert (
        client_as(cast.officer_b)
        .post(
            reverse("programme:plan_budget_add", args=[plan.pk]),
            {"source": "other", "description": "x", "planned": "1"},
        )
        .status_code
        == 404
    )
    with pytest.raises(ServiceError):
        services_plans.annual_plan_create(
            actor=cast.officer_a, programme=programme, year=2026, unit=cast.commune_a, title=""
        )


def test_department_plans_are_kept_by_their_department(cast):
    programme = load_plan()
    plan = services_plans.annual_plan_create(
        actor=cast.department,
        programme=programme,
        year=2026,
        organisation=cast.organisation,
        title="KH của Sở",
    )
    assert plan.unit == cast.province and plan.organisation == cast.organisation
    with pytest.raises(PermissionDenied):
        services_plans.budget_line_save(
            actor=cast.officer_a,
            plan=plan,
            line=None,
            source="other",
            description="x",
            planned=Decimal(1),
            actual=None,
        )
    with pytest.raises(ServiceError):
        services_plans.budget_line_save(
            actor=cast.department,
            plan=plan,
            line=None,
            source="ngan_sach_trung_uong",
            description="x",
            planned=Decimal(1),
            actual=None,
        )
    with pytest.raises(PermissionDenied):
        services_plans.annual_plan_create(
            actor=cast.officer_a, programme=programme, year=2026, organisation=cast.organisation, title=""
        )
