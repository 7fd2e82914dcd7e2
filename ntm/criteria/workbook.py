"""A criteria set as an Excel workbook: the coordinator's round trip for entering official values.

No Django import of its own. ``export_workbook`` writes, through ``ntm.core.excel_writer``, three sheets:
"Hướng dẫn" (which set and version the file was exported from, the codes the set accepts, instructions), "Chỉ tiêu"
(one row per indicator) and "Ngưỡng" (one row per threshold rule). This module also defines the columns and how
each cell is read; ``workbook_import`` reads an uploaded file back. Messages are Vietnamese, like the set-file
loader's, because they name the Vietnamese sheets and columns of the workbook.

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
        raise CellProblem(f"phải là văn bản, nhận được {'TRUE' if value else 'FALSE'}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise CellProblem(f"phải là văn bản, nhận được số {value!r}; hãy định dạng ô là Text")
    if not isinstance(value, str):
        raise CellProblem("phải là văn bản")
    return unicodedata.normalize("NFC", value).strip()


def _number(value: object) -> int | float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellProblem(f"phải là một số, nhận được {'TRUE' if value else 'FALSE'}")
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER_TEXT.match(text):
            raise CellProblem(f"phải là một số, nhận được '{text}'")
        value = float(text.replace(",", "."))
    if not isinstance(value, int | float) or value != value or value in (float("inf"), float("-inf")):
        raise CellProblem("phải là một số")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def parse_integer(value: object) -> int | None:
    number = _number(value)
    if number is not None and not isinstance(number, int):
        raise CellProblem(f"phải là số nguyên, nhận được {number!r}")
    return number


def _choice(choices: Iterable[str]) -> Parser:
    allowed = tuple(choices)

    def parse(value: object) -> str | None:
        text = _text(value)
        if not text:
            return None
        if text not in allowed:
            raise CellProblem(f"'{text}' không hợp lệ (chỉ nhận: {', '.join(allowed)})")
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
        raise CellProblem(f"'{text}' không hợp lệ (chỉ nhận: {', '.join(PROVENANCE_MARKS)})")
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
    raise CellProblem(f"{what}, nhận được '{_text(value)}'")


def _expected(value: object) -> bool | None:
    return _yes_no(value, what="phải là Đạt hoặc Không")


def _flag(value: object) -> bool:
    return bool(_yes_no(value, what="ghi Có (hoặc x) hoặc để trống"))


def _codes(value: object) -> list[str]:
    text = _text(value)
    return [part.strip() for part in text.split(",") if part.strip()]


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
    "Cách dùng tệp này",
    "1. Sửa hoặc điền giá trị chính thức ở sheet 'Chỉ tiêu' (một dòng một chỉ tiêu) và 'Ngưỡng' (một dòng một "
    "ngưỡng). Không đổi tên, thêm hay xóa sheet; không gộp ô; không dùng công thức.",
    "2. Mỗi ngưỡng ghi rõ mức xác nhận (confirmed = đã đối chiếu văn bản gốc; partial = xác nhận một phần; "
    "unconfirmed = chưa xác nhận; placeholder = chưa có giá trị) và nguồn trích dẫn (số văn bản, phụ lục, trang).",
    "3. Ngưỡng chưa biết: để trống các cột giá trị và ghi mức xác nhận 'placeholder'. Không tự đặt giá trị.",
    "4. Cột chọn ngưỡng (Vùng, Nhóm xã, Năm, Xã ĐBKK) để trống là ngưỡng chung; ngưỡng cụ thể hơn được ưu tiên.",
    "5. Kiểu percentage/number/count dùng cột Giá trị (hoặc Từ/Đến khi op = range); kiểu boolean dùng cột "
    "Yêu cầu (Đạt/Không); kiểu official_level dùng cột Mức công nhận.",
    "6. Tải tệp lên trang 'Nhập từ Excel' của bộ tiêu chí, kèm ghi chú thay đổi. Hệ thống kiểm tra toàn bộ tệp: "
    "nếu có lỗi thì không lưu gì và liệt kê từng lỗi theo sheet, dòng, cột; nếu hợp lệ thì tạo phiên bản mới.",
    "7. Tệp phải được xuất từ phiên bản mới nhất; nếu trong lúc sửa đã có phiên bản mới hơn, hãy xuất lại.",
)


def _guide_rows(
    content: Mapping[str, Any], version: int, content_hash: str, exported_at: str
) -> Iterable[list[object]]:
    yield [Cell("Bộ tiêu chí — tệp nhập/xuất Excel", Style(bold=True, size=14))]
    yield []
    for label, value in (
        (LABEL_CODE, content.get("code", "")),
        (LABEL_VERSION, version),
        ("Tên bộ tiêu chí", content.get("name", "")),
        ("Giai đoạn", f"{content.get('year_from')}-{content.get('year_to')}"),
        ("Căn cứ pháp lý", content.get("legal_source", "")),
        ("Mã nội dung (SHA-256)", content_hash),
        ("Thời điểm xuất", exported_at),
    ):
        yield [Cell(label, _BOLD), value]
    yield []
    for line in GUIDE_LINES:
        yield [line]
    yield []
    yield [Cell("Mã dùng được trong bộ này", _BOLD)]
    for title, key in (("Vùng", "regions"), ("Nhóm xã", "groups"), ("Điều kiện áp dụng", "flags")):
        for code, label in (content.get(key) or {}).items():
            yield [title, str(code), label]
    for group_key, title in (("conditions", "Điều kiện"), ("criteria", "Tiêu chí")):
        for group in content.get(group_key) or []:
            yield [title, group["code"], group["name"]]
    for mark, name in MARK_NAMES.items():
        yield ["Mức xác nhận", mark, name]
    yield ["Kiểu giá trị", ", ".join(KINDS)]
    yield ["Phép so sánh", ", ".join(_OPS)]


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
