"""Pure evaluation engine for criteria sets (no Django import).

``evaluate(criteria_set, unit, year, values, references=..., district_inputs=...)`` recomputes everything from the
inputs; nothing here stores a result. The result is a self-assessment ("tự đánh giá"): official status comes only
from recognition decisions and enters the engine as an input (``UnitContext.official_level``).

Inputs
------
- ``unit``: ``UnitContext(region="DNB", commune_group=2, disadvantaged=False, flags={"lang_nghe": True},
  official_level="nang_cao")``. ``region``/``commune_group`` may be None when unknown (rules that select on them
  then do not match).
- ``values``: ``{indicator code: value}``: a bool for "boolean" indicators (True = Đạt/Có), a number (int, float,
  Decimal, Fraction; never a bool) for "percentage" (0-100), "number" and "count" (integer ≥ 0). None = missing.
  "official_level" indicators read ``unit.official_level``; derived indicators (district sets) read
  ``district_inputs``; neither may be typed in. ``validate_values`` lists bad input; ``evaluate`` raises
  ``InvalidValuesError`` with the same list rather than guess.
- ``references``: ``{set code: CriteriaSet}``, the sets that ``ref_set`` thresholds point to (the model commune's
  income ≥ 110% of the advanced-commune threshold). The engine selects the referenced threshold for the same unit
  and year with the same precedence, then multiplies by ``factor``; the weaker provenance of the two applies.
- ``district_inputs`` (district sets): ``DistrictInputs`` or a mapping::

      {"satisfaction": 92.5,                      # district-wide satisfaction %, QĐ 320: ≥ 90
       "communes": [{"code": "26881", "official_level": "ntm",          # None = not recognised
                     "satisfaction": {"overall": 91.0, "by_content": {"giao_thong": 85.0, ...}}}],
       "townships": [{"code": "26880", "civilised": True}]}              # [] = the district has none

Threshold selection (precedence)
--------------------------------
A rule matches when every selector it sets equals the unit's (``disadvantaged = true`` matches only a
disadvantaged unit). When the set declares ``disadvantaged_region`` (TDMNPB), a disadvantaged unit (xã ĐBKK, ATK…)
is matched as if it were in that region, so it gets the TDMNPB level and never its own region's. Among the
matching rules the most specific wins, compared in this order::

    disadvantaged  >  region  >  commune group  >  year      (then the general rule, no selector)

so: disadvantaged+year > disadvantaged > region+year > region > group+year > group > year > general. Two rules
with the same selectors are rejected when the file loads, so the winner is unique. The winner is final: if it is
a placeholder the status is ``no_threshold`` and the engine never falls back to a less specific rule with a
value. ``AppliedThreshold.selected_by`` names the selectors of the winner ("region+year", "general"…); it starts
with "disadvantaged" when the unit's disadvantaged flag decided it (explicit rule or the TDMNPB substitution).

Indicator status, decided in this order
---------------------------------------
1. ``applies_if`` ("nếu có"): the unit's flag True → go on; False → ``not_applicable``; absent → ``missing`` (the
   commune must declare whether it has, e.g., a craft village: unknown is not "no").
2. A derived value can itself be not applicable (a district with no township) → ``not_applicable``.
3. No matching rule, a placeholder rule, or a reference that cannot be resolved → ``no_threshold`` (even if a
   value was entered: a value cannot be judged without a threshold).
4. No value → ``missing``.
5. Compare: ``>=`` passes at equality, ``>`` does not; ``range`` includes both ends; boolean must equal
   ``expected``; official level must be one of ``levels``. Numbers are compared exactly (as fractions of their
   decimal form), so 64.9 ≥ 1.1 * 59 holds.

A criterion (or pre-condition) is met when every indicator is met or not applicable (so one whose indicators are
all not applicable is met); any missing or no_threshold indicator leaves it not met. It is ``provisional`` when
any applied threshold is not confirmed. ``level_reached`` is the set's ``grants_level`` when every pre-condition
and every criterion is met, else None. Totals count criteria only; conditions have their own totals.

Revocation risk (QĐ 18/2022 Art. 4; shares and key criteria come from the set file)
-----------------------------------------------------------------------------------
A criterion *fails* when at least one indicator is not met; one that is not met only for want of data or a
threshold is *undetermined*. At risk when failing/total ≥ ``upper_share``%, or when it is ≥ ``lower_share``% and
a key criterion fails. ``conclusive`` is False when counting the undetermined criteria as failing would change the
answer. Whether the unit is recognised (and so can lose the status) is the caller's business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.vocabulary import PROVENANCE_MARKS

# Input types and number helpers live in ``inputs``; ``X as X`` keeps them importable from here.
from ntm.criteria.inputs import CommuneInput as CommuneInput
from ntm.criteria.inputs import DistrictInputs as DistrictInputs
from ntm.criteria.inputs import InvalidValuesError as InvalidValuesError
from ntm.criteria.inputs import TownshipInput as TownshipInput
from ntm.criteria.inputs import Value as Value
from ntm.criteria.inputs import ValueProblem as ValueProblem
from ntm.criteria.inputs import as_fraction as _fraction
from ntm.criteria.inputs import exact_number as _exact
from ntm.criteria.inputs import format_number as format_number
from ntm.criteria.inputs import is_number as _is_number
from ntm.criteria.inputs import parse_district_inputs
from ntm.criteria.inputs import plain_number as _plain
from ntm.criteria.inputs import show_value as _show
from ntm.criteria.setfile import (
    COMPARE_OPS,
    RANGE_OP,
    CriteriaSet,
    Criterion,
    Indicator,
    Provenance,
    RevocationRule,
    ThresholdRule,
)

MET = "met"
NOT_MET = "not_met"
MISSING = "missing"
NOT_APPLICABLE = "not_applicable"
NO_THRESHOLD = "no_threshold"
STATUSES = (MET, NOT_MET, MISSING, NOT_APPLICABLE, NO_THRESHOLD)
STATUS_LABELS = {
    MET: gettext_noop("Met"),
    NOT_MET: gettext_noop("Not met"),
    MISSING: gettext_noop("Missing data"),
    NOT_APPLICABLE: gettext_noop("Not applicable"),
    NO_THRESHOLD: gettext_noop("No threshold"),
}


def status_label(status: str) -> str:
    """The label of a result status in the active language (the status itself if unknown)."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


_OP_SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
_COMPARATORS: dict[str, Callable[[Fraction, Fraction], bool]] = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}


# --- Inputs --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitContext:
    """What the engine needs to know about the assessed unit."""

    region: str | None = None
    commune_group: int | None = None
    disadvantaged: bool = False
    flags: Mapping[str, bool] = field(default_factory=dict)
    official_level: str | None = None


# --- Outputs -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The threshold rule chosen for a unit and year, and which selectors chose it."""

    rule: ThresholdRule
    selected_by: str
    region: str | None = None


@dataclass(frozen=True)
class AppliedThreshold:
    """The requirement actually applied to the unit, with the rule that gave it and its provenance."""

    op: str  # ">=", "<=", ">", "<", "range", "is" (boolean), "in" (official level)
    selection: Selection
    provenance: Provenance
    value: Fraction | None = None
    min: Fraction | None = None
    max: Fraction | None = None
    expected: bool | None = None
    levels: tuple[str, ...] = ()
    reference: str = ""
    parts: tuple[
        tuple[str, str, Fraction], ...
    ] = ()  # composite: (part code, label, threshold), all required

    @property
    def selected_by(self) -> str:
        return self.selection.selected_by

    @property
    def provisional(self) -> bool:
        return not self.provenance.is_confirmed

    def describe(self, measure_unit: str = "") -> str:
        """The requirement in the active language, e.g. "≥ 80%", "Met", "from 10 to 20"."""
        suffix = "%" if measure_unit == "%" else (f" {measure_unit}" if measure_unit else "")
        if self.op == "is":
            text = _("Met") if self.expected else _("No")
        elif self.op == "in":
            text = _("already recognised: %(levels)s") % {"levels": ", ".join(self.levels)}
        elif self.parts:
            text = _(" and ").join(
                f"{label} {_OP_SYMBOLS[self.op]} {format_number(value)}{suffix}"
                for _code, label, value in self.parts
            )
        elif self.op == RANGE_OP:
            text = (
                _("from %(min)s to %(max)s")
                % {
                    "min": format_number(self.min),
                    "max": format_number(self.max),
                }
                + suffix
            )
        else:
            text = f"{_OP_SYMBOLS[self.op]} {format_number(self.value)}{suffix}"
        return f"{text} ({self.reference})" if self.reference else text

    def to_dict(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "value": _plain(self.value),
            "min": _plain(self.min),
            "max": _plain(self.max),
            "expected": self.expected,
            "levels": list(self.levels),
            "selected_by": self.selected_by,
            "region": self.selection.region,
            "year": self.selection.rule.year,
            "group": self.selection.rule.group,
            "reference": self.reference,
            **({"parts": {code: _plain(value) for code, _label, value in self.parts}} if self.parts else {}),
            "provenance": self.provenance.to_dict(),
            "provisional": self.provisional,
        }


@dataclass(frozen=True)
class IndicatorResult:
    """The status of one indicator for the unit and year."""

    code: str
    name: str
    group_code: str
    status: str
    reason: str
    department: str
    value: Value | str | None = None
    threshold: AppliedThreshold | None = None

    @property
    def provisional(self) -> bool:
        return self.threshold is not None and self.threshold.provisional

    @property
    def label(self) -> str:
        return status_label(self.status)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "status": self.status,
            "label": self.label,
            "reason": self.reason,
            "department": self.department,
            "value": _plain(self.value),
            "threshold": self.threshold.to_dict() if self.threshold else None,
            "provisional": self.provisional,
        }


@dataclass(frozen=True)
class CriterionResult:
    """A criterion (or pre-condition) with its indicators' results."""

    code: str
    name: str
    key: bool
    is_condition: bool
    indicators: tuple[IndicatorResult, ...]

    @property
    def met(self) -> bool:
        return all(result.status in (MET, NOT_APPLICABLE) for result in self.indicators)

    @property
    def failing(self) -> bool:
        """At least one indicator is judged and not met (not merely missing data or a threshold)."""
        return any(result.status == NOT_MET for result in self.indicators)

    @property
    def provisional(self) -> bool:
        return any(result.provisional for result in self.indicators)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "key": self.key,
            "met": self.met,
            "provisional": self.provisional,
            "indicators": [result.to_dict() for result in self.indicators],
        }


@dataclass(frozen=True)
class RevocationAssessment:
    """QĐ 18/2022 Art. 4 applied to the criteria results."""

    rule: RevocationRule
    criteria_total: int
    failing: tuple[str, ...]
    failing_key: tuple[str, ...]
    undetermined: tuple[str, ...]
    at_risk: bool
    conclusive: bool

    @property
    def failing_share(self) -> float:
        return 100 * len(self.failing) / self.criteria_total if self.criteria_total else 0.0

    @property
    def reason(self) -> str:
        share = format_number(Fraction(100 * len(self.failing), self.criteria_total or 1), digits=1)
        text = _("%(failing)s/%(total)s criteria not met (%(share)s%%)") % {
            "failing": len(self.failing),
            "total": self.criteria_total,
            "share": share,
        }
        if self.failing_key:
            text += _(", including key criteria %(codes)s") % {"codes": ", ".join(self.failing_key)}
        verdict = _("subject to revocation review") if self.at_risk else _("not subject to revocation review")
        text = f"{text}: {verdict}"
        if not self.conclusive:
            text += _(" (not conclusive: %(count)s criteria still lack data or a threshold)") % {
                "count": len(self.undetermined)
            }
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "at_risk": self.at_risk,
            "conclusive": self.conclusive,
            "failing": list(self.failing),
            "failing_key": list(self.failing_key),
            "undetermined": list(self.undetermined),
            "failing_share": self.failing_share,
            "reason": self.reason,
            "provenance": self.rule.provenance.to_dict(),
        }


@dataclass(frozen=True)
class Evaluation:
    """The self-assessment of one unit against one set version for one year."""

    set_code: str
    set_version: int
    grants_level: str
    year: int
    conditions: tuple[CriterionResult, ...]
    criteria: tuple[CriterionResult, ...]
    revocation: RevocationAssessment | None = None

    @property
    def criteria_total(self) -> int:
        return len(self.criteria)

    @property
    def criteria_met(self) -> int:
        return sum(1 for criterion in self.criteria if criterion.met)

    @property
    def conditions_total(self) -> int:
        return len(self.conditions)

    @property
    def conditions_met(self) -> int:
        return sum(1 for condition in self.conditions if condition.met)

    @property
    def level_reached(self) -> str | None:
        everything = (*self.conditions, *self.criteria)
        return self.grants_level if everything and all(group.met for group in everything) else None

    @property
    def provisional(self) -> bool:
        return any(group.provisional for group in (*self.conditions, *self.criteria))

    def indicator(self, code: str) -> IndicatorResult:
        for group in (*self.conditions, *self.criteria):
            for result in group.indicators:
                if result.code == code:
                    return result
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "set_code": self.set_code,
            "set_version": self.set_version,
            "year": self.year,
            "criteria_met": self.criteria_met,
            "criteria_total": self.criteria_total,
            "conditions_met": self.conditions_met,
            "conditions_total": self.conditions_total,
            "level_reached": self.level_reached,
            "provisional": self.provisional,
            "conditions": [group.to_dict() for group in self.conditions],
            "criteria": [group.to_dict() for group in self.criteria],
            "revocation": self.revocation.to_dict() if self.revocation else None,
        }


# --- Public entry points -------------------------------------------------------------------------------------


def evaluate(
    criteria_set: CriteriaSet,
    unit: UnitContext,
    year: int,
    values: Mapping[str, object],
    *,
    references: Mapping[str, CriteriaSet] | None = None,
    district_inputs: DistrictInputs | Mapping[str, Any] | None = None,
) -> Evaluation:
    """Evaluate a unit against a set for a year; raises ``InvalidValuesError`` on bad input."""
    problems = [*validate_context(criteria_set, unit, year), *validate_values(criteria_set, values)]
    district: DistrictInputs | None = None
    if isinstance(district_inputs, DistrictInputs):
        district = district_inputs
    elif district_inputs is not None:
        district, district_problems = parse_district_inputs(district_inputs)
        problems.extend(district_problems)
    if problems:
        raise InvalidValuesError(problems)
    run = _Run(criteria_set, unit, year, values, references or {}, district)
    conditions = tuple(_evaluate_group(run, group, is_condition=True) for group in criteria_set.conditions)
    criteria = tuple(_evaluate_group(run, group, is_condition=False) for group in criteria_set.criteria)
    revocation = assess_revocation(criteria_set.revocation, criteria) if criteria_set.revocation else None
    return Evaluation(
        set_code=criteria_set.code,
        set_version=criteria_set.version,
        grants_level=criteria_set.grants_level,
        year=year,
        conditions=conditions,
        criteria=criteria,
        revocation=revocation,
    )


def validate_values(criteria_set: CriteriaSet, values: Mapping[str, object]) -> list[ValueProblem]:
    """Bad entered values (unknown code, wrong type, share outside 0-100%, negative count…), in the active
    language (``ntm.core.messages``)."""
    problems: list[ValueProblem] = []
    for code, value in values.items():
        indicator = criteria_set.find_indicator(code) if isinstance(code, str) else None
        if indicator is None:
            problems.append(
                ValueProblem(
                    str(code),
                    _("Indicator %(code)s: not in the criteria set %(set)s")
                    % {"code": code, "set": criteria_set.code},
                )
            )
            continue
        message = _value_problem(indicator, value)
        if message:
            problems.append(
                ValueProblem(code, _("Indicator %(code)s: %(problem)s") % {"code": code, "problem": message})
            )
    return problems


def validate_context(criteria_set: CriteriaSet, unit: UnitContext, year: int) -> list[ValueProblem]:
    """A year outside the set's period, or a region/group code the set does not know."""
    problems: list[ValueProblem] = []
    if not criteria_set.year_from <= year <= criteria_set.year_to:
        problems.append(
            ValueProblem(
                "year",
                _("Year %(year)s is outside the period %(start)s-%(end)s of the criteria set %(set)s")
                % {
                    "year": year,
                    "start": criteria_set.year_from,
                    "end": criteria_set.year_to,
                    "set": criteria_set.code,
                },
            )
        )
    if criteria_set.regions and unit.region is not None and unit.region not in criteria_set.regions:
        problems.append(
            ValueProblem(
                "region",
                _("Region '%(region)s' is not in the criteria set %(set)s")
                % {"region": unit.region, "set": criteria_set.code},
            )
        )
    if (
        criteria_set.groups
        and unit.commune_group is not None
        and unit.commune_group not in criteria_set.groups
    ):
        problems.append(
            ValueProblem(
                "commune_group",
                _("Commune group %(group)s is not in the criteria set %(set)s")
                % {"group": unit.commune_group, "set": criteria_set.code},
            )
        )
    return problems


def validate_district_inputs(data: Mapping[str, Any]) -> list[ValueProblem]:
    """Problems in a ``district_inputs`` mapping (types, percentages outside 0-100, duplicate codes)."""
    return parse_district_inputs(data)[1]


def select_threshold(
    criteria_set: CriteriaSet, indicator: Indicator, unit: UnitContext, year: int
) -> Selection | None:
    """The rule that applies to the unit and year by the documented precedence, or None."""
    region, substituted = effective_region(criteria_set, unit)
    matching = [rule for rule in indicator.thresholds if _matches(rule, unit, region, year)]
    if not matching:
        return None
    rule = max(matching, key=_specificity)
    return Selection(
        rule=rule, selected_by=_selected_by(rule, substituted), region=region if rule.region else None
    )


def effective_region(criteria_set: CriteriaSet, unit: UnitContext) -> tuple[str | None, bool]:
    """The region whose thresholds apply, and whether the disadvantaged flag substituted it."""
    if unit.disadvantaged and criteria_set.disadvantaged_region:
        return criteria_set.disadvantaged_region, True
    return unit.region, False


def revocation_at_risk(rule: RevocationRule, failing: int, total: int, *, key_failing: bool) -> bool:
    """QĐ 18/2022 Art. 4: ≥ upper_share% failing, or ≥ lower_share% failing including a key criterion."""
    if total <= 0:
        return False
    share = Fraction(100 * failing, total)
    if share >= _fraction(rule.upper_share):
        return True
    return key_failing and share >= _fraction(rule.lower_share)


def assess_revocation(rule: RevocationRule, criteria: tuple[CriterionResult, ...]) -> RevocationAssessment:
    failing = tuple(c.code for c in criteria if c.failing)
    failing_key = tuple(c.code for c in criteria if c.failing and c.key)
    undetermined = tuple(c.code for c in criteria if not c.met and not c.failing)
    total = len(criteria)
    at_risk = revocation_at_risk(rule, len(failing), total, key_failing=bool(failing_key))
    worst_key = bool(failing_key) or any(c.key for c in criteria if c.code in undetermined)
    worst = revocation_at_risk(rule, len(failing) + len(undetermined), total, key_failing=worst_key)
    return RevocationAssessment(
        rule=rule,
        criteria_total=total,
        failing=failing,
        failing_key=failing_key,
        undetermined=undetermined,
        at_risk=at_risk,
        conclusive=at_risk == worst,
    )


# --- Evaluation ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    criteria_set: CriteriaSet
    unit: UnitContext
    year: int
    values: Mapping[str, object]
    references: Mapping[str, CriteriaSet]
    district: DistrictInputs | None


@dataclass(frozen=True)
class _Observed:
    """A value as the engine sees it; ``not_applicable`` when the data says the indicator cannot apply."""

    value: Value | str | None
    detail: str = ""
    not_applicable: bool = False


def _evaluate_group(run: _Run, group: Criterion, *, is_condition: bool) -> CriterionResult:
    return CriterionResult(
        code=group.code,
        name=group.name,
        key=group.key,
        is_condition=is_condition,
        indicators=tuple(_evaluate_indicator(run, group, indicator) for indicator in group.indicators),
    )


def _evaluate_indicator(run: _Run, group: Criterion, indicator: Indicator) -> IndicatorResult:
    def result(status: str, reason: str, **extra: Any) -> IndicatorResult:
        return IndicatorResult(
            code=indicator.code,
            name=indicator.name,
            group_code=group.code,
            status=status,
            reason=reason,
            department=indicator.department.code,
            **extra,
        )

    if indicator.applies_if is not None:
        label = run.criteria_set.flags.get(indicator.applies_if, indicator.applies_if)
        flag = run.unit.flags.get(indicator.applies_if)
        if flag is None:
            return result(MISSING, _("Applicability not declared: %(flag)s") % {"flag": label})
        if not flag:
            return result(NOT_APPLICABLE, _("Not applicable (does not have: %(flag)s)") % {"flag": label})
    observed = _observe(run, indicator)
    if observed.not_applicable:
        return result(NOT_APPLICABLE, observed.detail, value=observed.value)
    selection = select_threshold(run.criteria_set, indicator, run.unit, run.year)
    if selection is None:
        return result(
            NO_THRESHOLD,
            _("The criteria set has no threshold for %(context)s") % {"context": _describe_context(run)},
            value=observed.value,
        )
    applied, why_not = _apply(run, indicator, selection)
    if applied is None:
        return result(NO_THRESHOLD, why_not, value=observed.value)
    requirement = applied.describe(indicator.measure_unit)
    if observed.value is None:
        return result(MISSING, observed.detail or _("No value yet"), threshold=applied)
    met = _satisfies(applied, observed.value)
    if applied.parts and isinstance(observed.value, Mapping):
        shown = "; ".join(
            f"{label} {format_number(observed.value.get(code))}" for code, label, _value in applied.parts
        )
    else:
        shown = format_number(observed.value) if not isinstance(observed.value, str) else observed.value
    reason = _("Value %(value)s, required %(requirement)s") % {"value": shown, "requirement": requirement}
    if observed.detail:
        reason += f" — {observed.detail}"
    return result(MET if met else NOT_MET, reason, value=observed.value, threshold=applied)


def _observe(run: _Run, indicator: Indicator) -> _Observed:
    if indicator.kind == "official_level":
        level = run.unit.official_level
        return _Observed(level, "" if level else _("No official recognition status yet"))
    if indicator.derive is not None:
        if run.district is None:
            return _Observed(None, _("No data on the district's communes yet (district_inputs)"))
        return _DERIVERS[indicator.derive](indicator, run.district)
    return _Observed(run.values.get(indicator.code))  # type: ignore[arg-type]


def _apply(run: _Run, indicator: Indicator, selection: Selection) -> tuple[AppliedThreshold | None, str]:
    rule = selection.rule
    if rule.provenance.is_placeholder:
        return None, _("Threshold not determined yet (placeholder): enter it from the original document")
    if rule.is_reference:
        return _apply_reference(run, indicator, selection)
    if indicator.kind == "boolean":
        return AppliedThreshold(
            op="is", selection=selection, provenance=rule.provenance, expected=rule.expected
        ), ""
    if indicator.kind == "official_level":
        return AppliedThreshold(
            op="in", selection=selection, provenance=rule.provenance, levels=rule.levels
        ), ""
    if indicator.parts:
        values = dict(rule.parts)
        parts = tuple((code, label, _exact(values.get(code))) for code, label in indicator.parts)
        return AppliedThreshold(
            op=indicator.op or ">=", selection=selection, provenance=rule.provenance, parts=parts
        ), ""
    if indicator.op == RANGE_OP:
        bounds = {"min": _exact(rule.min), "max": _exact(rule.max)}
        return AppliedThreshold(op=RANGE_OP, selection=selection, provenance=rule.provenance, **bounds), ""
    return AppliedThreshold(
        op=indicator.op or ">=", selection=selection, provenance=rule.provenance, value=_exact(rule.value)
    ), ""


def _apply_reference(
    run: _Run, indicator: Indicator, selection: Selection
) -> tuple[AppliedThreshold | None, str]:
    rule = selection.rule
    target = run.references.get(rule.ref_set or "")
    if target is None:
        return None, _("The referenced criteria set '%(set)s' is not available to compute the threshold") % {
            "set": rule.ref_set
        }
    referenced = target.find_indicator(rule.ref_indicator or "")
    if referenced is None:
        return None, _("The criteria set '%(set)s' has no indicator '%(indicator)s'") % {
            "set": rule.ref_set,
            "indicator": rule.ref_indicator,
        }
    inner = select_threshold(target, referenced, run.unit, run.year)
    where = f"{rule.ref_set}/{rule.ref_indicator}"
    if inner is None:
        return None, _("The referenced indicator %(where)s has no threshold for %(context)s") % {
            "where": where,
            "context": _describe_context(run),
        }
    if inner.rule.provenance.is_placeholder:
        return None, _("The referenced threshold %(where)s is not determined yet (placeholder)") % {
            "where": where
        }
    if inner.rule.value is None or referenced.op not in COMPARE_OPS:
        return None, _("The referenced threshold %(where)s is not a comparison value") % {"where": where}
    factor, base = _fraction(rule.factor or 1), _fraction(inner.rule.value)
    reference = _("= %(factor)s%% of threshold %(where)s (%(base)s, selected by %(selected_by)s)") % {
        "factor": format_number(factor * 100),
        "where": where,
        "base": format_number(base),
        "selected_by": inner.selected_by,
    }
    return AppliedThreshold(
        op=indicator.op or ">=",
        selection=selection,
        provenance=_weakest(rule.provenance, inner.rule.provenance),
        value=factor * base,
        reference=reference,
    ), ""


def _satisfies(applied: AppliedThreshold, value: Value | str) -> bool:
    if applied.op == "is":
        return value is applied.expected
    if applied.op == "in":
        return value in applied.levels
    if applied.parts:  # composite: every part meets its own threshold
        return isinstance(value, Mapping) and all(
            threshold is not None
            and _is_number(value.get(code))
            and _COMPARATORS[applied.op](_fraction(value[code]), threshold)
            for code, _label, threshold in applied.parts
        )
    number = _fraction(value)  # type: ignore[arg-type]
    if applied.op == RANGE_OP:
        return applied.min is not None and applied.max is not None and applied.min <= number <= applied.max
    return applied.value is not None and _COMPARATORS[applied.op](number, applied.value)


def _matches(rule: ThresholdRule, unit: UnitContext, region: str | None, year: int) -> bool:
    return (
        (rule.region is None or rule.region == region)
        and (rule.group is None or rule.group == unit.commune_group)
        and (rule.year is None or rule.year == year)
        and (not rule.disadvantaged or unit.disadvantaged)
    )


def _specificity(rule: ThresholdRule) -> tuple[bool, bool, bool, bool]:
    return (rule.disadvantaged, rule.region is not None, rule.group is not None, rule.year is not None)


def _selected_by(rule: ThresholdRule, substituted: bool) -> str:
    parts = [
        "disadvantaged" if rule.disadvantaged or (substituted and rule.region is not None) else "",
        "region" if rule.region is not None else "",
        "group" if rule.group is not None else "",
        "year" if rule.year is not None else "",
    ]
    return "+".join(part for part in parts if part) or "general"


def _describe_context(run: _Run) -> str:
    region, substituted = effective_region(run.criteria_set, run.unit)
    parts = [
        (_("region %(region)s (disadvantaged commune)") if substituted else _("region %(region)s"))
        % {"region": region}
        if region
        else "",
        _("commune group %(group)s") % {"group": run.unit.commune_group}
        if run.unit.commune_group is not None
        else "",
        _("year %(year)s") % {"year": run.year},
    ]
    return ", ".join(part for part in parts if part)


def _weakest(first: Provenance, second: Provenance) -> Provenance:
    rank = {status: index for index, status in enumerate(PROVENANCE_MARKS)}
    status = max(first.status, second.status, key=lambda s: rank.get(s, len(rank)))
    return Provenance(
        status=status,
        source=_("%(first)s | reference: %(second)s") % {"first": first.source, "second": second.source},
    )


# --- District derivations ------------------------------------------------------------------------------------


def _communes_level_share(indicator: Indicator, district: DistrictInputs) -> _Observed:
    if not district.communes:
        return _Observed(None, _("No list of the district's communes yet"))
    hits = sum(1 for commune in district.communes if commune.official_level in indicator.derive_levels)
    total = len(district.communes)
    return _Observed(
        Fraction(100 * hits, total), _("%(hits)s/%(total)s communes") % {"hits": hits, "total": total}
    )


def _townships_civilised_share(indicator: Indicator, district: DistrictInputs) -> _Observed:
    if district.townships is None:
        return _Observed(None, _("No township data yet"))
    if not district.townships:
        return _Observed(None, _("The district has no township"), not_applicable=True)
    civilised = sum(1 for township in district.townships if township.civilised)
    total = len(district.townships)
    return _Observed(
        Fraction(100 * civilised, total),
        _("%(civilised)s/%(total)s townships meet the civilised urban standard")
        % {"civilised": civilised, "total": total},
    )


def _district_satisfaction(indicator: Indicator, district: DistrictInputs) -> _Observed:
    if district.satisfaction is None:
        return _Observed(None, _("No district-wide satisfaction survey result yet"))
    return _Observed(_exact(district.satisfaction))


def _min_commune_content_satisfaction(indicator: Indicator, district: DistrictInputs) -> _Observed:
    if not district.communes:
        return _Observed(None, _("No list of the district's communes yet"))
    lacking = [commune.code for commune in district.communes if not commune.satisfaction_by_content]
    if lacking:
        return _Observed(
            None,
            _("No satisfaction result by content yet for communes: %(codes)s")
            % {"codes": ", ".join(lacking)},
        )
    lowest, code, content = min(
        (_fraction(share), commune.code, content)
        for commune in district.communes
        for content, share in commune.satisfaction_by_content.items()
    )
    return _Observed(
        lowest, _("lowest: commune %(code)s, content '%(content)s'") % {"code": code, "content": content}
    )


_DERIVERS: dict[str, Callable[[Indicator, DistrictInputs], _Observed]] = {
    "communes_level_share": _communes_level_share,
    "townships_civilised_share": _townships_civilised_share,
    "district_satisfaction": _district_satisfaction,
    "min_commune_content_satisfaction": _min_commune_content_satisfaction,
}


# --- Input checks --------------------------------------------------------------------------------------------


def _value_problem(indicator: Indicator, value: object) -> str:
    if value is None:
        return ""
    if indicator.kind == "official_level":
        return _(
            "the value comes from the official recognition status (recognition decisions), not entered directly"
        )
    if indicator.derive is not None:
        return _("the value is computed from the data of the district's communes, not entered directly")
    if indicator.parts:
        codes = [code for code, _label in indicator.parts]
        if not isinstance(value, Mapping) or set(value) != set(codes):
            return _("must be a table of one number per part (%(parts)s), got %(value)s") % {
                "parts": ", ".join(codes),
                "value": _show(value),
            }
        for code in codes:
            if not _is_number(value[code]):
                return _("must be a number, got %(value)s") % {"value": _show(value[code])}
            problem = _range_problem(indicator.kind, _fraction(value[code]))
            if problem:
                return problem
        return ""
    if indicator.kind == "boolean" or (indicator.kind == "unknown" and isinstance(value, bool)):
        if isinstance(value, bool):
            return ""
        return _("must be met/not met (true/false), got %(value)s") % {"value": _show(value)}
    if not _is_number(value):
        return _("must be a number, got %(value)s") % {"value": _show(value)}
    return _range_problem(indicator.kind, _fraction(value))  # type: ignore[arg-type]


def _range_problem(kind: str, number: Fraction) -> str:
    if kind == "percentage" and not 0 <= number <= 100:
        return _("a share must be within 0-100%%, got %(value)s%%") % {"value": format_number(number)}
    if kind == "count" and number < 0:
        return _("a count cannot be negative, got %(value)s") % {"value": format_number(number)}
    if kind == "count" and number.denominator != 1:
        return _("a count must be a whole number, got %(value)s") % {"value": format_number(number)}
    return ""
