"""Reads of councils: who sits, who may be appointed, the votes on a subject and their tally.

A council is visible to anyone whose role scope covers its unit (``Council.objects.restrict(user)``); others get
a 404. A subject is any saved model instance of the higher app; its votes are found by its label and key.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.shortcuts import get_object_or_404

from ntm.accounts.models import User
from ntm.core.scoping import VIEW
from ntm.councils import tally as council_tally
from ntm.councils.models import MEMBER_ROLES, Council, CouncilMember, CouncilVote


def subject_key(subject: models.Model) -> tuple[str, int]:
    """How a vote names its subject: the model label (``"recognition.dossier"``) and the primary key."""
    return subject._meta.label_lower, subject.pk


def council_for(user, council_id: int, action: str = VIEW) -> Council:
    """The council if ``user`` may ``action`` it, else 404."""
    return get_object_or_404(Council.objects.restrict(user, action).select_related("unit"), pk=council_id)


def members_of(council: Council | None):
    """The sitting members, in the order they were appointed (none without a council)."""
    if council is None:
        return CouncilMember.objects.none()
    return council.members.current().select_related("user").order_by("id")


def membership(user, council: Council | None) -> CouncilMember | None:
    """``user``'s sitting seat on the council, if any."""
    if council is None or not getattr(user, "is_authenticated", False):
        return None
    return council.members.current().filter(user=user).first()


def eligible_members(*, kind: str, unit, council: Council | None = None):
    """Active users holding the member role of ``kind`` bound to ``unit`` or one of its ancestors, not already
    sitting on ``council``."""
    ancestors = [unit.tree_path[: index + 1] for index, char in enumerate(unit.tree_path) if char == "/"]
    users = User.objects.filter(
        is_active=True,
        role_assignments__is_active=True,
        role_assignments__role=MEMBER_ROLES[kind],
        role_assignments__unit__tree_path__in=ancestors,
    )
    if council is not None:
        users = users.exclude(pk__in=council.members.current().values("user_id"))
    return users.distinct().order_by("full_name", "username")


def votes_on(council: Council | None, subject: models.Model, round_: int):
    """The sitting members' votes on ``subject`` in round ``round_``."""
    if council is None:
        return CouncilVote.objects.none()
    subject_type, subject_id = subject_key(subject)
    return CouncilVote.objects.filter(
        member__council=council,
        member__active_to__isnull=True,
        subject_type=subject_type,
        subject_id=subject_id,
        round=round_,
    ).select_related("member__user")


def tally_of(
    council: Council | None,
    subject: models.Model,
    round_: int,
    *,
    threshold: Decimal | None,
    basis: str,
    rule: str,
) -> council_tally.Tally:
    """The tally of round ``round_`` on ``subject``: the sitting members' votes against the caller's threshold,
    basis and rule (``ntm.councils.tally.tally``; raises ``TallyError`` without a threshold)."""
    votes = votes_on(council, subject, round_).values_list("agree", flat=True)
    return council_tally.tally(
        votes, members=members_of(council).count(), threshold=threshold, basis=basis, rule=rule
    )
