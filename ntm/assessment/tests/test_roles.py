"""Role beside scope in the assessment area: every role of the cast against the pages and API of commune A.

The expected answers are written by hand from ``ntm.core.permissions.AREA_ROLES`` (design.md §1): the Front
officer, the OCOP council member and the producer are bound to commune A or the province, yet see no assessment
data. A page that is not about one unit (dashboards, the matrix and its API) answers them 403, as it answers any
role without the dashboards; a page or endpoint about one unit or one id answers 404, as it answers an
out-of-scope unit.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.assessment.models import IndicatorValue
from ntm.assessment.services import evidence_add, value_set
from ntm.audit.models import AuditEntry
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.testing.permissions import EVERY_ROLE, assert_access, rows_of

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"

# Pages not about one unit: the dashboards' roles read their own scope; the others are refused.
DASHBOARD = {
    "coordinator": 200,
    "officer_a": 200,
    "officer_b": 200,
    "department": 200,
    "auditor": 200,
    "front": 403,
    "ocop_council": 403,
    "producer": 403,
}
# Commune A's own pages and ids: out of scope (officer_b) and out of the area (front, ocop, producer) → 404.
UNIT_A = {
    "coordinator": 200,
    "officer_a": 200,
    "officer_b": 404,
    "department": 200,
    "auditor": 200,
    "front": 404,
    "ocop_council": 404,
    "producer": 404,
}


@pytest.fixture
def value(cast):
    criteria_sets_load_shipped()
    found = value_set(
        unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=85, actor=cast.officer_a
    )
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    evidence_add(value=found, upload=upload, actor=cast.officer_a)
    return found


def test_the_matrix_lists_every_role_of_the_cast(cast):
    assert set(DASHBOARD) | {"anonymous"} == set(EVERY_ROLE) == set(UNIT_A) | {"anonymous"}


@pytest.mark.parametrize("name", ["assessment:overview", "assessment:matrix", "assessment:gaps"])
def test_dashboards_refuse_roles_outside_the_area(client_as, cast, value, name):
    assert_access(client_as, cast, reverse(name), {**DASHBOARD, "anonymous": 302})


def test_department_view_is_narrower_still(client_as, cast, value):
    # The department view is for the province and the departments: commune officers are refused too.
    expected = {**DASHBOARD, "officer_a": 403, "officer_b": 403, "anonymous": 302}
    assert_access(client_as, cast, reverse("assessment:department"), expected)


def test_matrix_api_refuses_producers_front_and_ocop_council(client_as, cast, value):
    assert_access(
        client_as,
        cast,
        f"/api/v1/assessment/matrix?year=2025&criteria_set={SET}",
        {**DASHBOARD, "anonymous": 401},
    )


def test_unit_page_api_and_evidence_are_not_found_outside_the_area(client_as, cast, value):
    evidence = value.evidence.get()
    unit_page = reverse("assessment:unit", args=["2025", cast.commune_a.code])
    assert_access(client_as, cast, unit_page, {**UNIT_A, "anonymous": 302})
    api = f"/api/v1/units/2025/{cast.commune_a.code}/assessment?year=2025"
    assert_access(client_as, cast, api, {**UNIT_A, "anonymous": 401})
    download = reverse("assessment:evidence", args=[evidence.pk])
    assert_access(client_as, cast, download, {**UNIT_A, "anonymous": 302})


def test_writes_outside_the_area_answer_404_and_change_nothing(client_as, cast, value):
    unchanged = rows_of(IndicatorValue, AuditEntry)
    save = reverse("assessment:criterion_save", args=["2025", cast.commune_a.code, "3"])
    assert_access(
        client_as,
        cast,
        save,
        {
            "coordinator": 302,
            "officer_a": 302,
            "officer_b": 404,
            "department": 403,  # reads the unit, verifies, never enters
            "auditor": 403,
            "front": 404,
            "ocop_council": 404,
            "producer": 404,
            "anonymous": 302,
        },
        method="post",
        data={"year": 2025, "set": SET, "3.1-value": "90", "3.1-note": ""},
        unchanged=unchanged,
    )
    verify = reverse("assessment:value_verify", args=[value.pk])
    for member in ("front", "ocop_council", "producer"):
        before = unchanged()
        response = client_as(getattr(cast, member)).post(verify, {"comment": ""})
        assert response.status_code == 404, member
        assert unchanged() == before, member
