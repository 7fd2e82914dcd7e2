"""Computed actuals of programme targets: pure functions on plain data, no Django import.

Each function takes the units a target is measured on (its *basis*) and plain rows read from the system, and returns
an ``Actual``: numerator, denominator, share and the lines behind the number (one per basis unit or record), so a
page can show exactly which units and records were counted. The denominator is always stated; it never shrinks
silently (a unit without data stays in it, shown as "chưa có số liệu").

Rules (documented here and on the target page):

- **Indicator share** (``indicator_share``): numerator = basis units whose status for the indicator is "met";
  denominator = every basis unit. A unit's status comes from its own values if it has any for the set and year.
  Otherwise, for a unit of the old (pre-1/7/2025) structure, it is **converted from its successors**
  (``resolve_statuses``, "quy đổi theo đơn vị mới"): met only when every new unit it became part of meets the
  indicator (a split unit needs all its parts); not met when any successor does not; missing when a successor has no
  data or is not assessed against the set (e.g. it became part of a ward). Units without a successor (districts,
  abolished on 1/7/2025) keep only their historical values.
- **Units with records** (cooperatives, online services, linkage models by district): numerator = basis units with
  at least one qualifying record; records of a unit outside the basis are attributed through a mapping (lineage),
  flagged as converted.
- **Units with every kind of record** (Plan 202 II.2.c): numerator = basis units that have, on the date, at least
  one qualifying record of *each* kind (an essential online service **and** a closed online survey on NTM results);
  a unit lacking one kind is listed with what it lacks.
- **Record share** (linkage models using digital technology; managers trained; pilots completed): numerator =
  qualifying records, denominator = all records in scope.
- **Reported**: the latest reported numerator/denominator on or before the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop

MET = "met"
NOT_MET = "not_met"
MISSING = "missing"
NOT_APPLICABLE = "not_applicable"
NO_THRESHOLD = "no_threshold"
INDICATOR_STATUSES = (MET, NOT_MET, MISSING, NOT_APPLICABLE, NO_THRESHOLD)
# Line statuses for registry-based targets.
HAS_RECORDS = "has_records"
NO_RECORDS = "no_records"
COUNTED = "counted"
NOT_COUNTED = "not_counted"

STATUS_TEXT = {
    MET: gettext_noop("Met"),
    NOT_MET: gettext_noop("Not met"),
    MISSING: gettext_noop("No data yet"),
    NOT_APPLICABLE: gettext_noop("Not applicable"),
    NO_THRESHOLD: gettext_noop("No threshold yet"),
    HAS_RECORDS: gettext_noop("Yes"),
    NO_RECORDS: gettext_noop("None yet"),
    COUNTED: gettext_noop("Counted"),
    NOT_COUNTED: gettext_noop("Not counted"),
}

type Key = Hashable


@dataclass(frozen=True)
class BasisUnit:
    """A unit a target is measured on."""

    key: Key
    code: str
    name: str
    parent: str = ""


@dataclass(frozen=True)
class Line:
    """One unit or record behind a number."""

    key: Key
    label: str
    status: str
    counted: bool
    detail: str = ""
    records: tuple[str, ...] = ()
    derived: bool = False

    @property
    def status_text(self) -> str:
        return _(STATUS_TEXT.get(self.status, self.status))


@dataclass(frozen=True)
class Actual:
    """A computed (or reported) actual: numerator over denominator, with the lines behind it."""

    numerator: int
    denominator: int
    lines: tuple[Line, ...] = ()
    notes: tuple[str, ...] = ()
    as_of: dt.date | None = None

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def percent(self) -> float | None:
        """The share in percent, rounded to one decimal (None when the denominator is 0)."""
        share = self.share
        return None if share is None else round(float(share * 100), 1)

    @property
    def has_data(self) -> bool:
        """False when no line carries a decided status (an indicator share over units that all lack data)."""
        undecided = {MISSING, NO_THRESHOLD, NOT_APPLICABLE}
        return not self.lines or any(line.status not in undecided for line in self.lines)

    @property
    def derived_count(self) -> int:
        return sum(1 for line in self.lines if line.derived)

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)

    def value(self, measure_unit: str) -> float | None:
        """The figure compared with the target: the percent, or the numerator for a count target."""
        return float(self.numerator) if measure_unit == "count" else self.percent


# --- Dates ----------------------------------------------------------------------------------------------------


def active_on(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """True when a record that started on ``start`` (None: unknown, counted) and ended on ``end`` (None: still
    running) is in force on ``day``."""
    return (start is None or start <= day) and (end is None or end > day)


# --- Indicator shares -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Successor:
    key: Key
    name: str


@dataclass(frozen=True)
class Resolved:
    status: str
    derived: bool = False
    detail: str = ""


def combine(statuses: Sequence[str]) -> str:
    """The status of a converted unit from its successors' statuses: all met → met, any not met → not met,
    otherwise missing (no data, no threshold, or not assessed against the set)."""
    if not statuses:
        return MISSING
    if any(status == NOT_MET for status in statuses):
        return NOT_MET
    if all(status == MET for status in statuses):
        return MET
    if all(status in (MET, NO_THRESHOLD) for status in statuses) and NO_THRESHOLD in statuses:
        return NO_THRESHOLD
    return MISSING


def resolve_statuses(
    basis: Sequence[BasisUnit],
    own: Mapping[Key, str],
    successors: Mapping[Key, Sequence[Successor]],
    successor_status: Mapping[Key, str],
    *,
    no_successor_detail: str = gettext_noop("No successor unit"),
) -> dict[Key, Resolved]:
    """Each basis unit's status: its own when it has values (``own``), else converted from its successors."""
    result: dict[Key, Resolved] = {}
    for unit in basis:
        if unit.key in own:
            result[unit.key] = Resolved(own[unit.key])
            continue
        found = list(successors.get(unit.key, ()))
        if not found:
            result[unit.key] = Resolved(MISSING, detail=_(no_successor_detail))
            continue
        statuses = [successor_status.get(s.key, MISSING) for s in found]
        names = ", ".join(s.name for s in found)
        status = combine(statuses)
        detail = _("Converted by the new units: %(units)s") % {"units": names}
        not_assessed = [s.name for s in found if successor_status.get(s.key) == NOT_APPLICABLE]
        if not_assessed:
            detail += " " + _("(%(units)s not assessed under this criteria set)") % {
                "units": ", ".join(not_assessed)
            }
        result[unit.key] = Resolved(status, derived=True, detail=detail)
    return result


def indicator_share(basis: Sequence[BasisUnit], resolved: Mapping[Key, Resolved]) -> Actual:
    """Share of basis units whose (own or converted) status is met."""
    lines = []
    for unit in basis:
        found = resolved.get(unit.key, Resolved(MISSING))
        lines.append(
            Line(
                key=unit.key,
                label=unit.name,
                status=found.status,
                counted=found.status == MET,
                detail=found.detail,
                derived=found.derived,
            )
        )
    numerator = sum(1 for line in lines if line.counted)
    notes = []
    if any(line.status == NO_THRESHOLD for line in lines):
        notes.append(_("Some units could not be counted because the indicator has no threshold yet."))
    return Actual(numerator, len(basis), tuple(lines), tuple(notes))


# --- Units with records ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """A registry row as the pure logic sees it."""

    key: Key
    unit_key: Key
    label: str
    start: dt.date | None = None
    end: dt.date | None = None
    qualifies: bool = True
    reason: str = ""


@dataclass(frozen=True)
class Attribution:
    basis_key: Key
    derived: bool = False


def attribute(
    records: Iterable[Record], unit_to_basis: Callable[[Key], Sequence[Attribution]]
) -> dict[Key, list[tuple[Record, bool]]]:
    """Group records by the basis unit they count for: ``unit_to_basis(unit_key)`` says which (the unit itself,
    its district, or — converted through the lineage — its successor or predecessor's district)."""
    grouped: dict[Key, list[tuple[Record, bool]]] = {}
    for record in records:
        for target in unit_to_basis(record.unit_key):
            grouped.setdefault(target.basis_key, []).append((record, target.derived))
    return grouped


def units_with_records(
    basis: Sequence[BasisUnit],
    records: Iterable[Record],
    unit_to_basis: Callable[[Key], Sequence[Attribution]],
    day: dt.date,
) -> Actual:
    """Share of basis units with at least one record in force on ``day`` that qualifies."""
    live = [r for r in records if active_on(r.start, r.end, day)]
    grouped = attribute([r for r in live if r.qualifies], unit_to_basis)
    near_misses = attribute([r for r in live if not r.qualifies], unit_to_basis)
    lines = []
    for unit in basis:
        found = grouped.get(unit.key, [])
        derived = bool(found) and all(flag for _record, flag in found)
        detail = ""
        if derived:
            detail = _("Converted by the current administrative units")
        elif not found and unit.key in near_misses:
            detail = "; ".join(sorted({r.reason for r, _flag in near_misses[unit.key] if r.reason}))
        lines.append(
            Line(
                key=unit.key,
                label=unit.name,
                status=HAS_RECORDS if found else NO_RECORDS,
                counted=bool(found),
                detail=detail,
                records=tuple(sorted({r.label for r, _flag in found})),
                derived=derived,
            )
        )
    return Actual(sum(1 for line in lines if line.counted), len(basis), tuple(lines), as_of=day)


@dataclass(frozen=True)
class RecordKind:
    """One kind of record a unit needs (``units_with_all``), and what the page says when the unit has none."""

    records: tuple[Record, ...]
    missing: str


def units_with_all(
    basis: Sequence[BasisUnit],
    kinds: Sequence[RecordKind],
    unit_to_basis: Callable[[Key], Sequence[Attribution]],
    day: dt.date,
) -> Actual:
    """Share of basis units with, on ``day``, at least one qualifying record of every kind in ``kinds``."""
    grouped = []
    for kind in kinds:
        live = [r for r in kind.records if r.qualifies and active_on(r.start, r.end, day)]
        grouped.append(attribute(live, unit_to_basis))
    lines = []
    for unit in basis:
        found = [group.get(unit.key, []) for group in grouped]
        counted = all(found)
        missing = [kind.missing for kind, records in zip(kinds, found, strict=True) if not records]
        flags = [flag for records in found for _record, flag in records]
        derived = counted and all(flags)
        detail = _("Converted by the current administrative units") if derived else "; ".join(missing)
        lines.append(
            Line(
                key=unit.key,
                label=unit.name,
                status=COUNTED if counted else NOT_COUNTED,
                counted=counted,
                detail=detail,
                records=tuple(sorted({r.label for records in found for r, _flag in records})),
                derived=derived,
            )
        )
    return Actual(sum(1 for line in lines if line.counted), len(basis), tuple(lines), as_of=day)


def record_share(records: Iterable[Record], day: dt.date) -> Actual:
    """Share of records in force on ``day`` that qualify (e.g. linkage models tied to a digital raw-material
    area; managers trained)."""
    live = [r for r in records if active_on(r.start, r.end, day)]
    lines = tuple(
        Line(
            key=r.key,
            label=r.label,
            status=COUNTED if r.qualifies else NOT_COUNTED,
            counted=r.qualifies,
            detail=r.reason,
        )
        for r in live
    )
    return Actual(sum(1 for line in lines if line.counted), len(lines), lines, as_of=day)


# --- Managers, pilots, reported figures -----------------------------------------------------------------------


@dataclass(frozen=True)
class ManagerRow:
    key: Key
    label: str
    active: bool
    completed_courses: tuple[tuple[str, dt.date | None], ...] = ()  # (course title, course end date)


def managers_trained(managers: Iterable[ManagerRow], day: dt.date) -> Actual:
    """Share of active managers who completed at least one course that had ended by ``day``."""
    records = []
    for manager in managers:
        if not manager.active:
            continue
        done = [title for title, ended in manager.completed_courses if ended is None or ended <= day]
        records.append(
            Record(
                key=manager.key,
                unit_key=manager.key,
                label=manager.label,
                qualifies=bool(done),
                reason=_("Trained: %(courses)s") % {"courses": "; ".join(done)}
                if done
                else _("No training course completed"),
            )
        )
    return record_share(records, day)


@dataclass(frozen=True)
class PilotRow:
    key: Key
    label: str
    status: str  # planned | in_progress | completed | cancelled
    approval_number: str = ""
    approval_date: dt.date | None = None


def pilots_completed(pilots: Iterable[PilotRow], day: dt.date) -> Actual:
    """Pilots completed by ``day``: status completed with an approval decision dated on or before ``day``.
    The denominator is every pilot that is not cancelled."""
    lines = []
    for pilot in pilots:
        if pilot.status == "cancelled":
            continue
        approved = (
            pilot.status == "completed"
            and bool(pilot.approval_number)
            and pilot.approval_date is not None
            and pilot.approval_date <= day
        )
        if approved:
            detail = _("Decision %(number)s of %(date)s") % {
                "number": pilot.approval_number,
                "date": f"{pilot.approval_date:%d/%m/%Y}",
            }
        elif pilot.status == "completed":
            detail = _("No decision recognising the result yet")
        else:
            detail = ""
        lines.append(
            Line(pilot.key, pilot.label, COUNTED if approved else NOT_COUNTED, approved, detail=detail)
        )
    return Actual(sum(1 for line in lines if line.counted), len(lines), tuple(lines), as_of=day)


@dataclass(frozen=True)
class ReportedRow:
    key: Key
    as_of: dt.date
    numerator: int
    denominator: int
    label: str = ""


def reported(rows: Iterable[ReportedRow], day: dt.date) -> Actual | None:
    """The latest reported figure on or before ``day`` (the last entered wins on the same date)."""
    eligible = [row for row in rows if row.as_of <= day]
    if not eligible:
        return None
    latest = max(eligible, key=lambda row: (row.as_of, str(row.key)))
    line = Line(
        latest.key,
        latest.label,
        COUNTED,
        True,
        detail=_("Figures of %(date)s") % {"date": f"{latest.as_of:%d/%m/%Y}"},
    )
    return Actual(latest.numerator, latest.denominator, (line,), as_of=latest.as_of)


def summed(rows: Iterable[tuple[str, int, int]]) -> Actual | None:
    """Numerators and denominators reported by several units, added up (``(label, numerator, denominator)``)."""
    rows = [row for row in rows if row[2] > 0]
    if not rows:
        return None
    lines = tuple(
        Line(label, label, COUNTED, True, detail=f"{numerator}/{denominator}")
        for label, numerator, denominator in rows
    )
    return Actual(sum(r[1] for r in rows), sum(r[2] for r in rows), lines)


@dataclass(frozen=True)
class TrendPoint:
    label: str
    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
