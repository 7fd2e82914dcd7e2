"""The workbook bomb of issue 14 under a 1 GiB address-space limit: refused with a clear message, not a
MemoryError and not killed (each case runs ``read_sheet`` in a fresh interpreter with ``RLIMIT_AS`` set)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from ntm.core.excel_writer import Sheet, workbook_bytes

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux")

ROOT = Path(__file__).resolve().parents[3]
CHILD = """
import json, resource, sys
import django
data = sys.stdin.buffer.read()
django.setup()
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from ntm.core.excel import ExcelImportError, read_sheet
try:
    read_sheet(data, "Dữ liệu", ["a"])
except ExcelImportError as error:
    print(json.dumps(error.lines))
else:
    print(json.dumps(["read"]))
"""


SHARED_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SHARED_REL = (
    b'<Relationship Id="rIdShared" Target="sharedStrings.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
)


def bomb(unpacked_mb: int, *, one_row: bool) -> bytes:
    """A workbook whose one sheet unpacks to ``unpacked_mb`` MB of cells: many 64-cell rows, or one huge row."""
    cells = b"<c><v>1</v></c>"
    if one_row:
        head, chunk, tail = b"<row>", cells * (1024 * 1024 // len(cells)), b"</row>"
    else:
        row = b"<row>" + cells * 64 + b"</row>"
        head, chunk, tail = b"", row * (1024 * 1024 // len(row)), b""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook_bytes([Sheet("Dữ liệu", header=["a"])]))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for item in source.infolist():
            if not item.filename.startswith("xl/worksheets/sheet"):
                target.writestr(item, source.read(item))
                continue
            with target.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                sheet.write(b"<sheetData>" + head)
                for _ in range(unpacked_mb):
                    sheet.write(chunk)
                sheet.write(tail + b"</sheetData></worksheet>")
    return buffer.getvalue()


def shared_strings_bomb(count: int) -> bytes:
    """A workbook of one sheet whose shared-string table (loaded whole by openpyxl) holds ``count`` strings."""
    book = Workbook()
    book.active.title = "Dữ liệu"
    book.active.append(["a"])
    plain = io.BytesIO()
    book.save(plain)
    strings = b"<si><t>x</t></si>"
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", SHARED_TYPE + b"</Types>")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(b"</Relationships>", SHARED_REL + b"</Relationships>")
            target.writestr(item, body)
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as table:
            table.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(count // 65536):
                table.write(strings * 65536)
            table.write(b"</sst>")
    return buffer.getvalue()


def read_in_a_small_process(data: bytes) -> list[str]:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=data,
        capture_output=True,
        env=environment,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    return json.loads(result.stdout)


def test_a_two_megabyte_workbook_that_unpacks_to_600_mb_is_refused_in_1_gib() -> None:
    data = bomb(600, one_row=False)
    assert 1_000_000 < len(data) < 2_500_000
    assert read_in_a_small_process(data) == [
        "Tệp Excel giải nén quá lớn (tối đa 100 MB); hãy dùng đúng tệp mẫu."
    ]


def test_one_row_of_six_million_cells_is_refused_before_openpyxl_builds_it() -> None:
    data = bomb(90, one_row=True)  # within the unpacked limit; openpyxl alone dies of MemoryError
    assert read_in_a_small_process(data) == ["Sheet Dữ liệu, dòng 1: quá 100 cột; hãy dùng đúng tệp mẫu."]


def test_many_rows_within_the_unpacked_limit_stop_at_the_cell_limit() -> None:
    data = bomb(90, one_row=False)
    assert read_in_a_small_process(data) == [
        "Sheet Dữ liệu, dòng 15626: tệp có quá 1000000 ô; hãy chia nhỏ tệp."
    ]


def test_a_shared_string_table_of_five_million_texts_is_refused_before_openpyxl_loads_it() -> None:
    data = shared_strings_bomb(85 * 65536)  # 85 MB unpacked, within the limit; openpyxl would take ~600 MB
    assert read_in_a_small_process(data) == ["Tệp có hơn 1000000 chuỗi văn bản khác nhau; hãy chia nhỏ tệp."]
