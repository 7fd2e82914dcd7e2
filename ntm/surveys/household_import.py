"""Reading and checking a household list from Excel (the template of ``template_workbook``).

Pure checks on rows already read by ``ntm.core.excel.read_sheet`` (which refuses non-xlsx content, oversize
files, formulas, merged cells, wrong headers and data outside the template's columns). Every problem is named by
sheet, row and column; the caller writes nothing unless the list is empty.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from openpyxl import Workbook

from ntm.core.excel import Row
from ntm.core.text import fold

SHEET = "Danh sách hộ"
HEADERS = ("Mã hộ", "Họ tên chủ hộ", "Ấp, khu phố")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]{0,29}$")
_ID_LIKE = re.compile(r"\d{9,}")
_HAMLET_PREFIXES = ("ap ", "khu pho ", "thon ", "to dan pho ")


@dataclass(frozen=True)
class HouseholdRow:
    number: int
    code: str
    head_name: str
    hamlet_id: int


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def hamlet_index(hamlets) -> dict[str, int]:
    """Folded hamlet names (with and without "Ấp"/"Khu phố"/"Thôn") → hamlet id."""
    index: dict[str, int] = {}
    for hamlet in hamlets:
        folded = fold(hamlet.name)
        index.setdefault(folded, hamlet.pk)
        for prefix in _HAMLET_PREFIXES:
            if folded.startswith(prefix):
                index.setdefault(folded.removeprefix(prefix), hamlet.pk)
    return index


def check_rows(
    rows: list[Row], *, hamlets: dict[str, int], commune_name: str
) -> tuple[list[HouseholdRow], list[str]]:
    """The valid rows and the list of errors (each with its place)."""
    errors: list[str] = []
    valid: list[HouseholdRow] = []
    seen: dict[str, int] = {}
    if not rows:
        errors.append(f"Sheet {SHEET}: không có dòng dữ liệu nào.")
    for row in rows:
        code = cell_text(row.values["Mã hộ"])
        name = cell_text(row.values["Họ tên chủ hộ"])
        hamlet_text = cell_text(row.values["Ấp, khu phố"])
        ok = True
        if not code:
            errors.append(f"{row.place('Mã hộ')}: thiếu mã hộ.")
            ok = False
        elif code.isdigit() and len(code) in {9, 12}:
            errors.append(
                f"{row.place('Mã hộ')}: “{code}” trông giống số CMND/CCCD. Hệ thống không thu thập số định danh; "
                "hãy dùng mã hộ của ấp (ví dụ BK-001)."
            )
            ok = False
        elif not _CODE.match(code):
            errors.append(
                f"{row.place('Mã hộ')}: “{code}” không hợp lệ (tối đa 30 ký tự: chữ không dấu, số, . _ / -)."
            )
            ok = False
        elif code.upper() in seen:
            errors.append(f"{row.place('Mã hộ')}: mã “{code}” trùng với dòng {seen[code.upper()]}.")
            ok = False
        else:
            seen[code.upper()] = row.number
        if not name:
            errors.append(f"{row.place('Họ tên chủ hộ')}: thiếu họ tên chủ hộ.")
            ok = False
        elif len(name) > 150:
            errors.append(f"{row.place('Họ tên chủ hộ')}: họ tên dài quá 150 ký tự.")
            ok = False
        elif _ID_LIKE.search(name):
            errors.append(
                f"{row.place('Họ tên chủ hộ')}: có dãy số giống số định danh; chỉ ghi họ tên, không ghi CCCD."
            )
            ok = False
        hamlet_id = hamlets.get(fold(hamlet_text)) if hamlet_text else None
        if not hamlet_text:
            errors.append(f"{row.place('Ấp, khu phố')}: thiếu tên ấp, khu phố.")
            ok = False
        elif hamlet_id is None:
            errors.append(
                f"{row.place('Ấp, khu phố')}: {commune_name} không có ấp, khu phố “{hamlet_text}”. Sửa tên cho "
                "khớp danh mục, hoặc nhờ Văn phòng Điều phối tỉnh thêm ấp vào danh mục trước."
            )
            ok = False
        if ok:
            valid.append(HouseholdRow(row.number, code, name, hamlet_id))
    return valid, errors


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for column, width in zip("ABC", (14, 36, 24), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
