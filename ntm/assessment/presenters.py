"""Shaping assessments for the templates (rows with their value, verification and the user's actions)."""

from __future__ import annotations

from dataclasses import dataclass

from ntm.assessment.forms import ValueForm
from ntm.assessment.models import IndicatorValue
from ntm.assessment.selectors import assessments
from ntm.assessment.selectors.assessments import year_choices
from ntm.assessment.selectors.inputs import unit_context
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.presenters import ResultGroup, ResultRow, evaluation_groups


@dataclass
class Row:
    result: ResultRow
    stored: IndicatorValue | None
    computed_by: str
    enterable: bool
    can_verify: bool
    form: ValueForm | None


@dataclass
class Group:
    group: ResultGroup
    rows: list[Row]


def indicator_rows(user, assessment: assessments.UnitAssessment) -> list[Group]:
    criteria_set = assessment.criteria_set
    context = unit_context(assessment.attributes, assessment.official_level)
    can_enter = assessments.can_enter(user, assessment.unit)
    stored = assessment.stored
    events = {}
    if stored:
        for value in IndicatorValue.objects.filter(pk__in=[v.pk for v in stored.values()]).prefetch_related(
            "events__actor", "evidence"
        ):
            events[value.indicator_code] = value
    groups = []
    for group in evaluation_groups(criteria_set, assessment.evaluation, context):
        rows = []
        for result_row in group.rows:
            code = result_row.result.code
            indicator = criteria_set.find_indicator(code)
            value = events.get(code)
            computed_by = assessment.computed_sources.get(code, "")
            enterable = bool(indicator and indicator.is_entered and not computed_by)
            form = None
            if can_enter and enterable:
                initial = {"note": value.note if value else ""}
                if value is not None:
                    initial["value"] = (
                        ("1" if value.value else "0") if indicator.kind == "boolean" else value.value
                    )
                form = ValueForm(initial=initial, indicator=indicator, auto_id=f"id_{code}_%s")
            rows.append(
                Row(
                    result_row,
                    value,
                    computed_by,
                    enterable,
                    value is not None and assessments.can_verify(user, value),
                    form,
                )
            )
        groups.append(Group(group, rows))
    return groups


def year_options(version: CriteriaSetVersion) -> list[int]:
    """Every year up to the current one (the set is switched to the one in force for the year chosen)."""
    return year_choices(low=min(version.year_from, 2021))
