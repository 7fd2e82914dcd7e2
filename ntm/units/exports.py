"""Unit lists as Excel."""

from ntm.core.excel_writer import Sheet, workbook_bytes

HEADERS = ["Cơ cấu", "Mã", "Tên", "Loại", "Cấp", "Mã đơn vị cấp trên", "Hiệu lực từ", "Hiệu lực đến"]


def units_workbook(units) -> bytes:
    rows = (
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
        for unit in units
    )
    return workbook_bytes([Sheet("Đơn vị hành chính", header=HEADERS, rows=rows)])
