"""Role beside scope in the status area: the non-public register pages.

Written by hand from ``ntm.core.permissions.AREA_ROLES`` (design.md §1): the register is read by the staff who
work on recognition (coordinator, departments, communes, districts, the appraisal council, the auditor) and kept by
the coordinator; the Front officer, the OCOP council member and the producer read the public history only. The
register list is not about one unit, so they get 403; the public history of a unit stays open to everyone.
"""

import pytest
from django.urls import reverse

from ntm.testing.permissions import EVERY_ROLE, assert_access

pytestmark = pytest.mark.django_db

OUTSIDE = {"front": 403, "ocop_council": 403, "producer": 403}
READERS = {
    "coordinator": 200,
    "officer_a": 200,
    "officer_b": 200,
    "department": 200,
    "auditor": 200,
    **OUTSIDE,
}
KEEPER = {
    "coordinator": 200,
    "officer_a": 403,
    "officer_b": 403,
    "department": 403,
    "auditor": 403,
    **OUTSIDE,
}
PUBLIC = dict.fromkeys(EVERY_ROLE, 200)


def test_the_matrix_lists_every_role_of_the_cast():
    for table in (READERS, KEEPER):
        assert set(table) | {"anonymous"} == set(EVERY_ROLE)


@pytest.mark.parametrize("name", ["status:register", "status:register_export"])
def test_register_pages_refuse_roles_outside_the_area(client_as, cast, name):
    assert_access(client_as, cast, reverse(name), {**READERS, "anonymous": 302})


def test_register_keeping_is_the_coordinators(client_as, cast):
    assert_access(client_as, cast, reverse("status:record_create"), {**KEEPER, "anonymous": 302})


def test_public_history_stays_public(client_as, cast):
    url = reverse("status:history", args=["2025", cast.commune_a.code])
    assert_access(client_as, cast, url, PUBLIC)
