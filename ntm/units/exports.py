"""Unit lists as Excel."""

import io

from openpyxl import Workbook

HEADERS = ["Cơ cấu", "Mã", "Tên", "Loại", "Cấp", "Mã đơn vị cấp trên", "Hiệu lực từ", "Hiệu lực đến"]


def units_workbook(units) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Đơn vị hành chính")
    sheet.append(HEADERS)
    for unit in units:
        sheet.append(
            [
                unit.get_structure_display(),
                unit.code,
                unit.name,
                unit.unit_type,
                unit.get_level_display(),
                unit.parent.code if unit.parent_id else "",
                unit.valid_from.strftime("%d/%m/%Y") if unit.valid_from else "",
                unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
