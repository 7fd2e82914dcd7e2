"""Importing a criteria-set workbook (see ``workbook``): structural checks, cell types, then the set-file rules.

No view or model import. ``open_workbook`` checks an uploaded file (size and an .xlsx by content through
``ntm.core.uploads.check_workbook``, exactly the three
sheets, headers, no merged cell, no formula) and reads its rows; ``apply_workbook`` turns the rows into the content
of a new version on top of the base version's content, all or nothing. Every problem is reported together, each as
"Sheet Ngưỡng, dòng 12, cột G: …"; the set-file validator's messages are placed on the row (and, where the message
names it, the column) they come from.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from defusedxml import ElementTree
from openpyxl import load_workbook

from ntm.core.exceptions import ServiceError
from ntm.core.uploads import NOT_A_WORKBOOK, check_workbook
from ntm.criteria.setfile import SetFileError, from_dict
from ntm.criteria.workbook import (
    INDICATOR_COLUMNS,
    INDICATOR_FIELDS,
    LABEL_CODE,
    LABEL_VERSION,
    SHEET_GUIDE,
    SHEET_INDICATORS,
    SHEET_THRESHOLDS,
    SHEETS,
    THRESHOLD_COLUMNS,
    THRESHOLD_FIELDS,
    CellProblem,
    Column,
    WorkbookError,
    parse_integer,
    place,
)

MAX_ROWS = 5000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


# --- Reading -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    """One non-empty data row: its number as Excel shows it and its raw cell values (formulas excluded)."""

    number: int
    values: tuple[object, ...]
    formula_columns: frozenset[int] = frozenset()


@dataclass
class OpenedWorkbook:
    """An uploaded workbook that passed the structural checks; ``errors`` holds cell problems found so far."""

    code: str
    base_version: int
    indicators: list[SheetRow]
    thresholds: list[SheetRow]
    errors: list[str] = field(default_factory=list)


def check_xlsx(data: bytes, *, max_bytes: int) -> None:
    """Refuse what is not an .xlsx workbook (judged by content, never by name) or is too large."""
    try:
        check_workbook(data, limit=max_bytes)
    except ServiceError as exc:
        raise WorkbookError([exc.message]) from None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
            raise WorkbookError([NOT_A_WORKBOOK])
        if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
            raise WorkbookError(["Tệp Excel giải nén quá lớn; hãy dùng đúng tệp đã xuất."])


def _merged_ranges(data: bytes) -> dict[str, list[str]]:
    """Merged ranges per sheet name, read from the sheet XML (openpyxl's read-only mode does not report them)."""
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        except KeyError:
            return found
        targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
        for sheet in book.iter(f"{_MAIN_NS}sheet"):
            target = targets.get(sheet.get(_REL_ID), "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if part not in archive.namelist():
                continue
            xml = archive.read(part)
            if b"mergeCell" not in xml:
                continue
            ranges = [
                cell.get("ref", "") for cell in ElementTree.fromstring(xml).iter(f"{_MAIN_NS}mergeCell")
            ]
            found[sheet.get("name", "")] = [ref for ref in ranges if ref]
    return found


def _range_start(ref: str) -> tuple[int, int] | None:
    match = _CELL_REF.match(ref.split(":")[0])
    if match is None:
        return None
    letters, row = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(row), column


def _read_table(sheet, name: str, columns: tuple[Column, ...], errors: list[str]) -> list[SheetRow]:
    rows: list[SheetRow] = []
    sheet.reset_dimensions()  # a stale <dimension> tag must not hide rows
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number > MAX_ROWS + 1:
            errors.append(f"{place(name)}: quá {MAX_ROWS} dòng dữ liệu")
            break
        values = [cell.value for cell in cells]
        formulas = frozenset(
            index for index, cell in enumerate(cells, start=1) if getattr(cell, "data_type", None) == "f"
        )
        for index in sorted(formulas):
            errors.append(f"{place(name, number, index)}: ô chứa công thức; hãy dán giá trị (Paste values)")
        if number == 1:
            _check_headers(name, columns, values, errors)
            continue
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            continue
        for index in range(len(columns) + 1, len(values) + 1):
            if values[index - 1] not in (None, ""):
                errors.append(f"{place(name, number, index)}: có dữ liệu ngoài các cột của mẫu")
        padded = tuple(values[: len(columns)]) + (None,) * max(0, len(columns) - len(values))
        rows.append(SheetRow(number, padded, formulas))
    return rows


def _check_headers(name: str, columns: tuple[Column, ...], values: list[object], errors: list[str]) -> None:
    for index, column in enumerate(columns, start=1):
        found = values[index - 1] if index <= len(values) else None
        text = unicodedata.normalize("NFC", str(found)).strip() if found is not None else ""
        if text != column.header:
            errors.append(f"{place(name, 1, index)}: tiêu đề phải là '{column.header}', đang là '{text}'")
    for index in range(len(columns) + 1, len(values) + 1):
        if values[index - 1] not in (None, ""):
            errors.append(f"{place(name, 1, index)}: cột thừa, không có trong mẫu")


def _read_identity(sheet, errors: list[str]) -> tuple[str, int]:
    code, version = "", 0
    seen: set[str] = set()
    for number, row in enumerate(sheet.iter_rows(max_col=2, values_only=True), start=1):
        label = row[0] if row else None
        value = row[1] if len(row) > 1 else None
        if label == LABEL_CODE:
            seen.add(LABEL_CODE)
            code = value.strip() if isinstance(value, str) else ""
            if not code:
                errors.append(f"{place(SHEET_GUIDE, number, 2)}: thiếu mã bộ tiêu chí")
        elif label == LABEL_VERSION:
            seen.add(LABEL_VERSION)
            try:
                version = parse_integer(value) or 0
            except CellProblem:
                version = 0
            if version < 1:
                errors.append(f"{place(SHEET_GUIDE, number, 2)}: phiên bản gốc phải là số nguyên ≥ 1")
        if number > 50:
            break
    for label in (LABEL_CODE, LABEL_VERSION):
        if label not in seen:
            errors.append(
                f"{place(SHEET_GUIDE)}: không tìm thấy dòng '{label}' (cột A); hãy dùng tệp đã xuất"
            )
    return code, version


def open_workbook(data: bytes, *, max_bytes: int) -> OpenedWorkbook:
    """Structural checks and raw rows; raises ``WorkbookError`` when the file cannot be read as the template."""
    check_xlsx(data, max_bytes=max_bytes)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors for broken files
        raise WorkbookError(
            ["Không đọc được tệp Excel (tệp hỏng hoặc không đúng định dạng .xlsx)."]
        ) from None
    try:
        errors: list[str] = []
        extra = [name for name in book.sheetnames if name not in SHEETS]
        missing = [name for name in SHEETS if name not in book.sheetnames]
        errors.extend(f"Sheet {name}: không thuộc mẫu; hãy xóa sheet này" for name in extra)
        errors.extend(f"Sheet {name}: thiếu sheet này; hãy dùng tệp đã xuất" for name in missing)
        if missing:
            raise WorkbookError(errors)
        for name, ranges in _merged_ranges(data).items():
            for ref in ranges:
                start = _range_start(ref)
                where = place(name, *start) if start else place(name)
                errors.append(f"{where}: ô gộp {ref} không được hỗ trợ; hãy bỏ gộp ô (Unmerge)")
        code, version = _read_identity(book[SHEET_GUIDE], errors)
        indicators = _read_table(book[SHEET_INDICATORS], SHEET_INDICATORS, INDICATOR_COLUMNS, errors)
        thresholds = _read_table(book[SHEET_THRESHOLDS], SHEET_THRESHOLDS, THRESHOLD_COLUMNS, errors)
    finally:
        book.close()
    if not code or version < 1:
        raise WorkbookError(errors)
    return OpenedWorkbook(code, version, indicators, thresholds, errors)


# --- Applying the rows to the base content -------------------------------------------------------------------


def _parse_row(
    sheet: str, row: SheetRow, columns: tuple[Column, ...], errors: list[str]
) -> dict[str, object] | None:
    parsed: dict[str, object] = {}
    ok = True
    for index, column in enumerate(columns, start=1):
        if index in row.formula_columns:
            ok = False
            continue
        try:
            value = column.parse(row.values[index - 1])
        except CellProblem as problem:
            errors.append(f"{place(sheet, row.number, index)}: {column.header} {problem}")
            ok = False
            continue
        if column.required and value in (None, "", []):
            errors.append(f"{place(sheet, row.number, index)}: thiếu {column.header}")
            ok = False
        parsed[column.key] = value
    return parsed if ok else None


def _column_of(columns: tuple[Column, ...], key: str) -> int:
    return next(index for index, column in enumerate(columns, start=1) if column.key == key)


@dataclass
class _Assembly:
    """Rows being turned into content, and where each indicator and rule came from (to place errors)."""

    base: Mapping[str, Any]
    errors: list[str]
    groups: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)
    indicator_rows: dict[str, int] = field(default_factory=dict)
    rejected: set[str] = field(default_factory=set)  # codes of indicator rows that had errors
    threshold_rows: dict[tuple[str, int], int] = field(default_factory=dict)


def _indicator_from(parsed: Mapping[str, object]) -> dict[str, Any]:
    data: dict[str, Any] = {"code": parsed["code"]}
    for key in INDICATOR_FIELDS:
        value = parsed.get(key)
        if key in ("department", "measure_unit"):
            data[key] = value or ""
        elif value not in (None, "", []):
            data[key] = value
    data["thresholds"] = []
    return data


def _rule_from(parsed: Mapping[str, object]) -> dict[str, Any]:
    rule: dict[str, Any] = {}
    for key in THRESHOLD_FIELDS:
        value = parsed.get(key)
        if key == "disadvantaged":
            if value:
                rule[key] = True
        elif value not in (None, "", []):
            rule[key] = value
    return rule


def _apply_indicators(opened: OpenedWorkbook, assembly: _Assembly) -> None:
    column_criterion = _column_of(INDICATOR_COLUMNS, "criterion")
    for row in opened.indicators:
        parsed = _parse_row(SHEET_INDICATORS, row, INDICATOR_COLUMNS, assembly.errors)
        if parsed is None:
            assembly.rejected.add(str(row.values[0]).strip())
            continue
        code = str(parsed["code"])
        if code in assembly.indicator_rows:
            assembly.errors.append(
                f"{place(SHEET_INDICATORS, row.number, 1)}: mã chỉ tiêu '{code}' trùng với dòng "
                f"{assembly.indicator_rows[code]}"
            )
            continue
        group = assembly.groups.get(str(parsed["criterion"]))
        if group is None:
            assembly.errors.append(
                f"{place(SHEET_INDICATORS, row.number, column_criterion)}: tiêu chí/điều kiện "
                f"'{parsed['criterion']}' không có trong bộ tiêu chí (thêm tiêu chí mới: sửa tệp bộ tiêu chí)"
            )
            assembly.rejected.add(code)
            continue
        indicator = _indicator_from(parsed)
        group[1]["indicators"].append(indicator)
        assembly.indicators[code] = indicator
        assembly.indicator_rows[code] = row.number


def _check_selectors(
    parsed: Mapping[str, object], row: SheetRow, base: Mapping[str, Any], errors: list[str]
) -> None:
    checks = (
        ("region", base.get("regions") or {}, "vùng", "các vùng của bộ"),
        ("group", {int(k): v for k, v in (base.get("groups") or {}).items()}, "nhóm xã", "các nhóm của bộ"),
    )
    for key, allowed, what, where in checks:
        value = parsed.get(key)
        if value in (None, ""):
            continue
        if value not in allowed:
            shown = ", ".join(str(code) for code in allowed) or "bộ này không chọn theo " + what
            errors.append(
                f"{place(SHEET_THRESHOLDS, row.number, _column_of(THRESHOLD_COLUMNS, key))}: {what} "
                f"'{value}' không có trong {where} ({shown})"
            )
    year = parsed.get("year")
    if isinstance(year, int) and not base["year_from"] <= year <= base["year_to"]:
        errors.append(
            f"{place(SHEET_THRESHOLDS, row.number, _column_of(THRESHOLD_COLUMNS, 'year'))}: năm {year} nằm "
            f"ngoài giai đoạn {base['year_from']}-{base['year_to']}"
        )


def _apply_thresholds(opened: OpenedWorkbook, assembly: _Assembly) -> None:
    seen: dict[tuple[object, ...], int] = {}
    counts: dict[str, int] = {}
    for row in opened.thresholds:
        parsed = _parse_row(SHEET_THRESHOLDS, row, THRESHOLD_COLUMNS, assembly.errors)
        if parsed is None:
            continue
        code = str(parsed["indicator"])
        indicator = assembly.indicators.get(code)
        problems = len(assembly.errors)
        if indicator is None and code not in assembly.rejected:
            assembly.errors.append(
                f"{place(SHEET_THRESHOLDS, row.number, 1)}: chỉ tiêu '{code}' không có trong sheet Chỉ tiêu"
            )
        _check_selectors(parsed, row, assembly.base, assembly.errors)
        selectors = (
            code,
            parsed.get("region"),
            parsed.get("group"),
            parsed.get("year"),
            parsed["disadvantaged"],
        )
        if selectors in seen:
            assembly.errors.append(
                f"{place(SHEET_THRESHOLDS, row.number, 1)}: trùng điều kiện chọn (vùng, nhóm xã, năm, xã ĐBKK) "
                f"với dòng {seen[selectors]}"
            )
        seen.setdefault(selectors, row.number)
        op = parsed.get("op")
        if indicator is not None and op and op != indicator.get("op"):
            assembly.errors.append(
                f"{place(SHEET_THRESHOLDS, row.number, _column_of(THRESHOLD_COLUMNS, 'op'))}: phép so sánh "
                f"'{op}' khác cột op của chỉ tiêu {code} ở sheet Chỉ tiêu ('{indicator.get('op', '')}'); "
                f"sửa op ở sheet Chỉ tiêu"
            )
        if indicator is None or len(assembly.errors) > problems:
            continue
        indicator["thresholds"].append(_rule_from(parsed))
        counts[code] = counts.get(code, 0) + 1
        assembly.threshold_rows[(code, counts[code])] = row.number


def apply_workbook(opened: OpenedWorkbook, base: Mapping[str, Any]) -> dict[str, Any]:
    """The content of the new version: ``base`` (a version's content) with the workbook's indicators and
    thresholds. Validated with the set-file rules; raises ``WorkbookError`` listing every problem."""
    content: dict[str, Any] = {
        key: value for key, value in base.items() if key not in ("conditions", "criteria")
    }
    assembly = _Assembly(base=base, errors=list(opened.errors))
    for group_key in ("conditions", "criteria"):
        groups = []
        for group in base.get(group_key) or []:
            copy = {key: value for key, value in group.items() if key != "indicators"}
            copy["indicators"] = []
            groups.append(copy)
            assembly.groups[group["code"]] = (group_key, copy)
        if group_key in base:
            content[group_key] = groups
    _apply_indicators(opened, assembly)
    _apply_thresholds(opened, assembly)
    if assembly.errors:
        raise WorkbookError(assembly.errors)
    try:
        return from_dict(content).to_dict()
    except SetFileError as exc:
        raise WorkbookError([_locate(message, assembly) for message in exc.errors]) from None


# --- Placing the set-file validator's messages on sheet rows -------------------------------------------------

_RULE_MESSAGE = re.compile(r"^Chỉ tiêu ([^\s,:]+), ngưỡng thứ (\d+): (.*)$", re.S)
_INDICATOR_MESSAGE = re.compile(r"^Chỉ tiêu ([^\s,:]+): (.*)$", re.S)
_RULE_KEYWORDS = (
    ("thiếu giá trị", "value"),
    ("min lớn hơn max", "min"),
    ("factor", "factor"),
    ("vùng", "region"),
    ("nhóm xã", "group"),
    ("năm ", "year"),
    ("disadvantaged", "disadvantaged"),
    ("mức công nhận", "levels"),
    ("placeholder", "provenance"),
    ("provenance", "provenance"),
    ("trích dẫn", "source"),
    ("tham chiếu", "ref_set"),
    ("", "value"),
)
_INDICATOR_KEYWORDS = (
    ("applies_if", "applies_if"),
    ("derive_levels", "derive_levels"),
    ("derive", "derive"),
    ("department_provenance", "department_provenance"),
    ("đơn vị phụ trách", "department"),
    ("kind", "kind"),
    ("kiểu", "kind"),
    ("op ", "op"),
    ("thiếu tên", "name"),
    ("placeholder", "provenance"),
    ("trích dẫn", "source"),
)


def _keyword_column(
    message: str, keywords: tuple[tuple[str, str], ...], columns: tuple[Column, ...]
) -> int | None:
    lowered = message.casefold()
    for word, key in keywords:
        if word in lowered:
            return _column_of(columns, key)
    return None


def _locate(message: str, assembly: _Assembly) -> str:
    rule = _RULE_MESSAGE.match(message)
    if rule:
        code, number, text = rule.group(1), int(rule.group(2)), rule.group(3)
        row = assembly.threshold_rows.get((code, number))
        column = _keyword_column(text, _RULE_KEYWORDS, THRESHOLD_COLUMNS)
        return f"{place(SHEET_THRESHOLDS, row, column)}: chỉ tiêu {code}: {text}"
    indicator = _INDICATOR_MESSAGE.match(message)
    if indicator:
        code, text = indicator.group(1), indicator.group(2)
        row = assembly.indicator_rows.get(code)
        column = _keyword_column(text, _INDICATOR_KEYWORDS, INDICATOR_COLUMNS)
        return f"{place(SHEET_INDICATORS, row, column)}: chỉ tiêu {code}: {text}"
    return f"{place(SHEET_INDICATORS)}: {message}"
