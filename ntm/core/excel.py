"""Reading user-supplied Excel workbooks safely: content-checked, size-limited, every problem located.

The one Excel reader of the project (only ``ntm.core`` imports openpyxl; ``excel_writer`` writes workbooks).
``XlsxReader`` checks the bytes before openpyxl sees them (an .xlsx zip by content, the upload size, the unpacked
size of the zip members, the cells of every row and in all: ``check_cells``) and then streams the sheets (``read_only=True``) with the limits of ``ExcelLimits``
enforced row by row (sheets, rows per sheet, columns, cells in total). ``read_sheet`` builds on it: the data
rows of one sheet as dicts keyed by the expected headers, refusing merged cells, formulas, extra sheets and wrong
headers.

Every problem is one line "Sheet <name>, dòng <n>, cột <X>: <message>"; ``ExcelImportError`` carries the first
``MAX_SHOWN_ERRORS`` of them and the count of the rest, and its ``lines`` are what every import page shows
(``core/_import_errors.html``). Nothing is written by this module; importers validate every row, collect all
errors, and write nothing unless the list is empty.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, Self

from defusedxml import ElementTree
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ntm.core.exceptions import ServiceError
from ntm.core.uploads import NOT_A_WORKBOOK, check_workbook

MAX_SHOWN_ERRORS = 200
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([^\"]+)\"")
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
_ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s>/])")
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(si)(?=[\s>/])")


class ExcelImportError(ValueError):
    """The workbook cannot be imported. ``errors`` holds the first ``MAX_SHOWN_ERRORS`` problems, each with its
    place; ``more`` counts the problems left off."""

    def __init__(self, errors: Iterable[str], *, more: int = 0) -> None:
        found = list(errors)
        self.errors = found[:MAX_SHOWN_ERRORS]
        self.more = more + len(found) - len(self.errors)
        super().__init__("; ".join(self.errors[:5]))

    @property
    def lines(self) -> list[str]:
        """The problems as an import page lists them: the shown ones, then how many more there are."""
        if not self.more:
            return list(self.errors)
        tail = ngettext("… and %(counter)s more problem.", "… and %(counter)s more problems.", self.more) % {
            "counter": self.more
        }
        return [*self.errors, tail]


@dataclass(frozen=True)
class ExcelLimits:
    """How much of a workbook the reader accepts (settings ``NTM_MAX_UPLOAD_BYTES`` and ``NTM_EXCEL_*``)."""

    max_bytes: int
    max_unpacked_bytes: int
    max_sheets: int
    max_rows: int  # per sheet, the header rows included
    max_columns: int
    max_cells: int  # in all the sheets read

    @classmethod
    def from_settings(cls) -> Self:
        return cls(
            max_bytes=settings.NTM_MAX_UPLOAD_BYTES,
            max_unpacked_bytes=settings.NTM_EXCEL_MAX_UNPACKED_BYTES,
            max_sheets=settings.NTM_EXCEL_MAX_SHEETS,
            max_rows=settings.NTM_EXCEL_MAX_ROWS,
            max_columns=settings.NTM_EXCEL_MAX_COLUMNS,
            max_cells=settings.NTM_EXCEL_MAX_CELLS,
        )


def where(sheet: str, row: int | None = None, column: int | None = None) -> str:
    """ "Sheet <name>, dòng <n>, cột <X>" (row and column optional)."""
    if row is None:
        return _("Sheet %(sheet)s") % {"sheet": sheet}
    if column is None:
        return _("Sheet %(sheet)s, row %(row)s") % {"sheet": sheet, "row": row}
    return _("Sheet %(sheet)s, row %(row)s, column %(column)s") % {
        "sheet": sheet,
        "row": row,
        "column": get_column_letter(column),
    }


def check_upload(data: bytes, *, limits: ExcelLimits | None = None) -> None:
    """Refuse anything that is not an .xlsx workbook (by content, not by name), is too large, or unpacks to more
    than the limit (declared member sizes, which ``zipfile`` never reads past)."""
    limits = limits or ExcelLimits.from_settings()
    try:
        check_workbook(data, limit=limits.max_bytes)
    except ServiceError as exc:
        raise ExcelImportError([exc.message]) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise ExcelImportError([_(NOT_A_WORKBOOK)]) from None
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= {member.filename for member in members}:
        raise ExcelImportError([_(NOT_A_WORKBOOK)])
    if sum(member.file_size for member in members) > limits.max_unpacked_bytes:
        limit = limits.max_unpacked_bytes // (1024 * 1024)
        raise ExcelImportError(
            [
                _("The Excel file unpacks too large (at most %(mb)s MB); use the template file.")
                % {"mb": limit}
            ]
        )


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """The zip member holding each sheet, by sheet name (from the workbook and its relationships)."""
    names = set(archive.namelist())
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if part in names:
            parts[sheet.get("name", "")] = part
    return parts


def merged_ranges(data: bytes) -> dict[str, list[str]]:
    """Merged ranges per sheet name ("A1:C1"), read from the sheet XML (read-only openpyxl does not report them).

    Call only after ``check_upload`` (the unpacked size is bounded)."""
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name, part in _sheet_parts(archive).items():
            ranges = [ref.decode() for ref in _MERGE_REF.findall(archive.read(part))]
            if ranges:
                found[name] = ranges
    return found


def _tags(stream: IO[bytes], pattern: re.Pattern[bytes]) -> Iterator[bytes]:
    """The first group of every match of ``pattern`` in an XML ``stream``, read in decompressed chunks (a tag cut
    at a chunk's end is carried over to the next), never holding the whole part."""
    tail = b""
    while chunk := stream.read(1 << 16):
        buffer = tail + chunk
        cut = buffer.rfind(b"<")
        body, tail = (buffer[:cut], buffer[cut:]) if cut >= 0 else (buffer, b"")
        for match in pattern.finditer(body):
            yield match.group(1)
    for match in pattern.finditer(tail):
        yield match.group(1)


def _scan_sheet(name: str, stream: IO[bytes], limits: ExcelLimits, cells_before: int) -> int:
    """The number of cells in a sheet's XML ``stream``; raises ``ExcelImportError`` at the first row with more
    than ``limits.max_columns`` cells or once the workbook passes ``limits.max_cells``."""
    row = cells = 0
    total = cells_before
    for tag in _tags(stream, _ROW_OR_CELL):
        if tag == b"row":
            row, cells = row + 1, 0
            continue
        cells, total = cells + 1, total + 1
        if cells > limits.max_columns:
            raise ExcelImportError(
                [
                    _("%(where)s: more than %(max)s columns; use the template file.")
                    % {"where": where(name, row), "max": limits.max_columns}
                ]
            )
        if total > limits.max_cells:
            raise ExcelImportError(
                [
                    _("%(where)s: the file has more than %(max)s cells; split the file.")
                    % {"where": where(name, row), "max": limits.max_cells}
                ]
            )
    return total - cells_before


def _shared_strings_part(archive: zipfile.ZipFile) -> str | None:
    """The zip member openpyxl loads whole as the shared-string table (named by the workbook's relationships)."""
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return None
    for rel in rels:
        if rel.get("Type", "").endswith("/sharedStrings"):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return part if part in archive.namelist() else None
    return None


def check_cells(data: bytes, limits: ExcelLimits) -> None:
    """Refuse a workbook with a row of more than ``limits.max_columns`` cells, more than ``limits.max_cells``
    cells, or more shared strings than that, before openpyxl reads it: openpyxl builds each row whole and loads
    the shared strings at once (one row or table of millions would exhaust the memory) and reads slowly. The XML
    is streamed and never held whole. Call after ``check_upload``."""
    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            for name, part in _sheet_parts(archive).items():
                with archive.open(part) as stream:
                    total += _scan_sheet(name, stream, limits, total)
            strings = _shared_strings_part(archive)
            if strings is not None:
                with archive.open(strings) as stream:
                    count = sum(1 for _tag in _tags(stream, _SHARED_STRING))
                if count > limits.max_cells:
                    raise ExcelImportError(
                        [
                            _("The file has more than %(max)s different texts; split the file.")
                            % {"max": limits.max_cells}
                        ]
                    )
        except (zipfile.BadZipFile, zlib.error, EOFError):
            raise ExcelImportError(
                [_("The Excel file cannot be read (it is damaged or not in the .xlsx format).")]
            ) from None


def range_start(ref: str) -> tuple[int, int] | None:
    """(row, column) of the first cell of "B3:D4"."""
    match = _CELL_REF.match(ref.split(":")[0])
    if match is None:
        return None
    letters, row = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(row), column


@dataclass(frozen=True)
class RawRow:
    """One row as Excel numbers it, its cell values, and the 1-based columns that hold a formula."""

    number: int
    values: tuple[object, ...]
    formulas: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return all(value is None or (isinstance(value, str) and not value.strip()) for value in self.values)


class XlsxReader:
    """An uploaded workbook opened for streaming after ``check_upload``; use as a context manager.

    ``rows`` raises ``ExcelImportError`` as soon as a sheet passes a limit, so a huge sheet is never read whole."""

    def __init__(self, data: bytes, *, limits: ExcelLimits | None = None) -> None:
        self.limits = limits or ExcelLimits.from_settings()
        check_upload(data, limits=self.limits)
        check_cells(data, self.limits)
        self._data = data
        try:
            self._book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception:  # openpyxl raises many kinds for broken files
            raise ExcelImportError(
                [_("The Excel file cannot be read (it is damaged or not in the .xlsx format).")]
            ) from None
        self.sheetnames: list[str] = list(self._book.sheetnames)
        if len(self.sheetnames) > self.limits.max_sheets:
            self.close()
            raise ExcelImportError(
                [
                    _("The file has %(count)s sheets, more than %(max)s; use the template file.")
                    % {"count": len(self.sheetnames), "max": self.limits.max_sheets}
                ]
            )
        self._cells = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._book.close()

    def merged_ranges(self) -> dict[str, list[str]]:
        return merged_ranges(self._data)

    def rows(self, sheet: str, *, max_col: int | None = None) -> Iterator[RawRow]:
        """Every row of ``sheet`` from row 1 (empty ones included, so numbers match Excel's), limits enforced."""
        worksheet = self._book[sheet]
        worksheet.reset_dimensions()  # a stale <dimension> tag must not hide rows
        limits = self.limits
        for number, cells in enumerate(worksheet.iter_rows(max_col=max_col), start=1):
            if number > limits.max_rows:
                raise ExcelImportError(
                    [
                        _("%(where)s: more than %(max)s rows; split the file.")
                        % {"where": where(sheet), "max": limits.max_rows}
                    ]
                )
            if len(cells) > limits.max_columns:
                raise ExcelImportError(
                    [
                        _("%(where)s: more than %(max)s columns; use the template file.")
                        % {"where": where(sheet, number), "max": limits.max_columns}
                    ]
                )
            self._cells += len(cells)
            if self._cells > limits.max_cells:
                raise ExcelImportError(
                    [
                        _("%(where)s: the file has more than %(max)s cells; split the file.")
                        % {"where": where(sheet, number), "max": limits.max_cells}
                    ]
                )
            values = tuple(cell.value for cell in cells)
            formulas = frozenset(
                index for index, cell in enumerate(cells, start=1) if getattr(cell, "data_type", None) == "f"
            )
            yield RawRow(number, values, formulas)


@dataclass(frozen=True)
class Row:
    sheet: str
    number: int  # the row number as Excel shows it
    values: dict[str, Any]
    headers: tuple[str, ...]

    def place(self, header: str) -> str:
        """ "Sheet <name>, dòng <n>, cột <X>" for the cell under ``header`` in this row."""
        return where(self.sheet, self.number, self.headers.index(header) + 1)


def read_sheet(
    data: bytes,
    sheet: str,
    headers: Sequence[str],
    *,
    allowed_sheets: Sequence[str] | None = None,
    header_row: int = 1,
) -> list[Row]:
    """Data rows of ``sheet`` (after ``header_row``), skipping fully empty rows; raises ``ExcelImportError`` with
    every problem (extra or missing sheet, merged cells, wrong headers, formulas, data outside the columns)."""
    with XlsxReader(data) as reader:
        errors: list[str] = []
        allowed = set(allowed_sheets if allowed_sheets is not None else [sheet])
        extra = [name for name in reader.sheetnames if name not in allowed]
        if extra:
            errors.append(
                _("The file has sheets that are not in the template: %(sheets)s. Use the template file.")
                % {"sheets": ", ".join(extra)}
            )
        if sheet not in reader.sheetnames:
            raise ExcelImportError([*errors, _("Sheet “%(sheet)s” is missing.") % {"sheet": sheet}])
        if sheet in reader.merged_ranges():
            errors.append(
                _("Sheet %(sheet)s: it has merged cells. Unmerge the cells and upload again.")
                % {"sheet": sheet}
            )
        rows: list[Row] = []
        for raw in reader.rows(sheet):
            number, values = raw.number, raw.values
            if number < header_row:
                continue
            if number == header_row:
                found = [str(v).strip() if v is not None else "" for v in values[: len(headers)]]
                if found != list(headers):
                    errors.append(
                        _("%(where)s: the column headers must be %(expected)s (they are %(found)s).")
                        % {
                            "where": where(sheet, number),
                            "expected": ", ".join(headers),
                            "found": ", ".join(found),
                        }
                    )
                continue
            for column in sorted(raw.formulas):
                errors.append(
                    _("%(where)s: the cell holds a formula; enter a value.")
                    % {"where": where(sheet, number, column)}
                )
            if raw.is_empty:
                continue
            if len(values) > len(headers) and any(v not in (None, "") for v in values[len(headers) :]):
                errors.append(
                    _("%(where)s: there is data outside the template's columns.")
                    % {"where": where(sheet, number)}
                )
            padded = [*values, *([None] * (len(headers) - len(values)))]
            rows.append(
                Row(sheet, number, dict(zip(headers, padded[: len(headers)], strict=True)), tuple(headers))
            )
    if errors:
        raise ExcelImportError(errors)
    return rows


def cell_date(value: object) -> dt.date:
    """A date cell: a date the workbook stores as one, or text written dd/mm/yyyy; ``ValueError`` (with the message
    a person reads) otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(_("write the date as dd/mm/yyyy")) from None


def write_all(parsed: Iterable[tuple[str, Any]], write: Callable[[Any], Any]) -> list[Any]:
    """Write every row an importer has parsed and checked, or none: ``parsed`` holds ``(place, payload)`` pairs
    (``place`` names the row, e.g. ``row.place(header)``); ``write(payload)`` runs for each inside one
    transaction. A ``ServiceError`` of any row is collected as "<place>: <message>" and the others still run, so
    the person sees every refusal; if any happened, everything is rolled back and ``ExcelImportError`` lists them.
    """
    written: list[Any] = []
    errors: list[str] = []
    with transaction.atomic():
        for place, payload in parsed:
            try:
                with transaction.atomic():
                    written.append(write(payload))
            except ServiceError as exc:
                errors.append(f"{place}: {exc}")
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ExcelImportError(errors)
    return written
