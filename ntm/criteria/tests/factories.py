"""Test data for the criteria app: an invented province set written only here, and loaders for set files."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.services import criteria_sets_load_shipped

# An INVENTED set of a fictional province (not a real legal text): a "smart commune" set with its own regions,
# groups, a "nếu có" flag and a yearly threshold. It exists to prove that a set the code has never seen loads
# through the database loader, shows on the pages and evaluates, with no code change.
INVENTED_CODE = "xa-thong-minh-tinh-thu"
INVENTED = """
schema = 1
code = "xa-thong-minh-tinh-thu"
version = 1
name = "Bộ tiêu chí xã thông minh (tỉnh thử nghiệm, bịa ra cho kiểm thử)"
subject = "commune"
grants_level = "thong_minh"
year_from = 2026
year_to = 2028
legal_source = "QĐ 318/QĐ-TTg (Quyết định giả định của tỉnh thử nghiệm)"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (Dựng trong kiểm thử, không phải văn bản thật)"
expected_criteria = 2
expected_indicators = 3

[regions]
VEN_BIEN = "Vùng ven biển của tỉnh"
TRUNG_DU = "Vùng trung du của tỉnh"

[flags]
co_cho_dem = "Xã có chợ đêm"

[[criteria]]
code = "S1"
name = "Hạ tầng số"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"
department = "SKHCN"
department_provenance = "unconfirmed"
department_source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators]]
code = "S1.1"
name = "Tỷ lệ hộ dùng cáp quang"
measure_unit = "%"
kind = "percentage"
op = ">="
legal_source = "QĐ 318/QĐ-TTg (giả định)"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators.thresholds]]
value = 70
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators.thresholds]]
region = "VEN_BIEN"
year = 2027
value = 75.5
provenance = "confirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators]]
code = "S1.2"
name = "Chợ đêm thanh toán không dùng tiền mặt (nếu có)"
measure_unit = "Đạt/Không"
kind = "boolean"
legal_source = "QĐ 318/QĐ-TTg (giả định)"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"
applies_if = "co_cho_dem"

[[criteria.indicators.thresholds]]
expected = true
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria]]
code = "S2"
name = "Dịch vụ công"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators]]
code = "S2.1"
name = "Số thủ tục trực tuyến toàn trình"
measure_unit = "thủ tục"
kind = "count"
op = ">="
legal_source = "QĐ 318/QĐ-TTg (giả định)"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"
department = ""
department_provenance = "placeholder"
department_source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators.thresholds]]
provenance = "placeholder"
source = "QĐ 318/QĐ-TTg (kiểm thử: chưa có giá trị)"
"""


def write_set(directory: Path, text: str, name: str = f"{INVENTED_CODE}.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def load_invented(directory: Path) -> CriteriaSetVersion:
    criteria_sets_load_shipped(paths=[write_set(directory, INVENTED)])
    return CriteriaSetVersion.objects.get(code=INVENTED_CODE, version=1)


def load_shipped() -> dict[str, CriteriaSetVersion]:
    criteria_sets_load_shipped()
    return {version.code: version for version in CriteriaSetVersion.objects.all()}


def edit_workbook(data: bytes, edits: dict[tuple[str, str, str], object]) -> bytes:
    """Change cells of an exported workbook: ``{(sheet, indicator code, column letter): value}`` edits the first
    row of that sheet whose column A holds the indicator code."""
    book = load_workbook(io.BytesIO(data))
    for (sheet, code, column), value in edits.items():
        row = next(row for row in book[sheet].iter_rows(min_row=2) if row[0].value == code)
        book[sheet][f"{column}{row[0].row}"] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
