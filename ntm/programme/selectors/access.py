"""Who may do what in the programme app (the roles and the ``require_*`` checks the other selector modules and the
views use). Every read goes through ``restrict(user, action, area=PROGRAMME)`` (the programme area of
``ntm.core.permissions.AREA_ROLES``), narrowed by ``roles=`` where a task is narrower; an out-of-scope id falls
through to a 404.

Who does what:

- the progress page: every role of the programme area (commune officers included) reads the province's targets;
- one target (the units and records behind it): the province coordinator (edits targets, enters reported
  figures), department officers and auditors (read); an id asked for by anyone else is a 404;
- registries (cooperatives, linkage models, online services, managers, pilots): commune officers keep their own
  unit's rows, the coordinator keeps every row; department officers and auditors read; training courses and pilots
  are kept by the coordinator;
- annual plans: a commune officer keeps their unit's plan, a department officer their department's plan, the
  coordinator any plan; auditors read;
- report cycles: the coordinator runs them; commune and department officers fill their own report.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ntm.core.choices import Role
from ntm.core.permissions import PROGRAMME, VIEW, may_use_area

COORDINATOR_ROLES = (Role.PROVINCE_COORDINATOR,)
OVERVIEW_ROLES = (Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.AUDITOR)
REGISTRY_EDITOR_ROLES = (Role.PROVINCE_COORDINATOR, Role.COMMUNE_OFFICER)
PLAN_EDITOR_ROLES = (Role.PROVINCE_COORDINATOR, Role.COMMUNE_OFFICER, Role.DEPARTMENT_OFFICER)
REPORTER_ROLES = (Role.COMMUNE_OFFICER, Role.DEPARTMENT_OFFICER)


def has_any_role(user, roles) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.has_role(*roles)))


def is_coordinator(user) -> bool:
    return has_any_role(user, COORDINATOR_ROLES)


def can_see_progress(user) -> bool:
    """The progress page (the province's targets and their actuals): every role of the programme area."""
    return may_use_area(user, PROGRAMME, VIEW)


def can_read_targets(user) -> bool:
    """One target with the units and records behind it: the province-wide readers."""
    return has_any_role(user, OVERVIEW_ROLES)


def can_read_registries(user) -> bool:
    return may_use_area(user, PROGRAMME, VIEW)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_progress_reader(user) -> None:
    require(
        can_see_progress(user),
        _("Your role does not give access to this part of the system."),
    )


def require_coordinator(user) -> None:
    require(is_coordinator(user), _("Only the provincial NTM Coordination Office may do this."))


def require_registry_reader(user) -> None:
    require(can_read_registries(user), _("Your role does not give access to the programme registries."))
