"""A small legacy structure for the district tests: a former province (predecessor of the cast's province) with
Huyện Xuân Lộc (three rural communes and a township) and Thành phố Long Khánh (one commune and one ward)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook

from ntm.status.register_import import HEADERS, SHEET
from ntm.testing.factories import UnitFactory
from ntm.units.models import AdministrativeUnit, Level, Structure, UnitLineage


@dataclass
class LegacyWorld:
    province: AdministrativeUnit
    xuan_loc: AdministrativeUnit
    long_khanh: AdministrativeUnit
    communes: list[AdministrativeUnit]  # Xuân Lộc's three rural communes
    township: AdministrativeUnit
    bao_quang: AdministrativeUnit  # Long Khánh's rural commune


def _unit(code, name, unit_type, level, parent):
    return UnitFactory(
        structure=Structure.LEGACY, code=code, name=name, unit_type=unit_type, level=level, parent=parent
    )


def legacy_world(cast) -> LegacyWorld:
    province = _unit("75", "Tỉnh Đồng Nai", "tinh", Level.PROVINCE, None)
    UnitLineage.objects.create(new_unit=cast.province, old_unit=province, source="test")
    xuan_loc = _unit("740", "Huyện Xuân Lộc", "huyen", Level.DISTRICT, province)
    long_khanh = _unit("732", "Thành phố Long Khánh", "thanh_pho", Level.DISTRICT, province)
    communes = [
        _unit("26100", "Xã Xuân Định", "xa", Level.COMMUNE, xuan_loc),
        _unit("26101", "Xã Xuân Phú", "xa", Level.COMMUNE, xuan_loc),
        _unit("26102", "Xã Bảo Hòa", "xa", Level.COMMUNE, xuan_loc),
    ]
    township = _unit("26103", "Thị trấn Gia Ray", "thi_tran", Level.COMMUNE, xuan_loc)
    bao_quang = _unit("26050", "Xã Bảo Quang", "xa", Level.COMMUNE, long_khanh)
    _unit("26051", "Phường Xuân Trung", "phuong", Level.COMMUNE, long_khanh)
    return LegacyWorld(province, xuan_loc, long_khanh, communes, township, bao_quang)


def register_workbook(*rows) -> bytes:
    """A register workbook with ``rows`` (tuples in the order of HEADERS)."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def district_row(code, name, level, number, date="15/12/2023", body="Thủ tướng Chính phủ"):
    return ("trước 1/7/2025", code, name, level, "Quyết định", "", number, date, "", body, "")
