"""Documents generated for a dossier from replaceable Word templates (docxtpl), in the Decree 30/2020 layout, and
their PDF made by LibreOffice headless: the commune's results report with its criteria table, the request (tờ
trình), the appraisal report, the council minutes and the draft decision.

Generation runs as a background job (``ntm.jobs``): the job renders the .docx, converts it to PDF, stores both
through Django storage as a dossier document (code = the document kind, so a generated request or report fills
the step's requirement) and attaches the PDF to the job.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role, StatusLevel
from ntm.core.documents import docx_to_pdf
from ntm.core.exceptions import ServiceError
from ntm.core.models import DataKind, InstanceState
from ntm.core.uploads import DOCX_TYPES, check_document
from ntm.core.vocabulary import LEVEL_PHRASE, NTM
from ntm.core.wordtemplates import render
from ntm.councils.models import CouncilPosition
from ntm.jobs.models import Job
from ntm.jobs.services import JobRun, job_running, job_start
from ntm.recognition import selectors
from ntm.recognition.models import (
    DocumentKind,
    Dossier,
    DossierDocument,
    DossierEvent,
    EventKind,
    SignerPosition,
    TemplateOverride,
)
from ntm.recognition.services.procedures import effective_procedure
from ntm.recognition.snapshots import dossier_evaluation

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_docx"
JOB_KIND = "recognition.document"
# Names of the generated documents as they appear in the dossier (data, like the procedure files' names).
KIND_NAMES = {
    DocumentKind.RESULTS_REPORT: "Báo cáo kết quả xây dựng NTM của xã (kèm biểu chi tiết từng tiêu chí)",
    DocumentKind.REQUEST: "Tờ trình đề nghị thẩm định, xét công nhận xã đạt chuẩn",
    DocumentKind.APPRAISAL_REPORT: "Báo cáo thẩm định hồ sơ và mức độ đạt chuẩn",
    DocumentKind.COUNCIL_MINUTES: "Biên bản họp Hội đồng thẩm định",
    DocumentKind.DRAFT_DECISION: "Dự thảo quyết định",
}
COMMUNE_KINDS = {DocumentKind.RESULTS_REPORT, DocumentKind.REQUEST}
SYMBOLS = {
    DocumentKind.RESULTS_REPORT: "BC-UBND",
    DocumentKind.REQUEST: "TTr-UBND",
    DocumentKind.APPRAISAL_REPORT: "BC-SNNMT",
    DocumentKind.COUNCIL_MINUTES: "BB-HĐTĐ",
    DocumentKind.DRAFT_DECISION: "QĐ-UBND",
}
POSITIONS = {
    CouncilPosition.CHAIR: "Chủ tịch",
    CouncilPosition.MEMBER: "Ủy viên",
    CouncilPosition.SECRETARY: "Thư ký",
}


def shipped_template(kind: str) -> Path:
    return TEMPLATES_DIR / f"{kind}.docx"


def template_bytes(kind: str) -> bytes:
    """The administrator's replacement if one is active, else the shipped template."""
    override = (
        TemplateOverride.objects.filter(kind=kind, is_active=True).order_by("-uploaded_at", "-id").first()
    )
    if override is not None:
        with override.file.open("rb") as handle:
            return handle.read()
    return shipped_template(kind).read_bytes()


# --- Contexts ------------------------------------------------------------------------------------------------


def _date_parts(day) -> dict[str, str]:
    return {"day": f"{day.day:02d}", "month": f"{day.month:02d}", "year": str(day.year)}


def _short_name(unit) -> str:
    """ "Xã Long Phước" → "Long Phước" (the place name in the date line)."""
    return unit.short_name or unit.name.split(" ", 1)[-1]


def _criteria_rows(evaluation: dict) -> tuple[list[dict], list[dict]]:
    criteria, indicators = [], []
    for number, group in enumerate(evaluation.get("criteria", []), start=1):
        items = group.get("indicators", [])
        met = sum(1 for item in items if item.get("status") in ("met", "not_applicable"))
        criteria.append(
            {
                "number": number,
                "code": group["code"],
                "name": f"{group['code']}. {group['name']}",
                "indicators": f"{met}/{len(items)}",
                "result": "Đạt" if group.get("met") else "Chưa đạt",
                "note": "Tạm tính (ngưỡng chưa xác nhận)" if group.get("provisional") else "",
            }
        )
        for item in items:
            indicators.append(
                {
                    "code": item["code"],
                    "name": item["name"],
                    "requirement": item.get("requirement", "—"),
                    "value": item.get("value_text", "—"),
                    "result": item.get("label", ""),
                }
            )
    return criteria, indicators


def _file_kind(doc) -> str:
    """What the dossier holds of a document, in words ("Bản điện tử (PDF)"): never the uploaded file's name."""
    extension = doc.original_name.rsplit(".", 1)[-1].upper() if "." in doc.original_name else ""
    return f"Bản điện tử ({extension})" if extension else "Bản điện tử"


def _documents_rows(dossier: Dossier) -> list[dict]:
    return [
        {"number": number, "name": doc.name, "doc_number": doc.number or "—", "file": _file_kind(doc)}
        for number, doc in enumerate(selectors.active_documents(dossier), start=1)
    ]


def _survey_text(dossier: Dossier) -> str:
    result = dossier.survey_result
    if result and result.get("overall") is not None:
        overall = f"{result['overall']:.1f}".replace(".", ",")
        return (
            f"Kết quả lấy ý kiến sự hài lòng của người dân do Ủy ban MTTQ xã chủ trì: {overall}% số phiếu hài lòng "
            f"({result.get('answers', 0)} phiếu trả lời)."
        )
    if dossier.documents.filter(is_active=True, code="bao_cao_khao_sat").exists():
        return "Kết quả lấy ý kiến sự hài lòng của người dân: theo báo cáo của Ủy ban MTTQ xã kèm theo hồ sơ."
    return "Kết quả lấy ý kiến sự hài lòng của người dân: chưa có."


def _posting_text(dossier: Dossier) -> str:
    postings = list(dossier.postings.order_by("posted_on"))
    if not postings:
        return "Công khai báo cáo để lấy ý kiến nhân dân: chưa ghi nhận lần nào."
    return (
        f"Báo cáo đã được công khai {len(postings)} lần, từ ngày {postings[0].posted_on:%d/%m/%Y} đến ngày "
        f"{postings[-1].posted_on:%d/%m/%Y} (niêm yết, loa truyền thanh, họp dân) để lấy ý kiến nhân dân."
    )


def _comments_text(dossier: Dossier) -> str:
    count = dossier.documents.filter(is_active=True, code__in=["y_kien_mttq", "y_kien_doan_the"]).count()
    if not count:
        return "Ý kiến bằng văn bản của Ủy ban MTTQ xã và các tổ chức chính trị - xã hội: chưa có."
    return f"Đã nhận {count} văn bản góp ý của Ủy ban MTTQ xã và các tổ chức chính trị - xã hội."


def _returns(dossier: Dossier) -> list[str]:
    items = []
    for reason in dossier.return_reasons.order_by("id"):
        label = f"Tiêu chí {reason.criterion}" if reason.criterion else "Chung"
        answer = reason.answer or "chưa trả lời"
        items.append(f"{label}: {reason.reason} — Giải trình của xã: {answer}")
    return items or ["Không có."]


def _council(dossier: Dossier) -> dict[str, Any]:
    votes = {vote.member_id: vote for vote in selectors.votes_of(dossier)}
    rows, chair, secretary = [], "", ""
    for number, member in enumerate(selectors.council_of(dossier), start=1):
        vote = votes.get(member.pk)
        rows.append(
            {
                "number": number,
                "name": str(member.user),
                "position": POSITIONS.get(member.position, member.position),
                "vote": ("Đồng ý" if vote.agree else "Không đồng ý") if vote else "Chưa biểu quyết",
                "remarks": vote.remarks if vote else "",
            }
        )
        if member.position == CouncilPosition.CHAIR:
            chair = str(member.user)
        elif member.position == CouncilPosition.SECRETARY:
            secretary = str(member.user)
    procedure = effective_procedure(dossier.procedure)
    tally = selectors.council_tally(dossier, procedure)
    if tally is None:
        tally_text = "Chưa kiểm phiếu."
        threshold_text = (
            "Ngưỡng biểu quyết: chưa được Văn phòng Điều phối cấu hình (không có giá trị mặc định)."
        )
        conclusion = "Chưa có kết luận."
    else:
        tally_text = (
            f"Số thành viên: {tally.members}; số phiếu: {tally.cast}; đồng ý: {tally.agree}; "
            f"không đồng ý: {tally.disagree}; tỷ lệ đồng ý: {tally.share_text}%."
        )
        threshold_text = f"Ngưỡng biểu quyết đã cấu hình: {str(tally.threshold).replace('.', ',')}%."
        conclusion = "Hội đồng thông qua." if tally.passed else "Hội đồng không thông qua."
    return {
        "council_rows": rows,
        "chair": chair,
        "secretary": secretary,
        "tally_text": tally_text,
        "threshold_text": threshold_text,
        "conclusion": conclusion,
    }


def context_for(dossier: Dossier, kind: str, *, number: str = "", today=None) -> dict[str, Any]:
    """Every placeholder the templates use (a replacement template may use any of them), in Vietnamese whatever
    the acting user's language (the documents are official)."""
    with translation.override("vi"):
        return _context(dossier, kind, number=number, today=today)


def _context(dossier: Dossier, kind: str, *, number: str, today) -> dict[str, Any]:
    today = today or timezone.localdate()
    unit = dossier.unit
    province = settings.NTM_PROVINCE_NAME
    level_text = LEVEL_PHRASE.get(dossier.target_level, LEVEL_PHRASE[NTM])
    evaluation, frozen = dossier_evaluation(dossier)
    criteria_rows, indicator_rows = _criteria_rows(evaluation)
    met, total = evaluation.get("criteria_met", 0), evaluation.get("criteria_total", 0)
    revocation = dossier.target_level == StatusLevel.REVOKED
    symbol = SYMBOLS[kind]
    if kind == DocumentKind.DRAFT_DECISION and dossier.decision_number:
        number = dossier.decision_number
    context: dict[str, Any] = {
        **_date_parts(today),
        "number": number.strip() or f"        /{symbol}",
        "draft_mark": "",
        "demo_note": "DỮ LIỆU MINH HỌA — không có giá trị pháp lý"
        if InstanceState.current().data_kind == DataKind.DEMO
        else "",
        "unit_name": unit.name,
        "unit_name_upper": unit.name.upper(),
        "province_name": province,
        "level_text": level_text,
        "dossier_year": dossier.year,
        "set_name": dossier.criteria_version.name,
        "set_ref": dossier.criteria_version.ref,
        "set_legal_source": dossier.criteria_version.legal_source,
        "criteria_rows": criteria_rows,
        "indicator_rows": indicator_rows,
        "criteria_met": met,
        "criteria_total": total,
        "overall_text": f"Tổng số tiêu chí đạt: {met}/{total} tiêu chí"
        + (" (số liệu đã chốt khi nộp hồ sơ)." if frozen else " (theo số liệu hiện tại, chưa chốt)."),
        "provisional_note": "Một số ngưỡng chỉ tiêu chưa được xác nhận từ văn bản gốc; kết quả tương ứng là tạm tính."
        if evaluation.get("provisional")
        else "",
        "document_rows": _documents_rows(dossier),
        "posting_text": _posting_text(dossier),
        "comments_text": _comments_text(dossier),
        "survey_text": _survey_text(dossier),
        "returns": _returns(dossier),
        "signer_name": "",
    }
    commune_header = {
        "parent_body": "",
        "issuing_line1": "ỦY BAN NHÂN DÂN",
        "issuing_line2": unit.name.upper(),
        "place": _short_name(unit),
        "signer_capacity": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "recipients": [f"UBND tỉnh {province} (Văn phòng Điều phối NTM tỉnh)", "Lưu: VT."],
    }
    if kind == DocumentKind.RESULTS_REPORT:
        context.update(commune_header)
        context["summary"] = f"Kết quả thực hiện xây dựng xã đạt chuẩn {level_text} năm {dossier.year}"
        context["opening"] = (
            f"Căn cứ Quyết định số 18/2022/QĐ-TTg ngày 02/8/2022 của Thủ tướng Chính phủ và {context['set_name']} "
            f"({context['set_legal_source']}), Ủy ban nhân dân {unit.name} báo cáo kết quả tự đánh giá mức độ "
            f"đạt chuẩn {level_text} năm {dossier.year} như sau:"
        )
        context["closing"] = (
            f"Ủy ban nhân dân {unit.name} kính đề nghị các cơ quan có thẩm quyền xem xét, thẩm định theo quy định."
        )
    elif kind == DocumentKind.REQUEST:
        context.update(commune_header)
        context["summary"] = (
            f"Đề nghị thẩm định, xét công nhận {unit.name} đạt chuẩn {level_text} năm {dossier.year}"
        )
        context["addressee"] = f"Ủy ban nhân dân tỉnh {province}"
        context["opening"] = (
            f"Thực hiện Quyết định số 18/2022/QĐ-TTg ngày 02/8/2022 của Thủ tướng Chính phủ, Ủy ban nhân dân "
            f"{unit.name} đã tổ chức tự đánh giá, lấy ý kiến và hoàn thiện hồ sơ, kết quả như sau:"
        )
        context["closing"] = (
            f"Ủy ban nhân dân {unit.name} kính trình Ủy ban nhân dân tỉnh {province} xem xét, thẩm định và công "
            f"nhận {unit.name} đạt chuẩn {level_text} năm {dossier.year}."
        )
    else:
        context.update(
            {
                "parent_body": f"UBND TỈNH {province.upper()}",
                "issuing_line1": "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
                "issuing_line2": "",
                "place": province,
                "signer_capacity": "KT. GIÁM ĐỐC",
                "signer_title": "PHÓ GIÁM ĐỐC",
                "recipients": [f"UBND tỉnh {province}", f"UBND {unit.name}", "Lưu: VT, VPĐP."],
            }
        )
    if kind == DocumentKind.APPRAISAL_REPORT:
        reached = evaluation.get("level_reached")
        context["summary"] = (
            f"Kết quả thẩm định hồ sơ và mức độ đạt chuẩn {level_text} năm {dossier.year} của {unit.name}"
        )
        context["opening"] = (
            f"Văn phòng Điều phối nông thôn mới tỉnh đã thẩm định hồ sơ đề nghị của {unit.name} theo Quyết định số "
            f"18/2022/QĐ-TTg và {context['set_name']}, kết quả như sau:"
        )
        context["conclusion"] = f"{unit.name} đạt {met}/{total} tiêu chí theo số liệu đã chốt; " + (
            "đủ điều kiện trình Hội đồng thẩm định xem xét." if reached else "chưa đạt đủ các tiêu chí."
        )
    elif kind == DocumentKind.COUNCIL_MINUTES:
        context.update(_council(dossier))
        context["issuing_line1"] = "HỘI ĐỒNG THẨM ĐỊNH"
        context["summary"] = (
            f"Họp Hội đồng thẩm định xét {'thu hồi quyết định công nhận' if revocation else 'công nhận'} "
            f"{unit.name} đạt chuẩn {level_text} năm {dossier.year}"
        )
        context["opening"] = (
            f"Hội đồng thẩm định tỉnh {province} họp xem xét hồ sơ đề nghị công nhận của {unit.name} năm "
            f"{dossier.year}; thành phần và kết quả biểu quyết như sau:"
        )
    elif kind == DocumentKind.DRAFT_DECISION:
        context.update(_decision_context(dossier, province, level_text, revocation))
    return context


def _decision_context(dossier: Dossier, province: str, level_text: str, revocation: bool) -> dict[str, Any]:
    unit = dossier.unit
    chair_signs = dossier.decision_signer_position == SignerPosition.CHAIR
    name = unit.name
    if revocation and dossier.revokes_id:
        revoked = dossier.revokes
        subject = (
            f"Về việc thu hồi Quyết định số {revoked.decision_number} ngày {revoked.decision_date:%d/%m/%Y} "
            f"công nhận {name} đạt chuẩn"
        )
        article1 = (
            f"Điều 1. Thu hồi Quyết định số {revoked.decision_number} ngày {revoked.decision_date:%d/%m/%Y} "
            f"công nhận {name}, tỉnh {province} đạt chuẩn {LEVEL_PHRASE.get(revoked.level, revoked.level)}."
        )
    else:
        subject = f"Về việc công nhận {name}, tỉnh {province} đạt chuẩn {level_text} năm {dossier.year}"
        article1 = f"Điều 1. Công nhận {name}, tỉnh {province} đạt chuẩn {level_text} năm {dossier.year}."
    return {
        "parent_body": "",
        "issuing_line1": "ỦY BAN NHÂN DÂN",
        "issuing_line2": f"TỈNH {province.upper()}",
        "place": province,
        "draft_mark": "" if dossier.decision_number else "DỰ THẢO",
        "summary": subject,
        "authority": f"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {province.upper()}",
        "bases": [
            "Căn cứ Luật Tổ chức chính quyền địa phương;",
            "Căn cứ Quyết định số 18/2022/QĐ-TTg ngày 02/8/2022 của Thủ tướng Chính phủ ban hành Quy định điều "
            "kiện, trình tự, thủ tục, hồ sơ xét, công nhận, công bố và thu hồi quyết định công nhận địa phương đạt "
            "chuẩn nông thôn mới, đạt chuẩn nông thôn mới nâng cao, đạt chuẩn nông thôn mới kiểu mẫu và hoàn thành "
            "nhiệm vụ xây dựng nông thôn mới giai đoạn 2021-2025;",
            f"Căn cứ {dossier.criteria_version.name} ({dossier.criteria_version.legal_source});",
            "Xét đề nghị của Văn phòng Điều phối nông thôn mới tỉnh.",
        ],
        "articles": [
            article1,
            f"Điều 2. Ủy ban nhân dân {name} có trách nhiệm duy trì, nâng cao chất lượng các tiêu chí.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở "
            f"Nông nghiệp và Môi trường, Chủ tịch Ủy ban nhân dân {name} và các cơ quan, đơn vị liên quan chịu "
            "trách nhiệm thi hành Quyết định này.",
        ],
        # Printed from the signer's recorded position; before it is recorded, the usual case (a vice-chair).
        "signer_capacity": "CHỦ TỊCH" if chair_signs else "KT. CHỦ TỊCH",
        "signer_title": "" if chair_signs else "PHÓ CHỦ TỊCH",
        "signer_name": dossier.decision_signer,
        "recipients": [
            "Như Điều 3;",
            "Văn phòng Điều phối NTM Trung ương;",
            "Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
            "Lưu: VT, KTN.",
        ],
    }


# --- Generation (a background job) ---------------------------------------------------------------------------


def can_generate(user, dossier: Dossier, kind: str) -> bool:
    roles = [Role.PROVINCE_COORDINATOR]
    if kind in COMMUNE_KINDS:
        roles.append(Role.COMMUNE_OFFICER)
    return dossier.is_open and selectors.may_act(user, dossier.unit_id, roles)


def document_generate_start(*, dossier: Dossier, kind: str, actor, number: str = "") -> Job:
    """Start the background job that generates ``kind`` for the dossier (refuses who may not)."""
    if kind not in DocumentKind.values:
        raise ServiceError("Loại văn bản không hợp lệ.")
    if not can_generate(actor, dossier, kind):
        raise PermissionDenied("Vai trò của bạn không tạo được văn bản này cho hồ sơ này.")
    return job_start(
        owner=actor,
        kind=JOB_KIND,
        label=f"{KIND_NAMES[kind]} — {dossier.unit.name} ({dossier.year})",
        task=generate_dossier_document,
        params={"dossier": dossier.pk, "kind": kind, "number": number.strip()[:60]},
        unit=dossier.unit,
    )


def document_generate_run(run: JobRun) -> DossierDocument:
    """The job's work: render the template, convert to PDF, store both as a dossier document."""
    params = run.params
    dossier = Dossier.objects.select_related("unit", "procedure", "criteria_version", "revokes").get(
        pk=params["dossier"]
    )
    kind = params["kind"]
    actor = run.job.owner
    if not can_generate(actor, dossier, kind):
        raise PermissionDenied("Vai trò của bạn không tạo được văn bản này cho hồ sơ này.")
    run.progress(10, "Đang điền mẫu văn bản")
    docx = render(template_bytes(kind), context_for(dossier, kind, number=params.get("number", "")))
    run.progress(40, "Đang chuyển sang PDF (LibreOffice)")
    pdf = docx_to_pdf(docx)
    run.progress(90, "Đang lưu")
    base = f"{kind}-{dossier.unit.code}-{dossier.year}"
    with transaction.atomic():
        document = DossierDocument(
            dossier=dossier,
            step_code=dossier.state,
            code=kind,
            name=KIND_NAMES[kind],
            original_name=f"{base}.pdf",
            mime_type="application/pdf",
            size=len(pdf),
            generated=True,
            number=dossier.decision_number
            if kind == DocumentKind.DRAFT_DECISION
            else params.get("number", ""),
            uploaded_by=actor,
        )
        document.file.save(f"{base}.pdf", ContentFile(pdf), save=False)
        document.docx.save(f"{base}.docx", ContentFile(docx), save=False)
        document.save()
        DossierEvent.objects.create(
            dossier=dossier,
            kind=EventKind.GENERATED,
            actor=actor,
            comment=document.name,
            data={"job": str(run.job.pk)},
        )
        audit_record(
            action="dossier.document_generate",
            instance=document,
            after=snapshot(document),
            actor=actor,
            unit=dossier.unit,
        )
    run.attach(f"{base}.pdf", pdf)
    return document


@task()
def generate_dossier_document(job_id: str) -> None:
    """The background task: thin, it claims the job and calls ``document_generate_run``."""
    with job_running(job_id) as run:
        document_generate_run(run)


def generation_jobs(dossier: Dossier):
    """The dossier's generation jobs still queued or running (the page shows their progress)."""
    return Job.objects.filter(kind=JOB_KIND, unit=dossier.unit, status__in=["queued", "running"]).filter(
        params__dossier=dossier.pk
    )


# --- Replacing a template ------------------------------------------------------------------------------------


def template_override_upload(*, kind: str, upload: UploadedFile, actor) -> TemplateOverride:
    """Replace the shipped template of ``kind`` with an uploaded .docx; refused unless it renders."""
    if not selectors.is_coordinator(actor):
        raise PermissionDenied("Chỉ Văn phòng Điều phối tỉnh thay mẫu văn bản.")
    if kind not in DocumentKind.values:
        raise ServiceError("Loại văn bản không hợp lệ.")
    mime_type = check_document(upload, allowed=DOCX_TYPES)
    data = upload.read()
    upload.seek(0)
    try:
        render(data, sample_context())
    except Exception as exc:  # any template error: a bad .docx or Jinja syntax
        raise ServiceError(f"Mẫu “{upload.name}” không dùng được: {str(exc)[:200]}") from None
    with transaction.atomic():
        override = TemplateOverride(
            kind=kind, original_name=upload.name[:255], mime_type=mime_type, size=len(data), uploaded_by=actor
        )
        override.file.save(upload.name, ContentFile(data), save=False)
        override.save()
        audit_record(action="template.upload", instance=override, after=snapshot(override), actor=actor)
    return override


def template_override_deactivate(*, override: TemplateOverride, actor) -> TemplateOverride:
    if not selectors.is_coordinator(actor):
        raise PermissionDenied("Chỉ Văn phòng Điều phối tỉnh thay mẫu văn bản.")
    with transaction.atomic():
        TemplateOverride.objects.filter(pk=override.pk).update(is_active=False)
        audit_record(
            action="template.deactivate",
            instance=override,
            before={"is_active": True},
            after={"is_active": False},
            actor=actor,
        )
    override.is_active = False
    return override


def sample_context() -> dict[str, Any]:
    """A context with every placeholder filled, to check a replacement template renders."""
    row = {
        "number": 1,
        "code": "1",
        "name": "Quy hoạch",
        "indicators": "2/2",
        "result": "Đạt",
        "note": "",
        "requirement": "Đạt",
        "value": "Đạt",
        "doc_number": "—",
        "file": "a.pdf",
        "position": "Chủ tịch",
        "vote": "Đồng ý",
        "remarks": "",
    }
    text = "Nội dung mẫu"
    keys = (
        "number",
        "draft_mark",
        "demo_note",
        "unit_name",
        "unit_name_upper",
        "province_name",
        "level_text",
        "set_name",
        "set_ref",
        "set_legal_source",
        "overall_text",
        "provisional_note",
        "posting_text",
        "comments_text",
        "survey_text",
        "signer_name",
        "parent_body",
        "issuing_line1",
        "issuing_line2",
        "place",
        "signer_capacity",
        "signer_title",
        "summary",
        "opening",
        "closing",
        "addressee",
        "conclusion",
        "authority",
        "tally_text",
        "threshold_text",
        "chair",
        "secretary",
    )
    return {
        **{key: text for key in keys},
        **_date_parts(timezone.localdate()),
        "dossier_year": 2025,
        "criteria_met": 19,
        "criteria_total": 19,
        "criteria_rows": [row],
        "indicator_rows": [row],
        "document_rows": [row],
        "council_rows": [row],
        "returns": [text],
        "recipients": [text],
        "bases": [text],
        "articles": [text],
    }
