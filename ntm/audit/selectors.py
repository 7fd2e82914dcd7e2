"""Reads of the audit log, for auditors and province coordinators, scoped by unit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ntm.audit.filters import AuditEntryFilter
from ntm.audit.models import AuditEntry
from ntm.core.permissions import AUDIT, may_use_area


def can_read_audit(user) -> bool:
    """Auditors and the province coordinator (the audit area of ``ntm.core.permissions.AREA_ROLES``)."""
    return may_use_area(user, AUDIT)


def audit_entries_for(user, params=None) -> tuple[QuerySet[AuditEntry], AuditEntryFilter]:
    """Audit entries ``user`` may read, filtered by ``params``; refuses users without an audit-reading role."""
    if not can_read_audit(user):
        raise PermissionDenied(
            _("Only auditors and the province Coordination Office may view the change log.")
        )
    base = AuditEntry.objects.restrict(user, area=AUDIT).select_related("unit", "actor")
    entry_filter = AuditEntryFilter(params or {}, queryset=base)
    return entry_filter.qs, entry_filter
