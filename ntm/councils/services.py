"""Writes of councils: convene a council, appoint and remove members, cast a vote. Each one transaction, audited.

Who may do what: the coordinator (``MANAGER_ROLES``) with a change scope over the council's unit convenes it and
manages its members; a sitting member holding the council kind's member role (``MEMBER_ROLES``) votes. A council
outside the actor's view scope answers 404 (``Http404``); inside it, a role that may not act gets
``PermissionDenied``. Bad input raises ``ServiceError``; nothing changes on any refusal.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.exceptions import ServiceError
from ntm.core.scoping import CHANGE, VIEW, unit_paths
from ntm.councils import selectors
from ntm.councils.models import (
    MANAGER_ROLES,
    Council,
    CouncilKind,
    CouncilMember,
    CouncilPosition,
    CouncilVote,
)


def _manages(unit, actor) -> bool:
    paths = unit_paths(actor, CHANGE, roles=MANAGER_ROLES)
    return paths is None or any(unit.tree_path.startswith(path) for path in paths)


def _require_manager(council: Council, actor) -> None:
    if not Council.objects.restrict(actor, VIEW).filter(pk=council.pk).exists():
        raise Http404
    if not _manages(council.unit, actor):
        raise PermissionDenied(_("Only the provincial coordination office manages the council's members."))


def council_create(*, kind: str, unit, name: str, actor) -> Council:
    """Convene a council of ``kind`` for ``unit`` (the actor manages councils over that unit)."""
    name = name.strip()
    if kind not in CouncilKind.values:
        raise ServiceError(_("Unknown council kind."))
    if not name:
        raise ServiceError(_("The council needs a name."))
    if not _manages(unit, actor):
        raise PermissionDenied(_("Only the provincial coordination office manages the council's members."))
    with transaction.atomic():
        council = Council.objects.create(kind=kind, unit=unit, name=name[:300], created_by=actor)
        audit_record(action="council.create", instance=council, after=snapshot(council), actor=actor)
    return council


def council_member_add(*, council: Council, user, position: str, actor) -> CouncilMember:
    """Seat ``user`` (holding the council kind's member role over its unit, not already sitting) from today."""
    if position not in CouncilPosition.values:
        raise ServiceError(_("The position in the council is not valid."))
    with transaction.atomic():
        council = Council.objects.select_for_update().select_related("unit").get(pk=council.pk)
        _require_manager(council, actor)
        eligible = selectors.eligible_members(kind=council.kind, unit=council.unit, council=council)
        if not eligible.filter(pk=user.pk).exists():
            raise ServiceError(
                _("%(user)s does not hold the council-member role or already sits on the council.")
                % {"user": user}
            )
        member = CouncilMember.objects.create(council=council, user=user, position=position, added_by=actor)
        audit_record(
            action="council.member_add",
            instance=member,
            after=snapshot(member),
            actor=actor,
            unit=council.unit,
        )
    return member


def council_member_remove(*, member: CouncilMember, actor) -> CouncilMember:
    """End a sitting member's seat today. The row and the votes already cast stay."""
    with transaction.atomic():
        member = CouncilMember.objects.select_for_update().select_related("council__unit").get(pk=member.pk)
        _require_manager(member.council, actor)
        if member.active_to is not None:
            raise ServiceError(_("This member has already left the council."))
        before = snapshot(member)
        member.active_to = max(timezone.localdate(), member.active_from)
        member.save(update_fields=["active_to"])
        audit_record(
            action="council.member_remove",
            instance=member,
            before=before,
            after=snapshot(member),
            actor=actor,
            unit=member.council.unit,
        )
    return member


def council_vote_cast(
    *, council: Council | None, subject: models.Model, round_: int, actor, agree: bool, remarks: str = ""
) -> CouncilVote:
    """The actor's vote (and remarks) on ``subject`` in round ``round_``: one per member, subject and round; a
    second call changes it. Only a sitting member holding the council kind's member role votes."""
    remarks = remarks.strip()
    subject_type, subject_id = selectors.subject_key(subject)
    with transaction.atomic():
        member = selectors.membership(actor, council)
        if member is None or not actor.has_role(council.member_role):
            raise PermissionDenied(_("Only members of this council vote."))
        vote, created = CouncilVote.objects.select_for_update().get_or_create(
            member=member,
            subject_type=subject_type,
            subject_id=subject_id,
            round=round_,
            defaults={"agree": agree, "remarks": remarks},
        )
        before = None if created else snapshot(vote)
        if not created:
            vote.agree, vote.remarks = agree, remarks
            vote.save()
        audit_record(
            action="council.vote",
            instance=vote,
            before=before,
            after=snapshot(vote),
            actor=actor,
            unit=council.unit,
        )
    return vote
