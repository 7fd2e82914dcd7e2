"""The permission choke point: who sees which unit's records."""

import pytest

from ntm.audit.models import AuditEntry
from ntm.audit.services import audit_record
from ntm.core.choices import Role
from ntm.core.scoping import CHANGE, VIEW, unit_paths
from ntm.testing.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(cast):
    return {
        "a": audit_record(action="test.a", instance=cast.commune_a),
        "b": audit_record(action="test.b", instance=cast.commune_b),
        "none": audit_record(action="test.none", object_type="x", object_id="1", object_label="no unit"),
    }


def visible_actions(user, action=VIEW, **kwargs):
    return set(AuditEntry.objects.restrict(user, action, **kwargs).values_list("action", flat=True))


@pytest.mark.sqlite_journey
def test_commune_officer_sees_only_own_commune(cast, entries):
    assert visible_actions(cast.officer_a) == {"test.a"}
    assert visible_actions(cast.officer_b) == {"test.b"}


def test_province_wide_roles_see_everything_in_the_province(cast, entries):
    everything = {"test.a", "test.b", "test.none"}
    assert visible_actions(cast.coordinator) == everything
    assert visible_actions(cast.auditor) == everything
    assert visible_actions(cast.department) == everything


def test_auditor_reads_but_never_changes(cast, entries):
    assert visible_actions(cast.auditor, CHANGE) == set()
    assert visible_actions(cast.coordinator, CHANGE) == {"test.a", "test.b", "test.none"}


def test_roles_argument_narrows_the_assignments_that_count(cast, entries):
    assert visible_actions(cast.coordinator, roles=[Role.COMMUNE_OFFICER]) == set()
    assert visible_actions(cast.officer_a, roles=[Role.COMMUNE_OFFICER]) == {"test.a"}


def test_user_with_two_roles_sees_the_union(cast, entries):
    RoleFactory(user=cast.officer_a, role=Role.COMMUNE_OFFICER, unit=cast.commune_b)
    cast.officer_a.__dict__.pop("_active_roles", None)
    assert visible_actions(cast.officer_a) == {"test.a", "test.b"}


def test_inactive_role_and_inactive_user_see_nothing(cast, entries):
    cast.officer_a.role_assignments.update(is_active=False)
    cast.officer_a.__dict__.pop("_active_roles", None)
    assert visible_actions(cast.officer_a) == set()
    cast.officer_b.is_active = False
    assert unit_paths(cast.officer_b) == []


def test_user_without_role_sees_nothing_and_superuser_everything(cast, entries):
    assert visible_actions(UserFactory(username="norole")) == set()
    assert unit_paths(UserFactory(username="root", is_superuser=True)) is None


def test_unknown_action_is_refused(cast):
    with pytest.raises(ValueError):
        unit_paths(cast.coordinator, "delete")


def test_new_unit_officer_reads_but_never_changes_predecessors_history(cast):
    from ntm.testing.factories import UnitFactory
    from ntm.units.models import Structure, UnitLineage

    old_province = UnitFactory(structure=Structure.LEGACY, code="75", name="Tỉnh Đồng Nai", level="province")
    old_commune = UnitFactory(
        structure=Structure.LEGACY, code="26413", name="Xã Long Phước", parent=old_province
    )
    unrelated = UnitFactory(
        structure=Structure.LEGACY, code="26416", name="Xã Phước Thái", parent=old_province
    )
    UnitLineage.objects.create(new_unit=cast.commune_a, old_unit=old_commune, source="test")
    audit_record(action="old.history", instance=old_commune)
    audit_record(action="old.unrelated", instance=unrelated)
    cast.officer_a.__dict__.pop("_predecessor_paths", None)
    assert visible_actions(cast.officer_a) == {"old.history"}
    assert visible_actions(cast.officer_a, CHANGE) == set()
    assert visible_actions(cast.officer_b) == set()
