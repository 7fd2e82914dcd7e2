"""Reads of criteria sets, and who may change them.

Criteria sets are national and provincial legal data, the same for every unit: they carry no unit, so they are not
scoped by unit (``ScopedQuerySet`` has nothing to restrict) and anyone may read them, signed in or not. Changing
them is for the provincial NTM Coordination Office (and superusers): ``can_edit_criteria_sets`` is the one check,
used by the views, the API and the services. Unit attributes that the evaluation form reads are scoped as usual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ntm.accounts.models import Organisation
from ntm.core.choices import Role
from ntm.criteria.filters import CriteriaSetFilter
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.setfile import CriteriaSet
from ntm.units.models import AdministrativeUnit, Level, UnitYearAttribute

EDITOR_ROLES = (Role.PROVINCE_COORDINATOR,)
_REF = re.compile(r"^(?P<code>[a-z0-9][a-z0-9._-]*?)(?:@(?P<version>[1-9][0-9]{0,8}))?$")


def can_edit_criteria_sets(user) -> bool:
    """Province coordinators and superusers edit and import sets; everybody else only reads them."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_role(*EDITOR_ROLES))
    )


def require_criteria_editor(user) -> None:
    if not can_edit_criteria_sets(user):
        raise PermissionDenied(_("Only the provincial NTM Coordination Office edits criteria sets."))


def parse_ref(ref: str) -> tuple[str, int | None]:
    """``"xa-ntm-2021-2025@3"`` → ``("xa-ntm-2021-2025", 3)``; a bare code means the latest version."""
    match = _REF.match(ref or "")
    if match is None:
        raise Http404(ref)
    version = match.group("version")
    return match.group("code"), int(version) if version else None


def criteria_sets_latest(params=None) -> tuple:
    """The latest version of every set (without content), filtered; and the filter for the form."""
    base = CriteriaSetVersion.objects.summaries().latest_per_code().select_related("created_by")
    set_filter = CriteriaSetFilter(params or {}, queryset=base)
    return set_filter.qs.order_by("subject", "-year_from", "code"), set_filter


def criteria_set_version(ref: str) -> CriteriaSetVersion:
    """The version named by ``code@version`` (or the latest of ``code``); 404 when there is none."""
    code, version = parse_ref(ref)
    versions = CriteriaSetVersion.objects.filter(code=code).select_related("created_by")
    found = versions.filter(version=version).first() if version else versions.order_by("-version").first()
    if found is None:
        raise Http404(ref)
    return found


def criteria_set_history(code: str):
    """Every version of a set, newest first, without content."""
    return (
        CriteriaSetVersion.objects.summaries()
        .filter(code=code)
        .select_related("created_by")
        .order_by("-version")
    )


def references_for(criteria_set: CriteriaSet) -> dict[str, CriteriaSet]:
    """The latest version of every set that ``criteria_set``'s thresholds refer to (``ref_set``)."""
    codes = {
        rule.ref_set
        for _group, indicator in criteria_set.iter_indicators()
        for rule in indicator.thresholds
        if rule.ref_set
    }
    return {code: version.criteria_set() for code in sorted(codes) if (version := _latest(code)) is not None}


def _latest(code: str) -> CriteriaSetVersion | None:
    return CriteriaSetVersion.objects.filter(code=code).order_by("-version").first()


def department_names(codes: Iterable[str]) -> dict[str, str]:
    """Department short codes of the indicators → the name of the matching department, when one exists."""
    wanted = sorted({code for code in codes if code})
    if not wanted:
        return {}
    return dict(Organisation.objects.filter(short_name__in=wanted).values_list("short_name", "name"))


def evaluation_units(user, subject: str):
    """Units the user may see that have attributes by year (region, ĐBKK, group) to evaluate against. Hamlet sets
    have none here: an ấp is evaluated on its own page (app recognition), with the values entered for it."""
    if subject == "hamlet":
        return AdministrativeUnit.objects.none()
    level = Level.DISTRICT if subject == "district" else Level.COMMUNE
    return (
        AdministrativeUnit.objects.restrict(user)
        .filter(level=level, year_attributes__isnull=False)
        .distinct()
        .order_by("structure", "name")
    )


def unit_attributes(user, unit_id: int, year: int) -> UnitYearAttribute | None:
    """The unit's attributes for ``year`` if the unit is in the user's scope (None when there are none)."""
    return (
        UnitYearAttribute.objects.restrict(user)
        .filter(unit_id=unit_id, year=year)
        .select_related("unit")
        .first()
    )
