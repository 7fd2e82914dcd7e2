"""Report periods of the reporting regime (Plan 202 VI.6): pure date logic, no Django import.

Two periods a year: the semi-annual report due on 15/6 and the annual report due on 15/12 (the dates come from the
plan file). A cycle opens ``open_days_before`` days before its due date and stops taking reports
``close_days_after`` days after it. Reminders go to reporters who have not submitted: once from
``remind_days_before`` days before the due date ("before_due") and once after the due date ("overdue").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ntm.core.messages import gettext as _
from ntm.programme.planfile import ReportingRules

SEMI_ANNUAL = "semi_annual"
ANNUAL = "annual"
KINDS = (SEMI_ANNUAL, ANNUAL)
BEFORE_DUE = "before_due"
OVERDUE = "overdue"


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    due_on: dt.date
    opens_on: dt.date
    closes_on: dt.date

    @property
    def label(self) -> str:
        if self.kind == SEMI_ANNUAL:
            return _("first 6 months of %(year)s") % {"year": self.year}
        return _("year %(year)s") % {"year": self.year}


def period_for(kind: str, year: int, rules: ReportingRules) -> Period:
    if kind not in KINDS:
        raise ValueError(f"Unknown period kind {kind!r}")
    month, day = rules.semi_annual_due if kind == SEMI_ANNUAL else rules.annual_due
    due = dt.date(year, month, day)
    return Period(
        kind=kind,
        year=year,
        due_on=due,
        opens_on=due - dt.timedelta(days=rules.open_days_before),
        closes_on=due + dt.timedelta(days=rules.close_days_after),
    )


def periods_open_on(day: dt.date, rules: ReportingRules) -> list[Period]:
    """The periods whose window [opens_on, closes_on] contains ``day`` (at most a few)."""
    found = []
    for year in (day.year - 1, day.year, day.year + 1):
        for kind in KINDS:
            period = period_for(kind, year, rules)
            if period.opens_on <= day <= period.closes_on:
                found.append(period)
    return found


def reminder_stage(day: dt.date, due_on: dt.date, closes_on: dt.date, rules: ReportingRules) -> str | None:
    """Which automatic reminder is due on ``day`` for a cycle (None: none)."""
    if day > closes_on:
        return None
    if day > due_on:
        return OVERDUE
    if day >= due_on - dt.timedelta(days=rules.remind_days_before):
        return BEFORE_DUE
    return None
