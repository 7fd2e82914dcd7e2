"""Writing Excel workbooks: the one place (with ``excel``) that builds openpyxl objects.

An app describes its sheets as data and ``workbook_bytes`` returns the .xlsx file::

    workbook_bytes([Sheet("Đơn vị", header=["Mã", "Tên"], rows=rows, widths=[10, 40], freeze="A2")])

Sheets are written in write-only mode (rows are streamed, so ``rows`` may be a generator over a large queryset).
A cell is a plain value or a ``Cell`` (a value with a ``Style``); a sheet may have rows above its header
(``preamble``), a header style, column widths and number formats, frozen panes, drop-down lists
(``ListValidation``) and may be hidden (the "Thông tin" sheets that templates carry for their import).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_TITLE = 31  # Excel's limit for a sheet name
# Text that a spreadsheet would take for a formula (OWASP "CSV injection"): written as text, never evaluated.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Style:
    """How a cell looks: bold, font size, a solid fill ("RRGGBB"), wrapping, vertical alignment, number format."""

    bold: bool = False
    size: float | None = None
    fill: str | None = None
    wrap: bool | None = None
    vertical: str | None = None
    number_format: str | None = None


@dataclass(frozen=True)
class Cell:
    """A value written with a style."""

    value: object
    style: Style


@dataclass(frozen=True)
class ListValidation:
    """A drop-down list of ``choices`` on ``column`` (1-based) for ``rows`` (a range or row numbers)."""

    choices: Sequence[str]
    column: int
    rows: Iterable[int]


@dataclass
class Sheet:
    """One sheet: optional rows above the header, the header row, the data rows, and how they look."""

    title: str
    header: Sequence[object] = ()
    rows: Iterable[Sequence[object]] = ()
    widths: Sequence[float] | Mapping[int, float] = ()  # by position from column A, or {column: width}
    preamble: Sequence[Sequence[object]] = ()
    header_style: Style | None = None
    column_formats: Mapping[int, str] = field(default_factory=dict)  # {column: number format}, e.g. "@"
    freeze: str | None = None  # the first scrolling cell, e.g. "A2"
    validations: Sequence[ListValidation] = ()
    hidden: bool = False


def _apply(cell: WriteOnlyCell, style: Style) -> None:
    if style.bold or style.size is not None:
        cell.font = Font(bold=style.bold or None, size=style.size)
    if style.fill:
        cell.fill = PatternFill("solid", fgColor=style.fill)
    if style.wrap is not None or style.vertical is not None:
        cell.alignment = Alignment(wrap_text=style.wrap, vertical=style.vertical)
    if style.number_format:
        cell.number_format = style.number_format


def is_formula_like(value: object) -> bool:
    """Whether ``value`` is text that Excel or LibreOffice would evaluate as a formula if written as it is."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def _cells(worksheet, values: Sequence[object], style: Style | None = None) -> list[object]:
    """The row to append: plain values where possible; a styled cell where a style applies or where text looks
    like a formula (an anonymous comment "=HYPERLINK(…)" must print as typed, never run): that text is stored
    as a string with Excel's quote prefix, so it stays text even when someone edits the cell."""
    row = []
    for value in values:
        if isinstance(value, Cell):
            value, cell_style = value.value, value.style
        else:
            cell_style = style
        formula_like = is_formula_like(value)
        if cell_style is None and not formula_like:
            row.append(value)
            continue
        cell = WriteOnlyCell(worksheet, value=value)
        if formula_like:
            cell.data_type = "s"
            cell.quotePrefix = True
        if cell_style is not None:
            _apply(cell, cell_style)
        row.append(cell)
    return row


def _sqref(validation: ListValidation) -> str:
    letter = get_column_letter(validation.column)
    rows = validation.rows
    if isinstance(rows, range) and rows.step == 1 and len(rows) > 1:
        return f"{letter}{rows.start}:{letter}{rows.stop - 1}"
    return " ".join(f"{letter}{row}" for row in rows)


def _write(workbook: Workbook, sheet: Sheet) -> None:
    worksheet = workbook.create_sheet(sheet.title[:MAX_TITLE])
    widths = sheet.widths if isinstance(sheet.widths, Mapping) else dict(enumerate(sheet.widths, start=1))
    for column, width in widths.items():
        worksheet.column_dimensions[get_column_letter(column)].width = width
    for column, number_format in sheet.column_formats.items():
        worksheet.column_dimensions[get_column_letter(column)].number_format = number_format
    if sheet.freeze:
        worksheet.freeze_panes = sheet.freeze
    for validation in sheet.validations:
        formula = '"' + ",".join(validation.choices) + '"'
        if sqref := _sqref(validation):
            worksheet.data_validations.append(
                DataValidation(type="list", formula1=formula, allow_blank=True, sqref=sqref)
            )
    if sheet.hidden:
        worksheet.sheet_state = "hidden"
    for values in sheet.preamble:
        worksheet.append(_cells(worksheet, values))
    if sheet.header:
        worksheet.append(_cells(worksheet, sheet.header, sheet.header_style))
    for values in sheet.rows:
        worksheet.append(_cells(worksheet, values))


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """The .xlsx file of ``sheets``, in order."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
