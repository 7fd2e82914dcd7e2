"""What the inventory and the planning records say about the commune indicators they define (no Django).

- Indicator 8.3 of the commune sets 2021-2025 ("Xã có đài truyền thanh và hệ thống loa đến các thôn"): met when
  the commune has a radio station in working order and every active ấp has at least one loudspeaker cluster in
  working order (:func:`radio_reaches_every_hamlet`).
- Indicator 1.1 of the commune NTM set 2021-2025 ("Có quy hoạch chung xây dựng xã được phê duyệt và công bố công
  khai"): met when a general construction plan of the commune was approved (a decision with a date) and publicly
  posted by the end of the year (:func:`plan_approved_and_posted`). Whether it was posted "on time" is not judged:
  the records do not carry the deadline.

Both answer ``None`` when there is nothing to judge (no inventory, no planning record): the assessment then shows
"no figure", never a "not met" that the data does not say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

WORKING = "working"


@dataclass(frozen=True)
class RadioResult:
    met: bool | None
    station_working: bool
    hamlets: int
    hamlets_covered: int
    hamlets_missing: tuple[str, ...] = field(default=())

    def as_detail(self) -> dict[str, object]:
        return {
            "station_working": self.station_working,
            "hamlets": self.hamlets,
            "hamlets_covered": self.hamlets_covered,
            "hamlets_missing": list(self.hamlets_missing),
        }


def radio_reaches_every_hamlet(
    station_statuses: Iterable[str],
    hamlet_names: Mapping[int, str],
    cluster_statuses: Iterable[tuple[int, str]],
) -> RadioResult:
    """Indicator 8.3 from the statuses at a date: the commune's radio stations' statuses, its active ấp
    ``{hamlet id: name}`` and its loudspeaker clusters as ``(hamlet id, status)``."""
    stations = list(station_statuses)
    clusters = list(cluster_statuses)
    station_working = any(status == WORKING for status in stations)
    covered = {hamlet for hamlet, status in clusters if status == WORKING and hamlet in hamlet_names}
    missing = tuple(
        name for hamlet, name in sorted(hamlet_names.items(), key=lambda i: i[1]) if hamlet not in covered
    )
    nothing_recorded = not stations and not clusters
    met = None if nothing_recorded else (station_working and bool(hamlet_names) and not missing)
    return RadioResult(
        met=met,
        station_working=station_working,
        hamlets=len(hamlet_names),
        hamlets_covered=len(covered),
        hamlets_missing=missing,
    )


@dataclass(frozen=True)
class PlanRecord:
    decision_date: dt.date | None
    posted_on: dt.date | None


def plan_approved_and_posted(records: Iterable[PlanRecord], year: int) -> bool | None:
    """Indicator 1.1 for ``year``: some plan approved and publicly posted on or before 31 December of ``year``;
    ``None`` when no plan was approved by then."""
    end = dt.date(year, 12, 31)
    approved = [record for record in records if record.decision_date and record.decision_date <= end]
    if not approved:
        return None
    return any(record.posted_on is not None and record.posted_on <= end for record in approved)
