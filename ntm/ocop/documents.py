"""The OCOP certificate as a Word document in the Decree 30/2020 layout (and PDF from it): the wording of an
official document is Vietnamese in every language."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ntm.core.documents import docx_to_pdf
from ntm.core.models import InstanceState
from ntm.core.wordtemplates import render
from ntm.ocop.models import Certificate, Decision, DecisionLevel, Evaluation
from ntm.ocop.scoring import council_result, part_totals

TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "giay-chung-nhan-ocop.docx"
LEGAL_BASIS = (
    "Quyết định số 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí và quy trình đánh "
    "giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm, được sửa đổi bởi Quyết định số 1489/QĐ-TTg "
    "ngày 06/7/2025"
)
# The 36-month validity of a 3★-5★ certificate, with its source and provenance (shown where expiry is used).
VALIDITY_SOURCE = (
    "QĐ 148/QĐ-TTg ngày 24/02/2023 (giấy chứng nhận OCOP 3-5 sao có giá trị 36 tháng; chưa đối chiếu điều khoản "
    "nguyên văn); https://danang.gov.vn/web/san-pham-ocop/danh-muc-cd/chi-tiet?id=4782&_c=94677574"
)
VALIDITY_PROVENANCE = "partial"
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


MINUTES_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "bien-ban-hoi-dong-ocop.docx"
DECISION_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "quyet-dinh-cong-nhan-ocop.docx"
PROVENANCE_WORDS = {
    "confirmed": "đã xác nhận",
    "partial": "xác nhận một phần",
    "unconfirmed": "chưa xác nhận",
    "placeholder": "chưa có dữ liệu",
}


def _number(value) -> str:
    return str(value).replace(".", ",")


def _member_name(user) -> str:
    return getattr(user, "full_name", "") or user.get_username()


def minutes_context(evaluation: Evaluation) -> dict:
    """The council's minutes for one product: each member's part totals, the average, the star and why."""
    province = getattr(settings, "NTM_PROVINCE_NAME", "Đồng Nai")
    product, producer = evaluation.product, evaluation.product.producer
    sheet = evaluation.sheet.parsed().sheet
    scores = list(evaluation.scores.select_related("member").order_by("pk"))
    members = []
    for index, score in enumerate(scores, 1):
        parts = part_totals(sheet, score.choices)
        members.append(
            {
                "index": index,
                "member": _member_name(score.member),
                "a": _number(parts.get("A", "")),
                "b": _number(parts.get("B", "")),
                "c": _number(parts.get("C", "")),
                "total": _number(score.total),
            }
        )
    result = council_result(sheet, [s.choices for s in scores]) if scores else None
    notes = []
    if result is not None:
        for star, codes in result.failed_mandatory.items():
            notes.append(f"Chưa đạt tiêu chí bắt buộc của hạng {star} sao: {', '.join(codes)}.")
        if result.disagreement:
            notes.append(
                f"Chênh lệch tổng điểm giữa các thành viên là {_number(result.spread)} điểm, vượt ngưỡng "
                f"{_number(sheet.disagreement_threshold)} điểm của phiếu: Chủ tịch Hội đồng xem xét lại."
            )
    star = evaluation.star or 0
    if star >= 3:
        conclusion = f"Sản phẩm đạt {star} sao; Hội đồng đề nghị Ủy ban nhân dân tỉnh công nhận hạng {min(star, 4)} sao."
        if evaluation.propose_national:
            conclusion += (
                " Sản phẩm đạt từ 90 điểm: đề nghị Bộ Nông nghiệp và Môi trường đánh giá, công nhận 5 sao."
            )
    else:
        conclusion = "Sản phẩm chưa đạt hạng 3 sao, không đề nghị công nhận."
    when = max((s.scored_at for s in scores), default=None)
    day = timezone.localtime(when).date() if when else timezone.localdate()
    bands = "; ".join(
        f"{b.star} sao từ {_number(b.min_points)} điểm ({PROVENANCE_WORDS.get(b.provenance, b.provenance)})"
        for b in sorted(sheet.bands, key=lambda b: -b.star)
    )
    demo = InstanceState.is_demo() or product.is_demo
    return {
        "parent_body": f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}",
        "issuing_body": "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
        "number": "      /BB-HĐOCOP",
        "place": province,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
        "summary": f"Họp Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh năm {evaluation.year}",
        "demo_note": "DỮ LIỆU MINH HỌA — KHÔNG PHẢI VĂN BẢN CHÍNH THỨC" if demo else "",
        "commune": producer.unit.name,
        "product": product.name,
        "category": f"{product.category.code} {product.category.name}",
        "producer": producer.name,
        "address": f"{producer.address}, {producer.unit.name}",
        "sheet": f"{evaluation.sheet.title} (phiên bản {evaluation.sheet.version})",
        "members": members,
        "average": _number(evaluation.average if evaluation.average is not None else "—"),
        "decimals": sheet.decimals,
        "band_star": result.band_star if result else 0,
        "star": star,
        "notes": notes,
        "conclusion": conclusion,
        "bands_source": bands,
        # The chair and the secretary sign by hand under their titles; their names are written at the meeting.
        "chair": "",
        "secretary": "",
    }


def minutes_docx(evaluation: Evaluation) -> bytes:
    return render(MINUTES_TEMPLATE, minutes_context(evaluation))


def decision_context(decision: Decision) -> dict:
    """The ranking decision of the province (3★-4★), the ministry (5★) or a district (history)."""
    province = getattr(settings, "NTM_PROVINCE_NAME", "Đồng Nai")
    certificates = list(decision.certificates.select_related("product__producer__unit").order_by("pk"))
    signed = decision.signed_on
    body = BODIES[decision.level]
    central = decision.level == DecisionLevel.CENTRAL
    full_body = body if central else f"{body} {province}"
    products = [
        {
            "index": index,
            "product": c.product.name,
            "producer": c.product.producer.name,
            "address": f"{c.product.producer.address}, {c.product.producer.unit.name}",
            "points": _number(c.average) if c.average is not None else "—",
            "star": c.star,
            "certificate": c.number,
        }
        for index, c in enumerate(certificates, 1)
    ]
    year = decision.evaluation.year if decision.evaluation else signed.year
    demo = InstanceState.is_demo() or any(c.is_demo for c in certificates)
    bases = [
        "Căn cứ Luật Tổ chức chính quyền địa phương;"
        if not central
        else "Căn cứ chức năng, nhiệm vụ của Bộ;",
        f"Căn cứ {LEGAL_BASIS};",
        "Xét đề nghị của Hội đồng đánh giá, phân hạng sản phẩm OCOP.",
    ]
    return {
        "parent_body": "",
        "issuing_body": full_body.upper(),
        "number": decision.number,
        "place": province,
        "day": f"{signed.day:02d}",
        "month": f"{signed.month:02d}",
        "year": signed.year,
        "summary": f"Về việc công nhận sản phẩm đạt chuẩn OCOP năm {year}",
        "demo_note": "DỮ LIỆU MINH HỌA — KHÔNG PHẢI VĂN BẢN CHÍNH THỨC" if demo else "",
        "authority": "BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" if central else f"CHỦ TỊCH {full_body.upper()}",
        "bases": bases,
        "level_text": "cấp quốc gia (5 sao)"
        if central
        else f"cấp {'tỉnh' if decision.level == DecisionLevel.PROVINCE else 'huyện'}",
        "products": products,
        "expires_on": certificates[0].expires_on.strftime("%d/%m/%Y") if certificates else "",
        "executors": "Chánh Văn phòng, Văn phòng Điều phối nông thôn mới tỉnh, thủ trưởng các cơ quan có liên quan"
        if not central
        else "Các đơn vị có liên quan",
        "recipients": [*(c.product.producer.name + ";" for c in certificates), "Như Điều 3;", "Lưu: VT."],
        "signer_capacity": "" if central else "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "BỘ TRƯỞNG" if central else "CHỦ TỊCH",
        "signer_name": decision.signer,
    }


def decision_docx(decision: Decision) -> bytes:
    return render(DECISION_TEMPLATE, decision_context(decision))
