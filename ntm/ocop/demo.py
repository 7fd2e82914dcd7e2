"""Illustrative OCOP data for the demo (called at the end of ``ntm.site.demo.load_demo``).

The producer ``htx.longphuoc`` of Xã Long Phước gets a cooperative, two certified products (one expiring within a
month, so the reminder and the dashboard have something to show), a dossier awaiting the commune's pre-check and
one in council scoring on an illustrative sheet. Every name and number says "minh họa"; the sheet is not an
official Annex III sheet (its points are made up for the demonstration and marked so).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ntm.accounts.models import User
from ntm.audit.services import audit_record
from ntm.ocop.models import (
    CERTIFICATE_MONTHS,
    Category,
    Certificate,
    Decision,
    DecisionLevel,
    Producer,
    ProducerKind,
    ProducerStatus,
    Product,
    add_months,
)
from ntm.ocop.services.evaluations import evaluation_precheck, evaluation_submit, product_register
from ntm.ocop.services.sheets import sheet_load, shipped_load
from ntm.units.models import AdministrativeUnit

PRODUCER = "HTX Rau sạch Long Phước (minh họa)"

DEMO_SHEET = (
    """schema = 1
code = "minh-hoa-rau-cu-qua"
version = "minh-hoa-1"
title = "Phiếu chấm MINH HỌA — không phải phiếu chính thức của Phụ lục III QĐ 148/QĐ-TTg"
legal_document = "QĐ 148/QĐ-TTg"
categories = ["I.1.a"]
decimals = 2
disagreement_threshold = 10
provenance = "placeholder"
source = "Dữ liệu minh họa: điểm tự đặt để trình diễn, không dùng để đánh giá thật"
"""
    + "".join(
        f"""
[[bands]]
star = {star}
min_points = {low}
provenance = "unconfirmed"
source = "http://ocop.quangnam.gov.vn/chi-tiet/group/97/nid/9770/ban-hanh-bo-tieu-chi-danh-gia-phan-hang-san-pham-chuong-trinh-moi-xa-mot-san-pham"
"""
        for star, low in ((5, 90), (4, 70), (3, 50), (2, 30), (1, 0))
    )
    + "".join(
        f"""
[[parts]]
code = "{code}"
name = "{name}"
max_points = {points}
provenance = "confirmed"
source = "http://tintuc.thuvienphapluat.com/thong-bao-van-ban-moi/email/46523/thay-doi-tieu-chi-danh-gia-san-pham-ocop"

[[sections]]
code = "{code}.1"
part = "{code}"
name = "{name} (minh họa)"
provenance = "placeholder"
source = "Dữ liệu minh họa"

[[criteria]]
code = "{code}.1.1"
section = "{code}.1"
name = "Tiêu chí minh họa {code}"
provenance = "placeholder"
source = "Dữ liệu minh họa"

[[criteria.options]]
code = "a"
label = "Thấp (minh họa)"
points = 0

[[criteria.options]]
code = "b"
label = "Trung bình (minh họa)"
points = {points // 2}

[[criteria.options]]
code = "c"
label = "Cao (minh họa)"
points = {points}
"""
        for code, name, points in (
            ("A", "Sản phẩm và sức mạnh cộng đồng", 40),
            ("B", "Khả năng tiếp thị", 25),
            ("C", "Chất lượng sản phẩm", 35),
        )
    )
)

DOSSIER = {
    "product_description": "Mô tả sản phẩm (minh họa).",
    "samples_count": 5,
    "quality_declaration": "Số 00/CBCL (minh họa)",
    "evidence_note": "Giấy đăng ký kinh doanh (minh họa)",
}


def _certify(producer, name, code, star, issued, number, where):
    product = Product.objects.create(
        producer=producer,
        name=name,
        category=Category.objects.get(code=code),
        description="Sản phẩm minh họa, không phải sản phẩm thật.",
        where_to_buy=where,
        is_demo=True,
    )
    decision = Decision.objects.create(
        number=f"{number}/QĐ-UBND (minh họa)",
        signed_on=issued,
        level=DecisionLevel.PROVINCE,
        signer="(minh họa)",
    )
    Certificate.objects.create(
        product=product,
        decision=decision,
        number=f"OCOP-MH-{number}",
        star=star,
        issued_on=issued,
        expires_on=add_months(issued, CERTIFICATE_MONTHS),
        is_demo=True,
    )


def load_ocop_demo() -> Producer | None:
    """Idempotent: does nothing when the demo producer exists."""
    owner = User.objects.filter(username="htx.longphuoc").first()
    officer = User.objects.filter(username="xa.longphuoc").first()
    coordinator = User.objects.filter(username="dieuphoi").first()
    commune = AdministrativeUnit.objects.filter(name="Xã Long Phước", role_assignments__user=owner).first()
    if owner is None or commune is None or Producer.objects.filter(name=PRODUCER).exists():
        return None
    shipped_load(actor=coordinator)
    with transaction.atomic():
        sheet_load(data=DEMO_SHEET, actor=coordinator)
        producer = Producer.objects.create(
            name=PRODUCER,
            kind=ProducerKind.COOPERATIVE,
            unit=commune,
            address="Ấp Minh Họa 1, xã Long Phước",
            representative="Lý Thị Sản",
            phone="0000 000 000",
            latitude=Decimal("10.700000"),  # an illustrative point in the commune, not a surveyed address
            longitude=Decimal("106.950000"),
            owner=owner,
            status=ProducerStatus.APPROVED,
            decided_by=officer,
            is_demo=True,
        )
        today = timezone.localdate()
        _certify(
            producer,
            "Rau cải hữu cơ (minh họa)",
            "I.1.a",
            3,
            add_months(today, -CERTIFICATE_MONTHS) + dt.timedelta(days=20),
            "01",
            "Chợ Long Phước (minh họa)",
        )
        _certify(
            producer,
            "Bưởi da xanh (minh họa)",
            "I.1.a",
            4,
            dt.date(2025, 9, 1),
            "02",
            "Cửa hàng HTX (minh họa)",
        )
        waiting = product_register(
            actor=owner,
            producer=producer,
            category=Category.objects.get(code="I.2.b"),
            data={"name": "Mật ong rừng (minh họa)", **DOSSIER},
            year=today.year,
        )
        evaluation_submit(actor=owner, evaluation=waiting)
        scoring = product_register(
            actor=owner,
            producer=producer,
            category=Category.objects.get(code="I.1.a"),
            data={"name": "Dưa lưới (minh họa)", **DOSSIER},
            year=today.year,
        )
        evaluation_submit(actor=owner, evaluation=scoring)
        if officer is not None:
            evaluation_precheck(
                actor=officer,
                evaluation=scoring,
                raw_material_origin=True,
                idea_origin=True,
                local_labour=True,
                note="",
                accept=True,
            )
        audit_record(action="ocop.demo.load", instance=producer, after={"demo": True}, actor=coordinator)
    return producer
