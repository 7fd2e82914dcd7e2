"""Reads for the dashboards: province overview, compliance matrix, department view, gap analysis (scoped).

Everything starts from ``assessable_units(user, roles=DASHBOARD_ROLES)``: a user sees the rural communes of their
scope and nothing else. Official status comes only from the register (``official_status_of``); the engine's
results are labelled self-assessed.

Evaluation summaries go through a cache (``EvaluationCache``): a row is reused only while its fingerprint equals
``ntm.assessment.selectors.inputs.EngineInputs.fingerprint`` (every input of the engine: the values revision, unit
attributes, official level, computed values, referenced set versions, the engine's own code), otherwise it is
recomputed with the engine and stored again. ``summaries`` costs a fixed number of queries whatever the number of
units.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.assessment import gaps as gap_logic
from ntm.assessment.models import EvaluationCache, IndicatorValue, ValueStatus
from ntm.assessment.selectors import assessments
from ntm.assessment.selectors.inputs import (
    InputsAndCache,
    OfficialStatus,
    entered_values,
    official_status_of,
    start_inputs_and_cache,
    unit_facts,
)
from ntm.core.choices import LEVEL_LABELS, Role
from ntm.core.permissions import ASSESSMENT, VIEW
from ntm.core.queries import ByKey, bool_array, in_pipeline, int_array, pipeline, text_array
from ntm.core.scoping import unit_paths
from ntm.core.text import sort_key
from ntm.core.vocabulary import NONE, OFFICIAL_LEVELS, RECOGNITION_LEVELS, REVOKED, SELF_ASSESSED_LEVELS
from ntm.criteria.engine import MET, MISSING, NO_THRESHOLD, NOT_APPLICABLE, NOT_MET, Evaluation
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.plan import (
    STATE_MET,
    STATE_MISSING,
    STATE_NO_THRESHOLD,
    STATE_NOT_MET,
    MatrixCell,
    Summary,
    criterion_state,
    summarise,
)
from ntm.criteria.presenters import Badge, status_badge, value_text
from ntm.criteria.selectors import department_names
from ntm.units.models import AdministrativeUnit

# Who sees the dashboards (each within their scope). Producers and Front officers do not.
DASHBOARD_ROLES = (
    Role.PROVINCE_COORDINATOR,
    Role.AUDITOR,
    Role.DEPARTMENT_OFFICER,
    Role.COUNCIL_MEMBER,
    Role.COMMUNE_OFFICER,
    Role.DISTRICT_OFFICER,  # the assessment area admits it: its legacy scope holds no 2025 commune, so it sees none
)
# Who sees the department view (a department officer: their own departments only).
DEPARTMENT_VIEW_ROLES = (
    Role.PROVINCE_COORDINATOR,
    Role.AUDITOR,
    Role.DEPARTMENT_OFFICER,
    Role.COUNCIL_MEMBER,
)
ALL_DEPARTMENTS_ROLES = (Role.PROVINCE_COORDINATOR, Role.AUDITOR, Role.COUNCIL_MEMBER)

# The commune sets of the recognition ladder, lowest first; from 2026 only the national NTM set exists.
NO_DATA = "nodata"
"""The overview's level row for communes with no value in the year (self-assessed only; not "not met")."""
LADDER_2021_2025 = (gap_logic.NTM_SET, gap_logic.ADVANCED_SET, gap_logic.MODEL_SET)
LADDER_2026_2030 = (gap_logic.NTM_SET_2026,)

# Criterion states shown in the matrix, and what the cache keeps of an evaluation: from the pure plan module.
__all__ = [  # re-exported for the views and tests that read them from here
    "STATE_MET",
    "STATE_MISSING",
    "STATE_NOT_MET",
    "STATE_NO_THRESHOLD",
    "MatrixCell",
    "Summary",
    "criterion_state",
    "summarise",
]


def require_dashboard_user(user) -> None:
    if not (user.is_authenticated and (user.is_superuser or user.has_role(*DASHBOARD_ROLES))):
        raise PermissionDenied(_("Your role does not include the assessment dashboards."))


def dashboard_units(user):
    """The rural communes (xã, 2025 structure) the user's dashboard roles cover."""
    require_dashboard_user(user)
    return assessments.assessable_units(user, roles=_dashboard_roles(user))


def _dashboard_roles(user) -> tuple[str, ...] | None:
    return None if user.is_superuser else DASHBOARD_ROLES


_SCOPED_UNITS = ByKey()


def dashboard_unit_list(user) -> list[AdministrativeUnit]:
    """``dashboard_units(user)`` as a list, its query compiled once per scope (every dashboard reads it first)."""
    require_dashboard_user(user)
    roles = _dashboard_roles(user)
    paths = unit_paths(user, VIEW, roles=roles, area=ASSESSMENT)
    return _SCOPED_UNITS((None if paths is None else tuple(paths),), lambda: dashboard_units(user))


def sorted_by_name(units) -> list[AdministrativeUnit]:
    """Units in Vietnamese alphabetical order (Đ after D), which the database's collation does not give (so the
    database is not asked to sort them first)."""
    if isinstance(units, QuerySet):
        units = units.order_by()
    return sorted(units, key=lambda unit: (sort_key(unit.name), unit.code))


# --- Evaluation summaries (cached) ---------------------------------------------------------------------------


# How much of a summary to read: counts only, with the criteria (matrix), or with every indicator.
BRIEF, CRITERIA, FULL = "brief", "criteria", "full"
_COLUMNS = {
    BRIEF: (
        "unit_id",
        "year",
        "revision",
        "inputs",
        "criteria_met",
        "criteria_total",
        "level_reached",
        "provisional",
        "has_data",
    ),
}
_COLUMNS[CRITERIA] = (*_COLUMNS[BRIEF], "criteria")
_COLUMNS[FULL] = (*_COLUMNS[CRITERIA], "indicators")


# A criterion's cell and its text recur over thousands of rows: each is built once (bounded memos).
_CELL_TEXT: dict[MatrixCell, str] = {}
_TEXT_CELL: dict[str, tuple[str, MatrixCell]] = {}  # a cell's text → (its criterion code, the cell)
_MEMO_LIMIT = 100_000


def _cell_text(cell: MatrixCell) -> str:
    text = _CELL_TEXT.get(cell)
    if text is None:
        if len(_CELL_TEXT) > _MEMO_LIMIT:
            _CELL_TEXT.clear()
        text = _CELL_TEXT[cell] = f"{cell.code}|{cell.state}|{int(cell.provisional)}|{' '.join(cell.unmet)}"
    return text


def _text_cell(part: str) -> tuple[str, MatrixCell]:
    if len(_TEXT_CELL) > _MEMO_LIMIT:
        _TEXT_CELL.clear()
    code, state, provisional, unmet = part.split("|")
    cell = MatrixCell(code, state, provisional == "1", tuple(unmet.split()) if unmet else ())
    found = _TEXT_CELL[part] = (code, cell)
    return found


def encode_criteria(criteria: dict[str, MatrixCell]) -> str:
    return ";".join(map(_cell_text, criteria.values()))


def decode_criteria(text: str) -> dict[str, MatrixCell]:
    # read for every row of a dashboard: the memo's lookup inline, a new cell's parse apart
    memo = _TEXT_CELL.get
    return dict([memo(part) or _text_cell(part) for part in text.split(";")]) if text else {}


# An indicator's status in one letter: a cold national roll-up writes the statuses of every indicator of some
# twenty thousand evaluations, a tenth of the text with the codes written out.
_STATUS_LETTERS = {MET: "m", NOT_MET: "n", MISSING: "?", NOT_APPLICABLE: "-", NO_THRESHOLD: "t"}
_LETTER_STATUSES = {letter: status for status, letter in _STATUS_LETTERS.items()}


def encode_indicators(indicators: dict[str, str], codes: tuple[str, ...]) -> str:
    """The statuses one letter each, in the order of ``codes`` (the set's compiled plan), when the indicators are
    exactly those in that order; otherwise ``code|status;…``."""
    if tuple(indicators) == codes:
        try:
            return "".join(map(_STATUS_LETTERS.__getitem__, indicators.values()))
        except KeyError:  # a status without a letter
            pass
    return ";".join(map("|".join, indicators.items()))


def decode_indicators(text: str, codes: tuple[str, ...]) -> dict[str, str]:
    if not text:
        return {}
    if "|" in text:
        return dict(part.split("|") for part in text.split(";"))
    return dict(zip(codes, map(_LETTER_STATUSES.__getitem__, text), strict=True))


def _from_values(values: tuple, fields: str, codes: tuple[str, ...]) -> Summary:
    return Summary(
        values[4],
        values[5],
        values[6] or None,
        values[7],
        decode_criteria(values[9]) if fields != BRIEF else {},
        decode_indicators(values[10], codes) if fields == FULL else {},
    )


def summaries(
    units: Sequence[AdministrativeUnit],
    years: Sequence[int],
    version: CriteriaSetVersion,
    *,
    official: dict[int, OfficialStatus] | None = None,
    fields: str = FULL,
) -> dict[tuple[int, int], Summary]:
    """``{(unit id, year): Summary}`` for every unit and year inside the set's period (``summaries_with_data``)."""
    return summaries_with_data(units, years, version, official=official, fields=fields)[0]


def summaries_with_data(
    units: Sequence[AdministrativeUnit],
    years: Sequence[int],
    version: CriteriaSetVersion,
    *,
    official: dict[int, OfficialStatus] | None = None,
    fields: str = FULL,
) -> tuple[dict[tuple[int, int], Summary], set[tuple[int, int]]]:
    """``{(unit id, year): Summary}`` for every unit and year inside the set's period, from the cache where its
    fingerprint still equals the inputs' (``ntm.assessment.selectors.inputs``), else evaluated and stored; and the
    (unit id, year) pairs that have data for the set (an entered value of the set or a computed value it reads):
    the others have none at all and are never counted as "0 criteria met". ``official`` (the units' official
    status, read here when not given) is shared between calls for several sets; ``fields`` says how much to read
    (BRIEF: counts; CRITERIA: with the criteria; FULL: with every indicator).

    The inputs and the cached rows are read together (``start_inputs_and_cache``: one query on PostgreSQL). The
    units not in the cache are evaluated together: their entered values in one query, then the set's compiled
    plan over all of them (``EvaluationPlan.summaries``, equal to ``summarise`` of the engine's evaluation), and
    their rows written in one statement (``store_summaries``). A fixed number of queries whatever the number of
    units."""
    return summaries_of_versions(units, years, [version], official=official, fields=fields)[0]


def summaries_of_versions(
    units: Sequence[AdministrativeUnit],
    years: Sequence[int],
    versions: Sequence[CriteriaSetVersion],
    *,
    official: dict[int, OfficialStatus] | None = None,
    fields: str = FULL,
) -> list[tuple[dict[tuple[int, int], Summary], set[tuple[int, int]]]]:
    """``summaries_with_data`` of each of ``versions``, in their order. On PostgreSQL, for several versions, in
    one pipeline: the reads of every version are sent at once and each version's cache rows written without
    waiting for the answer, so that the database reads the next versions and writes the previous ones while
    this process evaluates (the national roll-up over the three sets of the ladder)."""
    units = list(units)
    if official is None:
        official = official_status_of(units) if units else {}
    # One set gains nothing from a pipeline (its one read is needed at once) and would wait for its write's
    # commit at the end: without one, that write is committed without waiting for the disk (store_summaries).
    with pipeline() if len(versions) > 1 else nullcontext():
        reads = []
        for version in versions:
            of_version = [y for y in years if version.year_from <= y <= version.year_to]
            reply = (
                start_inputs_and_cache(
                    units, of_version, version, official=official, columns=_COLUMNS[fields]
                )
                if units and of_version
                else None
            )
            reads.append((version, of_version, reply))
        return [
            _summaries_from_read(version, units, of_version, reply(), fields) if reply else ({}, set())
            for version, of_version, reply in reads
        ]


def _summaries_from_read(
    version: CriteriaSetVersion,
    units: list[AdministrativeUnit],
    years: list[int],
    read: InputsAndCache,
    fields: str,
) -> tuple[dict[tuple[int, int], Summary], set[tuple[int, int]]]:
    inputs, cached, values_read = read
    result: dict[tuple[int, int], Summary] = {}
    with_data: set[tuple[int, int]] = set()
    missing: dict[tuple[int, int], str] = {}  # (unit id, year) → fingerprint
    unit_ids = [unit.pk for unit in units]
    codes = inputs.plan.codes
    for year in years:
        for unit_id in unit_ids:
            key = (unit_id, year)
            row = cached.get(key)
            fingerprint = inputs.fingerprint(unit_id, year)
            if row is not None and row[3] == fingerprint:
                result[key] = _from_values(row, fields, codes)
                if row[8]:
                    with_data.add(key)
            else:
                missing[key] = fingerprint
    if not missing:
        return result, with_data
    entered_values(inputs, [key for key in missing if key not in values_read])
    fresh = []
    for year in years:
        of_year = [inputs.units[key] for key in missing if key[1] == year]
        batch = inputs.plan.summaries(((unit.context(), unit.values()) for unit in of_year), year)
        for unit_inputs, summary in zip(of_year, batch, strict=True):
            key = (unit_inputs.unit.pk, year)
            result[key] = summary
            has_data = bool(unit_inputs.entered or unit_inputs.computed)
            if has_data:
                with_data.add(key)
            fresh.append((key, unit_inputs.revision, missing[key], summary, has_data))
    store_summaries(version, fresh, codes)
    return result, with_data


_STORED = (
    "revision",
    "inputs",
    "criteria_met",
    "criteria_total",
    "level_reached",
    "provisional",
    "criteria",
    "indicators",
    "has_data",
    "computed_at",
)


# The columns of a cache row as ``store_summaries`` writes them (besides version and time), each with how its
# values become one array parameter on PostgreSQL and the array's type.
_ROW_COLUMNS = (
    ("unit_id", int_array, "bigint"),
    ("year", int_array, "integer"),
    ("revision", int_array, "bigint"),
    ("inputs", text_array, "text"),
    ("criteria_met", int_array, "integer"),
    ("criteria_total", int_array, "integer"),
    ("level_reached", text_array, "text"),
    ("provisional", bool_array, "boolean"),
    ("criteria", text_array, "text"),
    ("indicators", text_array, "text"),
    ("has_data", bool_array, "boolean"),
)


def store_summaries(
    version: CriteriaSetVersion,
    rows: Sequence[tuple[tuple[int, int], int, str, Summary, bool]],
    codes: tuple[str, ...],
) -> None:
    """Upsert cache rows ``((unit id, year), revision, fingerprint, summary, has data)`` of ``version`` (whose plan
    has the indicators ``codes``) in a fixed number of statements: on PostgreSQL one ``INSERT … SELECT FROM
    unnest(…) ON CONFLICT DO UPDATE`` (no model instance per row); elsewhere ``bulk_create``."""
    if not rows:
        return
    now = timezone.now()
    values = [  # in the order of _ROW_COLUMNS
        (
            unit_id,
            year,
            revision,
            fingerprint,
            summary.criteria_met,
            summary.criteria_total,
            summary.level_reached or "",
            summary.provisional,
            encode_criteria(summary.criteria),
            encode_indicators(summary.indicators, codes),
            has_data,
        )
        for (unit_id, year), revision, fingerprint, summary, has_data in rows
    ]
    names = [name for name, _make, _type in _ROW_COLUMNS]
    if connection.vendor != "postgresql":
        EvaluationCache.objects.bulk_create(
            [EvaluationCache(version=version, **dict(zip(names, row, strict=True))) for row in values],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["unit", "version", "year"],
            update_fields=list(_STORED),
        )
        return
    table = EvaluationCache._meta.db_table
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in _STORED)
    # Cache rows are derived data (rebuilt from the values when lost): their commit need not wait for the disk,
    # when this statement is the whole transaction (never for a caller's writes around it; SET LOCAL holds for
    # the statements sent with it).
    asynchronous = (
        "SET LOCAL synchronous_commit TO OFF; "
        if not connection.in_atomic_block and not in_pipeline()
        else ""  # a pipeline sends one statement at a time, and does not wait for the commit anyway
    )
    # One statement, one round trip: every column as one array parameter (its text built here: the driver
    # would quote a list element by element), unnested into rows.
    columns = ", ".join(names)
    arrays = ", ".join(f"%s::{array_type}[]" for _name, _make, array_type in _ROW_COLUMNS)
    parameters = [
        make(column)
        for (_name, make, _type), column in zip(_ROW_COLUMNS, zip(*values, strict=True), strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"{asynchronous}INSERT INTO {table} ({columns}, version_id, computed_at)"  # noqa: S608
            f" SELECT {columns}, %s, %s FROM unnest({arrays}) AS t({columns})"
            f" ON CONFLICT (unit_id, version_id, year) DO UPDATE SET {updates}",
            [version.pk, now, *parameters],
        )


# --- Self-assessed level on the ladder, and the overview -----------------------------------------------------


def ladder_codes(year: int) -> tuple[str, ...]:
    """The codes of the commune sets of the ladder for ``year`` (the national sets): what self-assessed levels,
    dashboards and the revocation list evaluate. Another commune set loaded for the same years (the province's
    ``xa-ntm-dong-nai-2024-2025``) is evaluated only where a page names it."""
    return LADDER_2021_2025 if year <= gap_logic.LAST_YEAR_OF_LADDER else LADDER_2026_2030


def ladder_versions(year: int) -> list[CriteriaSetVersion]:
    """The latest version of each commune set of the ladder for ``year`` that is loaded (one query)."""
    codes = ladder_codes(year)
    latest: dict[str, CriteriaSetVersion] = {}
    for version in CriteriaSetVersion.objects.filter(code__in=codes).order_by("code", "-version"):
        latest.setdefault(version.code, version)
    return [latest[code] for code in codes if code in latest]


def self_assessed_levels(
    units: Sequence[AdministrativeUnit], year: int, *, official: dict[int, OfficialStatus] | None = None
) -> dict[int, str]:
    """``{unit id: level}``: the highest level of the ladder whose set the unit meets in ``year`` (self-assessed;
    the advanced and model sets themselves require the official lower level)."""
    units = list(units)
    official = official if official is not None else official_status_of(units)
    levels = dict.fromkeys((unit.pk for unit in units), NONE)
    for by_key, _with_data in summaries_of_versions(
        units, [year], ladder_versions(year), official=official, fields=BRIEF
    ):  # in the ladder's order: the highest level met last
        for (unit_id, _year), summary in by_key.items():
            if summary.level_reached:
                levels[unit_id] = summary.level_reached
    return levels


def level_counts(units: Sequence[AdministrativeUnit], year: int) -> dict[str, int]:
    """Communes per self-assessed level for ``year`` (the national roll-up when ``units`` is every commune)."""
    counts = Counter(self_assessed_levels(units, year).values())
    return {level: counts.get(level, 0) for level in SELF_ASSESSED_LEVELS}


@dataclass
class Overview:
    year: int
    version: CriteriaSetVersion
    unit_count: int
    levels: list[dict]  # [{"level", "label", "self_assessable", "self_assessed", "official"}], the last row
    # ``NO_DATA``: communes with no value this year (official None: the register has no such row)
    distribution: list[dict]  # [{"criteria_met", "units"}], communes with data only
    trend: list[dict]  # [{"year", "reached", "official", "mean_met", "with_data"}]
    no_data: int = 0  # communes with no value at all this year (not counted in the distribution)

    def chart_data(self) -> dict:
        """The numbers the charts draw (the same as the tables)."""
        return {
            "levels": {
                "labels": [row["label"] for row in self.levels],
                "self_assessed": [row["self_assessed"] for row in self.levels],
                "official": [row["official"] for row in self.levels],
            },
            "distribution": {
                "labels": [str(row["criteria_met"]) for row in self.distribution],
                "units": [row["units"] for row in self.distribution],
            },
            "trend": {
                "labels": [str(row["year"]) for row in self.trend],
                "reached": [row["reached"] for row in self.trend],
                "official": [row["official"] for row in self.trend],
                "mean_met": [row["mean_met"] for row in self.trend],
            },
        }


def overview(user, year: int, version: CriteriaSetVersion) -> Overview:
    """Province overview: communes by self-assessed level beside official status, the distribution of criteria
    met for ``version``, and the trend over the years of the set's period (up to this year)."""
    units = dashboard_unit_list(user)
    this_year = timezone.localdate().year
    trend_years = [y for y in range(version.year_from, version.year_to + 1) if y <= max(year, this_year)]
    today = timezone.localdate()
    official_now = official_status_of(units, today)
    levels_of = self_assessed_levels(units, year, official=official_now)
    on = min(today, dt.date(year, 12, 31))
    official_on = official_now if on == today else official_status_of(units, on)  # this year: the same read
    official = Counter(status.level for status in official_on.values())
    by_key, with_data = summaries_with_data(
        units,
        trend_years if year in trend_years else [*trend_years, year],
        version,
        official=official_now,
        fields=BRIEF,
    )
    total = len(version.criteria_set().criteria)
    by_key = {key: summary for key, summary in by_key.items() if key in with_data}
    # A commune with no value this year in any set of the ladder is "missing data", never "not met".
    codes = LADDER_2021_2025 if year <= gap_logic.LAST_YEAR_OF_LADDER else LADDER_2026_2030
    level_data = {unit_id for (unit_id, y) in with_data if y == year} | set(
        IndicatorValue.objects.filter(unit_id__in=[u.pk for u in units], year=year, set_code__in=codes)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    self_levels = Counter(level for unit_id, level in levels_of.items() if unit_id in level_data)
    levels = [
        {
            "level": level,
            "label": str(LEVEL_LABELS.get(level, level)),
            "self_assessable": level != REVOKED,  # the engine never computes a revocation
            "self_assessed": self_levels.get(level, 0) if level != REVOKED else 0,
            "official": official.get(level, 0),
        }
        for level in OFFICIAL_LEVELS
    ]
    levels.append(
        {
            "level": NO_DATA,
            "label": _("Missing data"),
            "self_assessable": True,
            "self_assessed": len(units) - len(level_data & {u.pk for u in units}),
            "official": None,  # the register always says something: no decision is "not recognised"
        }
    )
    met_counts = Counter(s.criteria_met for (_unit, y), s in by_key.items() if y == year)
    distribution = [{"criteria_met": n, "units": met_counts.get(n, 0)} for n in range(total + 1)]
    trend = []
    for trend_year in trend_years:
        year_summaries = [s for (_unit, y), s in by_key.items() if y == trend_year]
        year_end = min(timezone.localdate(), dt.date(trend_year, 12, 31))
        recognised = sum(
            1 for status in official_status_of(units, year_end).values() if status.level in RECOGNITION_LEVELS
        )
        mean = sum(s.criteria_met for s in year_summaries) / len(year_summaries) if year_summaries else 0.0
        trend.append(
            {
                "year": trend_year,
                "reached": sum(1 for s in year_summaries if s.level_reached),
                "official": recognised,
                "mean_met": round(mean, 1),
                "with_data": len(year_summaries),
            }
        )
    no_data = len(units) - sum(1 for (_unit, y) in by_key if y == year)
    return Overview(year, version, len(units), levels, distribution, trend, no_data)


# --- Compliance matrix -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    unit: AdministrativeUnit
    summary: Summary
    official: OfficialStatus
    cells: tuple[MatrixCell, ...]
    has_data: bool = True


@dataclass
class Matrix:
    year: int
    version: CriteriaSetVersion
    columns: list[tuple[str, str]]  # (criterion code, name); conditions first
    rows: list[MatrixRow]


def matrix_units(user, q: str = "") -> list[AdministrativeUnit]:
    return sorted_by_name(dashboard_units(user).search(q) if q else dashboard_unit_list(user))


def matrix(units: Sequence[AdministrativeUnit], year: int, version: CriteriaSetVersion) -> Matrix:
    """Units x criteria of ``version`` for ``year``: each cell met / not met / missing data / no threshold."""
    units = list(units)
    criteria_set = version.criteria_set()
    groups = (*criteria_set.conditions, *criteria_set.criteria)
    columns = [(group.code, group.name) for group in groups]
    official = official_status_of(units)
    by_key, with_data = summaries_with_data(units, [year], version, official=official, fields=CRITERIA)
    rows = []
    for unit in units:
        key = (unit.pk, year)
        summary = by_key.get(key)
        if summary is None:
            continue
        cells = tuple(summary.criteria.values())  # in the set's order, as stored
        rows.append(MatrixRow(unit, summary, official[key[0]], cells, key in with_data))
    return Matrix(year, version, columns, rows)


# --- Department view -----------------------------------------------------------------------------------------


def visible_departments(user, version: CriteriaSetVersion) -> dict[str, str]:
    """``{code: name}`` of the departments whose indicators ``user`` may follow in ``version``."""
    if not (user.is_authenticated and (user.is_superuser or user.has_role(*DEPARTMENT_VIEW_ROLES))):
        raise PermissionDenied(
            _("The department view is for departments, the coordination office and auditors.")
        )
    codes = {indicator.department.code for _g, indicator in version.criteria_set().iter_indicators()} - {""}
    if not (user.is_superuser or user.has_role(*ALL_DEPARTMENTS_ROLES)):
        codes &= assessments.user_departments(user)
    names = department_names(codes)
    return {code: names.get(code, code) for code in sorted(codes)}


@dataclass(frozen=True)
class DepartmentCell:
    code: str
    status: str  # engine status
    value: IndicatorValue | None

    @property
    def value_text(self) -> str:
        return value_text(self.value.value) if self.value is not None else "—"

    @property
    def badge(self) -> Badge:
        return status_badge(self.status)


@dataclass(frozen=True)
class DepartmentRow:
    unit: AdministrativeUnit
    cells: tuple[DepartmentCell, ...]


@dataclass
class DepartmentView:
    department: str
    department_name: str
    indicators: list  # setfile.Indicator
    rows: list[DepartmentRow]
    counts: dict[str, int]  # verification status → number of values (all units in scope)


def department_units(
    user, version: CriteriaSetVersion, department: str, year: int, *, awaiting: bool = False
) -> list[AdministrativeUnit]:
    """The communes in scope; with ``awaiting`` only those with a value of ``department`` to verify."""
    units = dashboard_units(user)
    if awaiting:
        pending = IndicatorValue.objects.filter(
            set_code=version.code,
            year=year,
            department=department,
            status__in=[ValueStatus.ENTERED, ValueStatus.ANSWERED],
        ).values("unit_id")
        units = units.filter(pk__in=pending)
    return sorted_by_name(units)


def department_view(
    user, units_page: Sequence[AdministrativeUnit], year: int, version: CriteriaSetVersion, department: str
) -> DepartmentView:
    """The indicators of ``department`` across the communes of ``units_page``: value, result, verification."""
    names = visible_departments(user, version)
    if department not in names:
        raise PermissionDenied(_("You do not follow this department's indicators."))
    units = list(units_page)
    indicators = [
        indicator
        for _group, indicator in version.criteria_set().iter_indicators()
        if indicator.department.code == department
    ]
    codes = [indicator.code for indicator in indicators]
    by_key = summaries(units, [year], version)
    values = {
        (value.unit_id, value.indicator_code): value
        for value in IndicatorValue.objects.filter(
            unit__in=units, set_code=version.code, year=year, indicator_code__in=codes
        ).annotate(evidence_count=Count("evidence", filter=Q(evidence__is_active=True)))
    }
    rows = []
    for unit in units:
        summary = by_key.get((unit.pk, year))
        statuses = summary.indicators if summary else {}
        rows.append(
            DepartmentRow(
                unit,
                tuple(
                    DepartmentCell(code, statuses.get(code, MISSING), values.get((unit.pk, code)))
                    for code in codes
                ),
            )
        )
    counts = dict.fromkeys(ValueStatus.values, 0)
    counts.update(
        IndicatorValue.objects.restrict(user, area=ASSESSMENT)
        .filter(set_code=version.code, year=year, department=department, unit__in=dashboard_units(user))
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return DepartmentView(department, names[department], indicators, rows, counts)


# --- Gap analysis --------------------------------------------------------------------------------------------


@dataclass
class GapReport:
    year: int
    gaps: list[gap_logic.UnitGap]
    criteria: list[tuple[str, str]]  # filter choices (code, name) over the target sets
    departments: dict[str, str]
    missing_sets: list[str] = field(default_factory=list)  # target sets that are not loaded
    incomplete_sets: list[CriteriaSetVersion] = field(
        default_factory=list
    )  # used sets with thresholds missing


def gap_report(user, year: int, *, criterion: str = "", department: str = "") -> GapReport:
    """For each commune in scope: the next level by official status, the indicators not met yet and their
    shortfall; ranked (fewest unmet first, then total relative shortfall); filtered by criterion or department."""
    units = dashboard_unit_list(user)
    facts = unit_facts(units, [year])
    official = facts.official
    targets = {unit.pk: gap_logic.next_target(official[unit.pk].level, year) for unit in units}
    wanted = sorted({t.set_code for t in targets.values() if t.set_code})
    versions = {}
    for version in CriteriaSetVersion.objects.filter(code__in=wanted).order_by("code", "-version"):
        versions.setdefault(version.code, version)
    evaluations: dict[int, Evaluation] = {}
    criteria, departments = {}, set()
    for code, version in versions.items():
        if not version.year_from <= year <= version.year_to:
            continue
        group = [unit for unit in units if targets[unit.pk].set_code == code]
        for assessment in assessments.assess_units(group, year, version, facts=facts):
            evaluations[assessment.unit.pk] = assessment.evaluation
        for criterion_group, indicator in version.criteria_set().iter_indicators():
            criteria.setdefault(criterion_group.code, criterion_group.name)
            departments.add(indicator.department.code)
    gaps = [
        gap_logic.unit_gap(
            unit_id=unit.pk,
            unit_name=unit.name,
            unit_code=unit.code,
            official_level=official[unit.pk].level,
            target=targets[unit.pk],
            evaluation=evaluations.get(unit.pk),
        )
        for unit in units
    ]
    gaps = gap_logic.rank(gap_logic.only(gaps, criterion=criterion, department=department))
    names = department_names(departments)
    return GapReport(
        year,
        gaps,
        sorted(criteria.items(), key=lambda item: _code_key(item[0])),
        {code: names.get(code, code) for code in sorted(departments - {""})},
        [code for code in wanted if code not in versions],
        [
            version
            for version in versions.values()
            if version.year_from <= year <= version.year_to and (version.stats or {}).get("missing")
        ],
    )


def _code_key(code: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))


def indicator_order(code: str) -> tuple:
    """Sort key of an indicator or criterion code ("DK1" before "1", "2.1" before "10.1")."""
    return (_code_key(code), code)
