"""Bulk entry through Excel: templates from the set version, every cell validated, all-or-nothing import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ntm.accounts.models import Organisation
from ntm.assessment import bulk
from ntm.assessment.models import IndicatorValue
from ntm.assessment.selectors import assessments
from ntm.assessment.services import value_set
from ntm.audit.models import AuditEntry
from ntm.core.excel import ExcelImportError
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.testing.factories import UnitFactory
from ntm.units.models import UnitYearAttribute

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"


@pytest.fixture
def version(cast):
    criteria_sets_load_shipped()
    Organisation.objects.filter(pk=cast.organisation.pk).update(short_name="SNNMT")
    UnitYearAttribute.objects.create(unit=cast.commune_a, year=2025, region="DNB")
    return assessments.set_version(SET)


def template(client, unit_code="26413", year=2025):
    response = client.get(reverse("assessment:unit_template") + f"?unit={unit_code}&year={year}&set={SET}")
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(response.content))


def fill(workbook, values: dict, column="Giá trị"):
    sheet = workbook["Giá trị"]
    headers = [cell.value for cell in sheet[bulk.HEADER_ROW]]
    code_column = headers.index("Mã chỉ tiêu")
    target = headers.index(column)
    for row in sheet.iter_rows(min_row=bulk.HEADER_ROW + 1):
        code = row[code_column].value
        if code in values:
            row[target].value = values[code]
    return workbook


def as_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name="mau.xlsx"):
    return client.post(reverse("assessment:import"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.sqlite_journey
def test_commune_downloads_fills_and_uploads_the_unit_template(client_as, cast, version):
    value_set(
        unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=70, actor=cast.officer_a
    )
    client = client_as(cast.officer_a)
    workbook = template(client)
    assert workbook.sheetnames == ["Giá trị", "Thông tin"] and workbook["Thông tin"].sheet_state == "hidden"
    sheet = workbook["Giá trị"]
    assert [c.value for c in sheet[bulk.HEADER_ROW]] == list(bulk.UNIT_HEADERS)
    rows = {row[0]: row for row in sheet.iter_rows(min_row=bulk.HEADER_ROW + 1, values_only=True)}
    assert rows["3.1"][3] == "≥ 80%" and rows["3.1"][4] == "Đã xác nhận" and rows["3.1"][6] == 70
    assert rows["3.1"][5] == "Chờ kiểm tra"
    assert rows["2.2"][3] == "Chưa có ngưỡng"  # a placeholder is never given a threshold
    info = dict(workbook["Thông tin"].iter_rows(min_row=2, values_only=True))
    assert info == {"Loại mẫu": "don-vi", "Mã đơn vị": "26413", "Năm": 2025, "Bộ tiêu chí": f"{SET}@1"}

    fill(workbook, {"3.1": "82,5", "3.2": "Đạt", "1.1": True, "4.2": 95})
    fill(workbook, {"3.1": "Số liệu vụ Đông Xuân"}, column="Ghi chú")
    response = upload(client, as_bytes(workbook))
    assert response.status_code == 302
    stored = dict(IndicatorValue.objects.filter(unit=cast.commune_a).values_list("indicator_code", "value"))
    assert stored == {"3.1": 82.5, "3.2": True, "1.1": True, "4.2": 95}
    assert IndicatorValue.objects.get(indicator_code="3.1").note == "Số liệu vụ Đông Xuân"
    entry = AuditEntry.objects.get(action="indicator_value.import")
    assert entry.changes["extra"]["changed"] == 4
    # The same file again changes nothing.
    upload(client, as_bytes(workbook))
    assert AuditEntry.objects.filter(action__startswith="indicator_value.changed").count() == 1


def test_every_bad_cell_is_reported_with_its_place_and_nothing_is_written(client_as, cast, version):
    client = client_as(cast.officer_a)
    workbook = fill(template(client), {"3.1": 140, "3.2": "có lẽ", "2.1": "abc", "4.2": -5})
    fill(workbook, {"4.1": "ghi chú không có giá trị"}, column="Ghi chú")
    sheet = workbook["Giá trị"]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=bulk.HEADER_ROW + 1)}
    sheet.append(["99.9", "Không có", "", "", "", "", 5, ""])
    sheet.append(["3.1", "trùng", "", "", "", "", 90, ""])
    response = upload(client, as_bytes(workbook))
    assert response.status_code == 400
    page = response.content.decode()
    expected = [
        f"Sheet Giá trị, dòng {rows['3.1']}, cột G: Chỉ tiêu 3.1: tỷ lệ phải trong khoảng 0-100%",
        f"Sheet Giá trị, dòng {rows['3.2']}, cột G: chỉ tiêu 3.2 phải là “Đạt” hoặc “Không”",
        f"Sheet Giá trị, dòng {rows['2.1']}, cột G: chỉ tiêu 2.1 phải là một số",
        f"Sheet Giá trị, dòng {rows['4.2']}, cột G: Chỉ tiêu 4.2: tỷ lệ phải trong khoảng 0-100%",
        f"Sheet Giá trị, dòng {sheet.max_row - 1}, cột A: chỉ tiêu “99.9” không có trong bộ tiêu chí",
        f"Sheet Giá trị, dòng {sheet.max_row}, cột A: chỉ tiêu 3.1 trùng với dòng {rows['3.1']}",
        f"Sheet Giá trị, dòng {rows['4.1']}, cột G: có ghi chú nhưng chưa có giá trị",
        "Chưa lưu gì",
    ]
    for text in expected:
        assert text in page, text
    assert not IndicatorValue.objects.exists()


def test_merged_cells_formulas_and_extra_sheets_are_refused(client_as, cast, version):
    client = client_as(cast.officer_a)
    workbook = fill(template(client), {"3.1": 90})
    workbook["Giá trị"].merge_cells("H4:H5")
    workbook["Giá trị"]["G6"] = "=1+1"
    workbook.create_sheet("Sheet thêm")
    page = upload(client, as_bytes(workbook)).content.decode()
    assert "sheet không thuộc mẫu: Sheet thêm" in page
    assert "Sheet Giá trị: có ô gộp" in page
    assert "Sheet Giá trị, dòng 6, cột G: ô chứa công thức" in page
    assert not IndicatorValue.objects.exists()


def test_not_an_excel_file_and_a_changed_info_sheet(client_as, cast, version):
    client = client_as(cast.officer_a)
    page = upload(client, b"%PDF-1.4 not a workbook").content.decode()
    assert "không phải bảng tính Excel" in page
    workbook = fill(template(client), {"3.1": 90})
    info = workbook["Thông tin"]
    for row in info.iter_rows(min_row=2):
        if row[0].value == "Bộ tiêu chí":
            row[1].value = f"{SET}@7"
        if row[0].value == "Năm":
            row[1].value = "năm ngoái"
    page = upload(client, as_bytes(workbook)).content.decode()
    assert "Sheet Thông tin, dòng" in page and "bộ tiêu chí nay ở phiên bản 1" in page
    assert "năm phải là số" in page
    assert not IndicatorValue.objects.exists()


def test_out_of_scope_units(client_as, cast, version):
    other = UnitFactory(code="26416", name="Xã Phước Thái", parent=cast.province)
    client = client_as(cast.officer_a)
    assert (
        client.get(reverse("assessment:unit_template") + f"?unit=26416&year=2025&set={SET}").status_code
        == 404
    )
    # A template of another commune (made by the coordinator) uploaded by this commune's officer.
    workbook = fill(template(client_as(cast.coordinator), "26416"), {"3.1": 90})
    page = upload(client_as(cast.officer_a), as_bytes(workbook)).content.decode()
    assert "không có xã mã “26416” trong phạm vi bạn được nhập số liệu" in page
    assert not IndicatorValue.objects.filter(unit=other).exists()
    # Department officers and auditors see the unit but do not enter values.
    for member in (cast.department, cast.auditor):
        response = client_as(member).get(
            reverse("assessment:unit_template") + f"?unit=26413&year=2025&set={SET}"
        )
        assert response.status_code == 403


def test_department_sheet_for_checking_and_coordinator_import(client_as, cast, version):
    other = UnitFactory(code="26416", name="Xã Phước Thái", parent=cast.province)
    UnitYearAttribute.objects.create(unit=other, year=2025, region="DNB")
    value_set(
        unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=79.5, actor=cast.officer_a
    )
    url = reverse("assessment:department_template") + f"?dept=SNNMT&year=2025&set={SET}"
    response = client_as(cast.department).get(url)
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Giá trị"].iter_rows(min_row=bulk.HEADER_ROW + 1, values_only=True))
    assert {row[0] for row in rows} == {"26413", "26416"}
    assert all(version.criteria_set().find_indicator(row[2]).department.code == "SNNMT" for row in rows)
    long_phuoc = next(row for row in rows if row[0] == "26413" and row[2] == "3.1")
    assert long_phuoc[8] == 79.5 and long_phuoc[7] == "Chờ kiểm tra"
    assert client_as(cast.department).get(url.replace("SNNMT", "SXD")).status_code == 404
    # The department officer checks, and cannot import.
    sheet = workbook["Giá trị"]
    for row in sheet.iter_rows(min_row=bulk.HEADER_ROW + 1):
        if row[0].value == "26416" and row[2].value == "3.1":
            row[8].value = 91
    data = as_bytes(workbook)
    assert upload(client_as(cast.department), data).status_code == 403
    assert not IndicatorValue.objects.filter(unit=other).exists()
    # The coordinator enters on behalf of communes with the same sheet.
    assert upload(client_as(cast.coordinator), data).status_code == 302
    assert IndicatorValue.objects.get(unit=other, indicator_code="3.1").value == 91


def test_parse_value_accepts_vietnamese_forms():
    from ntm.criteria.setfile import SETFILES_DIR
    from ntm.criteria.setload import load_path

    criteria_set = load_path(SETFILES_DIR / "xa-ntm-2021-2025.toml")
    share, flag = criteria_set.find_indicator("3.1"), criteria_set.find_indicator("3.2")
    assert bulk.parse_value(share, "1.234,5") == 1234.5
    assert bulk.parse_value(share, "79,5%") == 79.5
    assert bulk.parse_value(share, 80.0) == 80 and isinstance(bulk.parse_value(share, 80.0), int)
    assert bulk.parse_value(flag, "Không") is False and bulk.parse_value(flag, "đạt") is True
    assert bulk.parse_value(flag, 1) is True
    with pytest.raises(ValueError, match="Đạt"):
        bulk.parse_value(flag, "có lẽ")


def test_import_function_refuses_a_workbook_without_the_info_sheet(cast, version):
    workbook = Workbook()
    workbook.active.title = "Giá trị"
    with pytest.raises(ExcelImportError, match="Thiếu sheet"):
        bulk.indicator_values_import(data=as_bytes(workbook), actor=cast.officer_a)
