"""Council services and selectors: convening, seats, one vote per member, subject and round, scope and roles."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ntm.audit.models import AuditEntry
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.councils import selectors, services
from ntm.councils.models import CouncilKind, CouncilMember, CouncilVote
from ntm.councils.tally import AT_LEAST, MEMBERS
from ntm.testing.factories import ProvinceFactory, RoleFactory, UnitFactory, UserFactory
from ntm.units.models import Level

pytestmark = pytest.mark.django_db


def member_user(username: str, unit, role: str = Role.COUNCIL_MEMBER):
    user = UserFactory(username=username, full_name=username.title())
    RoleFactory(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def council(cast):
    return services.council_create(
        kind=CouncilKind.APPRAISAL, unit=cast.province, name="Hội đồng thẩm định thử", actor=cast.coordinator
    )


def test_the_coordinator_convenes_and_seats_members_holding_the_kinds_role(cast, council):
    chair = member_user("chutich", cast.province)
    ocop = member_user("ocop", cast.province, Role.OCOP_COUNCIL_MEMBER)
    assert list(
        selectors.eligible_members(kind=CouncilKind.APPRAISAL, unit=cast.province, council=council)
    ) == [chair]
    member = services.council_member_add(
        council=council, user=chair, position="chair", actor=cast.coordinator
    )
    assert (member.position, member.active_to) == ("chair", None)
    assert list(selectors.members_of(council)) == [member]
    with pytest.raises(ServiceError, match="đã có trong Hội đồng"):
        services.council_member_add(council=council, user=chair, position="member", actor=cast.coordinator)
    with pytest.raises(ServiceError, match="không có vai trò"):
        services.council_member_add(council=council, user=ocop, position="member", actor=cast.coordinator)
    with pytest.raises(ServiceError, match="Chức danh"):
        services.council_member_add(council=council, user=chair, position="boss", actor=cast.coordinator)
    assert CouncilMember.objects.count() == 1
    assert AuditEntry.objects.filter(action="council.create", object_id=str(council.pk)).exists()
    assert AuditEntry.objects.filter(action="council.member_add", object_id=str(member.pk)).exists()


def test_only_the_coordinator_manages_members_and_out_of_scope_is_404(cast, council):
    chair = member_user("chutich", cast.province)
    for actor in (cast.auditor, cast.department, chair):
        with pytest.raises(PermissionDenied):
            services.council_member_add(council=council, user=chair, position="chair", actor=actor)
    commune_council = services.council_create(
        kind=CouncilKind.APPRAISAL, unit=cast.commune_a, name="Hội đồng xã A", actor=cast.coordinator
    )
    with pytest.raises(Http404):
        services.council_member_add(
            council=commune_council, user=chair, position="member", actor=cast.officer_b
        )
    with pytest.raises(Http404):
        selectors.council_for(cast.officer_b, commune_council.pk)
    assert selectors.council_for(cast.officer_a, commune_council.pk) == commune_council
    other_province = ProvinceFactory(code="70", name="Tỉnh Khác")
    outsider = member_user("dieuphoi_khac", other_province, Role.PROVINCE_COORDINATOR)
    with pytest.raises(Http404):
        services.council_member_add(council=council, user=chair, position="chair", actor=outsider)
    with pytest.raises(PermissionDenied):
        services.council_create(kind=CouncilKind.OCOP, unit=cast.province, name="OCOP", actor=outsider)
    assert not CouncilMember.objects.exists()


def test_one_vote_per_member_subject_and_round_changed_in_place_and_audited(cast, council):
    chair = member_user("chutich", cast.province)
    services.council_member_add(council=council, user=chair, position="chair", actor=cast.coordinator)
    subject, other_subject = cast.commune_a, cast.commune_b  # any saved model instance is a subject
    first = services.council_vote_cast(council=council, subject=subject, round_=1, actor=chair, agree=False)
    again = services.council_vote_cast(
        council=council, subject=subject, round_=1, actor=chair, agree=True, remarks="  Đạt  "
    )
    assert again.pk == first.pk and (again.agree, again.remarks) == (True, "Đạt")
    services.council_vote_cast(council=council, subject=subject, round_=2, actor=chair, agree=False)
    services.council_vote_cast(council=council, subject=other_subject, round_=1, actor=chair, agree=False)
    assert CouncilVote.objects.count() == 3
    assert [v.agree for v in selectors.votes_on(council, subject, 1)] == [True]
    assert (CouncilVote.objects.get(pk=first.pk).subject_type, first.subject_id) == (
        "units.administrativeunit",
        subject.pk,
    )
    entries = AuditEntry.objects.filter(action="council.vote", object_id=str(first.pk)).order_by("id")
    assert entries.count() == 2 and entries.last().changes["fields"]["agree"] == [False, True]


def test_only_sitting_members_with_the_role_vote_the_auditor_never(cast, council):
    chair = member_user("chutich", cast.province)
    services.council_member_add(council=council, user=chair, position="chair", actor=cast.coordinator)
    for actor in (cast.auditor, cast.coordinator, member_user("khac", cast.province)):
        with pytest.raises(PermissionDenied):
            services.council_vote_cast(
                council=council, subject=cast.commune_a, round_=1, actor=actor, agree=True
            )
    chair.role_assignments.update(is_active=False)
    chair = type(chair).objects.get(pk=chair.pk)
    with pytest.raises(PermissionDenied):
        services.council_vote_cast(council=council, subject=cast.commune_a, round_=1, actor=chair, agree=True)
    with pytest.raises(PermissionDenied):
        services.council_vote_cast(council=None, subject=cast.commune_a, round_=1, actor=chair, agree=True)
    assert not CouncilVote.objects.exists()


def test_a_removed_member_stops_voting_and_counting_but_keeps_the_row(cast, council):
    chair = member_user("chutich", cast.province)
    second = member_user("uyvien", cast.province)
    seat = services.council_member_add(council=council, user=chair, position="chair", actor=cast.coordinator)
    services.council_member_add(council=council, user=second, position="member", actor=cast.coordinator)
    services.council_vote_cast(council=council, subject=cast.commune_a, round_=1, actor=chair, agree=True)
    services.council_vote_cast(council=council, subject=cast.commune_a, round_=1, actor=second, agree=False)

    def result():
        return selectors.tally_of(
            council, cast.commune_a, 1, threshold=Decimal(50), basis=MEMBERS, rule=AT_LEAST
        )

    assert (result().members, result().agree, result().passed) == (2, 1, True)
    with pytest.raises(PermissionDenied):
        services.council_member_remove(member=seat, actor=cast.auditor)
    removed = services.council_member_remove(member=seat, actor=cast.coordinator)
    assert removed.active_to is not None
    with pytest.raises(ServiceError, match="đã rời"):
        services.council_member_remove(member=seat, actor=cast.coordinator)
    assert (result().members, result().agree, result().passed) == (1, 0, False)
    with pytest.raises(PermissionDenied):
        services.council_vote_cast(council=council, subject=cast.commune_a, round_=1, actor=chair, agree=True)
    assert CouncilMember.objects.filter(pk=seat.pk).exists()
    assert AuditEntry.objects.filter(action="council.member_remove", object_id=str(seat.pk)).exists()
    again = services.council_member_add(
        council=council, user=chair, position="member", actor=cast.coordinator
    )
    assert again.pk != seat.pk


def test_eligible_members_come_from_the_unit_or_its_ancestors(cast):
    commune_member = member_user("xa_hoidong", cast.commune_a)
    province_member = member_user("tinh_hoidong", cast.province)
    other = UnitFactory(code="26414", name="Xã Khác", parent=cast.province, level=Level.COMMUNE)
    assert set(selectors.eligible_members(kind=CouncilKind.APPRAISAL, unit=cast.commune_a)) == {
        commune_member,
        province_member,
    }
    assert list(selectors.eligible_members(kind=CouncilKind.APPRAISAL, unit=other)) == [province_member]
