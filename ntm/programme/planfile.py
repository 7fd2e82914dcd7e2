"""Programme plan files (targets, section IV tasks, pilots, reporting rules): a strict TOML loader.

No Django import. A plan ships as one TOML file under ``ntm/programme/targets/`` (``plan-202.toml``). ``load_bytes``
parses and validates it into frozen dataclasses; every problem is collected and raised together as one
``PlanFileError`` whose messages are in Vietnamese and name the place ("Chỉ tiêu KH202-04: …").

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
    open_days_before = 30          a cycle opens this many days before its due date
    close_days_after = 15          and stops taking reports this many days after it
    remind_days_before = 7         reminders go out from this many days before the due date
    parent_body, issuing_body, symbol, place      header of the consolidated report (Decree 30/2020)
    coordinator = "Sở …"           the consolidating body's name as written in a sentence

    [[tasks]]                      section IV tasks: code, title, pillar, provenance, source, note
    [[pilots]]                     pilot models named by the plan: code, kind (digital_commune /
                                   outstanding_field), name, unit_structure, unit_code, provenance, source, note
    [[targets]]                    one row per target (see ``TargetSpec``):
        code, section, text, measure, measure_unit ("percent" | "count"), target_value, comparison (">=" | "<=",
        default ">="), deadline (date), year (the measurement year), method (see ``METHODS``), params (table),
        basis = { structure = "legacy" | "2025", province = "75", level = "commune" | "district" | "province",
                  unit_types = ["xa"], as_of = 2025-06-30 },
        provenance, source, reference (the QĐ 924 counterpart with its mark), note

A computed target of method ``indicator_share`` names a criteria set and indicator (``params.set_code``,
``params.indicator_code``); ``check_indicators`` refuses a set or indicator that does not exist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ntm.core.vocabulary import PROVENANCE_MARKS

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
LEVELS = ("province", "district", "commune")
UNIT_TYPES = ("huyen", "quan", "thi_xa", "thanh_pho", "xa", "phuong", "thi_tran", "dac_khu")
PILOT_KINDS = ("digital_commune", "outstanding_field")
REPORTER_LEVELS = ("province", "district", "commune", "all")
# Required parameters of each method (and their allowed values where there is a closed list).
METHOD_PARAMS: dict[str, dict[str, tuple[str, ...] | None]] = {
    "indicator_share": {"set_code": None, "indicator_code": None},
    "pilots_completed": {"kind": PILOT_KINDS},
    "reported": {"reporter_level": REPORTER_LEVELS},
}

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_PLAN_CODE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,59}$")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


class PlanFileError(ValueError):
    """A plan file (or a target typed on the page) is not valid; ``errors`` lists every problem in Vietnamese."""

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = list(errors)
        super().__init__("Tệp kế hoạch không hợp lệ:\n" + "\n".join(f"- {e}" for e in self.errors))


@dataclass(frozen=True)
class Basis:
    """The set of units a target is measured on."""

    structure: str
    province: str
    level: str
    unit_types: tuple[str, ...]
    as_of: dt.date


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "semi_annual_due": f"{self.semi_annual_due[0]:02d}-{self.semi_annual_due[1]:02d}",
            "annual_due": f"{self.annual_due[0]:02d}-{self.annual_due[1]:02d}",
            "open_days_before": self.open_days_before,
            "close_days_after": self.close_days_after,
            "remind_days_before": self.remind_days_before,
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


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shipped_plan_paths() -> list[Path]:
    return sorted(PLANS_DIR.glob("*.toml"))


def load_path(path: str | Path) -> PlanSpec:
    return load_bytes(Path(path).read_bytes())


def load_bytes(data: bytes) -> PlanSpec:
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PlanFileError([f"Tệp không phải văn bản UTF-8 (byte lỗi ở vị trí {exc.start})"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise PlanFileError([f"Tệp không đúng cú pháp TOML: {exc}"]) from exc
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
                f"Chỉ tiêu {target_code}: không có bộ tiêu chí “{set_code}” (hãy nạp bộ tiêu chí trước)."
            )
        elif indicator_code not in codes[set_code]:
            problems.append(
                f"Chỉ tiêu {target_code}: bộ tiêu chí {set_code} không có chỉ tiêu {indicator_code}."
            )
    return problems


def check_fraction(numerator: object, denominator: object) -> list[str]:
    """Problems with a reported numerator/denominator (0 ≤ numerator ≤ denominator, denominator > 0)."""
    problems = []
    if not isinstance(numerator, int) or isinstance(numerator, bool) or numerator < 0:
        problems.append("Tử số phải là số nguyên không âm.")
    if not isinstance(denominator, int) or isinstance(denominator, bool) or denominator <= 0:
        problems.append("Mẫu số phải là số nguyên lớn hơn 0.")
    if not problems and numerator > denominator:
        problems.append(f"Tử số ({numerator}) lớn hơn mẫu số ({denominator}): hãy kiểm tra lại số liệu.")
    return problems


# --- Reading --------------------------------------------------------------------------------------------------


class _Table:
    def __init__(self, data: object, place: str, errors: list[str], allowed: Iterable[str]) -> None:
        self.place, self.errors = place, errors
        if not isinstance(data, Mapping):
            errors.append(f"{place}: phải là một bảng (table)")
            data = {}
        self.data = data
        for key in sorted(set(data) - set(allowed)):
            errors.append(f"{place}: khóa không hợp lệ “{key}”")

    def error(self, message: str) -> None:
        self.errors.append(f"{self.place}: {message}")

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(f"thiếu “{key}”")
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            self.error(f"“{key}” phải là chuỗi không rỗng")
            return default
        return value.strip()

    def choice(self, key: str, choices: tuple[str, ...], *, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value not in choices:
            self.error(f"“{key}” phải là một trong {', '.join(choices)} (đang là {value!r})")
            return choices[0]
        return value

    def integer(self, key: str, *, default: int | None = None, minimum: int = 0) -> int:
        value = self.data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.error(f"“{key}” phải là số nguyên ≥ {minimum}")
            return minimum
        return value

    def date(self, key: str) -> dt.date:
        value = self.data.get(key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        self.error(f"“{key}” phải là ngày dạng 2025-12-31")
        return dt.date(2000, 1, 1)

    def decimal(self, key: str) -> Decimal:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(f"“{key}” phải là số")
            return Decimal(0)
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.error(f"“{key}” phải là số")
            return Decimal(0)
        if number < 0:
            self.error(f"“{key}” không được âm")
        return number

    def provenance(self) -> tuple[str, str, str]:
        status = self.choice("provenance", PROVENANCE_MARKS)
        return status, self.text("source"), self.text("note", required=False)

    def tables(self, key: str) -> list[object]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.error(f"“{key}” phải là danh sách bảng [[{key}]]")
            return []
        return value


def _month_day(table: _Table, key: str, default: str) -> tuple[int, int]:
    raw = table.data.get(key, default)
    match = _MONTH_DAY.match(raw) if isinstance(raw, str) else None
    if match is None:
        table.error(f"“{key}” phải có dạng MM-DD (ví dụ 06-15)")
        return (1, 1)
    month, day = int(match.group(1)), int(match.group(2))
    try:
        dt.date(2001, month, day)
    except ValueError:
        table.error(f"“{key}” không phải ngày hợp lệ: {raw}")
        return (1, 1)
    return month, day


def _read_reporting(raw: object, errors: list[str]) -> ReportingRules:
    keys = (
        "semi_annual_due",
        "annual_due",
        "open_days_before",
        "close_days_after",
        "remind_days_before",
        "parent_body",
        "issuing_body",
        "coordinator",
        "symbol",
        "place",
        "provenance",
        "source",
        "note",
    )
    table = _Table(raw if raw is not None else {}, "Chế độ báo cáo [reporting]", errors, keys)
    return ReportingRules(
        semi_annual_due=_month_day(table, "semi_annual_due", "06-15"),
        annual_due=_month_day(table, "annual_due", "12-15"),
        open_days_before=table.integer("open_days_before", default=30),
        close_days_after=table.integer("close_days_after", default=15),
        remind_days_before=table.integer("remind_days_before", default=7),
        parent_body=table.text("parent_body", required=False),
        issuing_body=table.text("issuing_body", required=False),
        coordinator=table.text("coordinator", required=False),
        symbol=table.text("symbol", required=False),
        place=table.text("place", required=False),
    )


def _read_task(raw: object, index: int, errors: list[str]) -> TaskSpec:
    keys = ("code", "title", "pillar", "provenance", "source", "note")
    place = f"Nhiệm vụ thứ {index}"
    if isinstance(raw, Mapping) and isinstance(raw.get("code"), str):
        place = f"Nhiệm vụ {raw['code']}"
    table = _Table(raw, place, errors, keys)
    code = table.text("code")
    if code and not _CODE.match(code):
        table.error(f"mã “{code}” không hợp lệ")
    status, source, note = table.provenance()
    return TaskSpec(code, table.text("title"), table.text("pillar", required=False), status, source, note)


def _read_pilot(raw: object, index: int, errors: list[str]) -> PilotSpec:
    keys = ("code", "kind", "name", "unit_structure", "unit_code", "provenance", "source", "note")
    place = f"Thí điểm thứ {index}"
    if isinstance(raw, Mapping) and isinstance(raw.get("code"), str):
        place = f"Thí điểm {raw['code']}"
    table = _Table(raw, place, errors, keys)
    status, source, note = table.provenance()
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


def read_basis(raw: object, place: str, errors: list[str]) -> Basis:
    table = _Table(raw, f"{place}, basis", errors, ("structure", "province", "level", "unit_types", "as_of"))
    unit_types = table.data.get("unit_types", [])
    if not isinstance(unit_types, list) or any(kind not in UNIT_TYPES for kind in unit_types):
        table.error(f"“unit_types” phải là danh sách trong {', '.join(UNIT_TYPES)}")
        unit_types = []
    return Basis(
        structure=table.choice("structure", STRUCTURES),
        province=table.text("province"),
        level=table.choice("level", LEVELS),
        unit_types=tuple(unit_types),
        as_of=table.date("as_of"),
    )


def check_params(method: str, params: object, place: str) -> list[str]:
    """Problems with a target's method parameters."""
    if not isinstance(params, Mapping):
        return [f"{place}: “params” phải là một bảng"]
    problems = []
    for key, choices in METHOD_PARAMS.get(method, {}).items():
        value = params.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{place}: phương pháp {method} cần tham số “{key}”")
        elif choices is not None and value not in choices:
            problems.append(f"{place}: tham số “{key}” phải là một trong {', '.join(choices)}")
    return problems


def read_target(raw: object, place: str, errors: list[str]) -> TargetSpec:
    keys = (
        "code",
        "section",
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
    table = _Table(raw, place, errors, keys)
    code = table.text("code")
    if code and not _CODE.match(code):
        table.error(f"mã “{code}” không hợp lệ (chữ, số, dấu chấm, gạch; tối đa 40 ký tự)")
    method = table.choice("method", METHODS)
    params = table.data.get("params", {})
    errors.extend(check_params(method, params, place))
    measure_unit = table.choice("measure_unit", MEASURE_UNITS)
    value = table.decimal("target_value")
    if measure_unit == "percent" and value > 100:
        table.error("giá trị mục tiêu theo tỷ lệ phải từ 0 đến 100")
    year = table.integer("year", minimum=2000)
    status, source, note = table.provenance()
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
        basis=read_basis(table.data.get("basis"), place, errors),
        provenance=status,
        source=source,
        reference=table.text("reference", required=False),
        note=note,
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
        "tasks",
        "pilots",
        "targets",
    )
    table = _Table(data, "Kế hoạch", errors, keys)
    if data.get("schema") != SCHEMA_VERSION:
        table.error(f"“schema” phải là {SCHEMA_VERSION}")
    code = table.text("code")
    if code and not _PLAN_CODE.match(code):
        table.error(f"mã kế hoạch “{code}” không hợp lệ (chữ thường, số, dấu chấm, gạch)")
    year_from, year_to = table.integer("year_from", minimum=2000), table.integer("year_to", minimum=2000)
    if year_to < year_from:
        table.error("“year_to” phải không nhỏ hơn “year_from”")
    status, source, note = table.provenance()
    tasks = tuple(_read_task(raw, i, errors) for i, raw in enumerate(table.tables("tasks"), start=1))
    pilots = tuple(_read_pilot(raw, i, errors) for i, raw in enumerate(table.tables("pilots"), start=1))
    targets = []
    for index, raw in enumerate(table.tables("targets"), start=1):
        place = f"Chỉ tiêu thứ {index}"
        if isinstance(raw, Mapping) and isinstance(raw.get("code"), str):
            place = f"Chỉ tiêu {raw['code']}"
        targets.append(read_target(raw, place, errors))
    for label, items in (("nhiệm vụ", tasks), ("thí điểm", pilots), ("chỉ tiêu", targets)):
        for duplicate in _duplicates(item.code for item in items):
            errors.append(f"Kế hoạch: mã {label} “{duplicate}” bị trùng")
    return PlanSpec(
        code=code,
        name=table.text("name"),
        short_name=table.text("short_name", required=False) or code,
        legal_source=table.text("legal_source"),
        year_from=year_from,
        year_to=year_to,
        provenance=status,
        source=source,
        note=note,
        reporting=_read_reporting(data.get("reporting"), errors),
        tasks=tasks,
        pilots=pilots,
        targets=tuple(targets),
    )
