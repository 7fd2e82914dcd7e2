"""Where a target stands: met, on track, at risk, missed (deadline passed) or no data. Pure, no Django import.

Rule: a target is **met** when its actual reaches the target value (≥ or ≤ as the target says). Before the
deadline it is **on track** when the actual has reached the straight line from the baseline (the first trend
point, or 0) on the plan's start date to the target value on the deadline, and **at risk** otherwise. After the
deadline an unmet target is **missed**. Without an actual it is **no data**.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

MET = "met"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
MISSED = "missed"
NO_DATA = "no_data"


def reaches(value: float, target: float, comparison: str) -> bool:
    return value <= target if comparison == "<=" else value >= target


def expected_on(day: dt.date, *, start: dt.date, deadline: dt.date, baseline: float, target: float) -> float:
    """The value on the straight line from ``baseline`` at ``start`` to ``target`` at ``deadline``."""
    if day >= deadline or deadline <= start:
        return target
    if day <= start:
        return baseline
    elapsed = Fraction((day - start).days, (deadline - start).days)
    return float(Fraction(baseline) + (Fraction(target) - Fraction(baseline)) * elapsed)


def progress_status(
    *,
    value: float | None,
    target: float,
    comparison: str,
    start: dt.date,
    deadline: dt.date,
    today: dt.date,
    baseline: float | None = None,
) -> str:
    if value is None:
        return NO_DATA
    if reaches(value, target, comparison):
        return MET
    if today > deadline:
        return MISSED
    expected = expected_on(today, start=start, deadline=deadline, baseline=baseline or 0.0, target=target)
    return ON_TRACK if reaches(value, expected, comparison) else AT_RISK
