"""What the assessment app offers the digital map (``ntm.maps`` imports this module; see ``ntm/maps/layers.py``).

``self_assessment(units, year, *, published_only)`` gives the criteria met per rural commune that has values for
``year``, in the shape of ``ntm.maps.layers.SelfAssessment``; communes without values are left out (the map says
"no self-assessment data"). ``criteria_set(year)`` is the set those results are evaluated against (the map shows
its "no thresholds yet" notice). No point layers.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from ntm.assessment.models import IndicatorValue
from ntm.assessment.selectors.assessments import default_set_code, set_version
from ntm.assessment.selectors.dashboards import CRITERIA, STATE_MET, summaries
from ntm.core.vocabulary import is_rural_commune
from ntm.criteria.models import CriteriaSetVersion


def criteria_set(year: int) -> CriteriaSetVersion | None:
    """The set version the self-assessed results of ``year`` are evaluated against (``None`` if not loaded)."""
    try:
        return set_version(default_set_code(year))
    except CriteriaSetVersion.DoesNotExist:
        return None


def self_assessment(units: Sequence, year: int, *, published_only: bool) -> dict[int, dict]:
    """Criteria met per rural commune that has values for ``year`` (others are left out: "no data yet").
    ``published_only`` leaves out the link to the internal evidence page (the public map)."""
    version = criteria_set(year)
    if version is None:
        return {}
    with_values = set(
        IndicatorValue.objects.filter(unit__in=units, set_code=version.code, year=year).values_list(
            "unit_id", flat=True
        )
    )
    candidates = [u for u in units if u.pk in with_values and is_rural_commune(u.unit_type)]
    # the cached summaries (evaluated together and stored when cold), not one engine run per commune per request
    by_key = summaries(candidates, [year], version, fields=CRITERIA)
    criterion_codes = [criterion.code for criterion in version.criteria_set().criteria]
    result = {}
    for unit in candidates:
        summary = by_key.get((unit.pk, year))
        if summary is None:
            continue
        entry = {
            "criteria_met": summary.criteria_met,
            "criteria_total": summary.criteria_total,
            "provisional": summary.provisional,
            "level": summary.level_reached or "",
            "by_criterion": {
                code: {"met": cell.state == STATE_MET, "provisional": cell.provisional}
                for code in criterion_codes
                if (cell := summary.criteria.get(code)) is not None
            },
        }
        if not published_only:
            entry["url"] = (
                reverse("assessment:unit", args=[unit.structure, unit.code])
                + f"?year={year}&set={version.code}"
            )
        result[unit.pk] = entry
    return result
