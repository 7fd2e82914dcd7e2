"""Reading user-supplied CSV files safely (size-limited, UTF-8 only, bounded rows, columns and fields), and writing
CSV that a spreadsheet cannot take for formulas.

The one CSV reader and writer of the project. ``read_csv`` checks the bytes (``ntm.core.uploads.check_text``: the upload
size, UTF-8, not a binary file) and then reads the rows with the limits of ``CsvLimits``: the number of rows and
columns, and the length of every field. ``csv.field_size_limit`` is never raised: a physical line longer than a
whole row may be is refused before the ``csv`` module sees it, a quoted field that runs past the module's own
limit is reported where it starts, and each field is checked against ``max_field_chars``.

Every problem is one line "Row <n>, column <X>: <message>" (``where``); ``CsvImportError`` carries the first
``MAX_SHOWN_ERRORS`` of them and the count of the rest, as ``ExcelImportError`` does.

``csv_text`` writes rows for a spreadsheet: a text cell that begins as a formula would (``=``, ``+``, ``-``, ``@``,
tab, CR: ``ntm.core.excel_writer.FORMULA_TRIGGERS``) gets a leading apostrophe, so Excel and LibreOffice show it as
text instead of running it (a CSV file has no per-cell "text" mark, unlike the quote prefix the Excel writer sets).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Self

from django.conf import settings
from django.utils.translation import gettext as _

from ntm.core.excel import ExcelImportError
from ntm.core.excel_writer import is_formula_like
from ntm.core.exceptions import ServiceError
from ntm.core.uploads import check_text


class CsvImportError(ExcelImportError):
    """The CSV file cannot be imported: the first ``MAX_SHOWN_ERRORS`` problems, each located, and ``more``."""


@dataclass(frozen=True)
class CsvLimits:
    """How much of a CSV file the reader accepts (settings ``NTM_MAX_UPLOAD_BYTES`` and ``NTM_CSV_*``)."""

    max_bytes: int
    max_rows: int  # the header row included
    max_columns: int
    max_field_chars: int

    @classmethod
    def from_settings(cls) -> Self:
        return cls(
            max_bytes=settings.NTM_MAX_UPLOAD_BYTES,
            max_rows=settings.NTM_CSV_MAX_ROWS,
            max_columns=settings.NTM_CSV_MAX_COLUMNS,
            max_field_chars=settings.NTM_CSV_MAX_FIELD_CHARS,
        )

    @property
    def max_line_chars(self) -> int:
        """The longest physical line a row within the limits can take (every field quoted, separators)."""
        return self.max_columns * (2 * self.max_field_chars + 3) + 2


def where(row: int, column: str | int | None = None) -> str:
    """ "Row <n>, column <X>" (the column by its header, or its 1-based number; optional)."""
    if column is None:
        return _("Row %(row)s") % {"row": row}
    return _("Row %(row)s, column %(column)s") % {"row": row, "column": column}


@dataclass(frozen=True)
class CsvRow:
    """One data row: the line it starts on and its values keyed by the expected headers."""

    number: int
    values: dict[str, str]


def _bounded_lines(text: str, limits: CsvLimits) -> Iterator[str]:
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > limits.max_line_chars:
            raise CsvImportError(
                [
                    _("%(where)s: the line is longer than %(max)s characters.")
                    % {"where": where(number), "max": limits.max_line_chars}
                ]
            )
        yield line


def read_csv(
    data: bytes, headers: Sequence[str], *, name: str = "", limits: CsvLimits | None = None
) -> list[CsvRow]:
    """Data rows of a UTF-8 CSV file whose first row is exactly ``headers``, skipping empty lines.

    Raises ``CsvImportError`` with every problem found (wrong headers, rows with extra fields, fields that are
    too long), or at once for a file over a limit (size, encoding, rows, columns, a line or field that is too long).
    """
    limits = limits or CsvLimits.from_settings()
    if len(data) > limits.max_bytes:
        raise CsvImportError(
            [_("The file is too large (at most %(mb)s MB).") % {"mb": limits.max_bytes // (1024 * 1024)}]
        )
    try:
        text = check_text(data, name=name, what="CSV")
    except ServiceError as exc:
        raise CsvImportError([exc.message]) from None
    reader = csv.reader(_bounded_lines(text, limits))
    errors: list[str] = []
    rows: list[CsvRow] = []
    count = 0
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise CsvImportError(
                [
                    _("%(where)s: the CSV cannot be read (%(problem)s).")
                    % {"where": where(start), "problem": exc}
                ]
            ) from None
        count += 1
        if count > limits.max_rows:
            raise CsvImportError(
                [_("The file has more than %(max)s rows; split the file.") % {"max": limits.max_rows}]
            )
        if len(fields) > limits.max_columns:
            raise CsvImportError(
                [
                    _("%(where)s: more than %(max)s columns.")
                    % {"where": where(start), "max": limits.max_columns}
                ]
            )
        for index, value in enumerate(fields):
            if len(value) > limits.max_field_chars:
                column = headers[index] if index < len(headers) else index + 1
                errors.append(
                    _("%(where)s: the field is longer than %(max)s characters.")
                    % {"where": where(start, column), "max": limits.max_field_chars}
                )
        if count == 1:
            if [field.strip() for field in fields] != list(headers):
                errors.append(
                    _("%(where)s: the headers must be %(headers)s.")
                    % {"where": where(start), "headers": ",".join(headers)}
                )
            continue
        if not any(field.strip() for field in fields):
            continue
        if len(fields) > len(headers) and any(field.strip() for field in fields[len(headers) :]):
            errors.append(
                _("%(where)s: there is data outside the %(count)s columns.")
                % {"where": where(start), "count": len(headers)}
            )
        padded = [*fields, *([""] * (len(headers) - len(fields)))]
        rows.append(CsvRow(start, dict(zip(headers, padded[: len(headers)], strict=True))))
    if count == 0:
        errors.append(_("The CSV file is empty."))
    if errors:
        raise CsvImportError(errors)
    return rows


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """``rows`` as CSV text for a spreadsheet, starting with a byte-order mark (Excel then reads UTF-8, so the
    diacritics survive); formula-like text is kept as text (module docstring)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(["'" + value if is_formula_like(value) else value for value in row])
    return "\ufeff" + out.getvalue()
