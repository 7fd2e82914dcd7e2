"""The role table (``ntm.core.permissions``) and the choke point that applies it (``ScopedQuerySet.restrict``)."""

import pytest
from django.core.exceptions import PermissionDenied

from ntm.core.choices import READ_ONLY_ROLES, Role
from ntm.core.permissions import (
    AREA_ROLES,
    ASSESSMENT,
    AUDIT,
    OCOP,
    RECOGNITION,
    STATUS,
    SURVEYS,
    TRACEABILITY,
    may_use_area,
    require_area,
)
from ntm.core.scoping import CHANGE, VIEW
from ntm.units.models import AdministrativeUnit


def test_every_area_names_only_known_roles_and_changes_within_what_it_reads():
    for area, actions in AREA_ROLES.items():
        assert set(actions) == {VIEW, CHANGE}, area
        assert actions[VIEW] <= set(Role.values), area
        assert actions[CHANGE] <= actions[VIEW], area


def test_design_section_1_in_the_table():
    # The auditor reads everything and changes nothing.
    assert all(Role.AUDITOR in actions[VIEW] for actions in AREA_ROLES.values())
    assert not any(actions[CHANGE] & READ_ONLY_ROLES for actions in AREA_ROLES.values())
    # Producers and OCOP council members see no appraisal, assessment, dossier, survey, programme or register data:
    # OCOP is the council's only area; a producer also owns its traceability records (the apps narrow its scope).
    assert [area for area, actions in AREA_ROLES.items() if Role.OCOP_COUNCIL_MEMBER in actions[VIEW]] == [
        OCOP
    ]
    assert {area for area, actions in AREA_ROLES.items() if Role.PRODUCER in actions[VIEW]} == {
        OCOP,
        TRACEABILITY,
    }
    assert Role.PRODUCER in AREA_ROLES[TRACEABILITY][CHANGE]
    assert AREA_ROLES[OCOP][CHANGE] == {
        Role.PROVINCE_COORDINATOR,
        Role.OCOP_COUNCIL_MEMBER,
        Role.COMMUNE_OFFICER,
        Role.PRODUCER,
    }
    # Front officers run surveys and comment on dossiers; they see no assessment data.
    assert Role.FRONT_OFFICER in AREA_ROLES[SURVEYS][CHANGE]
    assert Role.FRONT_OFFICER in AREA_ROLES[RECOGNITION][VIEW]
    assert Role.FRONT_OFFICER not in AREA_ROLES[ASSESSMENT][VIEW]
    # Department officers read and verify assessment; the coordinator keeps the register; nobody edits the log.
    assert Role.DEPARTMENT_OFFICER in AREA_ROLES[ASSESSMENT][CHANGE]
    assert AREA_ROLES[STATUS][CHANGE] == {Role.PROVINCE_COORDINATOR}
    assert AREA_ROLES[AUDIT][CHANGE] == frozenset()


@pytest.mark.django_db
def test_restrict_counts_only_the_roles_the_area_admits(cast):
    units = AdministrativeUnit.objects.filter(pk=cast.commune_a.pk)
    # Bound to commune A, the producer is in scope by unit but not by role.
    assert units.restrict(cast.producer, VIEW).exists()
    assert not units.restrict(cast.producer, VIEW, area=ASSESSMENT).exists()
    assert not units.restrict(cast.front, VIEW, area=ASSESSMENT).exists()
    assert units.restrict(cast.front, VIEW, area=SURVEYS).exists()
    assert units.restrict(cast.front, CHANGE, area=SURVEYS).exists()
    assert units.restrict(cast.officer_a, VIEW, area=ASSESSMENT).exists()
    # ``roles`` narrows within the area, never widens it.
    assert not units.restrict(cast.front, VIEW, roles=[Role.FRONT_OFFICER], area=ASSESSMENT).exists()
    assert not units.restrict(cast.auditor, CHANGE, area=ASSESSMENT).exists()
    with pytest.raises(ValueError):
        units.restrict(cast.officer_a, VIEW, area="nowhere")


@pytest.mark.django_db
def test_require_area_refuses_a_role_the_area_never_admits(cast):
    assert may_use_area(cast.auditor, AUDIT) and not may_use_area(cast.auditor, AUDIT, CHANGE)
    require_area(cast.front, SURVEYS)
    with pytest.raises(PermissionDenied):
        require_area(cast.ocop_council, RECOGNITION)
