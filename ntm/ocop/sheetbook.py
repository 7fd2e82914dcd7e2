"""An OCOP score sheet as an Excel workbook: the province's round trip for editing and versioning a sheet.

``export_workbook`` writes one sheet version (its TOML text) as five sheets: "Hướng dẫn" (which sheet and version
the file came from, the new version to create, the sheet-level facts, instructions), "Hạng sao" (star bands),
"Phần" (parts A/B/C), "Mục" (sections) and "Tiêu chí" (one row per option of each sub-criterion). Every fact keeps
its provenance mark and source. ``read_workbook`` reads an upload back through the guarded reader
(``ntm.core.excel.XlsxReader``), checks every cell, and returns the TOML text of the new version, all or nothing:
:class:`~ntm.core.excel.ExcelImportError` lists each problem as "Sheet <name>, row <n>, column <X>: …".

A point value not known yet is written "chưa rõ" (never left empty, never guessed); it is stored as
``"unknown"`` and the sheet refuses scoring until it is filled in. The sheet names, headers, guide labels and cell
words read back are Vietnamese in every language; the instructions and the messages are translated.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ntm.core.excel import ExcelImportError, RawRow, XlsxReader, where
from ntm.core.excel_writer import Cell, ListValidation, Sheet, Style, workbook_bytes
from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import parse
from ntm.core.vocabulary import CONFIRMED, PARTIAL, PLACEHOLDER, PROVENANCE_MARKS, UNCONFIRMED
from ntm.ocop.sheetfile import UNKNOWN, SheetFileError, read_sheet

SHEET_GUIDE = "Hướng dẫn"
SHEET_BANDS = "Hạng sao"
SHEET_PARTS = "Phần"
SHEET_SECTIONS = "Mục"
SHEET_CRITERIA = "Tiêu chí"
SHEETS = (SHEET_GUIDE, SHEET_BANDS, SHEET_PARTS, SHEET_SECTIONS, SHEET_CRITERIA)
UNKNOWN_WORD = "chưa rõ"  # a point value not known yet
YES, NO = "Có", "Không"
MARK_NAMES = {
    CONFIRMED: "Đã xác nhận",
    PARTIAL: "Xác nhận một phần",
    UNCONFIRMED: "Chưa xác nhận",
    PLACEHOLDER: "Chưa có dữ liệu",
}
_MARK_WORDS = {**{m: m for m in PROVENANCE_MARKS}, **{n.casefold(): m for m, n in MARK_NAMES.items()}}
_NUMBER_TEXT = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_MANDATORY = re.compile(r"^\s*(\d)\s*:\s*(\d+(?:[.,]\d+)?)\s*$")


class CellProblem(ValueError):
    pass


# --- cell readers ----------------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellProblem(_("must be text"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if not isinstance(value, str):
        raise CellProblem(_("must be text"))
    return unicodedata.normalize("NFC", value).strip()


def _decimal(value: object) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellProblem(_("must be a number"))
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER_TEXT.match(text):
            raise CellProblem(_("must be a number, got '%(value)s'") % {"value": text})
        value = text.replace(",", ".")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise CellProblem(_("must be a number")) from None
    if not number.is_finite() or number < 0:
        raise CellProblem(_("must be a number of 0 or more"))
    return number


def _points(value: object) -> Decimal | str | None:
    """A number, the word "chưa rõ" (not known yet) or nothing."""
    if isinstance(value, str) and value.strip().casefold() == UNKNOWN_WORD:
        return UNKNOWN
    try:
        return _decimal(value)
    except CellProblem:
        raise CellProblem(
            _("write the points as a number, or '%(word)s' when the value is not known yet")
            % {"word": UNKNOWN_WORD}
        ) from None


def _mark(value: object) -> str | None:
    text = _text(value)
    if not text:
        return None
    mark = _MARK_WORDS.get(text.casefold())
    if mark is None:
        raise CellProblem(
            _("'%(value)s' is not valid (allowed: %(allowed)s)")
            % {"value": text, "allowed": ", ".join(MARK_NAMES.values())}
        )
    return mark


def _yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if not text:
        return None
    if text in ("có", "x"):
        return True
    if text == "không":
        return False
    raise CellProblem(_("write %(yes)s or %(no)s") % {"yes": YES, "no": NO})


def _mandatory(value: object) -> list[dict[str, Any]]:
    """ "3:15; 4:20" — the star and the minimum points of the criterion for that star."""
    text = _text(value)
    rules = []
    for piece in filter(None, (p.strip() for p in text.split(";"))):
        match = _MANDATORY.match(piece)
        if match is None or not 1 <= int(match.group(1)) <= 5:
            raise CellProblem(
                _("write each condition as star:minimum points, separated by ';' (for example 3:15; 4:20)")
            )
        rules.append({"star": int(match.group(1)), "min_points": Decimal(match.group(2).replace(",", "."))})
    return rules


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    parse: Callable[[object], Any]
    required: bool = False
    width: int = 14
    choices: tuple[str, ...] = ()


_MARKS = tuple(MARK_NAMES.values())
BAND_COLUMNS = (
    Column("star", "Hạng sao", _decimal, required=True, width=9),
    Column("min_points", "Điểm từ", _decimal, required=True, width=9),
    Column("provenance", "Mức xác nhận", _mark, required=True, width=18, choices=_MARKS),
    Column("source", "Nguồn trích dẫn", _text, required=True, width=50),
    Column("note", "Ghi chú", _text, width=40),
)
PART_COLUMNS = (
    Column("code", "Mã phần", _text, required=True, width=9),
    Column("name", "Tên phần", _text, required=True, width=40),
    Column("max_points", "Điểm tối đa", _decimal, required=True, width=10),
    Column("provenance", "Mức xác nhận", _mark, required=True, width=18, choices=_MARKS),
    Column("source", "Nguồn trích dẫn", _text, required=True, width=50),
)
SECTION_COLUMNS = (
    Column("code", "Mã mục", _text, required=True, width=9),
    Column("part", "Thuộc phần", _text, required=True, width=9),
    Column("name", "Tên mục", _text, required=True, width=40),
    Column("max_points", "Điểm tối đa", _points, width=10),
    Column("criteria_known", "Đã có tiêu chí con", _yes_no, required=True, width=10, choices=(YES, NO)),
    Column("provenance", "Mức xác nhận", _mark, required=True, width=18, choices=_MARKS),
    Column("source", "Nguồn trích dẫn", _text, required=True, width=50),
    Column("note", "Ghi chú", _text, width=40),
)
CRITERION_COLUMNS = (
    Column("code", "Mã tiêu chí", _text, required=True, width=10),
    Column("section", "Thuộc mục", _text, width=9),
    Column("name", "Tên tiêu chí", _text, width=40),
    Column("option", "Mã mức", _text, required=True, width=8),
    Column("label", "Nội dung mức", _text, required=True, width=40),
    Column("points", "Điểm", _points, required=True, width=9),
    Column("mandatory", "Bắt buộc (sao:điểm tối thiểu)", _mandatory, width=16),
    Column("provenance", "Mức xác nhận", _mark, width=18, choices=_MARKS),
    Column("source", "Nguồn trích dẫn", _text, width=50),
    Column("note", "Ghi chú", _text, width=40),
)
# Columns that describe the criterion (filled on its first option's row; later rows empty or the same).
CRITERION_FIELDS = ("section", "name", "mandatory", "provenance", "source", "note")
TABLES = {
    SHEET_BANDS: BAND_COLUMNS,
    SHEET_PARTS: PART_COLUMNS,
    SHEET_SECTIONS: SECTION_COLUMNS,
    SHEET_CRITERIA: CRITERION_COLUMNS,
}

LABEL_CODE = "Mã phiếu"
LABEL_BASE = "Phiên bản gốc"
LABEL_NEW = "Phiên bản mới"
GUIDE_FIELDS = (  # (label, key, reader, required)
    ("Tên phiếu", "title", _text, True),
    ("Văn bản pháp lý", "legal_document", _text, True),
    ("Áp dụng cho nhóm sản phẩm (mã, cách nhau dấu phẩy; * = tất cả)", "categories", _text, True),
    ("Số chữ số thập phân của điểm trung bình", "decimals", _decimal, True),
    ("Ngưỡng chênh lệch điểm giữa các thành viên", "disagreement_threshold", _decimal, True),
    ("Mức xác nhận", "provenance", _mark, True),
    ("Nguồn trích dẫn", "source", _text, True),
    ("Ghi chú", "note", _text, False),
)

GUIDE_LINES = (
    gettext_noop("How to use this file"),
    gettext_noop(
        "1. Write the new version's name in 'Phiên bản mới' (it must differ from every version already loaded). "
        "Do not rename, add or delete sheets; do not merge cells; do not use formulas."
    ),
    gettext_noop(
        "2. Sheet 'Tiêu chí' has one row per option of a sub-criterion; the criterion's own columns (section, "
        "name, mandatory conditions, confirmation level, source) are filled on its first row."
    ),
    gettext_noop(
        "3. A point value not known yet is written 'chưa rõ': never make one up. A sheet with such values is "
        "shown but refuses scoring until they are filled in."
    ),
    gettext_noop(
        "4. Each fact states its confirmation level (Đã xác nhận, Xác nhận một phần, Chưa xác nhận, Chưa có dữ "
        "liệu) and its source (document number, annex, page)."
    ),
    gettext_noop(
        "5. Upload the file on the score sheet's 'Import from Excel' page. The whole file is checked: with an "
        "error nothing is saved and each error is listed by sheet, row and column; a valid file becomes a new "
        "version. Versions already loaded and evaluations already scored do not change."
    ),
)

_BOLD = Style(bold=True)
_HEADER = Style(bold=True, fill="DDE7EE", wrap=True, vertical="top")
_SPARE_ROWS = 300


# --- export ----------------------------------------------------------------------------------------------------


def _plain(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _shown_points(value: object) -> object:
    return UNKNOWN_WORD if value == UNKNOWN else _plain(value)


def _table(title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> Sheet:
    data = [list(row) for row in rows]
    last = len(data) + 1 + _SPARE_ROWS
    return Sheet(
        title,
        header=[c.header for c in columns],
        header_style=_HEADER,
        rows=data,
        widths=[c.width for c in columns],
        column_formats={i: "@" for i, c in enumerate(columns, 1) if c.key in ("code", "part", "section")},
        freeze="B2",
        validations=[
            ListValidation(c.choices, i, range(2, last + 1)) for i, c in enumerate(columns, 1) if c.choices
        ],
    )


def export_workbook(text: str) -> bytes:
    """The workbook of one sheet version (``text``: the TOML it was loaded from)."""
    raw = parse(text, SheetFileError)
    mark = lambda entry: MARK_NAMES.get(entry.get("provenance", ""), "")  # noqa: E731
    guide: list[list[object]] = [
        [Cell(_("OCOP score sheet — Excel import/export file"), Style(bold=True, size=14))],
        [],
        [Cell(LABEL_CODE, _BOLD), raw.get("code", "")],
        [Cell(LABEL_BASE, _BOLD), raw.get("version", "")],
        [Cell(LABEL_NEW, _BOLD), ""],
    ]
    for label, key, _reader, _required in GUIDE_FIELDS:
        value = raw.get(key, "")
        if key == "categories":
            value = ", ".join(value or ["*"])
        elif key == "provenance":
            value = mark(raw)
        guide.append([Cell(label, _BOLD), _plain(value)])
    guide.append([])
    guide.extend([_(line)] for line in GUIDE_LINES)
    bands = [
        [b.get("star"), _plain(b.get("min_points")), mark(b), b.get("source", ""), b.get("note", "")]
        for b in raw.get("bands", [])
    ]
    parts = [
        [p.get("code"), p.get("name"), _plain(p.get("max_points")), mark(p), p.get("source", "")]
        for p in raw.get("parts", [])
    ]
    sections = [
        [
            s.get("code"),
            s.get("part"),
            s.get("name"),
            _shown_points(s.get("max_points", "")),
            YES if s.get("criteria_known", True) else NO,
            mark(s),
            s.get("source", ""),
            s.get("note", ""),
        ]
        for s in raw.get("sections", [])
    ]
    criteria = []
    for c in raw.get("criteria", []):
        mandatory = "; ".join(f"{m['star']}:{_plain(m['min_points'])}" for m in c.get("mandatory", []))
        for index, option in enumerate(c.get("options", [])):
            head = [c.get("section"), c.get("name")] if index == 0 else ["", ""]
            tail = [mandatory, mark(c), c.get("source", ""), c.get("note", "")] if index == 0 else [""] * 4
            criteria.append(
                [
                    c.get("code"),
                    *head,
                    option.get("code"),
                    option.get("label"),
                    _shown_points(option.get("points")),
                    *tail,
                ]
            )
    return workbook_bytes(
        [
            Sheet(SHEET_GUIDE, rows=guide, widths=[48, 60]),
            _table(SHEET_BANDS, BAND_COLUMNS, bands),
            _table(SHEET_PARTS, PART_COLUMNS, parts),
            _table(SHEET_SECTIONS, SECTION_COLUMNS, sections),
            _table(SHEET_CRITERIA, CRITERION_COLUMNS, criteria),
        ]
    )


# --- import ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedRow:
    number: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Upload:
    """What an uploaded workbook says: which sheet and version it came from, the new version and its TOML."""

    code: str
    base_version: str
    version: str
    text: str


def _read_table(
    reader: XlsxReader, name: str, columns: Sequence[Column], errors: list[str]
) -> list[ParsedRow]:
    rows = []
    for raw in reader.rows(name):
        for index in sorted(raw.formulas):
            errors.append(
                _("%(where)s: the cell holds a formula; enter a value.")
                % {"where": where(name, raw.number, index)}
            )
        if raw.number == 1:
            for index, column in enumerate(columns, 1):
                found = _text(raw.values[index - 1]) if index <= len(raw.values) else ""
                if found != column.header:
                    errors.append(
                        _("%(where)s: the heading must be '%(header)s', it is '%(text)s'")
                        % {"where": where(name, 1, index), "header": column.header, "text": found}
                    )
            continue
        if raw.is_empty:
            continue
        rows.append(_parse_row(name, raw, columns, errors))
    return rows


def _parse_row(name: str, raw: RawRow, columns: Sequence[Column], errors: list[str]) -> ParsedRow:
    values: dict[str, Any] = {}
    for index, column in enumerate(columns, 1):
        cell = raw.values[index - 1] if index <= len(raw.values) else None
        try:
            value = column.parse(cell)
        except CellProblem as exc:
            errors.append(f"{where(name, raw.number, index)}: {exc}")
            continue  # one problem per cell: a value that cannot be read is not also reported as missing
        if column.required and value in (None, "", []):
            errors.append(_("%(where)s: this cell is required") % {"where": where(name, raw.number, index)})
        values[column.key] = value
    for index in range(len(columns) + 1, len(raw.values) + 1):
        if raw.values[index - 1] not in (None, ""):
            errors.append(
                _("%(where)s: there is data outside the template's columns.")
                % {"where": where(name, raw.number, index)}
            )
    return ParsedRow(raw.number, values)


def _read_guide(reader: XlsxReader, errors: list[str]) -> dict[str, Any]:
    labels = {
        LABEL_CODE: ("code", _text, True),
        LABEL_BASE: ("base", _text, True),
        LABEL_NEW: ("version", _text, True),
    }
    labels.update({label: (key, reader_, req) for label, key, reader_, req in GUIDE_FIELDS})
    found: dict[str, Any] = {}
    for raw in reader.rows(SHEET_GUIDE, max_col=2):
        label = _text(raw.values[0]) if raw.values and isinstance(raw.values[0], str) else ""
        if label not in labels:
            continue
        key, parse_value, required = labels[label]
        cell = raw.values[1] if len(raw.values) > 1 else None
        if 2 in raw.formulas:
            errors.append(
                _("%(where)s: the cell holds a formula; enter a value.")
                % {"where": where(SHEET_GUIDE, raw.number, 2)}
            )
        try:
            value = parse_value(cell)
        except CellProblem as exc:
            errors.append(f"{where(SHEET_GUIDE, raw.number, 2)}: {exc}")
            value = None
        if required and value in (None, ""):
            errors.append(
                _("%(where)s: “%(label)s” is required")
                % {"where": where(SHEET_GUIDE, raw.number, 2), "label": label}
            )
        found[key] = value
    for label, (key, _parse, _required) in labels.items():
        if key not in found:
            errors.append(
                _("Sheet %(sheet)s: the line “%(label)s” is missing") % {"sheet": SHEET_GUIDE, "label": label}
            )
    return found


def _duplicates(name: str, rows: Sequence[ParsedRow], key: str, column: int, errors: list[str]) -> None:
    seen: dict[object, int] = {}
    for row in rows:
        value = row.values.get(key)
        if value in (None, ""):
            continue
        if value in seen:
            errors.append(
                _("%(where)s: “%(value)s” appears twice (first on row %(first)s)")
                % {"where": where(name, row.number, column), "value": value, "first": seen[value]}
            )
        else:
            seen[value] = row.number


def _number_value(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral() else float(value)


def _entry(values: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in keys:
        value = values.get(key)
        if value in (None, ""):
            continue
        out[key] = _number_value(value) if isinstance(value, Decimal) else value
    return out


def read_workbook(data: bytes) -> Upload:
    """The new version an uploaded workbook describes; ``ExcelImportError`` lists every problem."""
    errors: list[str] = []
    with XlsxReader(data) as reader:
        extra = [name for name in reader.sheetnames if name not in SHEETS]
        missing = [name for name in SHEETS if name not in reader.sheetnames]
        if extra:
            errors.append(
                _("The file has sheets that are not in the template: %(sheets)s. Use the template file.")
                % {"sheets": ", ".join(extra)}
            )
        if missing:
            raise ExcelImportError(
                [*errors, *(_("Sheet “%(sheet)s” is missing.") % {"sheet": s} for s in missing)]
            )
        for name in reader.merged_ranges():
            errors.append(
                _("Sheet %(sheet)s: it has merged cells. Unmerge the cells and upload again.")
                % {"sheet": name}
            )
        guide = _read_guide(reader, errors)
        tables = {name: _read_table(reader, name, columns, errors) for name, columns in TABLES.items()}
    bands, parts, sections, options = (
        tables[n] for n in (SHEET_BANDS, SHEET_PARTS, SHEET_SECTIONS, SHEET_CRITERIA)
    )
    for name, rows in ((SHEET_BANDS, bands), (SHEET_PARTS, parts), (SHEET_SECTIONS, sections)):
        _duplicates(name, rows, "star" if name == SHEET_BANDS else "code", 1, errors)
        if not rows and name != SHEET_SECTIONS:
            errors.append(_("Sheet %(sheet)s: no data rows") % {"sheet": name})
    for row in bands:
        star = row.values.get("star")
        if star is not None and (star != star.to_integral() or not 1 <= star <= 5):
            errors.append(
                _("%(where)s: the star must be 1 to 5") % {"where": where(SHEET_BANDS, row.number, 1)}
            )
    for row in parts:
        if row.values.get("code") and row.values["code"] not in ("A", "B", "C"):
            errors.append(
                _("%(where)s: the part must be A, B or C") % {"where": where(SHEET_PARTS, row.number, 1)}
            )
    part_codes = {row.values.get("code") for row in parts}
    for row in sections:
        if row.values.get("part") and row.values["part"] not in part_codes:
            errors.append(
                _("%(where)s: part “%(code)s” is not in sheet %(sheet)s")
                % {
                    "where": where(SHEET_SECTIONS, row.number, 2),
                    "code": row.values["part"],
                    "sheet": SHEET_PARTS,
                }
            )
    section_codes = {row.values.get("code") for row in sections}
    criteria = _group_criteria(options, section_codes, errors)
    if errors:
        raise ExcelImportError(errors)
    document = _document(guide, bands, parts, sections, criteria)
    text = dumps(document)
    try:
        read_sheet(text)
    except SheetFileError as exc:
        raise ExcelImportError(
            [_("The sheet is not valid: %(problem)s") % {"problem": p} for p in exc.errors]
        ) from None
    return Upload(code=guide["code"], base_version=guide["base"], version=guide["version"], text=text)


def _group_criteria(
    rows: Sequence[ParsedRow], section_codes: set[object], errors: list[str]
) -> list[tuple[ParsedRow, list[ParsedRow]]]:
    """Option rows grouped by criterion (consecutive rows with the same code), each criterion's first row first."""
    groups: list[tuple[ParsedRow, list[ParsedRow]]] = []
    closed: set[str] = set()
    columns = {c.key: i for i, c in enumerate(CRITERION_COLUMNS, 1)}
    for row in rows:
        code = row.values.get("code")
        if groups and groups[-1][0].values.get("code") == code:
            first, members = groups[-1]
            for key in CRITERION_FIELDS:
                value = row.values.get(key)
                if value not in (None, "", []) and value != first.values.get(key):
                    errors.append(
                        _("%(where)s: differs from the criterion's first row (%(first)s); leave it empty")
                        % {"where": where(SHEET_CRITERIA, row.number, columns[key]), "first": first.number}
                    )
            members.append(row)
            continue
        if code in closed:
            errors.append(
                _("%(where)s: the rows of criterion “%(code)s” must follow one another")
                % {"where": where(SHEET_CRITERIA, row.number, 1), "code": code}
            )
        if code:
            closed.add(code)
        for key in ("section", "name", "provenance", "source"):
            if row.values.get(key) in (None, ""):
                errors.append(
                    _("%(where)s: required on the first row of a criterion")
                    % {"where": where(SHEET_CRITERIA, row.number, columns[key])}
                )
        section = row.values.get("section")
        if section and section not in section_codes:
            errors.append(
                _("%(where)s: section “%(code)s” is not in sheet %(sheet)s")
                % {
                    "where": where(SHEET_CRITERIA, row.number, columns["section"]),
                    "code": section,
                    "sheet": SHEET_SECTIONS,
                }
            )
        groups.append((row, [row]))
    for _first, members in groups:
        _duplicates(SHEET_CRITERIA, members, "option", columns["option"], errors)
    return groups


def _document(guide, bands, parts, sections, criteria) -> dict[str, Any]:
    categories = [c.strip() for c in (guide.get("categories") or "*").split(",") if c.strip()]
    document: dict[str, Any] = {
        "schema": 1,
        "code": guide["code"],
        "version": guide["version"],
        "title": guide["title"],
        "legal_document": guide["legal_document"],
        "categories": categories,
        "decimals": _number_value(guide["decimals"]),
        "disagreement_threshold": _number_value(guide["disagreement_threshold"]),
        **_entry(guide, ("provenance", "source", "note")),
        "bands": [
            _entry(r.values, ("star", "min_points", "provenance", "source", "note"))
            for r in sorted(bands, key=lambda r: -(r.values.get("star") or 0))
        ],
        "parts": [_entry(r.values, ("code", "name", "max_points", "provenance", "source")) for r in parts],
        "sections": [
            _entry(
                r.values,
                ("code", "part", "name", "max_points", "criteria_known", "provenance", "source", "note"),
            )
            | {"criteria_known": bool(r.values.get("criteria_known"))}
            for r in sections
        ],
        "criteria": [],
    }
    for first, members in criteria:
        entry = _entry(first.values, ("code", "section", "name", "provenance", "source", "note"))
        entry["mandatory"] = [
            {"star": m["star"], "min_points": _number_value(m["min_points"])}
            for m in first.values.get("mandatory") or []
        ]
        entry["options"] = [
            {"code": m.values["option"], "label": m.values["label"]}
            | {"points": UNKNOWN if m.values["points"] == UNKNOWN else _number_value(m.values["points"])}
            for m in members
        ]
        document["criteria"].append(entry)
    return document


# --- TOML ------------------------------------------------------------------------------------------------------


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _pairs(data: Mapping[str, Any]) -> list[str]:
    return [
        f"{key} = {_value(value)}" for key, value in data.items() if value != [] and not _is_tables(value)
    ]


def _is_tables(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def dumps(document: Mapping[str, Any]) -> str:
    """A sheet document as TOML text (``read_sheet`` reads it back)."""
    lines = _pairs(document)
    for key in ("bands", "parts", "sections", "criteria"):
        for entry in document.get(key, []):
            lines.extend(["", f"[[{key}]]", *_pairs(entry)])
            for child in ("mandatory", "options"):
                for sub in entry.get(child, []) if isinstance(entry.get(child), list) else []:
                    lines.extend([f"[[{key}.{child}]]", *_pairs(sub)])
    return "\n".join(lines) + "\n"
