"""The guarded Excel reader (limits, located and capped errors) and the workbook writer (no database)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from ntm.core.excel import MAX_SHOWN_ERRORS, ExcelImportError, ExcelLimits, XlsxReader, read_sheet
from ntm.core.excel_writer import Cell, ListValidation, Sheet, Style, workbook_bytes

HEADERS = ("Mã", "Tên")


def sheet_bytes(rows: list[list[object]], *, title: str = "Dữ liệu", extra_sheets: int = 0) -> bytes:
    return workbook_bytes(
        [Sheet(title, header=list(HEADERS), rows=rows)]
        + [Sheet(f"Thêm {index}", header=["x"]) for index in range(extra_sheets)]
    )


def errors_of(data: bytes, **kwargs) -> ExcelImportError:
    with pytest.raises(ExcelImportError) as caught:
        read_sheet(data, "Dữ liệu", HEADERS, **kwargs)
    return caught.value


def test_a_clean_sheet_is_read_as_rows_keyed_by_header() -> None:
    rows = read_sheet(sheet_bytes([["01", "Ấp 1"], [None, None], ["02", "Ấp 2"]]), "Dữ liệu", HEADERS)
    assert [(row.number, row.values) for row in rows] == [
        (2, {"Mã": "01", "Tên": "Ấp 1"}),
        (4, {"Mã": "02", "Tên": "Ấp 2"}),
    ]
    assert rows[1].place("Tên") == "Sheet Dữ liệu, dòng 4, cột B"


def test_too_many_rows_is_refused_while_reading(settings) -> None:
    settings.NTM_EXCEL_MAX_ROWS = 50
    assert len(read_sheet(sheet_bytes([["1", "a"]] * 49), "Dữ liệu", HEADERS)) == 49
    error = errors_of(sheet_bytes([["1", "a"]] * 50))
    assert error.errors == ["Sheet Dữ liệu: quá 50 dòng; hãy chia nhỏ tệp."]


def test_too_many_sheets_is_refused(settings) -> None:
    settings.NTM_EXCEL_MAX_SHEETS = 3
    error = errors_of(sheet_bytes([["1", "a"]], extra_sheets=3), allowed_sheets=None)
    assert error.errors == ["Tệp có 4 sheet, quá 3 sheet; hãy dùng đúng tệp mẫu."]


def test_too_many_columns_and_too_many_cells_are_refused(settings) -> None:
    settings.NTM_EXCEL_MAX_COLUMNS = 12
    assert errors_of(sheet_bytes([["1", "a", *[None] * 10, "z"]])).errors == [
        "Sheet Dữ liệu, dòng 2: quá 12 cột; hãy dùng đúng tệp mẫu."
    ]
    settings.NTM_EXCEL_MAX_CELLS = 100
    assert errors_of(sheet_bytes([["1", "a"]] * 60)).errors == [
        "Sheet Dữ liệu, dòng 51: tệp có quá 100 ô; hãy chia nhỏ tệp."
    ]


def test_a_member_that_unpacks_beyond_the_limit_is_refused_before_openpyxl_opens_it(settings) -> None:
    settings.NTM_EXCEL_MAX_UNPACKED_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(sheet_bytes([["1", "a"]]))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        bomb.writestr("xl/media/image1.png", b"\0" * (4 * 1024 * 1024))  # 4 MB of zeros, a few kB packed
    data = buffer.getvalue()
    assert len(data) < 64 * 1024
    assert errors_of(data).errors == ["Tệp Excel giải nén quá lớn (tối đa 1 MB); hãy dùng đúng tệp mẫu."]


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7 not a workbook", b"", b"PK\x03\x04 not really a zip"],
    ids=["pdf", "empty", "broken-zip"],
)
def test_what_is_not_an_xlsx_is_refused_by_content(data: bytes) -> None:
    assert errors_of(data).errors == ["Tệp không phải bảng tính Excel (.xlsx)."]


def formula_bytes(rows: list[list[object]]) -> bytes:
    """A workbook with real formula cells, as Excel writes them when someone types "=1+1" (our writer never does)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_errors_are_capped_at_200_with_the_count_of_the_rest() -> None:
    data = formula_bytes([["=1+1", "=2+2"] for _ in range(150)])  # 300 formula cells
    error = errors_of(data)
    assert len(error.errors) == MAX_SHOWN_ERRORS and error.more == 100
    assert error.errors[0] == "Sheet Dữ liệu, dòng 2, cột A: ô chứa công thức; hãy nhập giá trị."
    with translation.override("en"):
        assert error.lines[-1] == "… and 100 more problems."
    with translation.override("vi"):
        assert error.lines[-1] == "… và 100 lỗi khác."
    merged = ExcelImportError([*error.errors, "một lỗi nữa"], more=error.more)
    assert (len(merged.errors), merged.more) == (200, 101)
    assert ExcelImportError(["một lỗi"]).lines == ["một lỗi"]


def test_merged_cells_extra_sheets_and_wrong_headers_are_all_reported() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(["Mã", "Tên sai"])
    sheet.append(["1", "a"])
    sheet.merge_cells("A3:B3")
    book.create_sheet("Lạ")
    buffer = io.BytesIO()
    book.save(buffer)
    assert errors_of(buffer.getvalue()).errors == [
        "Tệp có sheet không thuộc mẫu: Lạ. Hãy dùng đúng tệp mẫu.",
        "Sheet Dữ liệu: có ô gộp (merge cells). Hãy bỏ gộp ô rồi tải lên lại.",
        "Sheet Dữ liệu, dòng 1: tiêu đề cột phải là Mã, Tên (đang là Mã, Tên sai).",
    ]


def test_the_reader_streams_rows_with_their_formula_columns() -> None:
    limits = ExcelLimits(10**6, 10**7, max_sheets=2, max_rows=10, max_columns=5, max_cells=100)
    with XlsxReader(formula_bytes([["1", "=A2"]]), limits=limits) as reader:
        assert reader.sheetnames == ["Dữ liệu"]
        rows = list(reader.rows("Dữ liệu"))
    assert [(row.number, row.values, row.formulas) for row in rows] == [
        (1, ("Mã", "Tên"), frozenset()),
        (2, ("1", "=A2"), frozenset({2})),
    ]


def test_the_writer_keeps_styles_widths_lists_and_hidden_sheets() -> None:
    data = workbook_bytes(
        [
            Sheet(
                "Giá trị",
                preamble=[[Cell("Tiêu đề", Style(bold=True, size=13))], []],
                header=["Mã", "Giá trị"],
                header_style=Style(bold=True, fill="DDE7EE", wrap=True, vertical="top"),
                rows=([code, Cell(None, Style(fill="FFF4D6", number_format="@"))] for code in ("a", "b")),
                widths=[10, 30],
                column_formats={1: "@"},
                freeze="A4",
                validations=[ListValidation(("Đạt", "Không"), 2, range(4, 6)), ListValidation(("x",), 1, [])],
            ),
            Sheet("Thông tin", header=["Mục", "Giá trị"], rows=[["Năm", 2025]], hidden=True),
            Sheet("Một tên sheet dài hơn ba mươi mốt ký tự"),
        ]
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Giá trị", "Thông tin", "Một tên sheet dài hơn ba mươi mốt ký tự"[:31]]
    sheet = book["Giá trị"]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Tiêu đề", None),
        (None, None),
        ("Mã", "Giá trị"),
        ("a", None),
        ("b", None),
    ]
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 13
    assert sheet["B3"].fill.fgColor.rgb == "00DDE7EE" and sheet["B3"].alignment.wrap_text
    assert sheet["B4"].fill.fgColor.rgb == "00FFF4D6" and sheet["B4"].number_format == "@"
    assert sheet.column_dimensions["B"].width == 30 and sheet.column_dimensions["A"].number_format == "@"
    assert sheet.freeze_panes == "A4"
    assert [str(v.sqref) for v in sheet.data_validations.dataValidation] == ["B4:B5"]
    assert book["Thông tin"].sheet_state == "hidden"


FORMULA_LIKE = ['=HYPERLINK("http://evil.example","bấm vào đây")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_text_that_looks_like_a_formula_is_written_as_text_with_the_quote_prefix() -> None:
    data = workbook_bytes(
        [Sheet("Dữ liệu", header=list(HEADERS), rows=[[text, -5] for text in FORMULA_LIKE])]
    )
    sheet = load_workbook(io.BytesIO(data))["Dữ liệu"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == FORMULA_LIKE
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    numbers = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.value == -5 and cell.data_type == "n" for cell in numbers)  # numbers stay numbers


def test_an_exported_note_that_looks_like_a_formula_imports_again_as_the_same_text() -> None:
    data = workbook_bytes([Sheet("Dữ liệu", header=list(HEADERS), rows=[["X1", "=1+1"]])])
    rows = read_sheet(data, "Dữ liệu", HEADERS)
    assert [row.values for row in rows] == [dict(zip(HEADERS, ["X1", "=1+1"], strict=True))]
