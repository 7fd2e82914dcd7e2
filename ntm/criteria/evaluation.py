"""Running the pure engine against a stored version, for the evaluation page and the API.

Nothing is stored: the result is recomputed from the inputs every time and is a self-assessment ("tự đánh giá"),
never an official status. Thresholds that refer to another set (the model commune's income) are resolved against
the latest version of the referenced set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ntm.core.vocabulary import is_rural_commune
from ntm.criteria.engine import Evaluation, UnitContext, evaluate
from ntm.criteria.models import CriteriaSetVersion, SetSubject
from ntm.criteria.presenters import rule_provenance
from ntm.criteria.selectors import references_for, unit_attributes
from ntm.criteria.setfile import CriteriaSet, Provenance
from ntm.units.models import UnitYearAttribute


def context_from_attributes(
    attributes: UnitYearAttribute,
    *,
    flags: Mapping[str, bool] | None = None,
    official_level: str | None = None,
) -> UnitContext:
    """The engine's view of a unit in a year, from the attributes the province records."""
    return UnitContext(
        region=attributes.region or None,
        commune_group=attributes.commune_group,
        disadvantaged=attributes.disadvantaged,
        flags=dict(flags or {}),
        official_level=official_level or None,
    )


@dataclass
class EvaluationUnit:
    """The context of a chosen unit for an evaluation, or why it cannot be evaluated (``problem``)."""

    context: UnitContext | None
    name: str = ""
    problem: str = ""


def evaluation_unit(
    user,
    version: CriteriaSetVersion,
    unit_id: int,
    year: int,
    *,
    flags: Mapping[str, bool],
    official_level: str | None = None,
) -> EvaluationUnit:
    """The unit's context for ``year`` from its recorded attributes; a problem when it has none for that year or
    when a ward or township is evaluated with a commune criteria set."""
    attributes = unit_attributes(user, unit_id, year)
    if attributes is None:
        return EvaluationUnit(
            None,
            problem=_(
                "This unit has no recorded attributes (region, group) for %(year)s; type the context instead."
            )
            % {"year": year},
        )
    if version.subject == SetSubject.COMMUNE and not is_rural_commune(attributes.unit.unit_type):
        return EvaluationUnit(
            None, problem=_("Wards and townships are not assessed with the commune criteria sets.")
        )
    context = context_from_attributes(attributes, flags=flags, official_level=official_level)
    return EvaluationUnit(context, name=attributes.unit.name)


def evaluate_version(
    version: CriteriaSetVersion,
    *,
    year: int,
    unit: UnitContext,
    values: Mapping[str, object],
    district_inputs: Mapping[str, Any] | None = None,
) -> tuple[CriteriaSet, Evaluation]:
    """Evaluate with ``version``; raises the engine's ``InvalidValuesError`` on bad input."""
    criteria_set = version.criteria_set()
    evaluation = evaluate(
        criteria_set,
        unit,
        year,
        values,
        references=references_for(criteria_set),
        district_inputs=district_inputs,
    )
    return criteria_set, evaluation


def _provenance_out(provenance: Provenance | None) -> dict[str, str] | None:
    if provenance is None:
        return None
    return {"status": provenance.status, "source": provenance.source, "note": provenance.note}


def evaluation_payload(
    version: CriteriaSetVersion, criteria_set: CriteriaSet, evaluation: Evaluation, unit: UnitContext
) -> dict[str, Any]:
    """The API's answer for an evaluation."""
    indicators = []
    for group in (*evaluation.conditions, *evaluation.criteria):
        for result in group.indicators:
            applied = result.threshold
            indicator = criteria_set.find_indicator(result.code)
            threshold = None
            if applied is not None and indicator is not None:
                data = applied.to_dict()
                threshold = {
                    key: data[key]
                    for key in (
                        "op",
                        "value",
                        "min",
                        "max",
                        "expected",
                        "levels",
                        "selected_by",
                        "region",
                        "year",
                        "group",
                    )
                }
                threshold["text"] = applied.describe(indicator.measure_unit)
            indicators.append(
                {
                    "code": result.code,
                    "criterion": result.group_code,
                    "status": result.status,
                    "reason": result.reason,
                    "threshold": threshold,
                    "value": result.to_dict()["value"],
                    "provisional": result.provisional,
                    "provenance": _provenance_out(
                        rule_provenance(criteria_set, result, unit, evaluation.year)
                    ),
                }
            )
    revocation = evaluation.revocation
    return {
        "criteria_set": version.ref,
        "year": evaluation.year,
        "indicators": indicators,
        "criteria": [
            {"code": c.code, "met": c.met, "provisional": c.provisional} for c in evaluation.criteria
        ],
        "conditions": [
            {"code": c.code, "met": c.met, "provisional": c.provisional} for c in evaluation.conditions
        ],
        "criteria_met": evaluation.criteria_met,
        "criteria_total": evaluation.criteria_total,
        "level": evaluation.level_reached,
        "provisional": evaluation.provisional,
        "revocation_risk": bool(revocation and revocation.at_risk),
    }
