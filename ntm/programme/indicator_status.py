"""The status of ONE indicator for many units and a year, with the criteria engine and the same inputs that
``ntm.assessment.selectors.assessments.assess_units`` gives it (``ntm.assessment.selectors.inputs.engine_inputs``: the unit's entered
value or its computed one, its attributes for the year — region, ĐBKK, commune group — and its official level from
the register) but evaluating a copy of the set that holds only that indicator and reading only that indicator's
values. A target needs one
indicator over hundreds of units and several years; evaluating whole sets there cost seconds.
``tests/test_targets.py`` checks that the result equals ``assess_units(...).evaluation.indicator(code).status``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ntm.assessment.selectors.inputs import engine_inputs
from ntm.core.vocabulary import is_rural_commune
from ntm.criteria.engine import InvalidValuesError, evaluate
from ntm.criteria.models import CriteriaSetVersion, SetSubject
from ntm.criteria.setfile import CriteriaSet
from ntm.units.models import AdministrativeUnit

NOT_APPLICABLE = "not_applicable"
MISSING = "missing"


def single_indicator_set(criteria_set: CriteriaSet, code: str) -> CriteriaSet | None:
    """A copy of the set holding only indicator ``code`` (in its own group), or None when there is no such one."""
    indicator, group = criteria_set.find_indicator(code), criteria_set.group_of(code)
    if indicator is None or group is None:
        return None
    return dataclasses.replace(
        criteria_set,
        conditions=(),
        criteria=(dataclasses.replace(group, indicators=(indicator,), key=False),),
        revocation=None,
        expected_criteria=None,
        expected_indicators=None,
        expected_conditions=None,
    )


def indicator_statuses(
    version: CriteriaSetVersion, year: int, units: Sequence[AdministrativeUnit], code: str
) -> dict[int, str | None]:
    """``{unit id: status}``: the engine's status of ``code`` for each unit that has a value for it (entered or
    computed); ``not_applicable`` for a unit the set does not assess (a ward against a commune set);
    None for a unit without a value (no own data: the caller may convert it through the lineage)."""
    criteria_set = version.criteria_set()
    single = single_indicator_set(criteria_set, code)
    if single is None:
        return {unit.pk: MISSING for unit in units}
    indicator = single.criteria[0].indicators[0]
    inputs = engine_inputs(units, [year], version, codes=[code])
    computed = code in inputs.sources
    result: dict[int, str | None] = {}
    for unit in units:
        if version.subject == SetSubject.COMMUNE and not is_rural_commune(unit.unit_type):
            result[unit.pk] = NOT_APPLICABLE
            continue
        unit_inputs = inputs.of(unit.pk, year)
        values = {key: value for key, value in unit_inputs.values().items() if key == code}
        has_value = code in unit_inputs.computed if computed else code in unit_inputs.stored
        if not has_value and indicator.kind != "official_level":
            result[unit.pk] = None
            continue
        try:
            evaluation = evaluate(single, unit_inputs.context(), year, values, references=inputs.references)
        except InvalidValuesError:
            result[unit.pk] = MISSING
            continue
        result[unit.pk] = evaluation.indicator(code).status
    return result
