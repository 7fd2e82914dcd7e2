"""Import of the province's register of past decisions (and conversion records) from Excel, all-or-nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record
from ntm.core.choices import StatusLevel
from ntm.core.excel import ExcelImportError, Row, cell_date, read_sheet
from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.core.exceptions import ServiceError
from ntm.core.text import fold
from ntm.core.vocabulary import TASK_COMPLETION_UNIT_TYPES
from ntm.status.models import RecordSource
from ntm.status.services import status_record_create
from ntm.units.models import Structure

SHEET = "Sổ quyết định"
HEADERS = (
    "Cơ cấu",
    "Mã đơn vị",
    "Tên đơn vị",
    "Mức công nhận",
    "Nguồn",
    "Bộ tiêu chí",
    "Số quyết định",
    "Ngày quyết định",
    "Người ký",
    "Cơ quan ban hành",
    "Ghi chú",
)
# Keys folded as the cells are (``fold`` turns "/" into a space: "trước 1/7/2025" → "truoc 1 7 2025").
_STRUCTURES = {
    fold(word): structure
    for word, structure in (
        ("2025", Structure.REFORM_2025),
        ("từ 1/7/2025", Structure.REFORM_2025),
        ("legacy", Structure.LEGACY),
        ("trước 1/7/2025", Structure.LEGACY),
    )
}
_LEVELS = {
    "ntm": StatusLevel.NTM,
    "dat chuan ntm": StatusLevel.NTM,
    "nong thon moi": StatusLevel.NTM,
    "ntm nang cao": StatusLevel.ADVANCED,
    "nang cao": StatusLevel.ADVANCED,
    "ntm kieu mau": StatusLevel.MODEL,
    "kieu mau": StatusLevel.MODEL,
    "huyen ntm": StatusLevel.NTM,
    "huyen dat chuan ntm": StatusLevel.NTM,
    "huyen nong thon moi": StatusLevel.NTM,
    "huyen ntm nang cao": StatusLevel.ADVANCED,
    "huyen ntm kieu mau": StatusLevel.MODEL,
}
# Towns and provincial cities (QĐ 320/QĐ-TTg Annex II) are recognised as having completed the NTM task.
_TASK_WORDS = {
    "hoan thanh nhiem vu xay dung ntm",
    "hoan thanh nhiem vu xay dung nong thon moi",
    "hoan thanh nhiem vu",
}
_SOURCES = {
    "": RecordSource.REGISTER,
    "quyet dinh": RecordSource.REGISTER,
    "so dang ky": RecordSource.REGISTER,
    "quy doi": RecordSource.CONVERSION,
}


def template_workbook() -> bytes:
    example = [
        "2025",
        "26413",
        "Xã Long Phước",
        "NTM nâng cao",
        "Quyết định",
        "xa-nang-cao-2021-2025",
        "(ví dụ — xóa dòng này)",
        "31/12/2024",
        "",
        "UBND tỉnh Đồng Nai",
        "",
    ]
    district = [
        "trước 1/7/2025",
        "732",
        "Thành phố Long Khánh",
        "Hoàn thành nhiệm vụ xây dựng NTM",
        "Quyết định",
        "",
        "(ví dụ — xóa dòng này)",
        "",
        "",
        "Thủ tướng Chính phủ",
        "",
    ]
    widths = (14, 12, 26, 30, 12, 24, 18, 16, 22, 24, 30)
    return workbook_bytes([Sheet(SHEET, header=list(HEADERS), rows=[example, district], widths=widths)])


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> dt.date | None:
    try:
        return cell_date(value)
    except ValueError:
        return None


def _parse(row: Row, allowed, errors: list[str]) -> dict | None:
    v = row.values
    structure = _STRUCTURES.get(fold(_text(v["Cơ cấu"])))
    if structure is None:
        errors.append(_("%(place)s: write 2025 or “trước 1/7/2025”.") % {"place": row.place("Cơ cấu")})
    code = _text(v["Mã đơn vị"])
    unit = allowed.filter(structure=structure, code=code).first() if structure else None
    if structure and unit is None:
        errors.append(
            _("%(place)s: the code “%(code)s” is not within your scope (structure %(structure)s).")
            % {"place": row.place("Mã đơn vị"), "code": code, "structure": structure}
        )
    name = _text(v["Tên đơn vị"])
    if unit is not None and name and fold(name) not in {fold(unit.name), fold(unit.short_name)}:
        errors.append(
            _("%(place)s: “%(name)s” does not match the code %(code)s (%(unit)s).")
            % {"place": row.place("Tên đơn vị"), "name": name, "code": code, "unit": unit.name}
        )
    level_word = fold(_text(v["Mức công nhận"]))
    level = StatusLevel.NTM if level_word in _TASK_WORDS else _LEVELS.get(level_word)
    if level is None:
        errors.append(
            _("%(place)s: write NTM, NTM nâng cao, NTM kiểu mẫu or “Hoàn thành nhiệm vụ xây dựng NTM”.")
            % {"place": row.place("Mức công nhận")}
        )
    elif unit is not None and level_word in _TASK_WORDS and unit.unit_type not in TASK_COMPLETION_UNIT_TYPES:
        errors.append(
            _(
                "%(place)s: only a town or provincial city (before 1/7/2025) completes the NTM task; %(unit)s is not one."
            )
            % {"place": row.place("Mức công nhận"), "unit": unit.name}
        )
        level = None
    source = _SOURCES.get(fold(_text(v["Nguồn"])))
    if source is None:
        errors.append(_("%(place)s: write “Quyết định” or “Quy đổi”.") % {"place": row.place("Nguồn")})
    number = _text(v["Số quyết định"])
    if not number:
        errors.append(_("%(place)s: the decision number is missing.") % {"place": row.place("Số quyết định")})
    decided = _date(v["Ngày quyết định"])
    if decided is None:
        errors.append(
            _("%(place)s: the date must be written dd/mm/yyyy.") % {"place": row.place("Ngày quyết định")}
        )
    if None in (unit, level, source, decided) or not number:
        return None
    return {
        "unit": unit,
        "level": level,
        "source": source,
        "criteria_set": _text(v["Bộ tiêu chí"]),
        "decision_number": number,
        "decision_date": decided,
        "signer": _text(v["Người ký"]),
        "issuing_body": _text(v["Cơ quan ban hành"]),
        "note": _text(v["Ghi chú"]),
    }


def status_register_import(*, data: bytes, allowed_units, actor=None) -> int:
    """Add every row as a register record; on any error (in the sheet or refused by the service) write nothing."""
    rows = read_sheet(data, SHEET, HEADERS)
    errors: list[str] = []
    parsed = [(row, _parse(row, allowed_units, errors)) for row in rows]
    if not rows:
        errors.append(_("Sheet %(sheet)s: there are no data rows.") % {"sheet": SHEET})
    if errors:
        raise ExcelImportError(errors)
    with transaction.atomic():
        for row, fields in parsed:
            try:
                status_record_create(**fields, actor=actor)
            except ServiceError as exc:
                errors.append(
                    _("Sheet %(sheet)s, row %(row)s: %(problem)s")
                    % {"sheet": SHEET, "row": row.number, "problem": exc.message}
                )
        if errors:
            transaction.set_rollback(True)
        else:
            audit_record(
                action="status_register.import",
                object_type="status.statusrecord",
                object_label="Excel",
                extra={"rows": len(parsed)},
                actor=actor,
            )
    if errors:
        raise ExcelImportError(errors)
    return len(parsed)
