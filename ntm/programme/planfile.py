"""Programme plan files (targets, section IV tasks, pilots, reporting rules): a strict TOML loader.

No Django import. A plan ships as one TOML file under ``ntm/programme/targets/`` (``plan-202.toml``). ``load_bytes``
parses and validates it into frozen dataclasses; every problem is collected and raised together as one
``PlanFileError`` whose messages (English ids translated through ``ntm.core.messages``) name the place
("Chỉ tiêu KH202-04: …").

File format (schema 1)
======================
Top level::

    schema = 1
    code = "ke-hoach-202"          plan identifier (lower case)
    name, short_name, legal_source
    year_from, year_to             the plan's period
    provenance, source, note       how sure we are (confirmed / partial / unconfirmed / placeholder) and why

    [reporting]                    the reporting regime (Plan 202 VI.6)
    semi_annual_due = "06-15"      month-day of the semi-annual due date; annual_due likewise
    parent_body, issuing_body, symbol, place      header of the consolidated report (Decree 30/2020)
    coordinator = "Sở …"           the consolidating body's name as written in a sentence
    provenance, source, note

    [[reporting.reporters]]        who reports, per period (the plan's text or the province's instruction for it)
    valid_from, valid_to           the due dates it covers (dates)
    departments = true             the province's departments report
    unit_structure = "legacy"      the units that report: ``unit_codes`` (a list) or every unit of ``unit_level``
    unit_codes = ["732", …]        ("district" / "commune") of the province in that structure
    who = "…"                      the plan's own words for them
    provenance, source, note       the source cites the plan section or instruction (legal registry)

The opening and closing of a cycle and its reminders are settings of the system (``NTM_REPORT_WINDOW``), not the
plan's: a plan fixes only the due dates.

    [[tasks]]                      section IV tasks: code, title, pillar, provenance, source, note
    [[pilots]]                     pilot models named by the plan: code, kind (digital_commune /
                                   outstanding_field), name, unit_structure, unit_code, provenance, source, note
    [scope]                        the units the plan covers, as the plan names them (optional):
    structure = "legacy"           unit structure ("legacy" = before 1/7/2025, or "2025")
    province = "75"                province code in that structure
    as_of = 2025-06-30             the unit list is taken as of this date
    wording, source, note          the plan's words for its scope and where it says them
    [scope.district]               district-level units: wording, source, codes = ["732", …] (explicit unit codes;
                                   empty: every district-level unit), unit_types = [...] (optional)
    [scope.commune]                commune-level units: wording, source, unit_types = ["xa"], codes (optional)

    [[targets]]                    one row per target (see ``TargetSpec``):
        code, section (e.g. "II.2.a"), quote (the plan's whole sentence, verbatim), text (the plan's own words for
        this target: pieces of the quote in order, joined by " … "), measure, measure_unit ("percent" | "count"),
        target_value, comparison (">=" | "<=", default ">="), deadline (date), year (the measurement year),
        method (see ``METHODS``), params (table),
        basis = { structure = "legacy" | "2025", province = "75",
                  level = "commune" | "district" | "commune_district" | "province", unit_types = ["xa"],
                  as_of = 2025-06-30, why = "why the denominator is what it is" }
                  (structure, province and as_of default to the plan's [scope]; the plan's scope narrows a
                  district- or commune-level basis to the units it names),
        provenance, source, reference (the QĐ 924 counterpart with its mark), note

A computed target of method ``indicator_share`` names a criteria set and indicator (``params.set_code``,
``params.indicator_code``); ``check_indicators`` refuses a set or indicator that does not exist.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import DataFileError, Table, parse
from ntm.legal.citations import check_source

SCHEMA_VERSION = 1
PLANS_DIR = Path(__file__).resolve().parent / "targets"

METHODS = (
    "indicator_share",
    "online_service_share",
    "managers_trained_share",
    "cooperative_share",
    "linkage_district_share",
    "linkage_digital_share",
    "pilots_completed",
    "reported",
)
COMPUTED_METHODS = tuple(method for method in METHODS if method != "reported")
MEASURE_UNITS = ("percent", "count")
COMPARISONS = (">=", "<=")
STRUCTURES = ("legacy", "2025")
LEVELS = ("province", "district", "commune", "commune_district")
SCOPE_LEVELS = ("district", "commune")
UNIT_TYPES = ("huyen", "quan", "thi_xa", "thanh_pho", "xa", "phuong", "thi_tran", "dac_khu")
PILOT_KINDS = ("digital_commune", "outstanding_field")
REPORTER_LEVELS = ("province", "district", "commune", "all")
# Required parameters of each method (and their allowed values where there is a closed list).
METHOD_PARAMS: dict[str, dict[str, tuple[str, ...] | None]] = {
    "indicator_share": {"set_code": None, "indicator_code": None},
    "pilots_completed": {"kind": PILOT_KINDS},
    "reported": {"reporter_level": REPORTER_LEVELS},
}

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9đĐ._-]{0,39}$")
_PLAN_CODE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,59}$")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


class PlanFileError(DataFileError):
    """A plan file (or a target typed on the page) is not valid; ``errors`` lists every problem."""

    title = gettext_noop("Invalid plan file")


@dataclass(frozen=True)
class Basis:
    """The set of units a target is measured on."""

    structure: str
    province: str
    level: str
    unit_types: tuple[str, ...]
    as_of: dt.date
    why: str = ""


@dataclass(frozen=True)
class ScopeLevel:
    """The units of one level a plan covers: explicit codes (the plan names them) or unit types."""

    wording: str
    source: str
    codes: tuple[str, ...] = ()
    unit_types: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "wording": self.wording,
            "source": self.source,
            "codes": list(self.codes),
            "unit_types": list(self.unit_types),
        }


@dataclass(frozen=True)
class Scope:
    """The units a plan covers (Plan 202 III.1.a, VI.1.a, VI.5, VI.6): stored with the plan, so a later plan or
    another province enters its own."""

    structure: str
    province: str
    as_of: dt.date
    wording: str
    source: str
    note: str = ""
    levels: tuple[tuple[str, ScopeLevel], ...] = ()

    def level(self, name: str) -> ScopeLevel | None:
        return dict(self.levels).get(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "structure": self.structure,
            "province": self.province,
            "as_of": self.as_of.isoformat(),
            "wording": self.wording,
            "source": self.source,
            "note": self.note,
            "levels": {name: level.to_dict() for name, level in self.levels},
        }


@dataclass(frozen=True)
class TargetSpec:
    code: str
    section: str
    text: str
    measure: str
    measure_unit: str
    target_value: Decimal
    comparison: str
    deadline: dt.date
    year: int
    method: str
    params: dict[str, Any]
    basis: Basis
    provenance: str
    source: str
    reference: str = ""
    note: str = ""
    quote: str = ""


@dataclass(frozen=True)
class TaskSpec:
    code: str
    title: str
    pillar: str
    provenance: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class PilotSpec:
    code: str
    kind: str
    name: str
    unit_structure: str
    unit_code: str
    provenance: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class ReporterRule:
    """Who reports for the due dates from ``valid_from`` to ``valid_to``."""

    valid_from: dt.date
    valid_to: dt.date
    departments: bool
    unit_structure: str
    unit_codes: tuple[str, ...]
    unit_level: str
    who: str
    provenance: str
    source: str
    note: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_to

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat(),
            "departments": self.departments,
            "unit_structure": self.unit_structure,
            "unit_codes": list(self.unit_codes),
            "unit_level": self.unit_level,
            "who": self.who,
            "provenance": self.provenance,
            "source": self.source,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReporterRule:
        return cls(
            valid_from=dt.date.fromisoformat(data["valid_from"]),
            valid_to=dt.date.fromisoformat(data["valid_to"]),
            departments=bool(data.get("departments")),
            unit_structure=str(data.get("unit_structure", "")),
            unit_codes=tuple(data.get("unit_codes") or ()),
            unit_level=str(data.get("unit_level", "")),
            who=str(data.get("who", "")),
            provenance=str(data.get("provenance", "")),
            source=str(data.get("source", "")),
            note=str(data.get("note", "")),
        )


def reporter_rule_for(rules: Iterable[ReporterRule], day: dt.date) -> ReporterRule | None:
    """The rule covering the due date ``day`` (None: no one is recorded as reporting then)."""
    return next((rule for rule in rules if rule.covers(day)), None)


@dataclass(frozen=True)
class ReportingRules:
    semi_annual_due: tuple[int, int] = (6, 15)
    annual_due: tuple[int, int] = (12, 15)
    open_days_before: int = 30
    close_days_after: int = 15
    remind_days_before: int = 7
    parent_body: str = ""
    issuing_body: str = ""
    coordinator: str = ""
    symbol: str = ""
    place: str = ""
    reporters: tuple[ReporterRule, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """What the plan fixes (stored with the plan); the window settings are the system's, not stored."""
        return {
            "semi_annual_due": f"{self.semi_annual_due[0]:02d}-{self.semi_annual_due[1]:02d}",
            "annual_due": f"{self.annual_due[0]:02d}-{self.annual_due[1]:02d}",
            "reporters": [rule.to_dict() for rule in self.reporters],
            "parent_body": self.parent_body,
            "issuing_body": self.issuing_body,
            "coordinator": self.coordinator,
            "symbol": self.symbol,
            "place": self.place,
        }


@dataclass(frozen=True)
class PlanSpec:
    code: str
    name: str
    short_name: str
    legal_source: str
    year_from: int
    year_to: int
    provenance: str
    source: str
    note: str
    reporting: ReportingRules
    scope: Scope | None = None
    tasks: tuple[TaskSpec, ...] = ()
    pilots: tuple[PilotSpec, ...] = ()
    targets: tuple[TargetSpec, ...] = field(default_factory=tuple)

    def indicator_refs(self) -> list[tuple[str, str, str]]:
        """(target code, set code, indicator code) of every indicator-based target."""
        return [
            (t.code, t.params["set_code"], t.params["indicator_code"])
            for t in self.targets
            if t.method == "indicator_share"
        ]


def scope_from_dict(data: Mapping[str, Any] | None) -> Scope | None:
    """The scope a plan stored as JSON (``Scope.to_dict``), or None when the plan has none."""
    if not data:
        return None
    levels = tuple(
        (
            name,
            ScopeLevel(
                wording=str(level.get("wording", "")),
                source=str(level.get("source", "")),
                codes=tuple(level.get("codes") or ()),
                unit_types=tuple(level.get("unit_types") or ()),
            ),
        )
        for name, level in (data.get("levels") or {}).items()
    )
    return Scope(
        structure=str(data.get("structure", "")),
        province=str(data.get("province", "")),
        as_of=dt.date.fromisoformat(data["as_of"]),
        wording=str(data.get("wording", "")),
        source=str(data.get("source", "")),
        note=str(data.get("note", "")),
        levels=levels,
    )


PLAN_IN_FORCE = "in_force"
PLAN_CLOSED = "closed"
PLAN_UPCOMING = "upcoming"


def plan_state(year_from: int, year_to: int, today: dt.date) -> str:
    """Whether a plan running from ``year_from`` to ``year_to`` (whole years) is in force, closed or upcoming."""
    if today.year > year_to:
        return PLAN_CLOSED
    if today.year < year_from:
        return PLAN_UPCOMING
    return PLAN_IN_FORCE


def shipped_plan_paths() -> list[Path]:
    return sorted(PLANS_DIR.glob("*.toml"))


def load_path(path: str | Path) -> PlanSpec:
    return load_bytes(Path(path).read_bytes())


def load_bytes(data: bytes) -> PlanSpec:
    parsed = parse(data, PlanFileError)
    errors: list[str] = []
    plan = _read_plan(parsed, errors)
    if errors:
        raise PlanFileError(errors)
    return plan


def check_indicators(refs: Iterable[tuple[str, str, str]], known: Mapping[str, Iterable[str]]) -> list[str]:
    """Problems with the criteria indicators that targets name; ``known`` maps set codes to indicator codes."""
    problems = []
    codes = {set_code: set(indicators) for set_code, indicators in known.items()}
    for target_code, set_code, indicator_code in refs:
        if set_code not in codes:
            problems.append(
                _("Target %(target)s: there is no criteria set “%(set)s” (load the criteria set first).")
                % {"target": target_code, "set": set_code}
            )
        elif indicator_code not in codes[set_code]:
            problems.append(
                _("Target %(target)s: the criteria set %(set)s has no indicator %(indicator)s.")
                % {"target": target_code, "set": set_code, "indicator": indicator_code}
            )
    return problems


def check_fraction(numerator: object, denominator: object) -> list[str]:
    """Problems with a reported numerator/denominator (0 ≤ numerator ≤ denominator, denominator > 0)."""
    problems = []
    if not isinstance(numerator, int) or isinstance(numerator, bool) or numerator < 0:
        problems.append(_("The numerator must be a whole number, not negative."))
    if not isinstance(denominator, int) or isinstance(denominator, bool) or denominator <= 0:
        problems.append(_("The denominator must be a whole number greater than 0."))
    if not problems and numerator > denominator:
        problems.append(
            _(
                "The numerator (%(numerator)s) is greater than the denominator (%(denominator)s): check the figures."
            )
            % {"numerator": numerator, "denominator": denominator}
        )
    return problems


# --- Reading --------------------------------------------------------------------------------------------------


def _provenance(table: Table) -> tuple[str, str, str]:
    """The provenance mark, source and note; the source must cite the legal registry (``ntm.legal.citations``)."""
    status, source, note = table.provenance()
    if source:
        check_source(source, table.place, table.errors)
    return status, source, note


def _month_day(table: Table, key: str, default: str) -> tuple[int, int]:
    raw = table.data.get(key, default)
    match = _MONTH_DAY.match(raw) if isinstance(raw, str) else None
    if match is None:
        table.error(_("“%(key)s” must have the form MM-DD (for example 06-15)") % {"key": key})
        return (1, 1)
    month, day = int(match.group(1)), int(match.group(2))
    try:
        dt.date(2001, month, day)
    except ValueError:
        table.error(_("“%(key)s” is not a valid date: %(value)s") % {"key": key, "value": raw})
        return (1, 1)
    return month, day


def _read_reporting(raw: object, errors: list[str]) -> ReportingRules:
    keys = (
        "semi_annual_due",
        "annual_due",
        "reporters",
        "parent_body",
        "issuing_body",
        "coordinator",
        "symbol",
        "place",
        "provenance",
        "source",
        "note",
    )
    table = Table(raw if raw is not None else {}, _("Reporting rules [reporting]"), errors, keys)
    if table.get("source"):
        _provenance(table)
    return ReportingRules(
        semi_annual_due=_month_day(table, "semi_annual_due", "06-15"),
        annual_due=_month_day(table, "annual_due", "12-15"),
        reporters=tuple(
            _read_reporter_rule(raw, index, errors)
            for index, raw in enumerate(table.tables("reporters"), start=1)
        ),
        parent_body=table.text("parent_body", required=False),
        issuing_body=table.text("issuing_body", required=False),
        coordinator=table.text("coordinator", required=False),
        symbol=table.text("symbol", required=False),
        place=table.text("place", required=False),
    )


def _read_reporter_rule(raw: object, index: int, errors: list[str]) -> ReporterRule:
    keys = (
        "valid_from",
        "valid_to",
        "departments",
        "unit_structure",
        "unit_codes",
        "unit_level",
        "who",
        "provenance",
        "source",
        "note",
    )
    table = Table(raw, _("Reporters no. %(index)s") % {"index": index}, errors, keys)
    codes = table.get("unit_codes", [])
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        table.error(_("“unit_codes” must be a list of unit codes"))
        codes = []
    level = table.get("unit_level", "")
    if level not in ("", "district", "commune"):
        table.error(_("“unit_level” must be district or commune"))
    if codes and level:
        table.error(_("give either “unit_codes” or “unit_level”, not both"))
    start, end = table.date("valid_from"), table.date("valid_to")
    if end < start:
        table.error(_("“valid_to” is before “valid_from”"))
    status, source, note = _provenance(table)
    return ReporterRule(
        valid_from=start,
        valid_to=end,
        departments=table.boolean("departments", default=False),
        unit_structure=table.choice("unit_structure", STRUCTURES),
        unit_codes=tuple(codes),
        unit_level=str(level or ""),
        who=table.text("who"),
        provenance=status,
        source=source,
        note=note,
    )


def _read_task(raw: object, index: int, errors: list[str]) -> TaskSpec:
    keys = ("code", "title", "pillar", "provenance", "source", "note")
    place = _("Task no. %(index)s") % {"index": index}
    if isinstance(raw, Mapping) and isinstance(raw.get("code"), str):
        place = _("Task %(code)s") % {"code": raw["code"]}
    table = Table(raw, place, errors, keys)
    code = table.text("code")
    if code and not _CODE.match(code):
        table.error(_("the code “%(code)s” is not valid") % {"code": code})
    status, source, note = _provenance(table)
    return TaskSpec(code, table.text("title"), table.text("pillar", required=False), status, source, note)


def _read_pilot(raw: object, index: int, errors: list[str]) -> PilotSpec:
    keys = ("code", "kind", "name", "unit_structure", "unit_code", "provenance", "source", "note")
    place = _("Pilot no. %(index)s") % {"index": index}
    if isinstance(raw, Mapping) and isinstance(raw.get("code"), str):
        place = _("Pilot %(code)s") % {"code": raw["code"]}
    table = Table(raw, place, errors, keys)
    status, source, note = _provenance(table)
    return PilotSpec(
        code=table.text("code"),
        kind=table.choice("kind", PILOT_KINDS),
        name=table.text("name"),
        unit_structure=table.choice("unit_structure", STRUCTURES),
        unit_code=table.text("unit_code"),
        provenance=status,
        source=source,
        note=note,
    )


def _unit_types(table: Table) -> tuple[str, ...]:
    unit_types = table.data.get("unit_types", [])
    if not isinstance(unit_types, list) or any(kind not in UNIT_TYPES for kind in unit_types):
        table.error(_("“unit_types” must be a list drawn from %(types)s") % {"types": ", ".join(UNIT_TYPES)})
        return ()
    return tuple(unit_types)


def read_basis(raw: object, place: str, errors: list[str], scope: Scope | None = None) -> Basis:
    """A target's basis; structure, province and as-of date default to the plan's scope when it has one."""
    table = Table(
        raw, f"{place}, basis", errors, ("structure", "province", "level", "unit_types", "as_of", "why")
    )
    if scope is not None:
        structure = table.choice("structure", STRUCTURES, default=scope.structure)
        province = table.text("province", required=False) or scope.province
        as_of = table.date("as_of") if "as_of" in table.data else scope.as_of
    else:
        structure = table.choice("structure", STRUCTURES)
        province = table.text("province")
        as_of = table.date("as_of")
    return Basis(
        structure=structure,
        province=province,
        level=table.choice("level", LEVELS),
        unit_types=_unit_types(table),
        as_of=as_of,
        why=table.text("why", required=False),
    )


def _read_scope(raw: object, errors: list[str]) -> Scope | None:
    if raw is None:
        return None
    keys = ("structure", "province", "as_of", "wording", "source", "note", *SCOPE_LEVELS)
    table = Table(raw, _("Plan scope [scope]"), errors, keys)
    levels = []
    for name in SCOPE_LEVELS:
        if name not in table.data:
            continue
        level = Table(
            table.data[name], f"[scope.{name}]", errors, ("wording", "source", "codes", "unit_types")
        )
        level_source = level.text("source")
        if level_source:
            check_source(level_source, level.place, errors)
        codes = level.data.get("codes", [])
        if not isinstance(codes, list) or not all(isinstance(code, str) and code for code in codes):
            level.error(_("“codes” must be a list of unit codes"))
            codes = []
        levels.append(
            (
                name,
                ScopeLevel(
                    wording=level.text("wording"),
                    source=level_source,
                    codes=tuple(codes),
                    unit_types=_unit_types(level),
                ),
            )
        )
    source = table.text("source")
    if source:
        check_source(source, table.place, errors)
    return Scope(
        structure=table.choice("structure", STRUCTURES),
        province=table.text("province"),
        as_of=table.date("as_of"),
        wording=table.text("wording"),
        source=source,
        note=table.text("note", required=False),
        levels=tuple(levels),
    )


def check_params(method: str, params: object, place: str) -> list[str]:
    """Problems with a target's method parameters."""
    if not isinstance(params, Mapping):
        return [_("%(place)s: “params” must be a table") % {"place": place}]
    problems = []
    for key, choices in METHOD_PARAMS.get(method, {}).items():
        value = params.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                _("%(place)s: the method %(method)s needs the parameter “%(key)s”")
                % {"place": place, "method": method, "key": key}
            )
        elif choices is not None and value not in choices:
            problems.append(
                _("%(place)s: the parameter “%(key)s” must be one of %(choices)s")
                % {"place": place, "key": key, "choices": ", ".join(choices)}
            )
    return problems


def read_target(
    raw: object, place: str, errors: list[str], scope: Scope | None = None, *, cite: bool = True
) -> TargetSpec:
    """One target; ``cite`` (a file being loaded) requires its source to cite the legal registry."""
    keys = (
        "code",
        "section",
        "quote",
        "text",
        "measure",
        "measure_unit",
        "target_value",
        "comparison",
        "deadline",
        "year",
        "method",
        "params",
        "basis",
        "provenance",
        "source",
        "reference",
        "note",
    )
    table = Table(raw, place, errors, keys)
    code = table.text("code")
    if code and not _CODE.match(code):
        table.error(
            _("the code “%(code)s” is not valid (letters, digits, dots, hyphens; at most 40 characters)")
            % {"code": code}
        )
    method = table.choice("method", METHODS)
    params = table.data.get("params", {})
    errors.extend(check_params(method, params, place))
    measure_unit = table.choice("measure_unit", MEASURE_UNITS)
    value = table.decimal("target_value")
    if measure_unit == "percent" and value > 100:
        table.error(_("a percentage target value must be from 0 to 100"))
    year = table.integer("year", minimum=2000)
    status, source, note = _provenance(table) if cite else table.provenance()
    return TargetSpec(
        code=code,
        section=table.text("section", required=False),
        text=table.text("text"),
        measure=table.text("measure"),
        measure_unit=measure_unit,
        target_value=value,
        comparison=table.choice("comparison", COMPARISONS, default=">="),
        deadline=table.date("deadline"),
        year=year,
        method=method,
        params=dict(params) if isinstance(params, Mapping) else {},
        basis=read_basis(table.data.get("basis"), place, errors, scope),
        provenance=status,
        source=source,
        reference=table.text("reference", required=False),
        note=note,
        quote=table.text("quote", required=False),
    )


def _duplicates(codes: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    duplicated = []
    for code in codes:
        if code in seen and code not in duplicated:
            duplicated.append(code)
        seen.add(code)
    return duplicated


def _read_plan(data: Mapping[str, Any], errors: list[str]) -> PlanSpec:
    keys = (
        "schema",
        "code",
        "name",
        "short_name",
        "legal_source",
        "year_from",
        "year_to",
        "provenance",
        "source",
        "note",
        "reporting",
        "scope",
        "tasks",
        "pilots",
        "targets",
    )
    table = Table(data, _("Plan"), errors, keys)
    if data.get("schema") != SCHEMA_VERSION:
        table.error(_("“schema” must be %(schema)s") % {"schema": SCHEMA_VERSION})
    code = table.text("code")
    if code and not _PLAN_CODE.match(code):
        table.error(
            _("the plan code “%(code)s” is not valid (lowercase letters, digits, dots, hyphens)")
            % {"code": code}
        )
    year_from, year_to = table.integer("year_from", minimum=2000), table.integer("year_to", minimum=2000)
    if year_to < year_from:
        table.error(_("“year_to” must not be less than “year_from”"))
    status, source, note = _provenance(table)
    legal_source = table.text("legal_source")
    if legal_source:
        check_source(legal_source, table.place, errors, key="legal_source")
    tasks = tuple(_read_task(raw, i, errors) for i, raw in enumerate(table.tables("tasks"), start=1))
    pilots = tuple(_read_pilot(raw, i, errors) for i, raw in enumerate(table.tables("pilots"), start=1))
    scope = _read_scope(data.get("scope"), errors)
    targets = []
    for index, raw in enumerate(table.tables("targets"), start=1):
        place = _("Target no. %(index)s") % {"index": index}
        if isinstance(raw, Mapping) and isinstance(raw.get("code"), str):
            place = _("Target %(code)s") % {"code": raw["code"]}
        targets.append(read_target(raw, place, errors, scope))
    for message, items in (
        (_("Plan: the task code “%(code)s” is repeated"), tasks),
        (_("Plan: the pilot code “%(code)s” is repeated"), pilots),
        (_("Plan: the target code “%(code)s” is repeated"), targets),
    ):
        for duplicate in _duplicates(item.code for item in items):
            errors.append(message % {"code": duplicate})
    return PlanSpec(
        code=code,
        name=table.text("name"),
        short_name=table.text("short_name", required=False) or code,
        legal_source=legal_source,
        year_from=year_from,
        year_to=year_to,
        provenance=status,
        source=source,
        note=note,
        reporting=_read_reporting(data.get("reporting"), errors),
        scope=scope,
        tasks=tasks,
        pilots=pilots,
        targets=tuple(targets),
    )
