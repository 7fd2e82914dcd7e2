"""Builders for traceability tests (and the permission matrix): an area, its code, a lot with events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ntm.traceability.models import CropKind, Standard
from ntm.traceability.services.areas import area_register, code_issue
from ntm.traceability.services.lots import event_record, lot_harvest

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[107.0, 10.7], [107.00325, 10.7], [107.00325, 10.70325], [107.0, 10.70325], [107.0, 10.7]]
    ],
}


def area_data(**overrides) -> dict:
    data = {
        "producer_name": "HTX Long Phước",
        "producer_address": "Ấp 1, xã Long Phước",
        "name": "Vùng sầu riêng ấp 1",
        "crop": "Sầu riêng",
        "variety": "Ri6",
        "crop_kind": CropKind.PERENNIAL,
        "area_ha": Decimal("12.5"),
        "standard": Standard.VIETGAP,
        "standard_note": "",
        "expected_output_tonnes": Decimal("150"),
        "member_households": 12,
        "export_market": "",
        "packing_house": "",
    }
    return {**data, **overrides}


def make_area(owner, unit, *, issuer=None, boundary=SQUARE, **overrides):
    area = area_register(actor=owner, unit=unit, data=area_data(**overrides), boundary=boundary)
    if issuer is not None:
        area = code_issue(actor=issuer, area=area, decision_ref="QĐ 12/QĐ-SNN ngày 02/01/2026")
    return area


def harvest_data(**overrides) -> dict:
    data = {
        "product_name": "Sầu riêng Ri6",
        "quantity": Decimal("1200"),
        "quantity_unit": "kg",
        "harvested_at": timezone.now() - dt.timedelta(days=2),
        "expires_on": None,
        "gtin": "",
        "brand": "",
    }
    return {**data, **overrides}


def make_lot(area, *, packed=True, **overrides):
    lot = lot_harvest(actor=area.owner, area=area, data=harvest_data(**overrides))
    if packed:
        event_record(
            actor=area.owner,
            lot=lot,
            stage="packing",
            data={
                "occurred_at": timezone.now() - dt.timedelta(days=1),
                "place": "Nhà đóng gói HTX",
                "package": "T-01",
            },
        )
    return lot
