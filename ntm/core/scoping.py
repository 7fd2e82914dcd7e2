"""The one permission choke point: which administrative units a user may see or change.

Every selector goes through ``ScopedQuerySet.restrict(user, action, area=...)``; views never filter by hand. A
user's scope is the union of the unit subtrees of their active role assignments (a department officer's scope is
the subtree of the unit their department belongs to, i.e. the province). Only the assignments whose role the area
admits for the action count (``ntm.core.permissions.AREA_ROLES``, written from design.md §1), so a role scoped to
a unit but not allowed in the area sees nothing. ``restrict`` returns an empty queryset when nothing is in scope,
so out-of-scope ids (and ids of an area the role may not use) fall through to a 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.db.models import Q

from ntm.core.choices import READ_ONLY_ROLES, Role
from ntm.core.permissions import ACTIONS, CHANGE, VIEW, area_roles

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser as User  # the project's user model (accounts.User)

    RoleAssignment = models.Model  # accounts.RoleAssignment: has ``role``, ``unit``, ``organisation``


def _scope_root(assignment: RoleAssignment):
    if assignment.role == Role.DEPARTMENT_OFFICER and assignment.organisation_id:
        return assignment.organisation.unit
    return assignment.unit


def _predecessor_paths(user: User) -> dict[int, list[str]]:
    """Tree paths of the predecessors of each unit the user is bound to (cached on the user for the request)."""
    if not hasattr(user, "_predecessor_paths"):
        roots = {_scope_root(a).pk for a in user.active_roles()}
        paths: dict[int, list[str]] = {}
        for unit_id, path in (
            apps.get_model("units", "AdministrativeUnit")  # units sits above core
            .objects.filter(pk__in=roots)
            .values_list("pk", "predecessor_links__old_unit__tree_path")
        ):
            if path:
                paths.setdefault(unit_id, []).append(path)
        user._predecessor_paths = paths
    return user._predecessor_paths


def unit_paths(
    user: User, action: str = VIEW, *, roles: Iterable[str] | None = None, area: str | None = None
) -> list[str] | None:
    """Tree-path prefixes of the units ``user`` may act on; ``None`` means unrestricted (superuser).

    ``area`` limits the assignments that count to the roles the area admits for ``action``
    (``ntm.core.permissions.AREA_ROLES``); ``roles`` narrows further (e.g. only commune officers may enter
    values). For ``change`` the read-only roles (auditor) never count.
    """
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    allowed = area_roles(area, action) if area is not None else None
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    wanted = set(roles) if roles is not None else None
    paths = []
    for assignment in user.active_roles():
        if wanted is not None and assignment.role not in wanted:
            continue
        if allowed is not None and assignment.role not in allowed:
            continue
        if action == CHANGE and assignment.role in READ_ONLY_ROLES:
            continue
        root = _scope_root(assignment)
        paths.append(root.tree_path)
        if action == VIEW:
            paths.extend(_predecessor_paths(user).get(root.pk, []))
    return sorted(set(paths))


def path_q(lookup: str, paths: list[str]) -> Q:
    """A Q object matching rows whose ``lookup`` (a tree path) starts with any of ``paths``."""
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{lookup}__startswith": path}) for path in paths))


class ScopedQuerySet(models.QuerySet):
    """Base queryset for anything that belongs to an administrative unit.

    Subclasses set ``unit_path_lookup`` (the ORM path to the owning unit's ``tree_path``) and, if rows may have
    no unit, ``unitless_lookup`` (the ORM path to that unit) to let province-wide roles see them.
    """

    unit_path_lookup = "unit__tree_path"
    unitless_lookup: str | None = None

    def restrict(
        self, user: User, action: str = VIEW, *, roles: Iterable[str] | None = None, area: str | None = None
    ) -> ScopedQuerySet:
        """Rows of the units ``user`` may ``action`` on, counting only the roles ``area`` admits (and ``roles``)."""
        paths = unit_paths(user, action, roles=roles, area=area)
        if paths is None:
            return self.all()
        condition = path_q(self.unit_path_lookup, paths)
        if self.unitless_lookup and any(path.count("/") <= 3 for path in paths):
            # Province-level scopes (“/2025/75/”) also see records that belong to no unit.
            condition |= Q(**{f"{self.unitless_lookup}__isnull": True})
        return self.filter(condition)

    def visible_to(self, user: User) -> ScopedQuerySet:
        return self.restrict(user, VIEW)
