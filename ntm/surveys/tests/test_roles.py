"""Role beside scope in the surveys area: every role of the cast against a campaign of commune A.

Written by hand from ``ntm.core.permissions.AREA_ROLES`` (design.md §1): the Front officer runs surveys and reads
the household list; commune officers, the coordinator and the auditor read results; the department officer, the
OCOP council member and the producer have no survey pages. A role outside the area gets 403 on the list (not
about one campaign) and 404 on a campaign id, as an out-of-scope campaign does (the permission matrix's
convention: an id tells nothing to whoever may not read it).
"""

import pytest
from django.urls import reverse

from ntm.testing.permissions import EVERY_ROLE, assert_access

pytestmark = pytest.mark.django_db

OUTSIDE = {"department": 404, "ocop_council": 404, "producer": 404}
LIST = {
    "coordinator": 200,
    "officer_a": 200,
    "officer_b": 200,
    "auditor": 200,
    "front": 200,
    "department": 403,
    "ocop_council": 403,
    "producer": 403,
}
CAMPAIGN_OF_A = {
    "coordinator": 200,
    "officer_a": 200,
    "officer_b": 404,
    "auditor": 200,
    "front": 200,
    **OUTSIDE,
}
HOUSEHOLDS_OF_A = {
    "coordinator": 404,
    "officer_a": 404,
    "officer_b": 404,
    "auditor": 200,
    "front": 200,
    **OUTSIDE,
}


def test_the_matrix_lists_every_role_of_the_cast():
    for table in (LIST, CAMPAIGN_OF_A, HOUSEHOLDS_OF_A):
        assert set(table) | {"anonymous"} == set(EVERY_ROLE)


def test_campaign_list_and_api(client_as, survey):
    cast = survey.cast
    assert_access(client_as, cast, reverse("surveys:list"), {**LIST, "anonymous": 302})
    assert_access(client_as, cast, "/api/v1/surveys/campaigns", {**LIST, "anonymous": 401})


@pytest.mark.parametrize("name", ["detail", "results", "results_export"])
def test_campaign_pages(client_as, survey, name):
    url = reverse(f"surveys:{name}", args=[survey.campaign.pk])
    assert_access(client_as, survey.cast, url, {**CAMPAIGN_OF_A, "anonymous": 302})


def test_household_list(client_as, survey):
    cast, pk = survey.cast, survey.campaign.pk
    assert_access(
        client_as, cast, reverse("surveys:households", args=[pk]), {**HOUSEHOLDS_OF_A, "anonymous": 302}
    )
