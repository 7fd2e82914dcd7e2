"""The award decision as a Word document (Decree 30/2020/NĐ-CP layout, template
``templates_docx/quyet-dinh-khen-thuong.docx``). The wording of an official document is Vietnamese in every language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ntm.core.models import DataKind, InstanceState
from ntm.core.wordtemplates import render
from ntm.knowledge.models import AwardDecision, AwardForm

TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "quyet-dinh-khen-thuong.docx"
FORM_WORDS = {
    AwardForm.CERTIFICATE: "Bằng khen",
    AwardForm.COMMENDATION: "Giấy khen",
    AwardForm.FLAG: "Cờ thi đua",
    AwardForm.TITLE: "Danh hiệu thi đua",
}


def decision_context(decision: AwardDecision) -> dict[str, Any]:
    awards = list(decision.awards.select_related("recipient_unit").order_by("id"))
    forms = sorted({FORM_WORDS[AwardForm(a.form)] for a in awards})
    units = sum(1 for a in awards if a.recipient_unit_id)
    people = len(awards) - units
    counted = []
    if units:
        counted.append(f"{units} tập thể")
    if people:
        counted.append(f"{people} cá nhân")
    movement = decision.movement
    bases = [line.strip() for line in decision.basis.splitlines() if line.strip()]
    if movement is not None:
        launched = f" ({movement.launch_document})" if movement.launch_document else ""
        bases.append(f"Căn cứ phong trào thi đua “{movement.title}”{launched};")
    bases.append("Xét đề nghị của cơ quan thường trực Hội đồng Thi đua - Khen thưởng.")
    day = decision.decided_on
    return {
        "parent_body": decision.parent_body.upper(),
        "issuing_body": decision.issuing_body.upper(),
        "number": decision.number,
        "place": decision.place,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month < 3 else str(day.month),
        "year": str(day.year),
        "summary": f"Về việc khen thưởng {decision.reason}",
        "demo_note": "DỮ LIỆU MINH HỌA — không có giá trị pháp lý"
        if InstanceState.current().data_kind == DataKind.DEMO
        else "",
        "authority": decision.signer_title.upper(),
        "bases": bases,
        "article_one": (
            f"Điều 1. Tặng {', '.join(forms) or 'khen thưởng'} cho {' và '.join(counted) or 'các tập thể, cá nhân'}"
            f" đã có thành tích {decision.reason} (danh sách kèm theo)."
        ),
        "rows": [
            {
                "number": index,
                "recipient": award.recipient_label,
                "form": FORM_WORDS[AwardForm(award.form)],
                "achievement": award.achievement,
            }
            for index, award in enumerate(awards, start=1)
        ],
        "article_two": "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "article_three": (
            "Điều 3. Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên "
            "tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
        ),
        "recipients": ["Như Điều 3;", "Lưu: VT."],
        "signer_capacity": decision.signer_title.upper(),
        "signer_title": "",
        "signer_name": decision.signer_name,
    }


def decision_docx(decision: AwardDecision, template: Path = TEMPLATE) -> bytes:
    return render(template, decision_context(decision))


def decision_filename(decision: AwardDecision) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in decision.number).strip("-") or str(decision.pk)
    return f"quyet-dinh-khen-thuong-{safe}.docx"
