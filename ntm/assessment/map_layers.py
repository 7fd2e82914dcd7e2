"""What the assessment app offers the digital map (``ntm.maps`` imports this module; see ``ntm/maps/layers.py``).

``self_assessment(units, year, *, published_only)`` gives the criteria met per rural commune that has values for
``year``, in the shape of ``ntm.maps.layers.SelfAssessment``; communes without values are left out (the map says
"no self-assessment data"). ``criteria_set(year)`` is the set those results are evaluated against (the map shows
its "no thresholds yet" notice). No point layers.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse

from ntm.assessment.models import IndicatorValue
from ntm.assessment.selectors.assessments import default_set_code, set_version
from ntm.assessment.selectors.dashboards import CRITERIA, STATE_MET, summaries
from ntm.assessment.selectors.inputs import official_status_of
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
    return self_assessments(units, [year], published_only=published_only).get(year, {})


def self_assessments(
    units: Sequence, years: Sequence[int], *, published_only: bool
) -> dict[int, dict[int, dict]]:
    """``{year: {unit id: result}}``: :func:`self_assessment` of several years at once (a unit's public page lists
    six). The years evaluated against the same set version are read together: one query for which units have
    values in which year, their official status once, then the cached summaries of each version in one call."""
    years = list(dict.fromkeys(years))
    by_code: dict[str, list[int]] = {}
    for year in years:
        by_code.setdefault(default_set_code(year), []).append(year)
    latest: dict[str, CriteriaSetVersion] = {}  # criteria_set(year) of every set the years use, in one query
    for version in CriteriaSetVersion.objects.filter(code__in=by_code).order_by("code", "-version"):
        latest.setdefault(version.code, version)
    versions = {code: (latest[code], of_code) for code, of_code in by_code.items() if code in latest}
    result: dict[int, dict[int, dict]] = {year: {} for year in years}
    if not versions or not units:
        return result
    wanted = reduce(or_, (Q(set_code=code, year__in=of_code) for code, (_v, of_code) in versions.items()))
    with_values = set(
        IndicatorValue.objects.filter(wanted, unit__in=units).values_list("unit_id", "year").distinct()
    )
    rural = [
        u for u in units if is_rural_commune(u.unit_type) and any((u.pk, y) in with_values for y in years)
    ]
    official = None
    for version, of_code in versions.values():
        candidates = [u for u in rural if any((u.pk, year) in with_values for year in of_code)]
        of_years = [year for year in of_code if any((u.pk, year) in with_values for u in candidates)]
        if not candidates or not of_years:
            continue
        if official is None:
            official = official_status_of(rural)
        # the cached summaries (evaluated together and stored when cold), not one engine run per commune per request
        by_key = summaries(candidates, of_years, version, official=official, fields=CRITERIA)
        criterion_codes = [criterion.code for criterion in version.criteria_set().criteria]
        for year in of_years:
            for unit in candidates:
                summary = by_key.get((unit.pk, year))
                if summary is None or (unit.pk, year) not in with_values:
                    continue
                result[year][unit.pk] = _entry(unit, year, version, summary, criterion_codes, published_only)
    return result


def _entry(
    unit, year: int, version: CriteriaSetVersion, summary, criterion_codes, published_only: bool
) -> dict:
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
            reverse("assessment:unit", args=[unit.structure, unit.code]) + f"?year={year}&set={version.code}"
        )
    return entry
