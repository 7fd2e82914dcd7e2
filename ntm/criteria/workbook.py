"""A criteria set as an Excel workbook: the coordinator's round trip for entering official values.

No Django import of its own. ``export_workbook`` writes, through ``ntm.core.excel_writer``, three sheets:
"Hướng dẫn" (which set and version the file was exported from, the codes the set accepts, instructions), "Chỉ tiêu"
(one row per indicator) and "Ngưỡng" (one row per threshold rule). This module also defines the columns and how
each cell is read; ``workbook_import`` reads an uploaded file back. The sheet names, column headers, guide labels
and cell words that the import reads back are Vietnamese in every language; the instructions and the messages
about cells are translated.

What the workbook may change: every field of every indicator, the list of indicators of each existing criterion
(add, remove, reorder rows) and every threshold rule. Set-level data (name, period, regions, groups, flags, the
criteria themselves) stays as in the base version; it is changed in the set file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ntm.core.excel_writer import Cell, ListValidation, Sheet, Style, workbook_bytes
from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.vocabulary import CONFIRMED, PARTIAL, PLACEHOLDER, PROVENANCE_MARKS, UNCONFIRMED
from ntm.criteria.setfile import COMPARE_OPS, KINDS, RANGE_OP

SHEET_GUIDE = "Hướng dẫn"
SHEET_INDICATORS = "Chỉ tiêu"
SHEET_THRESHOLDS = "Ngưỡng"
SHEETS = (SHEET_GUIDE, SHEET_INDICATORS, SHEET_THRESHOLDS)
LABEL_CODE = "Mã bộ tiêu chí"
LABEL_VERSION = "Phiên bản gốc"
_NUMBER_TEXT = re.compile(r"^-?\d+(?:[.,]\d+)?$")


# --- Columns -------------------------------------------------------------------------------------------------

type Parser = Callable[[object], object]


class CellProblem(ValueError):
    """A cell's value has the wrong type or is not one of the allowed values."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    parse: Parser
    required: bool = False
    width: int = 14
    text_format: bool = False  # written as text so that "8.4" or "10" stays a code
    choices: tuple[str, ...] = ()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellProblem(_("must be text, got %(value)s") % {"value": "TRUE" if value else "FALSE"})
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise CellProblem(
            _("must be text, got the number %(value)r; format the cell as Text") % {"value": value}
        )
    if not isinstance(value, str):
        raise CellProblem(_("must be text"))
    return unicodedata.normalize("NFC", value).strip()


def _number(value: object) -> int | float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellProblem(_("must be a number, got %(value)s") % {"value": "TRUE" if value else "FALSE"})
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER_TEXT.match(text):
            raise CellProblem(_("must be a number, got '%(value)s'") % {"value": text})
        value = float(text.replace(",", "."))
    if not isinstance(value, int | float) or value != value or value in (float("inf"), float("-inf")):
        raise CellProblem(_("must be a number"))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def parse_integer(value: object) -> int | None:
    number = _number(value)
    if number is not None and not isinstance(number, int):
        raise CellProblem(_("must be a whole number, got %(value)r") % {"value": number})
    return number


def _choice(choices: Iterable[str]) -> Parser:
    allowed = tuple(choices)

    def parse(value: object) -> str | None:
        text = _text(value)
        if not text:
            return None
        if text not in allowed:
            raise CellProblem(
                _("'%(value)s' is not valid (allowed: %(allowed)s)")
                % {"value": text, "allowed": ", ".join(allowed)}
            )
        return text

    return parse


# How the workbook (always in Vietnamese) names each provenance mark; a cell may hold the mark or this name.
MARK_NAMES = {
    CONFIRMED: "Đã xác nhận",
    PARTIAL: "Xác nhận một phần",
    UNCONFIRMED: "Chưa xác nhận",
    PLACEHOLDER: "Chưa có dữ liệu, cần nhập từ văn bản gốc",
}
_PROVENANCE_WORDS = {
    **{mark: mark for mark in PROVENANCE_MARKS},
    **{name.casefold(): mark for mark, name in MARK_NAMES.items()},
    "chưa có dữ liệu": PLACEHOLDER,
}


def _provenance(value: object) -> str | None:
    text = _text(value)
    if not text:
        return None
    status = _PROVENANCE_WORDS.get(text.casefold())
    if status is None:
        raise CellProblem(
            _("'%(value)s' is not valid (allowed: %(allowed)s)")
            % {"value": text, "allowed": ", ".join(PROVENANCE_MARKS)}
        )
    return status


_TRUE_WORDS = {"đạt", "có", "x", "true"}
_FALSE_WORDS = {"không", "false"}


def _yes_no(value: object, *, what: str) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if not text:
        return None
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    raise CellProblem(_(what) % {"value": _text(value)})


def _expected(value: object) -> bool | None:
    return _yes_no(value, what=gettext_noop("must be Đạt or Không, got '%(value)s'"))


def _flag(value: object) -> bool:
    return bool(_yes_no(value, what=gettext_noop("write Có (or x) or leave empty, got '%(value)s'")))


def _codes(value: object) -> list[str]:
    text = _text(value)
    return [part.strip() for part in text.split(",") if part.strip()]


def _pairs(value: object) -> list[tuple[str, str]]:
    """ "clean = Nước sạch; piped = Nước máy" as (code, text) pairs (the parts of a composite indicator)."""
    pairs = []
    for item in _text(value).split(";"):
        if not item.strip():
            continue
        code, sep, text = item.partition("=")
        if not sep or not code.strip() or not text.strip():
            raise CellProblem(
                _("write the parts as code = value; code = value, got '%(value)s'") % {"value": item}
            )
        pairs.append((code.strip(), text.strip()))
    return pairs


def _part_labels(value: object) -> dict[str, str]:
    return dict(_pairs(value))


def _part_numbers(value: object) -> dict[str, int | float]:
    return {code: _number(text) for code, text in _pairs(value)}


def _pairs_text(data: Mapping[str, object] | None) -> str:
    return "; ".join(f"{code} = {value}" for code, value in (data or {}).items())


_OPS = (*COMPARE_OPS, RANGE_OP)

INDICATOR_COLUMNS = (
    Column("code", "Mã chỉ tiêu", _text, required=True, width=10, text_format=True),
    Column("criterion", "Thuộc tiêu chí/điều kiện", _text, required=True, width=10, text_format=True),
    Column("name", "Tên chỉ tiêu", _text, required=True, width=60),
    Column("measure_unit", "Đơn vị tính", _text, width=14),
    Column("kind", "Kiểu giá trị (kind)", _choice(KINDS), required=True, width=14, choices=KINDS),
    Column("op", "Phép so sánh (op)", _choice(_OPS), width=10, choices=_OPS),
    Column("legal_source", "Căn cứ pháp lý", _text, required=True, width=40),
    Column(
        "provenance",
        "Mức xác nhận",
        _provenance,
        required=True,
        width=14,
        choices=PROVENANCE_MARKS,
    ),
    Column("source", "Nguồn trích dẫn", _text, required=True, width=40),
    Column("note", "Ghi chú", _text, width=40),
    Column("department", "Sở, ngành phụ trách (mã)", _text, width=12),
    Column(
        "department_provenance",
        "Mức xác nhận phân công",
        _provenance,
        required=True,
        width=14,
        choices=PROVENANCE_MARKS,
    ),
    Column("department_source", "Nguồn phân công", _text, required=True, width=40),
    Column("applies_if", "Chỉ áp dụng khi có (applies_if)", _text, width=14),
    Column("derive", "Tính từ dữ liệu các xã (derive)", _text, width=14),
    Column("derive_levels", "Mức công nhận được đếm (derive_levels)", _codes, width=14),
    Column("parts", "Thành phần (chỉ tiêu ghép: mã = tên; …)", _part_labels, width=24),
)

THRESHOLD_COLUMNS = (
    Column("indicator", "Mã chỉ tiêu", _text, required=True, width=10, text_format=True),
    Column("region", "Vùng", _text, width=10),
    Column("group", "Nhóm xã", parse_integer, width=8),
    Column("year", "Năm", parse_integer, width=8),
    Column("disadvantaged", "Xã ĐBKK", _flag, width=8),
    Column("op", "Phép so sánh (theo chỉ tiêu)", _choice(_OPS), width=10),
    Column("value", "Giá trị", _number, width=10),
    Column("min", "Từ (min)", _number, width=10),
    Column("max", "Đến (max)", _number, width=10),
    Column("expected", "Yêu cầu (Đạt/Không)", _expected, width=12, choices=("Đạt", "Không")),
    Column("levels", "Mức công nhận", _codes, width=16),
    Column("ref_set", "Bộ tham chiếu", _text, width=22),
    Column("ref_indicator", "Chỉ tiêu tham chiếu", _text, width=10, text_format=True),
    Column("factor", "Hệ số", _number, width=8),
    Column("provenance", "Mức xác nhận", _provenance, required=True, width=14, choices=PROVENANCE_MARKS),
    Column("source", "Nguồn trích dẫn", _text, required=True, width=40),
    Column("note", "Ghi chú", _text, width=40),
    Column("parts", "Giá trị từng thành phần (mã = giá trị; …)", _part_numbers, width=20),
)

INDICATOR_FIELDS = (
    "name",
    "measure_unit",
    "kind",
    "op",
    "legal_source",
    "provenance",
    "source",
    "note",
    "department",
    "department_provenance",
    "department_source",
    "applies_if",
    "derive",
    "derive_levels",
    "parts",
)
THRESHOLD_FIELDS = (
    "region",
    "group",
    "year",
    "disadvantaged",
    "value",
    "min",
    "max",
    "expected",
    "levels",
    "ref_set",
    "ref_indicator",
    "factor",
    "parts",
    "provenance",
    "source",
    "note",
)


# --- Export --------------------------------------------------------------------------------------------------

_BOLD = Style(bold=True)
_HEADER = Style(bold=True, fill="DDE7EE", wrap=True, vertical="top")
_TEXT = Style(number_format="@")
_SPARE_ROWS = 500  # drop-down lists reach this many rows past the data, for rows the coordinator adds

GUIDE_LINES = (
    gettext_noop("How to use this file"),
    gettext_noop(
        "1. Correct or fill in the official values in sheet 'Chỉ tiêu' (one row per indicator) and 'Ngưỡng' (one "
        "row per threshold). Do not rename, add or delete sheets; do not merge cells; do not use formulas."
    ),
    gettext_noop(
        "2. Each threshold states its confirmation level (confirmed = checked against the original document; "
        "partial = partly confirmed; unconfirmed = not confirmed; placeholder = no value yet) and the source "
        "citation (document number, annex, page)."
    ),
    gettext_noop(
        "3. Unknown threshold: leave the value columns empty and write confirmation level 'placeholder'. Never "
        "make up a value."
    ),
    gettext_noop(
        "4. Threshold selection columns (Vùng, Nhóm xã, Năm, Xã ĐBKK) left empty make the general rule; a more "
        "specific rule takes precedence."
    ),
    gettext_noop(
        "5. Kinds percentage/number/count use column Giá trị (or Từ/Đến when op = range); kind boolean uses "
        "column Yêu cầu (Đạt/Không); kind official_level uses column Mức công nhận."
    ),
    gettext_noop(
        "6. Upload the file on the criteria set's 'Import from Excel' page, with a change note. The system checks "
        "the whole file: if there are errors nothing is saved and each error is listed by sheet, row and column; "
        "if it is valid a new version is created."
    ),
    gettext_noop(
        "7. The file must be exported from the latest version; if a newer version appeared while you were "
        "editing, export again."
    ),
)


def _guide_rows(
    content: Mapping[str, Any], version: int, content_hash: str, exported_at: str
) -> Iterable[list[object]]:
    yield [Cell(_("Criteria set — Excel import/export file"), Style(bold=True, size=14))]
    yield []
    for label, value in (
        (LABEL_CODE, content.get("code", "")),
        (LABEL_VERSION, version),
        (_("Criteria set name"), content.get("name", "")),
        (_("Period"), f"{content.get('year_from')}-{content.get('year_to')}"),
        (_("Legal basis"), content.get("legal_source", "")),
        (_("Content fingerprint (SHA-256)"), content_hash),
        (_("Exported at"), exported_at),
    ):
        yield [Cell(label, _BOLD), value]
    yield []
    for line in GUIDE_LINES:
        yield [_(line)]
    yield []
    yield [Cell(_("Codes this set accepts"), _BOLD)]
    for title, key in (
        (_("Region"), "regions"),
        (_("Commune group"), "groups"),
        (_("Applicability"), "flags"),
    ):
        for code, label in (content.get(key) or {}).items():
            yield [title, str(code), label]
    for group_key, title in (("conditions", _("Condition")), ("criteria", _("Criterion"))):
        for group in content.get(group_key) or []:
            yield [title, group["code"], group["name"]]
    for mark, name in MARK_NAMES.items():
        yield [_("Confirmation level"), mark, name]
    yield [_("Value kind"), ", ".join(KINDS)]
    yield [_("Comparison"), ", ".join(_OPS)]


def _table_sheet(title: str, columns: tuple[Column, ...], rows: Iterable[list[object]]) -> Sheet:
    text_columns = [index for index, column in enumerate(columns, start=1) if column.text_format]
    data = [
        [Cell(value, _TEXT) if index in text_columns else value for index, value in enumerate(row, start=1)]
        for row in rows
    ]
    last = max(len(data) + 1, 2) + _SPARE_ROWS
    return Sheet(
        title,
        header=[column.header for column in columns],
        header_style=_HEADER,
        rows=data,
        widths=[column.width for column in columns],
        column_formats=dict.fromkeys(text_columns, "@"),  # codes stay text ("8.4", "10") in new rows too
        freeze="B2",
        validations=[
            ListValidation(column.choices, index, range(2, last + 1))
            for index, column in enumerate(columns, start=1)
            if column.choices
        ],
    )


def _indicator_rows(content: Mapping[str, Any]) -> Iterable[list[object]]:
    for group_key in ("conditions", "criteria"):
        for group in content.get(group_key) or []:
            for indicator in group["indicators"]:
                row = {**indicator, "criterion": group["code"]}
                row["derive_levels"] = ", ".join(indicator.get("derive_levels", []))
                row["parts"] = _pairs_text(indicator.get("parts"))
                yield [row.get(column.key, "") or "" for column in INDICATOR_COLUMNS]


def _threshold_rows(content: Mapping[str, Any]) -> Iterable[list[object]]:
    for group_key in ("conditions", "criteria"):
        for group in content.get(group_key) or []:
            for indicator in group["indicators"]:
                for rule in indicator.get("thresholds", []):
                    row: dict[str, object] = {**rule, "indicator": indicator["code"]}
                    row["op"] = indicator.get("op", "")
                    row["disadvantaged"] = "Có" if rule.get("disadvantaged") else ""
                    if "expected" in rule:
                        row["expected"] = "Đạt" if rule["expected"] else "Không"
                    row["levels"] = ", ".join(rule.get("levels", []))
                    row["parts"] = _pairs_text(rule.get("parts"))
                    yield [_cell(row.get(column.key)) for column in THRESHOLD_COLUMNS]


def _cell(value: object) -> object:
    return "" if value is None else value


def export_workbook(
    content: Mapping[str, Any], *, version: int, content_hash: str, exported_at: str = ""
) -> bytes:
    """The workbook of one version of a set (``content`` is ``CriteriaSet.to_dict()``)."""
    return workbook_bytes(
        [
            Sheet(
                SHEET_GUIDE,
                rows=_guide_rows(content, version, content_hash, exported_at),
                widths=[26, 30, 80],
            ),
            _table_sheet(SHEET_INDICATORS, INDICATOR_COLUMNS, _indicator_rows(content)),
            _table_sheet(SHEET_THRESHOLDS, THRESHOLD_COLUMNS, _threshold_rows(content)),
        ]
    )
