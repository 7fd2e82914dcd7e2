"""The persistent menu of a signed-in user: one link per part of the system the user's roles may open.

Each link names the predicate that decides who sees it, and the predicate is the same check the page itself makes
(the area table of ``ntm.core.permissions`` or the app's own ``can_…``), so the menu never offers a page that
answers 403 for the role (``ntm/site/tests/test_navigation.py`` opens every link for every role of the cast).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.assessment.selectors.dashboards import DASHBOARD_ROLES, DEPARTMENT_VIEW_ROLES
from ntm.audit.selectors import can_read_audit
from ntm.core.choices import Role
from ntm.core.permissions import (
    ACCOUNTS,
    ASSESSMENT,
    ENVIRONMENT,
    FEEDBACK,
    INFRASTRUCTURE,
    KNOWLEDGE,
    OCOP,
    PROGRAMME,
    RECOGNITION,
    STATUS,
    SURVEYS,
    TRACEABILITY,
    may_use_area,
)
from ntm.core.vocabulary import COMMUNE_SET_UNIT_TYPES
from ntm.criteria.selectors import can_edit_criteria_sets
from ntm.programme.selectors.access import can_see_progress


@dataclass(frozen=True)
class NavLink:
    key: str
    label: str
    url: str


def _has(user, *roles: str) -> bool:
    return user.is_superuser or user.has_role(*roles)


def _own_communes(user) -> list:
    return [
        a.unit
        for a in user.active_roles()
        if a.role == Role.COMMUNE_OFFICER
        and a.unit.unit_type in COMMUNE_SET_UNIT_TYPES
        and a.unit.structure == "2025"
    ]


def nav_links(user) -> list[NavLink]:
    """The menu for ``user`` (empty for a visitor), in the order a person works through it."""
    if not getattr(user, "is_authenticated", False):
        return []
    links = [NavLink("home", _("My work"), reverse("site:my_work"))]
    for unit in _own_communes(user)[:1]:
        links.append(
            NavLink(
                "values", _("Indicator values"), reverse("assessment:unit", args=[unit.structure, unit.code])
            )
        )
    if _has(user, *DEPARTMENT_VIEW_ROLES):
        links.append(NavLink("department", _("By department"), reverse("assessment:department")))
    if _has(user, *DASHBOARD_ROLES):
        links.append(NavLink("overview", _("Overview"), reverse("assessment:overview")))
        links.append(NavLink("matrix", _("Matrix"), reverse("assessment:matrix")))
        links.append(NavLink("gaps", _("Gaps"), reverse("assessment:gaps")))
    if may_use_area(user, RECOGNITION):
        links.append(NavLink("dossiers", _("Dossiers"), reverse("recognition:dossier_list")))
    if may_use_area(user, SURVEYS):
        links.append(NavLink("surveys", _("Surveys"), reverse("surveys:list")))
    if can_see_progress(user):
        links.append(NavLink("progress", _("Programme"), reverse("programme:progress")))
    if may_use_area(user, PROGRAMME):
        links.append(NavLink("reports", _("Reports"), reverse("programme:cycles")))
    if may_use_area(user, STATUS):
        links.append(NavLink("register", _("Register"), reverse("status:register")))
    if may_use_area(user, OCOP):
        links.append(NavLink("ocop", _("OCOP"), reverse("ocop:work_list")))
    if may_use_area(user, TRACEABILITY):
        links.append(NavLink("traceability", _("Growing areas and lots"), reverse("traceability:areas")))
    if may_use_area(user, ENVIRONMENT):
        links.append(NavLink("environment", _("Environment and clean water"), reverse("environment:index")))
    if may_use_area(user, INFRASTRUCTURE):
        links.append(
            NavLink(
                "infrastructure", _("Digital infrastructure and planning"), reverse("infrastructure:index")
            )
        )
    if may_use_area(user, FEEDBACK):
        links.append(NavLink("feedback", _("Citizen feedback"), reverse("feedback:inbox")))
    if may_use_area(user, KNOWLEDGE):
        links.append(NavLink("knowledge", _("Knowledge library"), reverse("knowledge:manage_list")))
        links.append(NavLink("emulation", _("Emulation and awards"), reverse("knowledge:emulation")))
    internal_map = may_use_area(user, ASSESSMENT)
    links.append(NavLink("map", _("Map"), reverse("maps:internal" if internal_map else "maps:public")))
    links.append(
        NavLink(
            "criteria",
            _("Criteria sets") if not can_edit_criteria_sets(user) else _("Criteria sets and thresholds"),
            reverse("criteria:list"),
        )
    )
    if can_read_audit(user):
        links.append(NavLink("audit", _("Audit log"), reverse("audit:list")))
    if may_use_area(user, ACCOUNTS):
        links.append(NavLink("accounts", _("Accounts"), reverse("accounts:account_list")))
    links.append(NavLink("notifications", _("Notifications"), reverse("notifications:list")))
    return links


def navigation(request) -> dict:
    """Context processor: ``nav_links`` for the base template (computed lazily, only when a page shows it)."""
    user = getattr(request, "user", None)
    current = request.path

    def _links():
        found = nav_links(user) if user is not None else []
        return [(link, link.url == current) for link in found]

    def _keys():
        return {link.key for link in (nav_links(user) if user is not None else [])}

    return {"nav_links": _links, "nav_keys": _keys}
