"""The guarded CSV reader (size, encoding, rows, columns and field length bounded, errors located and capped) and the
writer that keeps formula-like text as text."""

from __future__ import annotations

import csv
import io

import pytest

from ntm.core.csvfile import CsvImportError, CsvLimits, csv_text, read_csv
from ntm.core.excel import MAX_SHOWN_ERRORS

HEADERS = ("code", "name")
LIMITS = CsvLimits(max_bytes=20 * 1024 * 1024, max_rows=50, max_columns=10, max_field_chars=1000)


def errors_of(data: bytes, limits: CsvLimits = LIMITS) -> list[str]:
    with pytest.raises(CsvImportError) as caught:
        read_csv(data, HEADERS, limits=limits)
    return caught.value.lines


def test_rows_are_read_by_header_with_their_line_numbers() -> None:
    rows = read_csv('\ufeffcode,name\n01,Ấp 1\n\n02,"Ấp, 2"\n'.encode(), HEADERS, limits=LIMITS)
    assert [(row.number, row.values) for row in rows] == [
        (2, {"code": "01", "name": "Ấp 1"}),
        (4, {"code": "02", "name": "Ấp, 2"}),
    ]


def test_wrong_headers_and_data_outside_the_columns_are_located() -> None:
    assert errors_of(b"code,other\n01,a,b\n") == [
        "Dòng 1: tiêu đề cột phải là code,name.",
        "Dòng 2: có dữ liệu nằm ngoài 2 cột.",
    ]


def test_too_many_rows_is_refused() -> None:
    data = b"code,name\n" + b"1,a\n" * 50
    assert errors_of(data) == ["Tệp có hơn 50 dòng; hãy chia nhỏ tệp."]
    assert len(read_csv(b"code,name\n" + b"1,a\n" * 49, HEADERS, limits=LIMITS)) == 49


def test_too_many_columns_is_refused() -> None:
    assert errors_of(b"code,name\n" + b"x," * 11 + b"\n") == ["Dòng 2: có hơn 10 cột."]


def test_a_ten_megabyte_field_is_refused_without_raising_the_csv_field_limit() -> None:
    before = csv.field_size_limit()
    unquoted = b"code,name\n1," + b"a" * (10 * 1024 * 1024) + b"\n"
    assert errors_of(unquoted) == [f"Dòng 2: dòng dài hơn {LIMITS.max_line_chars} ký tự."]
    quoted_over_lines = b'code,name\n1,"' + b"a" * 1000 + (b"\n" + b"a" * 1000) * 10_000 + b'"\n'
    [message] = errors_of(quoted_over_lines)
    assert message.startswith("Dòng 2: không đọc được tệp CSV (field larger than field limit")
    assert errors_of(b"code,name\n1," + b"a" * 1001 + b"\n") == [
        "Dòng 2, cột name: ô dữ liệu dài hơn 1000 ký tự."
    ]
    assert csv.field_size_limit() == before


def test_bad_encoding_binary_content_and_size_are_refused() -> None:
    assert errors_of("code,name\n1,Bàu Cạn\n".encode().replace(b"\xc3\xa0", b"\xe0")) == [
        "Tệp không phải văn bản UTF-8 (CSV)."
    ]
    assert errors_of(b"code,name\n1,\x00\n") == ["Tệp không đúng loại cho phép (CSV)."]
    small = CsvLimits(max_bytes=1024 * 1024, max_rows=50, max_columns=10, max_field_chars=1000)
    assert errors_of(b"x" * (1024 * 1024 + 1), small) == ["Tệp quá lớn (tối đa 1 MB)."]


def test_errors_are_capped_with_a_count() -> None:
    limits = CsvLimits(max_bytes=20 * 1024 * 1024, max_rows=1000, max_columns=10, max_field_chars=5)
    lines = errors_of(b"code,name\n" + b"1,toolong\n" * 300, limits)
    assert len(lines) == MAX_SHOWN_ERRORS + 1
    assert lines[0] == "Dòng 2, cột name: ô dữ liệu dài hơn 5 ký tự."
    assert "100" in lines[-1]


def test_written_text_that_a_spreadsheet_would_run_as_a_formula_stays_text() -> None:
    text = csv_text(
        [
            ["Tên", "Ghi chú"],
            ['=HYPERLINK("http://x.example","Bấm")', "+84 912 345 678"],
            ["-1+1", "@SUM(A1:A9)"],
            ["\t=1", "\r=1"],
            ["Sầu riêng = ngon", 3],
        ]
    )
    assert text.startswith("\ufeff")  # Excel reads the file as UTF-8
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[1] == ['\'=HYPERLINK("http://x.example","Bấm")', "'+84 912 345 678"]
    assert rows[2] == ["'-1+1", "'@SUM(A1:A9)"]
    assert rows[3] == ["'\t=1", "'\r=1"]
    assert rows[4] == ["Sầu riêng = ngon", "3"]  # an inner "=" and numbers are left as they are
