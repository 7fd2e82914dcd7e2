"""Importing a criteria-set workbook (see ``workbook``): structural checks, cell types, then the set-file rules.

``open_workbook`` reads an uploaded file with the project's guarded reader (``ntm.core.excel.XlsxReader``: size,
an .xlsx zip by content, unpacked size and row/column/cell limits), checks exactly the three sheets, headers, no
merged cell and no formula, and reads its rows; ``apply_workbook`` turns the rows into the content
of a new version on top of the base version's content, all or nothing. Every problem is reported together, each as
"Sheet Ngưỡng, row 12, column G: …" (translated); the set-file validator's problems are placed on the row (and,
where the problem names a field, the column) they come from, using the place each ``SetFileProblem`` carries.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ntm.core.excel import ExcelImportError, ExcelLimits, RawRow, XlsxReader, range_start, where
from ntm.core.messages import gettext as _
from ntm.criteria.setfile import SetFileError, SetFileProblem
from ntm.criteria.setload import from_dict
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
    parse_integer,
)

# --- Reading -------------------------------------------------------------------------------------------------


@dataclass
class OpenedWorkbook:
    """An uploaded workbook that passed the structural checks; ``errors`` holds cell problems found so far.

    ``indicators`` and ``thresholds`` are the non-empty data rows, their values padded to the template's columns."""

    code: str
    base_version: int
    indicators: list[RawRow]
    thresholds: list[RawRow]
    errors: list[str] = field(default_factory=list)


def _read_table(
    reader: XlsxReader, name: str, columns: tuple[Column, ...], errors: list[str]
) -> list[RawRow]:
    rows: list[RawRow] = []
    for raw in reader.rows(name):
        number, values = raw.number, raw.values
        for index in sorted(raw.formulas):
            errors.append(
                _("%(where)s: the cell holds a formula; paste the values (Paste values)")
                % {"where": where(name, number, index)}
            )
        if number == 1:
            _check_headers(name, columns, values, errors)
            continue
        if raw.is_empty:
            continue
        for index in range(len(columns) + 1, len(values) + 1):
            if values[index - 1] not in (None, ""):
                errors.append(
                    _("%(where)s: data outside the template's columns")
                    % {"where": where(name, number, index)}
                )
        padded = tuple(values[: len(columns)]) + (None,) * max(0, len(columns) - len(values))
        rows.append(RawRow(number, padded, raw.formulas))
    return rows


def _check_headers(
    name: str, columns: tuple[Column, ...], values: tuple[object, ...], errors: list[str]
) -> None:
    for index, column in enumerate(columns, start=1):
        found = values[index - 1] if index <= len(values) else None
        text = unicodedata.normalize("NFC", str(found)).strip() if found is not None else ""
        if text != column.header:
            errors.append(
                _("%(where)s: the heading must be '%(header)s', it is '%(text)s'")
                % {"where": where(name, 1, index), "header": column.header, "text": text}
            )
    for index in range(len(columns) + 1, len(values) + 1):
        if values[index - 1] not in (None, ""):
            errors.append(
                _("%(where)s: extra column, not in the template") % {"where": where(name, 1, index)}
            )


def _read_identity(reader: XlsxReader, errors: list[str]) -> tuple[str, int]:
    code, version = "", 0
    seen: set[str] = set()
    for raw in reader.rows(SHEET_GUIDE, max_col=2):
        number, row = raw.number, raw.values
        label = row[0] if row else None
        value = row[1] if len(row) > 1 else None
        if label == LABEL_CODE:
            seen.add(LABEL_CODE)
            code = value.strip() if isinstance(value, str) else ""
            if not code:
                errors.append(
                    _("%(where)s: the criteria-set code is missing")
                    % {"where": where(SHEET_GUIDE, number, 2)}
                )
        elif label == LABEL_VERSION:
            seen.add(LABEL_VERSION)
            try:
                version = parse_integer(value) or 0
            except CellProblem:
                version = 0
            if version < 1:
                errors.append(
                    _("%(where)s: the base version must be a whole number ≥ 1")
                    % {"where": where(SHEET_GUIDE, number, 2)}
                )
        if number > 50:
            break
    for label in (LABEL_CODE, LABEL_VERSION):
        if label not in seen:
            errors.append(
                _("%(where)s: row '%(label)s' not found (column A); use the exported file")
                % {"where": where(SHEET_GUIDE), "label": label}
            )
    return code, version


def open_workbook(data: bytes, *, limits: ExcelLimits | None = None) -> OpenedWorkbook:
    """Structural checks and raw rows; raises ``ExcelImportError`` when the file cannot be read as the template
    (``limits`` default to the settings)."""
    with XlsxReader(data, limits=limits) as reader:
        errors: list[str] = []
        extra = [name for name in reader.sheetnames if name not in SHEETS]
        missing = [name for name in SHEETS if name not in reader.sheetnames]
        errors.extend(
            _("%(where)s: not part of the template; delete this sheet") % {"where": where(name)}
            for name in extra
        )
        errors.extend(
            _("%(where)s: this sheet is missing; use the exported file") % {"where": where(name)}
            for name in missing
        )
        if missing:
            raise ExcelImportError(errors)
        for name, ranges in reader.merged_ranges().items():
            for ref in ranges:
                start = range_start(ref)
                location = where(name, *start) if start else where(name)
                errors.append(
                    _("%(where)s: merged cell %(range)s is not supported; unmerge it (Unmerge)")
                    % {"where": location, "range": ref}
                )
        code, version = _read_identity(reader, errors)
        indicators = _read_table(reader, SHEET_INDICATORS, INDICATOR_COLUMNS, errors)
        thresholds = _read_table(reader, SHEET_THRESHOLDS, THRESHOLD_COLUMNS, errors)
    if not code or version < 1:
        raise ExcelImportError(errors)
    return OpenedWorkbook(code, version, indicators, thresholds, errors)


# --- Applying the rows to the base content -------------------------------------------------------------------


def _parse_row(
    sheet: str, row: RawRow, columns: tuple[Column, ...], errors: list[str]
) -> dict[str, object] | None:
    parsed: dict[str, object] = {}
    ok = True
    for index, column in enumerate(columns, start=1):
        if index in row.formulas:
            ok = False
            continue
        try:
            value = column.parse(row.values[index - 1])
        except CellProblem as problem:
            errors.append(f"{where(sheet, row.number, index)}: {column.header} {problem}")
            ok = False
            continue
        if column.required and value in (None, "", []):
            errors.append(
                _("%(where)s: %(header)s is missing")
                % {"where": where(sheet, row.number, index), "header": column.header}
            )
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
        elif value not in (None, "", [], {}):
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
        elif value not in (None, "", [], {}):
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
                _("%(where)s: indicator code '%(code)s' repeats row %(row)s")
                % {
                    "where": where(SHEET_INDICATORS, row.number, 1),
                    "code": code,
                    "row": assembly.indicator_rows[code],
                }
            )
            continue
        group = assembly.groups.get(str(parsed["criterion"]))
        if group is None:
            assembly.errors.append(
                _(
                    "%(where)s: criterion/condition '%(code)s' is not in the criteria set (to add a criterion, "
                    "edit the criteria-set file)"
                )
                % {
                    "where": where(SHEET_INDICATORS, row.number, column_criterion),
                    "code": parsed["criterion"],
                }
            )
            assembly.rejected.add(code)
            continue
        indicator = _indicator_from(parsed)
        group[1]["indicators"].append(indicator)
        assembly.indicators[code] = indicator
        assembly.indicator_rows[code] = row.number


def _check_selectors(
    parsed: Mapping[str, object], row: RawRow, base: Mapping[str, Any], errors: list[str]
) -> None:
    checks = (
        (
            "region",
            base.get("regions") or {},
            _("%(where)s: region '%(value)s' is not among the set's regions (%(allowed)s)"),
            _("this set does not select by region"),
        ),
        (
            "group",
            {int(k): v for k, v in (base.get("groups") or {}).items()},
            _("%(where)s: commune group '%(value)s' is not among the set's groups (%(allowed)s)"),
            _("this set does not select by commune group"),
        ),
    )
    for key, allowed, message, no_choice in checks:
        value = parsed.get(key)
        if value in (None, ""):
            continue
        if value not in allowed:
            shown = ", ".join(str(code) for code in allowed) or no_choice
            place = where(SHEET_THRESHOLDS, row.number, _column_of(THRESHOLD_COLUMNS, key))
            errors.append(message % {"where": place, "value": value, "allowed": shown})
    year = parsed.get("year")
    if isinstance(year, int) and not base["year_from"] <= year <= base["year_to"]:
        errors.append(
            _("%(where)s: year %(year)s is outside the period %(start)s-%(end)s")
            % {
                "where": where(SHEET_THRESHOLDS, row.number, _column_of(THRESHOLD_COLUMNS, "year")),
                "year": year,
                "start": base["year_from"],
                "end": base["year_to"],
            }
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
                _("%(where)s: indicator '%(code)s' is not in sheet %(sheet)s")
                % {"where": where(SHEET_THRESHOLDS, row.number, 1), "code": code, "sheet": SHEET_INDICATORS}
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
                _(
                    "%(where)s: same selection (region, commune group, year, disadvantaged commune) as row "
                    "%(row)s"
                )
                % {"where": where(SHEET_THRESHOLDS, row.number, 1), "row": seen[selectors]}
            )
        seen.setdefault(selectors, row.number)
        op = parsed.get("op")
        if indicator is not None and op and op != indicator.get("op"):
            assembly.errors.append(
                _(
                    "%(where)s: comparison '%(op)s' differs from the op column of indicator %(code)s in sheet "
                    "%(sheet)s ('%(indicator_op)s'); correct op in sheet %(sheet)s"
                )
                % {
                    "where": where(SHEET_THRESHOLDS, row.number, _column_of(THRESHOLD_COLUMNS, "op")),
                    "op": op,
                    "code": code,
                    "sheet": SHEET_INDICATORS,
                    "indicator_op": indicator.get("op", ""),
                }
            )
        if indicator is None or len(assembly.errors) > problems:
            continue
        indicator["thresholds"].append(_rule_from(parsed))
        counts[code] = counts.get(code, 0) + 1
        assembly.threshold_rows[(code, counts[code])] = row.number


def apply_workbook(opened: OpenedWorkbook, base: Mapping[str, Any]) -> dict[str, Any]:
    """The content of the new version: ``base`` (a version's content) with the workbook's indicators and
    thresholds. Validated with the set-file rules; raises ``ExcelImportError`` listing every problem."""
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
        raise ExcelImportError(assembly.errors)
    try:
        return from_dict(content, cite=True).to_dict()
    except SetFileError as exc:
        raise ExcelImportError([_locate(problem, assembly) for problem in exc.errors]) from None


# --- Placing the set-file validator's problems on sheet rows -------------------------------------------------


def _locate(problem: str, assembly: _Assembly) -> str:
    """The problem on the sheet row (and column) it is about: a threshold rule on its row of the thresholds
    sheet, an indicator on its row of the indicators sheet, anything else on the indicators sheet."""
    if not isinstance(problem, SetFileProblem) or problem.indicator is None:
        return _("%(where)s: %(problem)s") % {"where": where(SHEET_INDICATORS), "problem": problem}
    code = problem.indicator
    if problem.threshold is not None:
        row = assembly.threshold_rows.get((code, problem.threshold))
        column = _field_column(THRESHOLD_COLUMNS, problem.field or "value")
        place = where(SHEET_THRESHOLDS, row, column)
    else:
        row = assembly.indicator_rows.get(code)
        column = _field_column(INDICATOR_COLUMNS, problem.field) if problem.field else None
        place = where(SHEET_INDICATORS, row, column)
    return _("%(where)s: indicator %(code)s: %(text)s") % {"where": place, "code": code, "text": problem.text}


def _field_column(columns: tuple[Column, ...], key: str) -> int | None:
    return next((index for index, column in enumerate(columns, start=1) if column.key == key), None)
