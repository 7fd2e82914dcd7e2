"""Official status from the register of decisions: pure logic, no Django import.

Official status comes only from recognition decisions (made in the workflow, imported from the province's
register of past decisions, or recorded as the province's conversion — "quy đổi" — for units created on
1/7/2025). It is never derived from the criteria engine.

A unit's status on a date is the highest level among its recognitions decided on or before that date that have
not been revoked by then; if every recognition was revoked it is "revoked"; with none it is "none". The level
words are those of ``ntm.core.vocabulary``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ntm.core.vocabulary import LEVEL_RANK, NONE, REVOKED


@dataclass(frozen=True)
class Decision:
    """One register entry as the pure logic sees it."""

    key: int
    level: str  # ntm | nang_cao | kieu_mau | thu_hoi
    decided_on: dt.date
    revokes: int | None = None  # for a revocation: the key of the recognition it revokes


@dataclass(frozen=True)
class Status:
    level: str
    decision: int | None  # the key of the decision that gives this status


def status_on(decisions: Iterable[Decision], on: dt.date) -> Status:
    """The official status given by ``decisions`` on date ``on``."""
    effective = [d for d in decisions if d.decided_on <= on]
    revoked = {d.revokes for d in effective if d.level == REVOKED and d.revokes is not None}
    standing = [d for d in effective if d.level in LEVEL_RANK and d.key not in revoked]
    if standing:
        best = max(standing, key=lambda d: (LEVEL_RANK[d.level], d.decided_on, d.key))
        return Status(best.level, best.key)
    if any(d.level in LEVEL_RANK for d in effective):
        last = max(
            (d for d in effective if d.level == REVOKED), key=lambda d: (d.decided_on, d.key), default=None
        )
        return Status(REVOKED, last.key if last else None)
    return Status(NONE, None)
