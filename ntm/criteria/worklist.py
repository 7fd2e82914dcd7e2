"""The criteria app's line on the coordinator's "my work" home: criteria sets in force (or coming into force)
whose thresholds are not all entered, with the Excel round trip that enters them. Registered in
``CriteriaConfig.ready``."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core.worklist import WorkItem
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.selectors import can_edit_criteria_sets


def sets_missing_thresholds(year: int) -> list[CriteriaSetVersion]:
    """The latest version of every set whose period reaches ``year`` and that has indicators without a threshold
    (placeholders or no rule)."""
    return [
        version
        for version in CriteriaSetVersion.objects.latest_per_code().filter(year_to__gte=year).order_by("code")
        if (version.stats or {}).get("missing")
    ]


def criteria_work(user) -> list[WorkItem]:
    if not can_edit_criteria_sets(user):
        return []
    missing = sets_missing_thresholds(timezone.localdate().year)
    if not missing:
        return []
    return [
        WorkItem(
            key="criteria.thresholds",
            label=_("Criteria sets with thresholds not entered yet (download the Excel, fill in, upload)"),
            count=len(missing),
            url=reverse("criteria:import"),
            details=tuple(
                (
                    _("%(name)s: %(n)s indicators without a threshold")
                    % {"name": v.name, "n": v.stats["missing"]},
                    reverse("criteria:detail", args=[v.code]),
                )
                for v in missing
            ),
        )
    ]
