"""Evaluation plans: a criteria set compiled once, then many units evaluated in one pass (no Django import).

``engine.evaluate`` judges one unit: it validates the values, selects a threshold rule for every indicator, builds
the applied threshold and writes a reason for each result, in the active language. Over a province or the whole
country most of that work repeats: the rule chosen for an indicator depends only on the unit's region, commune
group, disadvantaged flag and the year, and the same values recur. A plan does that work once:

- ``plan_for(criteria_set, references)`` compiles the set into an ``EvaluationPlan`` (the indicators in order with
  their criterion; the threshold rule selected for each (region, group, disadvantaged, year), memoised; which
  values are valid, memoised). It is remembered on the set object, which ``CriteriaSetVersion.criteria_set``
  keeps per version for the process, so a set version is compiled once.
- ``plan.evaluate_many(items, year)`` returns the ``Evaluation`` of every ``(context, values)`` item, each equal to
  ``engine.evaluate`` of that item (same statuses, thresholds, reasons and revocation), judging indicator by
  indicator with the applied thresholds and requirement texts of each context built once per call (texts are
  translated, so they are remembered for one call, which runs in one language).
- ``plan.summaries(items, year)`` returns only what the dashboards keep (``Summary``: statuses, criteria met,
  level, provisional), equal to ``summarise(engine.evaluate(...))`` but without writing any reason.

Bad input is refused exactly as ``engine.evaluate`` refuses it: when an item has a value, region, group or year
that the engine would reject, the engine itself is run on that item and raises the same ``InvalidValuesError``.
``ntm/criteria/tests/test_plan.py`` checks both paths against the engine on random sets and values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, NamedTuple

from ntm.core.messages import gettext as _
from ntm.criteria import engine
from ntm.criteria.engine import (
    MET,
    MISSING,
    NO_THRESHOLD,
    NOT_APPLICABLE,
    NOT_MET,
    AppliedThreshold,
    CriterionResult,
    DistrictInputs,
    Evaluation,
    IndicatorResult,
    Selection,
    UnitContext,
)
from ntm.criteria.inputs import as_fraction, format_number
from ntm.criteria.setfile import COMPARE_OPS, NUMERIC_KINDS, RANGE_OP, CriteriaSet, Criterion, Indicator

# Criterion states of a summary (the compliance matrix's cells).
STATE_MET, STATE_NOT_MET, STATE_MISSING, STATE_NO_THRESHOLD = "met", "not_met", "missing", "no_threshold"

_ENTERED, _OFFICIAL, _DERIVED = 0, 1, 2
_MEMO_LIMIT = 200_000  # entries of a plan's memo before it starts again (a bound, never reached in practice)
_DONE = (MET, NOT_APPLICABLE)


# --- What the dashboards keep of an evaluation ---------------------------------------------------------------


class MatrixCell(NamedTuple):
    code: str
    state: str
    provisional: bool
    unmet: tuple[str, ...]  # the criterion's indicators that are not met (for the cell's title)


@dataclass(frozen=True)
class Summary:
    """What the dashboards need from one evaluation (the criteria and indicator states, no thresholds)."""

    criteria_met: int
    criteria_total: int
    level_reached: str | None
    provisional: bool
    # criterion code → its cell: state, provisional, codes of its indicators neither met nor not applicable
    criteria: dict[str, MatrixCell] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)  # code → engine status


def criterion_state(criterion: CriterionResult) -> str:
    if criterion.met:
        return STATE_MET
    if criterion.failing:
        return STATE_NOT_MET
    if any(result.status == MISSING for result in criterion.indicators):
        return STATE_MISSING
    return STATE_NO_THRESHOLD


def summarise(evaluation: Evaluation) -> Summary:
    """The summary of one evaluation (what the evaluation cache stores)."""
    groups = (*evaluation.conditions, *evaluation.criteria)
    return Summary(
        criteria_met=evaluation.criteria_met,
        criteria_total=evaluation.criteria_total,
        level_reached=evaluation.level_reached,
        provisional=evaluation.provisional,
        criteria={
            c.code: MatrixCell(
                c.code,
                criterion_state(c),
                c.provisional,
                tuple(r.code for r in c.indicators if r.status not in _DONE),
            )
            for c in groups
        },
        indicators={r.code: r.status for c in groups for r in c.indicators},
    )


# --- The plan ------------------------------------------------------------------------------------------------


class BatchItem(NamedTuple):
    """One unit to evaluate: its context, its values and (district sets) its district inputs."""

    context: UnitContext
    values: Mapping[str, object]
    district_inputs: DistrictInputs | Mapping[str, Any] | None = None


@dataclass(frozen=True)
class _Step:
    """One indicator of the set, in evaluation order."""

    group: Criterion
    indicator: Indicator
    source: int  # _ENTERED, _OFFICIAL or _DERIVED


@dataclass
class _Applied:
    """The threshold of one indicator for one context, as the engine would apply it (one call's memo)."""

    selection: Selection | None
    applied: AppliedThreshold | None
    no_threshold: str  # the reason when ``applied`` is None
    provisional: bool
    requirement: str = ""
    comparison: int = -1  # the number of what ``engine._satisfies`` reads of the threshold (verdicts' key)


class _Judge(NamedTuple):
    """What judging a value against an indicator's threshold in one context needs (no text: any language)."""

    applied: AppliedThreshold
    provisional: bool
    comparison: int  # the number of what ``engine._satisfies`` reads of the threshold (verdicts' key)
    # a comparison or range of numbers: (op, low, nearest float, high, nearest float), else None
    bounds: tuple | None = None


def _bounds(applied: AppliedThreshold) -> tuple | None:
    def near(bound: Fraction | None) -> float | None:
        return None if bound is None else float(bound)

    if applied.parts:
        return None
    if applied.op in COMPARE_OPS:
        return (applied.op, applied.value, near(applied.value), None, None)
    if applied.op == RANGE_OP:
        return (RANGE_OP, applied.min, near(applied.min), applied.max, near(applied.max))
    return None


# Plain numbers (int or float, never bool) the engine reads as the exact value of their decimal form
# (``inputs.as_fraction``): judged here without building that fraction, except when the value is the float nearest
# a bound. Why it agrees: the decimal form of a float and a bound each round to a float, and rounding keeps order;
# so when the float differs from the float nearest the bound, the decimal form lies on the same side of the bound.
_EXACT_INT = 2**53  # an int beyond this is not a float: judged exactly


def _sign(value: float, bound: Fraction, near: float) -> int:
    """The sign of (the decimal form of ``value``) minus ``bound``."""
    if value > near:
        return 1
    if value < near:
        return -1
    exact = as_fraction(value)
    return (exact > bound) - (exact < bound)


def _meets(bounds: tuple, value: float) -> bool:
    """``engine._satisfies`` for a plain number against comparison or range bounds."""
    op, low, low_near, high, high_near = bounds
    if op == RANGE_OP:
        return (
            low is not None
            and high is not None
            and _sign(value, low, low_near) >= 0
            and _sign(value, high, high_near) <= 0
        )
    if low is None:
        return False
    sign = _sign(value, low, low_near)
    if op == ">=":
        return sign >= 0
    if op == ">":
        return sign > 0
    if op == "<=":
        return sign <= 0
    return sign < 0


def _plain_number_problem(kind: str, value: float) -> bool:
    """True when ``engine._value_problem`` refuses a plain number for a numeric indicator of ``kind``."""
    if type(value) is float and not math.isfinite(value):
        return True
    if kind == "percentage":
        return not 0 <= value <= 100
    if kind == "count":
        return value < 0 or (type(value) is float and not value.is_integer())
    return False


_INVALID = "invalid"  # a value the engine refuses (in a column's memo of statuses)
_UNSEEN = "unseen"  # a value the column's memo has not judged yet


def _key(value: object) -> tuple[type, object] | None:
    """A memo key for a value (its type too: True, 1 and 1.0 are equal but not judged alike), None if unhashable."""
    try:
        hash(value)
    except TypeError:
        return None
    return (type(value), value)


class EvaluationPlan:
    """A criteria set (with the sets its thresholds refer to) compiled for evaluating many units."""

    def __init__(self, criteria_set: CriteriaSet, references: Mapping[str, CriteriaSet]) -> None:
        self.criteria_set = criteria_set
        self.references = dict(references)
        steps = []
        groups: list[tuple[Criterion, bool, range]] = []
        for is_condition, part in ((True, criteria_set.conditions), (False, criteria_set.criteria)):
            for group in part:
                start = len(steps)
                for indicator in group.indicators:
                    source = (
                        _OFFICIAL
                        if indicator.kind == "official_level"
                        else _DERIVED
                        if indicator.derive is not None
                        else _ENTERED
                    )
                    steps.append(_Step(group, indicator, source))
                groups.append((group, is_condition, range(start, len(steps))))
        self.steps: tuple[_Step, ...] = tuple(steps)
        self.groups: tuple[tuple[Criterion, bool, range], ...] = tuple(groups)
        self.index = {step.indicator.code: position for position, step in enumerate(self.steps)}
        self.codes = tuple(step.indicator.code for step in self.steps)
        # (code, is a condition, first position, end): a group's indicators are contiguous
        self.group_ranges = tuple(
            (
                group.code,
                is_condition,
                positions.start,
                positions.stop,
                self.codes[positions.start : positions.stop],
            )
            for group, is_condition, positions in groups
        )
        # What decides whether a value is valid for an indicator (``engine._value_problem``), not its code; as a
        # small number, cheap to hash in the memo's keys
        classes: dict[tuple, int] = {}
        self._value_class = {
            step.indicator.code: classes.setdefault(
                (step.indicator.kind, step.indicator.parts, step.indicator.derive is not None), len(classes)
            )
            for step in self.steps
        }
        self._comparisons: dict[tuple, int] = {}  # what ``engine._satisfies`` reads of a threshold → a number
        # position → the indicator's kind when its values are plain numbers the plan may judge itself, else None
        self._numeric = tuple(
            step.indicator.kind
            if step.indicator.kind in NUMERIC_KINDS
            and not step.indicator.parts
            and step.indicator.derive is None
            and step.source == _ENTERED
            else None
            for step in self.steps
        )
        self.code_set = frozenset(self.codes)
        self.order = tuple(
            (position, step.indicator.code, step.indicator.applies_if, step.source, self._value_class[code])
            for position, (step, code) in enumerate(zip(self.steps, self.codes, strict=True))
        )
        self._selections: dict[tuple, Selection | None] = {}  # language-free: kept across calls
        # (position, region, group, flag, year) → (the indicator's threshold as judged, or None; what its values
        # were judged): language-free, kept across calls
        self._columns: dict[tuple, tuple[_Judge | None, dict]] = {}
        self._verdicts: dict[tuple, bool] = {}  # (comparison number, type, value) → met
        self._cells: dict[tuple, MatrixCell] = {}  # (group, its statuses and provisional flags) → its cell
        self._valid: dict[tuple, bool] = {}  # (code, type, value) → the engine accepts the value
        self._contexts: dict[tuple, bool] = {}  # (region, group) → the set knows them

    # --- memoised pieces of the engine ---

    def selection(self, position: int, unit: UnitContext, year: int) -> Selection | None:
        """``engine.select_threshold`` of the indicator at ``position``, once per (region, group, flag, year)."""
        key = (position, unit.region, unit.commune_group, unit.disadvantaged, year)
        try:
            return self._selections[key]
        except KeyError:
            pass
        if len(self._selections) > _MEMO_LIMIT:
            self._selections.clear()
        found = self._selections[key] = engine.select_threshold(
            self.criteria_set, self.steps[position].indicator, unit, year
        )
        return found

    def comparison(self, applied: AppliedThreshold) -> int:
        """A number for what ``engine._satisfies`` reads of ``applied`` (equal thresholds share it)."""
        comparison = (
            applied.op,
            applied.value,
            applied.min,
            applied.max,
            applied.expected,
            applied.levels,
            tuple((code, threshold) for code, _label, threshold in applied.parts),
        )
        return self._comparisons.setdefault(comparison, len(self._comparisons))

    def column(self, position: int, unit: UnitContext, year: int) -> tuple[_Judge | None, dict]:
        """The threshold of the indicator at ``position`` for the unit's context (None: none applies) and the memo
        of statuses its values got, ``{(type, value): MET | NOT_MET | _INVALID}``; once per context and year."""
        key = (position, unit.region, unit.commune_group, unit.disadvantaged, year)
        found = self._columns.get(key)
        if found is not None:
            return found
        if len(self._columns) > _MEMO_LIMIT:
            self._columns.clear()
        judge = None
        selection = self.selection(position, unit, year)
        if selection is not None:
            run = engine._Run(self.criteria_set, unit, year, {}, self.references, None)
            applied, _why_not = engine._apply(run, self.steps[position].indicator, selection)
            if applied is not None:
                judge = _Judge(applied, applied.provisional, self.comparison(applied), _bounds(applied))
        found = self._columns[key] = (judge, {})
        return found

    def verdict(self, comparison: int, applied: AppliedThreshold, value: object) -> bool:
        """``engine._satisfies(applied, value)``, memoised by the threshold's comparison number."""
        try:
            key = (comparison, type(value), value)
            found = self._verdicts.get(key)
        except TypeError:  # unhashable (a composite's parts)
            return engine._satisfies(applied, value)  # type: ignore[arg-type]
        if found is None:
            if len(self._verdicts) > _MEMO_LIMIT:
                self._verdicts.clear()
            found = self._verdicts[key] = engine._satisfies(applied, value)  # type: ignore[arg-type]
        return found

    def met(self, judge: _Judge, value: object) -> bool:
        return self.verdict(judge.comparison, judge.applied, value)

    def _status(self, position: int, code: str, judge: _Judge | None, value: object) -> str:
        """The status of an entered value of the indicator at ``position`` (no applicability condition): MET,
        NOT_MET, NO_THRESHOLD, or _INVALID when the engine refuses the value."""
        kind = self._numeric[position]
        if kind is not None and (
            type(value) is float or (type(value) is int and -_EXACT_INT <= value <= _EXACT_INT)  # type: ignore[operator]
        ):
            if _plain_number_problem(kind, value):  # type: ignore[arg-type]
                return _INVALID
            if judge is None:
                return NO_THRESHOLD
            if judge.bounds is not None:
                return MET if _meets(judge.bounds, value) else NOT_MET  # type: ignore[arg-type]
        elif not self.valid(code, value):
            return _INVALID
        elif judge is None:
            return NO_THRESHOLD
        return MET if self.met(judge, value) else NOT_MET

    def valid(self, code: str, value: object) -> bool:
        """``engine.validate_values`` finds nothing wrong with ``value`` for indicator ``code`` (memoised)."""
        try:
            key: tuple | None = (self._value_class[code], type(value), value)
            ok = self._valid.get(key)  # type: ignore[arg-type]
        except TypeError:  # unhashable (a composite's parts)
            key, ok = None, None
        if ok is None:
            ok = not engine.validate_values(self.criteria_set, {code: value})
            if key is not None:
                if len(self._valid) > _MEMO_LIMIT:
                    self._valid.clear()
                self._valid[key] = ok
        return ok

    def _accepts(self, item: BatchItem, year: int, *, values: bool = True) -> bool:
        """True when ``engine.evaluate`` would accept the item (no invalid value, context or district input);
        ``values=False`` checks only that every value is of an indicator of the set (the caller checks each)."""
        if item.district_inputs is not None and not isinstance(item.district_inputs, DistrictInputs):
            return False  # a mapping is parsed (and checked) by the engine itself
        cs = self.criteria_set
        if not cs.year_from <= year <= cs.year_to:
            return False
        unit = item.context
        context = (unit.region, unit.commune_group)
        known = self._contexts.get(context)
        if known is None:
            known = self._contexts[context] = not engine.validate_context(cs, unit, year)
        if not known:
            return False
        if not values:
            return item.values.keys() <= self.code_set
        valid, classes = self._valid, self._value_class
        for code, value in item.values.items():
            value_class = classes.get(code) if isinstance(code, str) else None
            if value_class is None:
                return False  # not an indicator of the set
            try:
                key: tuple | None = (value_class, type(value), value)
                ok = valid.get(key)  # type: ignore[arg-type]
            except TypeError:  # unhashable (a composite's parts)
                key, ok = None, None
            if ok is None:
                ok = not engine.validate_values(cs, {code: value})
                if key is not None:
                    if len(valid) > _MEMO_LIMIT:
                        valid.clear()
                    valid[key] = ok
            if not ok:
                return False
        return True

    def _refuse_or_evaluate(self, item: BatchItem, year: int) -> Evaluation:
        """The engine on one item the plan would not judge: raises its ``InvalidValuesError`` (or, for district
        inputs given as a mapping, evaluates them)."""
        return engine.evaluate(
            self.criteria_set,
            item.context,
            year,
            item.values,
            references=self.references,
            district_inputs=item.district_inputs,
        )

    # --- the two batch paths ---

    def evaluate_many(self, items: Iterable[BatchItem | tuple], year: int) -> list[Evaluation]:
        """The engine's evaluation of every item (each equal to ``engine.evaluate``), in one pass."""
        call = _Call(self, year)
        results = []
        for item in items:
            item = BatchItem(*item)
            if not self._accepts(item, year):
                results.append(self._refuse_or_evaluate(item, year))
                continue
            results.append(call.evaluation(item))
        return results

    def summaries(self, items: Iterable[BatchItem | tuple], year: int) -> list[Summary]:
        """``summarise(engine.evaluate(item))`` of every item, in one pass and without writing reasons: the items
        of one context (region, group, disadvantaged flag) together, indicator by indicator."""
        items = [item if isinstance(item, BatchItem) else BatchItem(*item) for item in items]
        results: list[Summary | None] = [None] * len(items)
        contexts: dict[tuple, list[int]] = {}
        # Items without any value (most communes, for the upper sets of the ladder): their summary depends on
        # their context alone, so one of each context is evaluated and the others get a copy of its summary.
        valueless: dict[tuple, list[int]] = {}
        for index, item in enumerate(items):
            if self._accepts(item, year, values=False):
                unit = item.context
                if not item.values and item.district_inputs is None:
                    key = (
                        unit.region,
                        unit.commune_group,
                        unit.disadvantaged,
                        unit.official_level,
                        tuple(sorted(unit.flags.items())),
                    )
                    alike = valueless.setdefault(key, [])
                    alike.append(index)
                    if len(alike) > 1:
                        continue
                contexts.setdefault((unit.region, unit.commune_group, unit.disadvantaged), []).append(index)
        call = _Call(self, year)
        for members in contexts.values():
            found = self._summaries_of_context([items[index] for index in members], year, call)
            for index, summary in zip(members, found, strict=True):
                results[index] = summary
        for first, *others in valueless.values():
            summary = results[first]
            if summary is not None:
                for index in others:
                    results[index] = replace(
                        summary, criteria=dict(summary.criteria), indicators=dict(summary.indicators)
                    )
        for index, summary in enumerate(results):
            if summary is None:  # a value the engine refuses (it raises), or district inputs it parses itself
                results[index] = summarise(self._refuse_or_evaluate(items[index], year))
        return results  # type: ignore[return-value]

    def _summaries_of_context(self, items: list[BatchItem], year: int, call: _Call) -> list[Summary | None]:
        """The summaries of items sharing one context, indicator by indicator over the items (the threshold and
        the memo of judged values looked up once per indicator); None for an item with a value the engine
        refuses. Each step mirrors ``_Call.indicator`` without its texts. The statuses are gathered by
        indicator (a column of the items), then turned into each item's row at once."""
        unit = items[0].context
        size = len(items)
        # by the position of each indicator in the plan (``self.order`` may visit them in another order)
        status_columns: list[list[str]] = [[]] * len(self.steps)
        flag_columns: list[list[bool]] = [[]] * len(self.steps)
        refused = [False] * size
        values_of = [item.values for item in items]
        valid = self.valid
        for position, code, applies_if, source, _value_class in self.order:
            judge, memo = self.column(position, unit, year)
            if source == _ENTERED and applies_if is None:  # most indicators: the value decides alone
                column = [values.get(code) for values in values_of]
                statuses = self._entered_statuses(position, code, judge, memo, column)
                if _INVALID in statuses:
                    for number, status in enumerate(statuses):
                        if status is _INVALID:
                            refused[number] = True
                status_columns[position] = statuses
                flag_columns[position] = [judge is not None and judge.provisional] * size
                continue
            statuses = [MISSING] * size
            flags = [False] * size
            step = self.steps[position]
            for number, item in enumerate(items):
                value = values_of[number].get(code)
                if value is not None and not valid(code, value):
                    refused[number] = True
                    continue
                if applies_if is not None:
                    flag = item.context.flags.get(applies_if)
                    if flag is None:
                        continue  # missing, no threshold
                    if not flag:
                        statuses[number] = NOT_APPLICABLE
                        continue
                if source != _ENTERED:
                    observed = call.observe(step, item, item.district_inputs)  # type: ignore[arg-type]
                    if observed.not_applicable:
                        statuses[number] = NOT_APPLICABLE
                        continue
                    value = observed.value
                if judge is None:
                    statuses[number] = NO_THRESHOLD
                    continue
                flags[number] = judge.provisional
                if value is not None:  # else missing, with its threshold
                    statuses[number] = MET if self.met(judge, value) else NOT_MET
            status_columns[position] = statuses
            flag_columns[position] = flags
        if not status_columns:
            return [None if refused[number] else _summary(self, (), ()) for number in range(size)]
        rows = zip(zip(*status_columns, strict=True), zip(*flag_columns, strict=True), strict=True)
        return [
            None if refused[number] else _summary(self, statuses, flags)
            for number, (statuses, flags) in enumerate(rows)
        ]

    def _entered_statuses(
        self, position: int, code: str, judge: _Judge | None, memo: dict, column: list[object]
    ) -> list[str]:
        """The status of each value of ``column`` (None: no value) of an indicator whose entered value decides
        alone: from the column's memo of judged values, a value not seen yet judged once (``_status``)."""
        absent = NO_THRESHOLD if judge is None else MISSING
        get = memo.get
        try:
            statuses = [absent if value is None else get((type(value), value), _UNSEEN) for value in column]
        except TypeError:  # an unhashable value (a composite's parts): judged one by one
            return [
                absent if value is None else self._status(position, code, judge, value) for value in column
            ]
        if _UNSEEN in statuses:
            for number, status in enumerate(statuses):
                if status is _UNSEEN:
                    value = column[number]
                    status = statuses[number] = self._status(position, code, judge, value)
                    memo[(type(value), value)] = status
        return statuses


class _Call:
    """One batch call: the applied thresholds and texts of each context, in the call's language."""

    def __init__(self, plan: EvaluationPlan, year: int) -> None:
        self.plan = plan
        self.year = year
        self.by_context: dict[tuple, list[_Applied | None]] = {}
        self.shown: dict[tuple, str] = {}
        self.texts: dict[tuple, str] = {}

    # --- per context ---

    def applied(self, unit: UnitContext) -> list[_Applied | None]:
        """For each indicator, its threshold for the unit's context (built on first use)."""
        key = (unit.region, unit.commune_group, unit.disadvantaged)
        found = self.by_context.get(key)
        if found is None:
            found = self.by_context[key] = [None] * len(self.plan.steps)
        return found

    def entry(self, entries: list[_Applied | None], position: int, unit: UnitContext) -> _Applied:
        found = entries[position]
        if found is not None:
            return found
        plan, year = self.plan, self.year
        step = plan.steps[position]
        selection = plan.selection(position, unit, year)
        run = engine._Run(plan.criteria_set, unit, year, {}, plan.references, None)
        if selection is None:
            no_threshold = _("The criteria set has no threshold for %(context)s") % {
                "context": engine._describe_context(run)
            }
            found = _Applied(None, None, no_threshold, False)
        else:
            applied, why_not = engine._apply(run, step.indicator, selection)
            if applied is None:
                found = _Applied(selection, None, why_not, False)
            else:
                number = plan.comparison(applied)
                found = _Applied(selection, applied, "", applied.provisional, comparison=number)
        entries[position] = found
        return found

    def requirement(self, entry: _Applied, indicator: Indicator) -> str:
        if not entry.requirement:
            entry.requirement = entry.applied.describe(indicator.measure_unit)  # type: ignore[union-attr]
        return entry.requirement

    def met(self, entry: _Applied, value: object) -> bool:
        return self.plan.verdict(entry.comparison, entry.applied, value)  # type: ignore[arg-type]

    def text(self, key: tuple, make) -> str:
        found = self.texts.get(key)
        if found is None:
            found = self.texts[key] = make()
        return found

    # --- observing a value ---

    def observe(self, step: _Step, item: BatchItem, district: DistrictInputs | None) -> engine._Observed:
        if step.source == _ENTERED:
            return engine._Observed(item.values.get(step.indicator.code))  # type: ignore[arg-type]
        if step.source == _OFFICIAL:
            level = item.context.official_level
            if level:
                return engine._Observed(level, "")
            return engine._Observed(
                level, self.text(("official",), lambda: _("No official recognition status yet"))
            )
        if district is None:
            return engine._Observed(
                None,
                self.text(
                    ("district",), lambda: _("No data on the district's communes yet (district_inputs)")
                ),
            )
        return engine._DERIVERS[step.indicator.derive](step.indicator, district)  # type: ignore[index]

    # --- full evaluations ---

    def evaluation(self, item: BatchItem) -> Evaluation:
        plan, unit = self.plan, item.context
        district = item.district_inputs  # a DistrictInputs or None (a mapping went to the engine)
        entries = self.applied(unit)
        conditions: list[CriterionResult] = []
        criteria: list[CriterionResult] = []
        for group, is_condition, positions in plan.groups:
            results = tuple(self.indicator(position, item, entries, district) for position in positions)
            (conditions if is_condition else criteria).append(
                CriterionResult(
                    code=group.code,
                    name=group.name,
                    key=group.key,
                    is_condition=is_condition,
                    indicators=results,
                )
            )
        cs = plan.criteria_set
        criteria_tuple = tuple(criteria)
        revocation = engine.assess_revocation(cs.revocation, criteria_tuple) if cs.revocation else None
        return Evaluation(
            set_code=cs.code,
            set_version=cs.version,
            grants_level=cs.grants_level,
            year=self.year,
            conditions=tuple(conditions),
            criteria=criteria_tuple,
            revocation=revocation,
        )

    def indicator(
        self, position: int, item: BatchItem, entries: list[_Applied | None], district: DistrictInputs | None
    ) -> IndicatorResult:
        """Mirrors ``engine._evaluate_indicator`` step by step."""
        step = self.plan.steps[position]
        indicator, unit = step.indicator, item.context

        def result(status: str, reason: str, **extra: Any) -> IndicatorResult:
            return IndicatorResult(
                code=indicator.code,
                name=indicator.name,
                group_code=step.group.code,
                status=status,
                reason=reason,
                department=indicator.department.code,
                **extra,
            )

        if indicator.applies_if is not None:
            label = self.plan.criteria_set.flags.get(indicator.applies_if, indicator.applies_if)
            flag = unit.flags.get(indicator.applies_if)
            if flag is None:
                return result(
                    MISSING,
                    self.text(
                        ("undeclared", label),
                        lambda: _("Applicability not declared: %(flag)s") % {"flag": label},
                    ),
                )
            if not flag:
                return result(
                    NOT_APPLICABLE,
                    self.text(
                        ("lacks", label),
                        lambda: _("Not applicable (does not have: %(flag)s)") % {"flag": label},
                    ),
                )
        observed = self.observe(step, item, district)
        if observed.not_applicable:
            return result(NOT_APPLICABLE, observed.detail, value=observed.value)
        entry = self.entry(entries, position, unit)
        if entry.applied is None:
            return result(NO_THRESHOLD, entry.no_threshold, value=observed.value)
        applied = entry.applied
        requirement = self.requirement(entry, indicator)
        value = observed.value
        if value is None:
            detail = observed.detail or self.text(("novalue",), lambda: _("No value yet"))
            return result(MISSING, detail, threshold=applied)
        met = self.met(entry, value)
        if applied.parts and isinstance(value, Mapping):
            shown = "; ".join(
                f"{label} {format_number(value.get(code))}" for code, label, _value in applied.parts
            )
        elif isinstance(value, str):
            shown = value
        else:
            key = _key(value)
            shown = self.shown.get(key) if key is not None else None
            if shown is None:
                shown = format_number(value)
                if key is not None:
                    self.shown[key] = shown
        template = self.text(("required",), lambda: _("Value %(value)s, required %(requirement)s"))
        reason = template % {"value": shown, "requirement": requirement}
        if observed.detail:
            reason += f" — {observed.detail}"
        return result(MET if met else NOT_MET, reason, value=value, threshold=applied)


def _summary(plan: EvaluationPlan, statuses: tuple[str, ...], provisional: tuple[bool, ...]) -> Summary:
    """``summarise`` from the statuses and provisional flags of the plan's indicators (a criterion's cell is
    built once per combination of its indicators' statuses and flags, then shared)."""
    cells: dict[str, MatrixCell] = {}
    criteria_met = 0
    all_met = bool(plan.groups)
    any_provisional = False
    memo = plan._cells
    if len(memo) > _MEMO_LIMIT:
        memo.clear()
    for index, (code, is_condition, start, stop, group_codes) in enumerate(plan.group_ranges):
        # a tuple's slice is a tuple: the key as is
        key = (index, statuses[start:stop], provisional[start:stop])
        cell = memo.get(key)
        if cell is None:
            cell = memo[key] = _cell(code, group_codes, key[1], key[2])
        cells[code] = cell
        if cell.state == STATE_MET:
            if not is_condition:
                criteria_met += 1
        else:
            all_met = False
        if cell.provisional:
            any_provisional = True
    cs = plan.criteria_set
    return Summary(
        criteria_met=criteria_met,
        criteria_total=len(cs.criteria),
        level_reached=cs.grants_level if all_met else None,
        provisional=any_provisional,
        criteria=cells,
        indicators=dict(zip(plan.codes, statuses, strict=True)),
    )


def _cell(
    code: str, group_codes: tuple[str, ...], statuses: tuple[str, ...], provisional: tuple[bool, ...]
) -> MatrixCell:
    """A criterion's cell from its indicators' statuses and provisional flags (``criterion_state``)."""
    unmet = tuple(
        c
        for c, status in zip(group_codes, statuses, strict=True)
        if status != MET and status != NOT_APPLICABLE
    )
    if not unmet:
        state = STATE_MET
    elif NOT_MET in statuses:
        state = STATE_NOT_MET
    elif MISSING in statuses:
        state = STATE_MISSING
    else:
        state = STATE_NO_THRESHOLD
    return MatrixCell(code, state, True in provisional, unmet)


def plan_for(
    criteria_set: CriteriaSet, references: Mapping[str, CriteriaSet] | None = None
) -> EvaluationPlan:
    """The plan of ``criteria_set`` with ``references``, compiled once and remembered on the set object (which the
    criteria app keeps per version for the process)."""
    references = references or {}
    plans: dict = criteria_set.__dict__.setdefault("_evaluation_plans", {})
    key = tuple(sorted((code, id(target)) for code, target in references.items()))
    found = plans.get(key)
    if found is not None and all(found.references.get(code) is target for code, target in references.items()):
        return found
    if len(plans) > 8:
        plans.clear()
    plan = plans[key] = EvaluationPlan(criteria_set, references)
    return plan
