"""Reading user-supplied Excel workbooks safely: content-checked, size-limited, every problem located.

``read_sheet`` returns the data rows of one sheet as dicts keyed by the expected headers, or raises
``ExcelImportError`` listing every problem as "Sheet <name>, dòng <n>, cột <X>: <message>" — merged cells,
formulas, missing or extra sheets, wrong headers. Nothing is written by this module; importers validate
every row, collect all errors, and write nothing unless the list is empty.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import filetype
from defusedxml import ElementTree
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell ")


class ExcelImportError(ValueError):
    """The workbook cannot be imported; ``errors`` lists every problem with its place."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("; ".join(errors[:5]))
        self.errors = list(errors)


@dataclass(frozen=True)
class Row:
    sheet: str
    number: int  # the row number as Excel shows it
    values: dict[str, Any]
    headers: tuple[str, ...]

    def place(self, header: str) -> str:
        """ "Sheet <name>, dòng <n>, cột <X>" for the cell under ``header`` in this row."""
        return where(self.sheet, self.number, self.headers.index(header) + 1)


def where(sheet: str, row: int, column: int | None = None) -> str:
    if column is None:
        return _("Sheet %(sheet)s, row %(row)s") % {"sheet": sheet, "row": row}
    return _("Sheet %(sheet)s, row %(row)s, column %(column)s") % {
        "sheet": sheet,
        "row": row,
        "column": get_column_letter(column),
    }


def check_upload(data: bytes) -> None:
    """Refuse anything that is not an .xlsx workbook (by content, not by name) or is too large."""
    if len(data) > settings.NTM_MAX_UPLOAD_BYTES:
        limit = settings.NTM_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ExcelImportError([_("The file is too large (at most %(mb)s MB).") % {"mb": limit}])
    kind = filetype.guess(data)
    if kind is None or kind.extension not in {"xlsx", "zip"} or not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExcelImportError([_("The file is not an Excel workbook (.xlsx).")])


_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _merged_sheets(data: bytes) -> set[str]:
    """Names of the sheets that contain merged cells (read from the sheet XML, which read-only mode skips)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        except KeyError:
            return set()
        targets = {rel.get("Id"): rel.get("Target", "").lstrip("/") for rel in rels}
        merged = set()
        for sheet in workbook.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
            target = targets.get(sheet.get(_REL_NS), "")
            part = target if target.startswith("xl/") else f"xl/{target}"
            if part in archive.namelist() and _MERGE.search(archive.read(part)):
                merged.add(sheet.get("name"))
        return merged


def read_sheet(
    data: bytes,
    sheet: str,
    headers: Sequence[str],
    *,
    allowed_sheets: Sequence[str] | None = None,
    header_row: int = 1,
) -> list[Row]:
    """Data rows of ``sheet`` (after ``header_row``), skipping fully empty rows."""
    check_upload(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for broken files
        raise ExcelImportError(
            [_("The Excel file cannot be read (it is damaged or not in the .xlsx format).")]
        ) from None
    errors: list[str] = []
    allowed = set(allowed_sheets if allowed_sheets is not None else [sheet])
    extra = [name for name in workbook.sheetnames if name not in allowed]
    if extra:
        errors.append(
            _("The file has sheets that are not in the template: %(sheets)s. Use the template file.")
            % {"sheets": ", ".join(extra)}
        )
    if sheet not in workbook.sheetnames:
        raise ExcelImportError([*errors, _("Sheet “%(sheet)s” is missing.") % {"sheet": sheet}])
    if sheet in _merged_sheets(data):
        errors.append(
            _("Sheet %(sheet)s: it has merged cells. Unmerge the cells and upload again.") % {"sheet": sheet}
        )
    worksheet = workbook[sheet]
    rows: list[Row] = []
    for number, cells in enumerate(worksheet.iter_rows(values_only=False), start=1):
        values = [cell.value for cell in cells]
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
        for column, cell in enumerate(cells, start=1):
            if getattr(cell, "data_type", None) == "f" or (
                isinstance(cell.value, str) and cell.value.startswith("=")
            ):
                errors.append(
                    _("%(where)s: the cell holds a formula; enter a value.")
                    % {"where": where(sheet, number, column)}
                )
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
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
    workbook.close()
    if errors:
        raise ExcelImportError(errors)
    return rows
