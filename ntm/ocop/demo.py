"""Illustrative OCOP data for the demo (called at the end of ``ntm.site.demo.load_demo``).

The producer ``htx.longphuoc`` of Xã Long Phước gets a cooperative, two certified products (one expiring within a
month, so the reminder and the dashboard have something to show), a dossier awaiting the commune's pre-check and
one in council scoring on an illustrative sheet, and a certified rural tourism point (group VI). Products and the
tourism point get placeholder photos drawn at load time ("Ảnh minh họa", ``placeholder_photo``) and the dossiers
get generated PDF papers marked "Tệp minh họa"; nothing is downloaded. Every name and number says "minh họa"; the
sheet is not an official Annex III sheet (its points are made up for the demonstration and marked so).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import logging
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from ntm.accounts.models import User
from ntm.audit.services import audit_record
from ntm.ocop.models import (
    CERTIFICATE_MONTHS,
    Category,
    Certificate,
    Decision,
    DecisionLevel,
    DossierFileKind,
    Producer,
    ProducerKind,
    ProducerStatus,
    Product,
    SiteInspection,
    TourismPoint,
    add_months,
)
from ntm.ocop.services.cycles import cycles_load
from ntm.ocop.services.evaluations import evaluation_precheck, evaluation_submit, product_register
from ntm.ocop.services.files import dossier_file_add, product_photo_add, tourism_point_photo_add
from ntm.ocop.services.sheets import sheet_load, shipped_load
from ntm.units.models import AdministrativeUnit

PRODUCER = "HTX Rau sạch Long Phước (minh họa)"

# Files made at load time: placeholder photos drawn with Pillow ("Ảnh minh họa") and dossier papers rendered by
# WeasyPrint ("Tệp minh họa"). Nothing is downloaded; no third-party image is used.
LABEL = "ẢNH MINH HỌA"
PAPER_LABEL = "TỆP MINH HỌA — không phải giấy tờ thật"
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation2"))
_FONT_FILES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")


def _font(size: int):
    for folder in _FONT_DIRS:
        for name in _FONT_FILES:
            path = folder / name
            if path.exists():
                return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def placeholder_photo(title: str, *, colour: tuple[int, int, int] = (46, 125, 50)) -> bytes:
    """A 640 x 400 PNG: a flat colour, the word "ẢNH MINH HỌA" and the title. Small (flat colours compress)."""
    image = Image.new("RGB", (640, 400), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((16, 16, 623, 383), outline=(255, 255, 255), width=4)
    draw.text((320, 150), LABEL, fill=(255, 255, 255), font=_font(48), anchor="mm")
    lines = _wrap(title, 32)
    for index, line in enumerate(lines[:3]):
        draw.text((320, 230 + index * 36), line, fill=(255, 255, 255), font=_font(28), anchor="mm")
    draw.text(
        (320, 350),
        "Dữ liệu trình diễn — không phải ảnh thật",
        fill=(230, 230, 230),
        font=_font(18),
        anchor="mm",
    )
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def demo_paper(title: str, lines: list[str]) -> bytes:
    """A one-page PDF dossier paper, visibly marked as illustrative."""
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from weasyprint import HTML  # only the demo loader renders these

    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    page = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 2cm; }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 12pt; }}
.mark {{ border: 3px solid #b00020; color: #b00020; padding: .5em; font-weight: bold; text-align: center; }}
</style></head><body><p class="mark">{html.escape(PAPER_LABEL)}</p><h1>{html.escape(title)}</h1>{body}</body></html>"""
    return HTML(string=page).write_pdf()


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


def _photo(name: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "anh-minh-hoa.png", placeholder_photo(name, colour=colour), content_type="image/png"
    )


def _papers(evaluation, owner) -> None:
    """Two generated dossier papers (registration form, quality declaration), marked illustrative."""
    for kind, title, name in (
        (DossierFileKind.REGISTRATION_FORM, "Phiếu đăng ký sản phẩm OCOP", "phieu-dang-ky-minh-hoa.pdf"),
        (
            DossierFileKind.QUALITY_DECLARATION,
            "Bản công bố chất lượng sản phẩm",
            "cong-bo-chat-luong-minh-hoa.pdf",
        ),
    ):
        pdf = demo_paper(
            f"{title} (minh họa)",
            [
                f"Sản phẩm: {evaluation.product.name}",
                f"Chủ thể: {evaluation.product.producer.name}",
                "Nội dung do hệ thống tạo ra khi nạp dữ liệu trình diễn; không phải giấy tờ thật.",
            ],
        )
        upload = SimpleUploadedFile(name, pdf, content_type="application/pdf")
        dossier_file_add(actor=owner, evaluation=evaluation, kind=kind, upload=upload)


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
    return product


def load_ocop_demo() -> Producer | None:
    """Idempotent: does nothing when the demo producer exists."""
    owner = User.objects.filter(username="htx.longphuoc").first()
    officer = User.objects.filter(username="xa.longphuoc").first()
    coordinator = User.objects.filter(username="dieuphoi").first()
    commune = AdministrativeUnit.objects.filter(name="Xã Long Phước", role_assignments__user=owner).first()
    if owner is None or commune is None or Producer.objects.filter(name=PRODUCER).exists():
        return None
    shipped_load(actor=coordinator)
    cycles_load(actor=coordinator)
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
        greens = _certify(
            producer,
            "Rau cải hữu cơ (minh họa)",
            "I.1.a",
            3,
            add_months(today, -CERTIFICATE_MONTHS) + dt.timedelta(days=20),
            "01",
            "Chợ Long Phước (minh họa)",
        )
        pomelo = _certify(
            producer,
            "Bưởi da xanh (minh họa)",
            "I.1.a",
            4,
            dt.date(2025, 9, 1),
            "02",
            "Cửa hàng HTX (minh họa)",
        )
        product_photo_add(actor=owner, product=greens, upload=_photo(greens.name, (46, 125, 50)))
        product_photo_add(actor=owner, product=pomelo, upload=_photo(pomelo.name, (85, 139, 47)))
        garden = _certify(
            producer,
            "Du lịch vườn trái cây Long Phước (minh họa)",
            "VI",
            3,
            dt.date(2025, 10, 1),
            "03",
            "Đặt chỗ qua điện thoại của HTX (minh họa)",
        )
        point = TourismPoint.objects.create(
            name="Điểm du lịch vườn trái cây Long Phước (minh họa)",
            unit=commune,
            producer=producer,
            product=garden,
            address="Ấp Minh Họa 2, xã Long Phước",
            services="Tham quan vườn, hái trái cây, ẩm thực địa phương (minh họa)",
            capacity=60,
            latitude=Decimal("10.705000"),  # illustrative, not a surveyed location
            longitude=Decimal("106.955000"),
            is_demo=True,
        )
        if coordinator is not None:
            SiteInspection.objects.create(
                point=point,
                inspected_on=dt.date(2025, 9, 15),
                inspector=coordinator,
                findings="Biên bản kiểm tra thực tế (minh họa).",
                passed=True,
            )
        tourism_point_photo_add(actor=owner, point=point, upload=_photo(point.name, (21, 101, 192)))
        tourism_point_photo_add(
            actor=owner, point=point, upload=_photo("Khu ẩm thực (minh họa)", (2, 119, 189))
        )
        waiting = product_register(
            actor=owner,
            producer=producer,
            category=Category.objects.get(code="I.2.b"),
            data={"name": "Mật ong rừng (minh họa)", **DOSSIER},
            year=today.year,
        )
        _papers(waiting, owner)
        evaluation_submit(actor=owner, evaluation=waiting)
        scoring = product_register(
            actor=owner,
            producer=producer,
            category=Category.objects.get(code="I.1.a"),
            data={"name": "Dưa lưới (minh họa)", **DOSSIER},
            year=today.year,
        )
        _papers(scoring, owner)
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
