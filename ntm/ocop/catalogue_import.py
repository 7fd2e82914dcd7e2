"""Import of the province's existing OCOP catalogue (certified products and their decisions) from Excel, all-or-
nothing, through the guarded reader. Decisions of district level (before 1/7/2025) are kept as history; a
certificate runs 36 months from its issue date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.excel import ExcelImportError, Row, cell_date, read_sheet
from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.core.text import fold
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
from ntm.ocop.sheetfile import TAXONOMY_SYMBOL

SHEET = "Sản phẩm OCOP"
HEADERS = (
    "Mã xã",
    "Tên xã",
    "Chủ thể",
    "Loại hình",
    "Địa chỉ",
    "Người đại diện",
    "Điện thoại",
    "Sản phẩm",
    "Mã phân nhóm",
    "Hạng sao",
    "Điểm",
    "Cấp quyết định",
    "Số quyết định",
    "Ngày quyết định",
    "Số giấy chứng nhận",
    "Nơi mua",
)
_KINDS = {
    "hop tac xa": ProducerKind.COOPERATIVE,
    "htx": ProducerKind.COOPERATIVE,
    "doanh nghiep": ProducerKind.COMPANY,
    "cong ty": ProducerKind.COMPANY,
    "to hop tac": ProducerKind.COOPERATIVE_GROUP,
    "ho kinh doanh": ProducerKind.HOUSEHOLD,
}
_LEVELS = {
    "huyen": DecisionLevel.DISTRICT,
    "cap huyen": DecisionLevel.DISTRICT,
    "tinh": DecisionLevel.PROVINCE,
    "cap tinh": DecisionLevel.PROVINCE,
    "trung uong": DecisionLevel.CENTRAL,
}


def template_workbook() -> bytes:
    example = [
        "26413",
        "Xã Long Phước",
        "HTX (ví dụ — xóa dòng này)",
        "Hợp tác xã",
        "Ấp 1",
        "Nguyễn Văn A",
        "",
        "Tên sản phẩm",
        "I.1.a",
        3,
        62.5,
        "Huyện",
        "123/QĐ-UBND",
        "15/03/2024",
        "OCOP-001",
        "",
    ]
    return workbook_bytes(
        [
            Sheet(
                SHEET,
                header=list(HEADERS),
                rows=[example],
                widths=[12, 20, 30, 16, 24, 20, 14, 30, 12, 10, 8, 14, 18, 16, 18, 30],
            )
        ]
    )


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


def _parse(row: Row, units, categories: dict[str, Category], errors: list[str]) -> dict | None:
    v = row.values
    start = len(errors)
    code = _text(v["Mã xã"])
    unit = units.filter(code=code).first()
    if unit is None:
        errors.append(
            _("%(place)s: the code “%(code)s” is not a commune within your scope.")
            % {"place": row.place("Mã xã"), "code": code}
        )
    kind = _KINDS.get(fold(_text(v["Loại hình"])))
    if kind is None:
        errors.append(
            _("%(place)s: write Hợp tác xã, Doanh nghiệp, Tổ hợp tác or Hộ kinh doanh.")
            % {"place": row.place("Loại hình")}
        )
    for header in ("Chủ thể", "Địa chỉ", "Người đại diện", "Sản phẩm", "Số quyết định", "Số giấy chứng nhận"):
        if not _text(v[header]):
            errors.append(_("%(place)s: this cell must not be empty.") % {"place": row.place(header)})
    category = categories.get(_text(v["Mã phân nhóm"]))
    if category is None:
        errors.append(
            _("%(place)s: unknown sub-group code (for example I.1.a).") % {"place": row.place("Mã phân nhóm")}
        )
    star = v["Hạng sao"]
    if not isinstance(star, int | float) or star not in (3, 4, 5):
        errors.append(_("%(place)s: the star must be 3, 4 or 5.") % {"place": row.place("Hạng sao")})
    points = None
    if _text(v["Điểm"]):
        try:
            points = Decimal(_text(v["Điểm"]).replace(",", "."))
        except InvalidOperation:
            points = None
        if points is None or not 0 <= points <= 100:
            errors.append(
                _("%(place)s: points must be a number from 0 to 100.") % {"place": row.place("Điểm")}
            )
    level = _LEVELS.get(fold(_text(v["Cấp quyết định"])))
    if level is None:
        errors.append(
            _("%(place)s: write Huyện, Tỉnh or Trung ương.") % {"place": row.place("Cấp quyết định")}
        )
    signed = _date(v["Ngày quyết định"])
    if signed is None:
        errors.append(
            _("%(place)s: the date must be written dd/mm/yyyy.") % {"place": row.place("Ngày quyết định")}
        )
    if len(errors) > start:
        return None
    return {
        "unit": unit,
        "producer": {
            "name": _text(v["Chủ thể"]),
            "kind": kind,
            "address": _text(v["Địa chỉ"]),
            "representative": _text(v["Người đại diện"]),
            "phone": _text(v["Điện thoại"]),
        },
        "product": _text(v["Sản phẩm"]),
        "category": category,
        "star": int(star),
        "points": points,
        "level": level,
        "number": _text(v["Số quyết định"]),
        "signed_on": signed,
        "certificate": _text(v["Số giấy chứng nhận"]),
        "where_to_buy": _text(v["Nơi mua"]),
    }


def catalogue_import(*, data: bytes, units, actor) -> int:
    """Add every row (producer, product, decision, certificate); on any problem write nothing and list them all."""
    rows = read_sheet(data, SHEET, HEADERS)
    categories = {
        c.code: c for c in Category.objects.filter(legal_symbol=TAXONOMY_SYMBOL, children__isnull=True)
    }
    errors: list[str] = []
    parsed = [(row, _parse(row, units, categories, errors)) for row in rows]
    if not rows:
        errors.append(_("Sheet %(sheet)s: there are no data rows.") % {"sheet": SHEET})
    seen: set[tuple[str, dt.date]] = set()
    for row, fields in parsed:
        if fields is None:
            continue
        key = (fields["certificate"], fields["signed_on"])
        if key in seen or Certificate.objects.filter(number=key[0], issued_on=key[1]).exists():
            errors.append(
                _("%(place)s: certificate %(number)s of this date is already recorded.")
                % {"place": row.place("Số giấy chứng nhận"), "number": key[0]}
            )
        seen.add(key)
    if errors:
        raise ExcelImportError(errors)
    with transaction.atomic():
        for _row, fields in parsed:
            unit = fields["unit"]
            producer = next(
                (
                    p
                    for p in Producer.objects.filter(unit=unit)
                    if fold(p.name) == fold(fields["producer"]["name"])
                ),
                None,
            )
            if producer is None:
                producer = Producer.objects.create(
                    unit=unit,
                    status=ProducerStatus.APPROVED,
                    decided_by=actor,
                    is_imported=True,
                    **fields["producer"],
                )
                audit_record(
                    action="ocop.producer.import", instance=producer, after=snapshot(producer), actor=actor
                )
            product = next(
                (p for p in producer.products.all() if fold(p.name) == fold(fields["product"])), None
            )
            if product is None:
                product = Product.objects.create(
                    producer=producer,
                    name=fields["product"],
                    category=fields["category"],
                    where_to_buy=fields["where_to_buy"],
                )
                audit_record(
                    action="ocop.product.import", instance=product, after=snapshot(product), actor=actor
                )
            decision = Decision.objects.create(
                number=fields["number"],
                signed_on=fields["signed_on"],
                level=fields["level"],
                is_imported=True,
            )
            certificate = Certificate.objects.create(
                product=product,
                decision=decision,
                number=fields["certificate"],
                star=fields["star"],
                average=fields["points"],
                issued_on=fields["signed_on"],
                expires_on=add_months(fields["signed_on"], CERTIFICATE_MONTHS),
                is_imported=True,
            )
            audit_record(
                action="ocop.certificate.import",
                instance=certificate,
                after=snapshot(certificate),
                actor=actor,
            )
        audit_record(
            action="ocop.catalogue.import",
            object_type="ocop.certificate",
            object_label="Excel",
            extra={"rows": len(parsed)},
            actor=actor,
        )
    return len(parsed)
