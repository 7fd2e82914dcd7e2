"""Reads for accounts: always scoped to the requesting user."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from ntm.accounts.forms import AccountFilterForm
from ntm.accounts.models import ApiToken, RoleAssignment, User
from ntm.core.permissions import ACCOUNTS, CHANGE, VIEW, may_use_area, require_area
from ntm.core.scoping import path_q, unit_paths
from ntm.units.models import AdministrativeUnit, Level, Structure


def api_tokens_of(user: User):
    return ApiToken.objects.filter(user=user)


def api_token_of(user: User, token_id: int) -> ApiToken:
    """A token of ``user``; anybody else's token answers 404."""
    return get_object_or_404(ApiToken, pk=token_id, user=user)


def can_manage_accounts(user) -> bool:
    return may_use_area(user, ACCOUNTS, CHANGE)


def accounts_for(actor: User, action: str = VIEW):
    """The accounts ``actor`` reads (coordinator, auditor) or manages (coordinator): those with a role in the
    actor's unit scope, and those with no role yet (just created or imported). Refuses (403) every other role;
    administrators' accounts are the superuser's alone."""
    require_area(actor, ACCOUNTS, action)
    users = User.objects.all()
    paths = unit_paths(actor, action, area=ACCOUNTS)
    if paths is None:
        return users
    in_scope = RoleAssignment.objects.filter(path_q("unit__tree_path", paths)).values("user_id")
    no_role = ~Exists(RoleAssignment.objects.filter(user=OuterRef("pk")))
    return users.filter(Q(pk__in=in_scope) | no_role).exclude(is_superuser=True)


def accounts_filtered(actor: User, params) -> tuple:
    """The list page: accounts of ``actor`` filtered by text, role and status; returns (queryset, form)."""
    form = AccountFilterForm(params or None)
    users = accounts_for(actor)
    if form.is_valid():
        data = form.cleaned_data
        if text := data.get("q", "").strip():
            users = users.filter(
                Q(username__icontains=text) | Q(full_name__icontains=text) | Q(email__icontains=text)
            )
        if data.get("role"):
            users = users.filter(role_assignments__role=data["role"], role_assignments__is_active=True)
        if data.get("status") == "active":
            users = users.filter(is_active=True)
        elif data.get("status") == "inactive":
            users = users.filter(is_active=False)
    users = (
        users.distinct()
        .order_by("username")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.filter(is_active=True).select_related("unit", "organisation"),
                to_attr="current_roles",
            )
        )
    )
    return users, form


def account_of(actor: User, user_id: int, action: str = VIEW) -> User:
    """One account ``actor`` reads or manages; any other id (or any id for a role outside the area) is 404."""
    if not may_use_area(actor, ACCOUNTS, action):
        raise Http404
    return get_object_or_404(accounts_for(actor, action), pk=user_id)


def role_of_account(user: User, role_id: int) -> RoleAssignment:
    return get_object_or_404(RoleAssignment, pk=role_id, user=user)


def units_for_roles(actor: User):
    """Units a role may be bound to by ``actor``: the 2025 province and communes and the legacy districts in the
    actor's scope (its predecessors included, for the legacy district officers)."""
    units = AdministrativeUnit.objects.restrict(actor, VIEW, area=ACCOUNTS)
    current = Q(structure=Structure.REFORM_2025, level__in=[Level.PROVINCE, Level.COMMUNE])
    legacy = Q(structure=Structure.LEGACY, level=Level.DISTRICT)
    return units.filter(current | legacy).order_by("structure", "tree_path")


def people_acting_for(unit: AdministrativeUnit, roles):
    """Active users holding one of ``roles`` (an active assignment) bound to ``unit`` or one of its ancestors: who is
    told about, or acts on, something of ``unit`` (a dossier step, an environment alert)."""
    ancestors = [unit.tree_path[: index + 1] for index, char in enumerate(unit.tree_path) if char == "/"]
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__is_active=True,
            role_assignments__role__in=list(roles),
            role_assignments__unit__tree_path__in=ancestors,
        )
        .distinct()
        .order_by("id")
    )


def members_of(organisation, role: str):
    """Active users holding ``role`` (an active assignment) for ``organisation`` (a department's officers, a
    water-supply operator's accounts)."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__is_active=True,
            role_assignments__role=role,
            role_assignments__organisation=organisation,
        )
        .distinct()
        .order_by("id")
    )
