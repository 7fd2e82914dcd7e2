"""Build the Word templates (docxtpl) of the documents the dossier workflow generates.

Run: ``.venv/bin/python -m ntm.recognition.templates_docx.build_templates`` — it rewrites the .docx files beside
this script. The generated files are committed; an administrator may replace any of them on the "Word templates"
page with their own, as long as it keeps the placeholders (see ``ntm/recognition/documents.py::context_for``).
The Decree 30/2020 layout (header, motto, title, recipients and signature) comes from ``ntm.core.wordtemplates``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ntm.core.wordtemplates import CENTER, JUSTIFY, TemplateBuilder

HERE = Path(__file__).resolve().parent
# The issuing body: an optional parent body, then the issuing body over two lines.
ISSUER = (
    ("{%p if parent_body %}", 10, {}),
    ("{{ parent_body }}", 12, CENTER),
    ("{%p endif %}", 10, {}),
    ("{{ issuing_line1 }}", 12, {**CENTER, "bold": True}),
    ("{{ issuing_line2 }}", 12, {**CENTER, "bold": True}),
    ("————", 12, CENTER),
    ("Số: {{ number }}", 13, {**CENTER, "before": 4}),
)


CRITERIA_TABLE = (
    ["STT", "Tiêu chí", "Chỉ tiêu đạt", "Kết quả", "Ghi chú"],
    ["{{ row.number }}", "{{ row.name }}", "{{ row.indicators }}", "{{ row.result }}", "{{ row.note }}"],
    "criteria_rows",
    [1.2, 7.0, 2.4, 2.4, 3.5],
)
INDICATOR_TABLE = (
    ["Mã", "Chỉ tiêu", "Yêu cầu", "Kết quả thực hiện", "Đánh giá"],
    ["{{ row.code }}", "{{ row.name }}", "{{ row.requirement }}", "{{ row.value }}", "{{ row.result }}"],
    "indicator_rows",
    [1.8, 6.5, 3.0, 2.6, 2.6],  # the code column fits "17.10" on one line
)
DOCUMENTS_TABLE = (
    ["STT", "Thành phần hồ sơ", "Số, ký hiệu", "Tệp"],
    ["{{ row.number }}", "{{ row.name }}", "{{ row.doc_number }}", "{{ row.file }}"],
    "document_rows",
    [1.2, 8.0, 3.0, 4.3],
)


def results_report(doc: TemplateBuilder) -> None:
    doc.title("BÁO CÁO", draft_mark=True)
    doc.para("{{ opening }}", 13, **JUSTIFY)
    doc.para("I. KẾT QUẢ CHUNG", 13, bold=True, after=6)
    doc.para("{{ overall_text }}", 13, **JUSTIFY)
    doc.para("{%p if provisional_note %}", 10)
    doc.para("{{ provisional_note }}", 13, **JUSTIFY)
    doc.para("{%p endif %}", 10)
    doc.para("II. KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ", 13, bold=True, after=6)
    doc.grid(*CRITERIA_TABLE)
    doc.para("III. CHI TIẾT CÁC CHỈ TIÊU", 13, bold=True, after=6)
    doc.grid(*INDICATOR_TABLE)
    doc.para("IV. ĐỀ XUẤT, KIẾN NGHỊ", 13, bold=True, after=6)
    doc.para("{{ closing }}", 13, **JUSTIFY)


def request(doc: TemplateBuilder) -> None:
    doc.title("TỜ TRÌNH", draft_mark=True)
    doc.para("Kính gửi: {{ addressee }}", 14, align="center", after=12)
    doc.para("{{ opening }}", 13, **JUSTIFY)
    doc.para("1. {{ overall_text }}", 13, **JUSTIFY)
    doc.para("2. {{ posting_text }}", 13, **JUSTIFY)
    doc.para("3. {{ comments_text }}", 13, **JUSTIFY)
    doc.para("4. {{ survey_text }}", 13, **JUSTIFY)
    doc.para("{{ closing }}", 13, **JUSTIFY)
    doc.para("Hồ sơ kèm theo:", 13, bold=True, after=6)
    doc.grid(*DOCUMENTS_TABLE)


def appraisal_report(doc: TemplateBuilder) -> None:
    doc.title("BÁO CÁO", draft_mark=True)
    doc.para("{{ opening }}", 13, **JUSTIFY)
    doc.para("I. HỒ SƠ ĐỀ NGHỊ", 13, bold=True, after=6)
    doc.grid(*DOCUMENTS_TABLE)
    doc.para("II. KẾT QUẢ THẨM ĐỊNH MỨC ĐỘ ĐẠT CHUẨN", 13, bold=True, after=6)
    doc.para("{{ overall_text }}", 13, **JUSTIFY)
    doc.grid(*CRITERIA_TABLE)
    doc.para("III. Ý KIẾN TRẢ LẠI VÀ GIẢI TRÌNH", 13, bold=True, after=6)
    doc.lines("item in returns", "- {{ item }}", 13, align="justify", after=3)
    doc.para("IV. KẾT LUẬN", 13, bold=True, after=6, before=6)
    doc.para("{{ conclusion }}", 13, **JUSTIFY)


def council_minutes(doc: TemplateBuilder) -> None:
    doc.title("BIÊN BẢN", draft_mark=True)
    doc.para("{{ opening }}", 13, **JUSTIFY)
    doc.para("I. THÀNH PHẦN VÀ KẾT QUẢ BIỂU QUYẾT", 13, bold=True, after=6)
    doc.grid(
        ["STT", "Họ và tên", "Chức danh", "Biểu quyết", "Ý kiến"],
        ["{{ row.number }}", "{{ row.name }}", "{{ row.position }}", "{{ row.vote }}", "{{ row.remarks }}"],
        "council_rows",
        [1.2, 4.5, 3.0, 2.6, 5.2],
    )
    doc.para("II. KẾT QUẢ", 13, bold=True, after=6)
    doc.para("{{ tally_text }}", 13, **JUSTIFY)
    doc.para("{{ threshold_text }}", 13, **JUSTIFY)
    doc.para("{{ conclusion }}", 13, **JUSTIFY)
    doc.two_columns(
        (
            ("THƯ KÝ HỘI ĐỒNG", 13, {**CENTER, "bold": True, "before": 12}),
            ("", 13, {}),
            ("", 13, {}),
            ("{{ secretary }}", 13, {**CENTER, "bold": True}),
        ),
        (
            ("CHỦ TỊCH HỘI ĐỒNG", 13, {**CENTER, "bold": True, "before": 12}),
            ("", 13, {}),
            ("", 13, {}),
            ("{{ chair }}", 13, {**CENTER, "bold": True}),
        ),
    )


def draft_decision(doc: TemplateBuilder) -> None:
    doc.title("QUYẾT ĐỊNH", draft_mark=True)
    doc.para("{{ authority }}", 14, align="center", bold=True, after=12)
    doc.lines(
        "basis in bases",
        "{{ basis }}",
        14,
        align="justify",
        italic=True,
        indent=True,
        after=4,
    )
    doc.para("QUYẾT ĐỊNH:", 14, align="center", bold=True, before=6, after=6)
    doc.lines(
        "article in articles",
        "{{ article }}",
        14,
        align="justify",
        indent=True,
        after=6,
    )


def _build(
    name: str, body: Callable[[TemplateBuilder], None], *, footer: bool = True, directory: Path = HERE
) -> Path:
    doc = TemplateBuilder()
    doc.header(ISSUER, widths=(6.0, 10.5))
    body(doc)
    if footer:
        doc.footer()
    return doc.save(directory / f"{name}.docx", title=name)


BUILDERS = {
    "bao_cao_ket_qua": (results_report, True),
    "to_trinh": (request, True),
    "bao_cao_tham_dinh": (appraisal_report, True),
    "bien_ban_hoi_dong": (council_minutes, False),
    "du_thao_quyet_dinh": (draft_decision, True),
}


def build_all(directory: Path = HERE) -> list[Path]:
    return [
        _build(name, body, footer=footer, directory=directory) for name, (body, footer) in BUILDERS.items()
    ]


if __name__ == "__main__":
    for built in build_all():
        print(built)
