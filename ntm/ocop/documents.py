"""The OCOP certificate as a Word document in the Decree 30/2020 layout (and PDF from it): the wording of an
official document is Vietnamese in every language."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from ntm.core.documents import docx_to_pdf
from ntm.core.models import InstanceState
from ntm.core.wordtemplates import render
from ntm.ocop.models import Certificate, DecisionLevel

TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "giay-chung-nhan-ocop.docx"
LEGAL_BASIS = (
    "Quyết định số 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí và quy trình đánh "
    "giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm, được sửa đổi bởi Quyết định số 1489/QĐ-TTg "
    "ngày 06/7/2025"
)
BODIES = {
    DecisionLevel.DISTRICT: "Ủy ban nhân dân huyện",
    DecisionLevel.PROVINCE: "Ủy ban nhân dân tỉnh",
    DecisionLevel.CENTRAL: "Bộ Nông nghiệp và Môi trường",
}


def certificate_context(certificate: Certificate) -> dict:
    product = certificate.product
    producer = product.producer
    decision = certificate.decision
    province = getattr(settings, "NTM_PROVINCE_NAME", "Đồng Nai")
    issued = certificate.issued_on
    demo = InstanceState.is_demo() or certificate.is_demo
    points = (
        f" ({str(certificate.average).replace('.', ',')} điểm)" if certificate.average is not None else ""
    )
    return {
        "parent_body": "",
        "issuing_body": BODIES[decision.level].upper()
        + ("" if decision.level == DecisionLevel.CENTRAL else f" {province.upper()}"),
        "number": certificate.number,
        "place": province,
        "day": f"{issued.day:02d}",
        "month": f"{issued.month:02d}",
        "year": issued.year,
        "summary": f"Sản phẩm đạt tiêu chuẩn OCOP hạng {certificate.star} sao",
        "demo_note": "DỮ LIỆU MINH HỌA — KHÔNG PHẢI VĂN BẢN CHÍNH THỨC" if demo else "",
        "signer_authority": (
            "BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
            if decision.level == DecisionLevel.CENTRAL
            else f"CHỦ TỊCH {BODIES[decision.level].upper()} {province.upper()}"
        ),
        "product": product.name,
        "group": product.category.group.name,
        "category": f"{product.category.code} {product.category.name}",
        "producer": producer.name,
        "producer_kind": producer.get_kind_display(),
        "address": f"{producer.address}, {producer.unit.name}, tỉnh {province}",
        "star": certificate.star,
        "points_text": points,
        "decision_number": decision.number,
        "decision_date": decision.signed_on.strftime("%d/%m/%Y"),
        "decision_body": f"{BODIES[decision.level]} {province}"
        if decision.level != DecisionLevel.CENTRAL
        else BODIES[decision.level],
        "expires_on": certificate.expires_on.strftime("%d/%m/%Y"),
        "legal_basis": LEGAL_BASIS,
        "recipients": [producer.name + ";", "Văn phòng Điều phối nông thôn mới tỉnh;", "Lưu: VT."],
        "signer_capacity": "TM. ỦY BAN NHÂN DÂN" if decision.level != DecisionLevel.CENTRAL else "",
        "signer_title": "CHỦ TỊCH" if decision.level != DecisionLevel.CENTRAL else "BỘ TRƯỞNG",
        "signer_name": decision.signer,
    }


def certificate_docx(certificate: Certificate) -> bytes:
    return render(TEMPLATE, certificate_context(certificate))


def certificate_pdf(certificate: Certificate) -> bytes:
    return docx_to_pdf(certificate_docx(certificate))
