"""Role beside scope on the internal map, which shows unpublished self-assessments and decisions.

Written by hand from ``ntm.core.permissions.AREA_ROLES`` (design.md §1): the roles of the assessment area read it
within their scope; the Front officer, the OCOP council member and the producer have the public map only, and the
internal map (a page not about one unit) answers them 403.
"""

import pytest
from django.urls import reverse

from ntm.testing.permissions import assert_access

pytestmark = pytest.mark.django_db

INTERNAL = {
    "coordinator": 200,
    "officer_a": 200,
    "officer_b": 200,
    "department": 200,
    "auditor": 200,
    "front": 403,
    "ocop_council": 403,
    "producer": 403,
    "anonymous": 302,
}


def test_internal_map_refuses_roles_outside_the_assessment_area(client_as, cast):
    assert_access(client_as, cast, reverse("maps:internal"), INTERNAL)
    assert_access(client_as, cast, reverse("maps:internal_export", args=["geojson"]), INTERNAL)
