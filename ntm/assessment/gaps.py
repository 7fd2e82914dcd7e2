"""Gap analysis: what each commune still lacks for the next level (pure logic, no Django import).

The next level comes from the commune's OFFICIAL status (the register), never from the engine:

- not recognised or revoked → the commune NTM set (``xa-ntm-2021-2025`` up to 2025, ``xa-ntm-2026-2030`` after);
- NTM → ``xa-nang-cao-2021-2025``; advanced → ``xa-kieu-mau-2021-2025`` (2021-2025 only);
- model NTM (2021-2025) → nothing higher.

From 2026 only one national commune set exists (``xa-ntm-2026-2030``): there is no advanced or model set for
2026-2030 yet, so every commune is measured against that one set and the target says so (``note``).

For each indicator of the target set that is not met (``unit_gap``):

- ``>=`` / ``>``: shortfall = threshold - value, relative = shortfall / threshold;
- ``<=`` / ``<``: shortfall = value - threshold, relative = shortfall / threshold;
- ``range``: distance to the nearer bound, relative to that bound;
- boolean (and an official-level requirement): one unmet requirement, relative 1;
- no value (``missing``): relative 1, reason ``missing`` ("chưa có số liệu");

Relative shortfalls are capped at 1 (a zero threshold gives 1), so no indicator weighs more than one with no data
at all. Indicators with no threshold (``no_threshold``: placeholder or no rule) are listed apart and never given
an invented one. ``rank`` orders units by the number of unmet indicators, then by total relative shortfall, then
by name (closest to the next level first); ``only`` keeps the indicators of one criterion or one department.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from ntm.core.vocabulary import ADVANCED, MODEL, NONE, NTM, REVOKED
from ntm.criteria.engine import MET, MISSING, NO_THRESHOLD, NOT_APPLICABLE, Evaluation, IndicatorResult

NTM_SET = "xa-ntm-2021-2025"
NTM_SET_2026 = "xa-ntm-2026-2030"
ADVANCED_SET = "xa-nang-cao-2021-2025"
MODEL_SET = "xa-kieu-mau-2021-2025"
LAST_YEAR_OF_LADDER = 2025

# Why an indicator is in the gap list.
REASON_NOT_MET = "not_met"
REASON_MISSING = "missing"


@dataclass(frozen=True)
class Target:
    """The level a commune aims at next and the set that measures it; ``set_code`` None = nothing higher."""

    level: str | None  # ntm | nang_cao | kieu_mau
    set_code: str | None
    note: str = ""  # "single_national_set" from 2026, "highest_level" for a model commune


def next_target(official_level: str | None, year: int) -> Target:
    """The next level for a commune with ``official_level`` (none, ntm, nang_cao, kieu_mau, thu_hoi) in ``year``."""
    level = official_level or NONE
    if year > LAST_YEAR_OF_LADDER:
        return Target(NTM, NTM_SET_2026, "single_national_set")
    if level in (NONE, REVOKED):
        return Target(NTM, NTM_SET)
    if level == NTM:
        return Target(ADVANCED, ADVANCED_SET)
    if level == ADVANCED:
        return Target(MODEL, MODEL_SET)
    return Target(None, None, "highest_level")


@dataclass(frozen=True)
class IndicatorGap:
    """One indicator of the target set that the commune does not meet yet, with its shortfall."""

    code: str
    name: str
    criterion: str
    department: str
    reason: str  # not_met | missing | no_threshold
    op: str  # ">=", "<=", "range", "is", "in", "" (no threshold)
    value: float | bool | str | None
    threshold: float | None  # the compared number (the nearer bound for a range)
    shortfall: float | None  # in the indicator's unit; None for booleans and missing values
    relative: float | None  # 0 < relative ≤ 1; None for "no threshold"

    @property
    def relative_percent(self) -> float | None:
        return None if self.relative is None else round(self.relative * 100, 1)


@dataclass(frozen=True)
class UnitGap:
    """What one unit lacks for its target: the unmet indicators and those that have no threshold yet."""

    unit_id: int
    unit_name: str
    official_level: str
    target: Target
    unmet: tuple[IndicatorGap, ...] = ()
    no_threshold: tuple[IndicatorGap, ...] = ()
    unit_code: str = ""
    evaluated: bool = (
        True  # False when the target set could not be evaluated (not loaded, outside its period)
    )

    @property
    def unmet_count(self) -> int:
        return len(self.unmet)

    @property
    def measured(self) -> list[IndicatorGap]:
        """The unmet indicators that have a value (with their shortfall), apart from those with no data."""
        return [gap for gap in self.unmet if gap.reason != "missing"]

    @property
    def missing_codes(self) -> list[str]:
        return [gap.code for gap in self.unmet if gap.reason == "missing"]

    @property
    def total_relative(self) -> float:
        return sum(gap.relative or 0.0 for gap in self.unmet)

    @property
    def has_target(self) -> bool:
        return self.target.set_code is not None

    @property
    def comparable(self) -> bool:
        """Ranked with the others: it has a target and was evaluated against it."""
        return self.has_target and self.evaluated


def _number(value: object) -> Fraction | None:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    return (
        value if isinstance(value, Fraction) else Fraction(repr(value) if isinstance(value, float) else value)
    )


def _relative(shortfall: Fraction, base: Fraction | None) -> float:
    if not base:
        return 1.0
    return float(min(Fraction(1), abs(shortfall / base)))


def _plain(value: object) -> float | bool | str | None:
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, bool | str) or value is None:
        return value
    return float(value)  # type: ignore[arg-type]


def indicator_gap(result: IndicatorResult) -> IndicatorGap | None:
    """The gap for one indicator result, or None when it is met or does not apply."""
    if result.status in (MET, NOT_APPLICABLE):
        return None
    threshold = result.threshold
    op = threshold.op if threshold is not None else ""
    base = dict(
        code=result.code,
        name=result.name,
        criterion=result.group_code,
        department=result.department,
        op=op,
        value=_plain(result.value),
    )
    if result.status == NO_THRESHOLD:
        return IndicatorGap(**base, reason=NO_THRESHOLD, threshold=None, shortfall=None, relative=None)
    compared = threshold.value if threshold is not None else None
    if result.status == MISSING or result.value is None:
        return IndicatorGap(
            **base, reason=REASON_MISSING, threshold=_plain(compared), shortfall=None, relative=1.0
        )
    number = _number(result.value)
    if threshold is None or number is None or op in ("is", "in"):
        return IndicatorGap(**base, reason=REASON_NOT_MET, threshold=None, shortfall=None, relative=1.0)
    if op == "range":
        lower, upper = threshold.min or Fraction(0), threshold.max or Fraction(0)
        compared = lower if number < lower else upper
        shortfall = abs(compared - number)
    elif op in (">=", ">"):
        shortfall = compared - number
    else:  # "<=", "<"
        shortfall = number - compared
    return IndicatorGap(
        **base,
        reason=REASON_NOT_MET,
        threshold=_plain(compared),
        shortfall=float(shortfall),
        relative=_relative(shortfall, compared),
    )


def unit_gap(
    *,
    unit_id: int,
    unit_name: str,
    official_level: str,
    target: Target,
    evaluation: Evaluation | None,
    unit_code: str = "",
) -> UnitGap:
    """The gap of one unit against its target set's evaluation (conditions and criteria alike)."""
    if evaluation is None:
        return UnitGap(unit_id, unit_name, official_level, target, unit_code=unit_code, evaluated=False)
    unmet, no_threshold = [], []
    for group in (*evaluation.conditions, *evaluation.criteria):
        for result in group.indicators:
            gap = indicator_gap(result)
            if gap is None:
                continue
            (no_threshold if gap.reason == NO_THRESHOLD else unmet).append(gap)
    return UnitGap(
        unit_id, unit_name, official_level, target, tuple(unmet), tuple(no_threshold), unit_code=unit_code
    )


def only(gaps: Iterable[UnitGap], *, criterion: str = "", department: str = "") -> list[UnitGap]:
    """Keep only the indicators of ``criterion`` and/or ``department``; units with nothing left drop out."""
    kept = []
    for gap in gaps:

        def wanted(item: IndicatorGap) -> bool:
            return (not criterion or item.criterion == criterion) and (
                not department or item.department == department
            )

        unmet = tuple(item for item in gap.unmet if wanted(item))
        no_threshold = tuple(item for item in gap.no_threshold if wanted(item))
        if (criterion or department) and not unmet and not no_threshold:
            continue
        kept.append(replace(gap, unmet=unmet, no_threshold=no_threshold))
    return kept


def rank(gaps: Sequence[UnitGap]) -> list[UnitGap]:
    """Comparable units first (a target, evaluated): fewest unmet indicators, then the smallest total relative
    shortfall, then the name; the others (highest level reached, target set not available) after them."""
    return sorted(
        gaps,
        key=lambda gap: (not gap.comparable, gap.unmet_count, round(gap.total_relative, 9), gap.unit_name),
    )
