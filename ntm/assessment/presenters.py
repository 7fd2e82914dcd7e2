"""Shaping assessments for the templates (rows with their value, verification and the user's actions)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    message: str = ""  # what the last action on this row did ("Saved"), shown in the row
    errors: dict[str, str] = field(default_factory=dict)  # action ("evidence", "return", …) -> reason

    @property
    def code(self) -> str:
        return self.result.result.code


@dataclass
class Group:
    group: ResultGroup
    rows: list[Row]
    message: str = ""

    @property
    def forms(self) -> list[ValueForm]:
        return [row.form for row in self.rows if row.form is not None]

    @property
    def error_list(self) -> list[tuple[str, str, str]]:
        """(indicator code, field id, message) of every error in this criterion, for its error summary."""
        found = []
        for row in self.rows:
            if row.form is not None and row.form.is_bound:
                for name in ("value", "note"):
                    for error in row.form.errors.get(name, ()):
                        found.append((row.code, row.form[name].id_for_label, error))
            for action, message in row.errors.items():
                found.append((row.code, f"{action}-{row.code}", message))
        return found


def value_forms(criteria_set, group_code: str, computed: dict[str, str], stored: dict, data=None):
    """The value form of every indicator of ``group_code`` a person enters (bound to ``data`` when given)."""
    forms = {}
    for group in (*criteria_set.conditions, *criteria_set.criteria):
        if group.code != group_code:
            continue
        for indicator in group.indicators:
            if not indicator.is_entered or computed.get(indicator.code):
                continue
            value = stored.get(indicator.code)
            forms[indicator.code] = ValueForm(
                data,
                initial=ValueForm.initial_for(indicator, value),
                indicator=indicator,
                stored=value,
                prefix=indicator.code,
                auto_id="id_%s",
                form_id=f"vals-{group_code}",
            )
    return forms


def indicator_rows(
    user,
    assessment: assessments.UnitAssessment,
    *,
    bound: dict[str, ValueForm] | None = None,
    row_state: dict[str, dict] | None = None,
) -> list[Group]:
    """The criteria of ``assessment`` with their rows. ``bound`` replaces the forms of the indicators a person
    just submitted (so what they typed stays, with its errors); ``row_state`` gives a row its message or errors."""
    criteria_set = assessment.criteria_set
    context = unit_context(assessment.attributes, assessment.official_level)
    can_enter = assessments.can_enter(user, assessment.unit)
    bound = bound or {}
    row_state = row_state or {}
    events = {}
    if assessment.stored:
        for value in IndicatorValue.objects.filter(
            pk__in=[v.pk for v in assessment.stored.values()]
        ).prefetch_related("events__actor", "evidence"):
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
                form = bound.get(code) or ValueForm(
                    initial=ValueForm.initial_for(indicator, value),
                    indicator=indicator,
                    stored=value,
                    prefix=code,
                    auto_id="id_%s",
                    form_id=f"vals-{group.code}",
                )
            state = row_state.get(code, {})
            rows.append(
                Row(
                    result_row,
                    value,
                    computed_by,
                    enterable,
                    value is not None and assessments.can_verify(user, value),
                    form,
                    message=state.get("message", ""),
                    errors=state.get("errors", {}),
                )
            )
        groups.append(Group(group, rows))
    return groups


def year_options(version: CriteriaSetVersion) -> list[int]:
    """Every year up to the current one (the set is switched to the one in force for the year chosen)."""
    return year_choices(low=min(version.year_from, 2021))
