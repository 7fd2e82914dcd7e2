"""The Excel round trip of a set, and the versioning helpers (no database)."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from ntm.core.excel import ExcelImportError, ExcelLimits, check_upload
from ntm.criteria.setload import load_bytes, load_path, shipped_set_paths
from ntm.criteria.tests.factories import INVENTED, edit_workbook
from ntm.criteria.versioning import content_changes, content_digest, threshold_stats
from ntm.criteria.workbook import INDICATOR_COLUMNS, SHEETS, THRESHOLD_COLUMNS, export_workbook
from ntm.criteria.workbook_import import apply_workbook, open_workbook

MAX = 20 * 1024 * 1024


def limits(*, max_bytes: int) -> ExcelLimits:
    return ExcelLimits(max_bytes, 100 * MAX, max_sheets=10, max_rows=5000, max_columns=50, max_cells=10**6)


def exported(content: dict) -> bytes:
    return export_workbook(content, version=1, content_hash=content_digest(content), exported_at="01/01/2026")


def reimport(data: bytes, base: dict) -> dict:
    return apply_workbook(open_workbook(data), base)


def errors_of(data: bytes, base: dict) -> list[str]:
    with pytest.raises(ExcelImportError) as caught:
        reimport(data, base)
    return caught.value.errors


@pytest.fixture(scope="module")
def commune() -> dict:
    return load_path(next(p for p in shipped_set_paths() if p.stem == "xa-ntm-2021-2025")).to_dict()


@pytest.mark.parametrize("path", shipped_set_paths(), ids=lambda p: p.stem)
def test_every_shipped_set_round_trips_unchanged(path) -> None:
    content = load_path(path).to_dict()
    data = exported(content)
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == list(SHEETS)
    assert reimport(data, content) == content


def test_the_guide_names_the_set_and_version_and_the_tables_have_the_template_headers(commune) -> None:
    book = load_workbook(io.BytesIO(exported(commune)))
    guide = {row[0]: row[1] for row in book["Hướng dẫn"].iter_rows(values_only=True) if row and row[0]}
    assert guide["Mã bộ tiêu chí"] == "xa-ntm-2021-2025"
    assert guide["Phiên bản gốc"] == 1
    assert [c.value for c in book["Chỉ tiêu"][1]] == [c.header for c in INDICATOR_COLUMNS]
    assert [c.value for c in book["Ngưỡng"][1]] == [c.header for c in THRESHOLD_COLUMNS]
    assert book["Chỉ tiêu"].max_row - 1 == 57


def test_one_changed_threshold_changes_only_that_rule(commune) -> None:
    data = edit_workbook(
        exported(commune),
        {
            ("Ngưỡng", "3.1", "G"): 85,
            ("Ngưỡng", "3.1", "O"): "confirmed",
            ("Ngưỡng", "3.1", "P"): "QĐ 318/QĐ-TTg, Phụ lục I, tiêu chí 3 (bản gốc)",
        },
    )
    new = reimport(data, commune)
    changes = content_changes(commune, new)
    assert [(c["item"], c["code"], list(c["fields"])) for c in changes] == [
        ("indicator", "3.1", ["thresholds"])
    ]
    rule = changes[0]["fields"]["thresholds"][1][0]
    assert (rule["value"], rule["provenance"]) == (85, "confirmed")


def test_values_typed_as_text_with_a_decimal_comma_and_vietnamese_labels_are_read(commune) -> None:
    data = edit_workbook(
        exported(commune),
        {
            ("Ngưỡng", "3.1", "G"): "82,5",
            ("Ngưỡng", "3.1", "O"): "Đã xác nhận",
            ("Ngưỡng", "1.1", "J"): "Không",
        },
    )
    new = reimport(data, commune)
    rules = {i["code"]: i["thresholds"] for g in new["criteria"] for i in g["indicators"]}
    assert rules["3.1"][0]["value"] == 82.5 and rules["3.1"][0]["provenance"] == "confirmed"
    assert rules["1.1"][0]["expected"] is False


def test_rows_can_be_added_to_give_a_placeholder_indicator_its_official_threshold(commune) -> None:
    book = load_workbook(io.BytesIO(exported(commune)))
    indicators = book["Chỉ tiêu"]
    row = next(r for r in indicators.iter_rows(min_row=2) if r[0].value == "12.3")
    row[4].value, row[5].value, row[3].value = "percentage", ">=", "%"
    row[7].value = "confirmed"  # the wording too was checked against the official text
    row[8].value = "QĐ 318/QĐ-TTg, Phụ lục I (bản gốc)"
    book["Ngưỡng"].append(
        [
            "12.3",
            "DNB",
            None,
            None,
            None,
            ">=",
            65,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "confirmed",
            "QĐ 318/QĐ-TTg, Phụ lục I (bản gốc)",
            None,
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    new = reimport(buffer.getvalue(), commune)
    indicator = next(i for g in new["criteria"] for i in g["indicators"] if i["code"] == "12.3")
    assert indicator["kind"] == "percentage"
    assert indicator["thresholds"] == [
        {
            "region": "DNB",
            "value": 65,
            "provenance": "confirmed",
            "source": "QĐ 318/QĐ-TTg, Phụ lục I (bản gốc)",
        }
    ]


# --- Refusals, each named by sheet, row and column -----------------------------------------------------------


def test_wrong_types_unknown_codes_and_selectors_outside_the_set(commune) -> None:
    book = load_workbook(io.BytesIO(exported(commune)))
    sheet = book["Ngưỡng"]
    sheet["G2"] = "tám mươi"
    sheet["D3"] = 1999
    sheet["B4"] = "XYZ"
    sheet["A5"] = "99.9"
    sheet["O6"] = "chắc chắn"
    sheet["E7"] = "có lẽ"
    book["Chỉ tiêu"]["E3"] = "text"
    book["Chỉ tiêu"]["A4"] = 8.4
    buffer = io.BytesIO()
    book.save(buffer)
    errors = errors_of(buffer.getvalue(), commune)
    expected = [
        "Sheet Chỉ tiêu, dòng 3, cột E: Kiểu giá trị (kind) 'text' không hợp lệ",
        "Sheet Chỉ tiêu, dòng 4, cột A: Mã chỉ tiêu phải là văn bản, nhận được số 8.4",
        "Sheet Ngưỡng, dòng 2, cột G: Giá trị phải là một số, nhận được 'tám mươi'",
        "Sheet Ngưỡng, dòng 3, cột D: năm 1999 nằm ngoài giai đoạn 2021-2025",
        "Sheet Ngưỡng, dòng 4, cột B: vùng 'XYZ' không có trong các vùng của bộ",
        "Sheet Ngưỡng, dòng 5, cột A: chỉ tiêu '99.9' không có trong sheet Chỉ tiêu",
        "Sheet Ngưỡng, dòng 6, cột O: Mức xác nhận 'chắc chắn' không hợp lệ",
        "Sheet Ngưỡng, dòng 7, cột E: Xã ĐBKK ghi Có (hoặc x) hoặc để trống",
    ]
    for fragment in expected:
        assert any(error.startswith(fragment) for error in errors), (fragment, errors)


def test_merged_cells_formulas_and_an_extra_sheet_are_refused(commune) -> None:
    book = load_workbook(io.BytesIO(exported(commune)))
    book["Ngưỡng"].merge_cells("P10:Q11")
    book["Ngưỡng"]["G12"] = "=80+5"
    book.create_sheet("Ghi chép")
    buffer = io.BytesIO()
    book.save(buffer)
    errors = errors_of(buffer.getvalue(), commune)
    assert "Sheet Ghi chép: không thuộc mẫu; hãy xóa sheet này" in errors
    assert any(e.startswith("Sheet Ngưỡng, dòng 10, cột P: ô gộp P10:Q11") for e in errors)
    assert any(e.startswith("Sheet Ngưỡng, dòng 12, cột G: ô chứa công thức") for e in errors)


def test_a_missing_sheet_and_a_changed_header_are_refused(commune) -> None:
    book = load_workbook(io.BytesIO(exported(commune)))
    del book["Ngưỡng"]
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ExcelImportError) as caught:
        open_workbook(buffer.getvalue())
    assert caught.value.errors == ["Sheet Ngưỡng: thiếu sheet này; hãy dùng tệp đã xuất"]

    book = load_workbook(io.BytesIO(exported(commune)))
    book["Chỉ tiêu"]["C1"] = "Tên"
    buffer = io.BytesIO()
    book.save(buffer)
    assert errors_of(buffer.getvalue(), commune)[0].startswith(
        "Sheet Chỉ tiêu, dòng 1, cột C: tiêu đề phải là 'Tên chỉ tiêu'"
    )


def test_semantic_problems_are_placed_on_their_row_and_column(commune) -> None:
    data = edit_workbook(
        exported(commune),
        {("Ngưỡng", "3.1", "G"): 140, ("Ngưỡng", "2.1", "O"): "placeholder", ("Ngưỡng", "8.1", "J"): None},
    )
    errors = errors_of(data, commune)
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = {row[0]: number for number, row in enumerate(book["Ngưỡng"].iter_rows(values_only=True), 1)}
    assert (
        f"Sheet Ngưỡng, dòng {rows['3.1']}, cột G: chỉ tiêu 3.1: ngưỡng tỷ lệ phải trong khoảng 0-100%"
        in errors
    )
    assert any(e.startswith(f"Sheet Ngưỡng, dòng {rows['2.1']}, cột O: chỉ tiêu 2.1") for e in errors), errors
    assert any(
        e.startswith(f"Sheet Ngưỡng, dòng {rows['8.1']}, cột G: chỉ tiêu 8.1: thiếu giá trị") for e in errors
    )


def test_duplicate_selectors_and_an_op_different_from_the_indicator(commune) -> None:
    book = load_workbook(io.BytesIO(exported(commune)))
    sheet = book["Ngưỡng"]
    first = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "3.1")
    sheet.append([cell.value for cell in first])
    first[5].value = "<="
    buffer = io.BytesIO()
    book.save(buffer)
    errors = errors_of(buffer.getvalue(), commune)
    assert any(f"dòng {first[0].row}, cột F: phép so sánh '<='" in e for e in errors), errors
    last = sheet.max_row
    assert any(e.startswith(f"Sheet Ngưỡng, dòng {last}, cột A: trùng điều kiện chọn") for e in errors), (
        errors
    )


def test_removing_every_indicator_of_a_criterion_is_reported_against_the_sheet(commune) -> None:
    book = load_workbook(io.BytesIO(exported(commune)))
    sheet = book["Chỉ tiêu"]
    for row in [*sheet.iter_rows(min_row=2), *book["Ngưỡng"].iter_rows(min_row=2)]:
        if "7" in (row[0].value, row[1].value):
            for cell in row:
                cell.value = None
    buffer = io.BytesIO()
    book.save(buffer)
    errors = errors_of(buffer.getvalue(), commune)
    assert any(e.startswith("Sheet Chỉ tiêu: Tiêu chí 7: phải có ít nhất một chỉ tiêu") for e in errors), (
        errors
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7 not a workbook", "Tệp không phải bảng tính Excel (.xlsx)."),
        (b"", "Tệp không phải bảng tính Excel (.xlsx)."),
        (b"x" * 2048, "Tệp quá lớn (tối đa 0 MB)."),
    ],
)
def test_non_xlsx_bytes_and_oversized_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ExcelImportError) as caught:
        check_upload(data, limits=limits(max_bytes=1024 if len(data) > 1024 else MAX))
    assert caught.value.errors == [message]


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ExcelImportError, match="không phải bảng tính"):
        check_upload(buffer.getvalue(), limits=limits(max_bytes=MAX))


def test_a_workbook_that_is_not_the_template_names_what_is_missing() -> None:
    book = Workbook()
    book.active.title = "Hướng dẫn"
    book.create_sheet("Chỉ tiêu")
    book.create_sheet("Ngưỡng")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ExcelImportError) as caught:
        open_workbook(buffer.getvalue())
    assert (
        "Sheet Hướng dẫn: không tìm thấy dòng 'Mã bộ tiêu chí' (cột A); hãy dùng tệp đã xuất"
        in caught.value.errors
    )


# --- Versioning helpers --------------------------------------------------------------------------------------


def test_digest_ignores_the_version_number_and_stats_count_thresholds() -> None:
    content = load_bytes(INVENTED.encode()).to_dict()
    assert content_digest(content) == content_digest({**content, "version": 9})
    assert content_digest(content) != content_digest({**content, "name": "khác"})
    stats = threshold_stats(load_bytes(INVENTED.encode()))
    assert stats["thresholds"] == {"confirmed": 1, "partial": 0, "unconfirmed": 2, "placeholder": 1}
    assert (stats["criteria"], stats["indicators"], stats["unconfirmed"], stats["missing"]) == (2, 3, 2, 1)


def test_shipped_commune_set_summary() -> None:
    stats = threshold_stats(load_path(next(p for p in shipped_set_paths() if p.stem == "xa-ntm-2021-2025")))
    assert stats["unconfirmed"] == stats["thresholds"]["partial"] + stats["thresholds"]["unconfirmed"] > 0
    assert stats["missing"] == stats["thresholds"]["placeholder"] + stats["without_rule"] > 0


def test_changes_name_added_removed_and_changed_items() -> None:
    old = load_bytes(INVENTED.encode()).to_dict()
    new = load_bytes(INVENTED.encode()).to_dict()
    new["name"] = "Tên mới"
    criterion = new["criteria"][1]
    criterion["indicators"].append({**criterion["indicators"][0], "code": "S2.2"})
    del new["criteria"][0]["indicators"][1]
    changes = content_changes(old, new)
    assert {(c["item"], c["code"], c["change"]) for c in changes} == {
        ("set", "xa-thong-minh-tinh-thu", "changed"),
        ("indicator", "S1.2", "removed"),
        ("indicator", "S2.2", "added"),
    }
