"""Illustrative traceability data for the demo (called by ``ntm.site.demo.load_demo``).

The demo producer ``htx.longphuoc`` registers three growing areas in Xã Long Phước, every name marked "(minh họa)"
and the boundaries drawn by hand near the commune (not surveyed): the department officer ``so.nnmt`` issues the
codes of two, suspends one of them (so its lot's trace page shows the notice), and leaves the third awaiting a
code. The first area has a harvest lot that was packed and shipped. Nothing here is a real area, code or lot.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ntm.accounts.models import User
from ntm.traceability import geometry
from ntm.traceability.models import CropKind, GrowingArea, Standard
from ntm.traceability.services.areas import area_register, code_issue, code_transition
from ntm.traceability.services.lots import event_record, lot_harvest
from ntm.units.models import AdministrativeUnit, UnitBoundary

MARK = "(minh họa)"


def _square(lon: float, lat: float, side: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]
        ],
    }


AREAS = (
    (
        "Vùng sầu riêng Ấp 1 " + MARK,
        "Sầu riêng",
        "Ri6",
        CropKind.PERENNIAL,
        "12.5",
        Standard.VIETGAP,
        (107.02, 10.70),
    ),
    (
        "Vùng bưởi da xanh Ấp 3 " + MARK,
        "Bưởi",
        "Da xanh",
        CropKind.PERENNIAL,
        "6",
        Standard.GLOBALGAP,
        (107.04, 10.71),
    ),
    (
        "Vùng rau ăn lá Ấp 4 " + MARK,
        "Rau ăn lá",
        "",
        CropKind.ANNUAL,
        "0.8",
        Standard.ORGANIC,
        (107.05, 10.69),
    ),
)


def load_traceability_demo(province: AdministrativeUnit) -> None:
    """Idempotent: does nothing when the demo areas exist or the demo people are missing."""
    commune = AdministrativeUnit.objects.filter(
        tree_path__startswith=province.tree_path, name="Xã Long Phước"
    ).first()
    producer = User.objects.filter(username="htx.longphuoc").first()
    officer = User.objects.filter(username="so.nnmt").first()
    if (
        commune is None
        or producer is None
        or officer is None
        or GrowingArea.objects.filter(name__endswith=MARK).exists()
    ):
        return
    # With the commune's real boundary loaded, the squares go next to a point inside it (an area must lie in its
    # commune); without one, at the coordinates above.
    outline = UnitBoundary.objects.filter(unit=commune).values_list("geometry", flat=True).first()
    inside = geometry.inner_point(outline) if outline else None
    areas = []
    for index, (name, crop, variety, kind, hectares, standard, (lon, lat)) in enumerate(AREAS):
        if inside is not None:
            lon, lat = inside[0] + 0.004 * index, inside[1] - 0.004 * index
        areas.append(
            area_register(
                actor=producer,
                unit=commune,
                data={
                    "producer_name": "HTX Nông nghiệp Long Phước " + MARK,
                    "producer_address": "Ấp 1, xã Long Phước, tỉnh Đồng Nai",
                    "name": name,
                    "crop": crop,
                    "variety": variety,
                    "crop_kind": kind,
                    "area_ha": Decimal(hectares),
                    "standard": standard,
                    "member_households": 8,
                },
                boundary=_square(lon, lat, 0.003 if kind == CropKind.PERENNIAL else 0.0008),
            )
        )
    first = code_issue(actor=officer, area=areas[0], decision_ref="Quyết định minh họa")
    second = code_issue(actor=officer, area=areas[1], decision_ref="Quyết định minh họa")
    now = timezone.now()
    lot = lot_harvest(
        actor=producer,
        area=first,
        data={
            "product_name": "Sầu riêng Ri6 " + MARK,
            "quantity": Decimal("1200"),
            "quantity_unit": "kg",
            "harvested_at": now - dt.timedelta(days=3),
            "expires_on": timezone.localdate() + dt.timedelta(days=10),
        },
    )
    event_record(
        actor=producer,
        lot=lot,
        stage="packing",
        data={
            "occurred_at": now - dt.timedelta(days=2),
            "place": "Nhà đóng gói HTX " + MARK,
            "package": "T-001",
        },
    )
    event_record(
        actor=producer,
        lot=lot,
        stage="shipping",
        data={
            "occurred_at": now - dt.timedelta(days=1),
            "place": "Kho HTX " + MARK,
            "receiver": "Chợ đầu mối " + MARK,
        },
    )
    lot_harvest(
        actor=producer,
        area=second,
        data={
            "product_name": "Bưởi da xanh " + MARK,
            "quantity": Decimal("800"),
            "quantity_unit": "kg",
            "harvested_at": now - dt.timedelta(days=5),
        },
    )
    code_transition(
        actor=officer, area=second, kind="suspend", reason="Đình chỉ minh họa: chờ kết quả kiểm nghiệm"
    )
