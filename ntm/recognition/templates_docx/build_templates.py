"""Build the Word templates (docxtpl) of the documents the dossier workflow generates.

Run: ``.venv/bin/python ntm/recognition/templates_docx/build_templates.py`` — it rewrites the .docx files beside
this script. The generated files are committed; an administrator may replace any of them on the "Word templates"
page with their own, as long as it keeps the placeholders (see ``ntm/recognition/documents.py::context_for``).

Layout after Decree 30/2020/NĐ-CP, Annex I: A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New
Roman 13-14 pt (LibreOffice substitutes the metric-compatible Liberation Serif); the issuing body on the left
(parent body upper case, issuing body upper case bold) with the number and symbol under it; the national motto on
the right (12 pt bold upper case, then 13 pt bold "Độc lập - Tự do - Hạnh phúc"), place and date in italics under
it; document type and summary centred in bold; body 13-14 pt justified with a first-line indent; "Nơi nhận:" 12 pt
bold italic with 11 pt items on the left, the signature block on the right.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
CENTER = {"align": WD_ALIGN_PARAGRAPH.CENTER}
JUSTIFY = {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "indent": True, "after": 6}


def _font(run, size: float, *, bold=False, italic=False, underline=False):
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    return run


def _para(
    container,
    text="",
    size=13.0,
    *,
    align=None,
    bold=False,
    italic=False,
    underline=False,
    indent=False,
    after=0.0,
    before=0.0,
):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(before)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        _font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _cell(cell, *lines):
    """Fill a table cell: each line is (text, size, options)."""
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    for text, size, options in lines:
        _para(cell, text, size, **options)


def _widths(table, widths: list[float]) -> None:
    """Fixed column widths (LibreOffice otherwise spreads the columns evenly)."""
    table.autofit = False
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)


def _document():
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.font.size = Pt(13)
    return document


def _header(document):
    """Issuing body and number on the left, national motto, place and date on the right."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [6.0, 10.5])
    left, right = table.rows[0].cells
    _cell(
        left,
        ("{%p if parent_body %}", 10, {}),
        ("{{ parent_body }}", 12, CENTER),
        ("{%p endif %}", 10, {}),
        ("{{ issuing_line1 }}", 12, {**CENTER, "bold": True}),
        ("{{ issuing_line2 }}", 12, {**CENTER, "bold": True}),
        ("————", 12, CENTER),
        ("Số: {{ number }}", 13, {**CENTER, "before": 4}),
    )
    _cell(
        right,
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, {**CENTER, "bold": True}),
        ("Độc lập - Tự do - Hạnh phúc", 13, {**CENTER, "bold": True, "underline": True}),
        (
            "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}",
            13,
            {**CENTER, "italic": True, "before": 10},
        ),
    )


def _title(document, kind_title: str):
    _para(document, "{%p if draft_mark %}", 10)
    _para(document, "{{ draft_mark }}", 12, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, before=12)
    _para(document, "{%p endif %}", 10)
    _para(document, kind_title, 14, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, before=12)
    _para(document, "{{ summary }}", 14, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=12)
    _para(document, "{%p if demo_note %}", 10)
    _para(document, "{{ demo_note }}", 12, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, after=6)
    _para(document, "{%p endif %}", 10)


def _lines(document, loop: str, template: str, size=13.0, **options):
    _para(document, "{%p for " + loop + " %}", 10)
    _para(document, template, size, **options)
    _para(document, "{%p endfor %}", 10)


def _grid(document, headers: list[str], cells: list[str], loop: str, widths: list[float], text_column=1):
    """A bordered table with a header row and one docxtpl row loop."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, header in enumerate(headers):
        _cell(table.rows[0].cells[index], (header, 12, {**CENTER, "bold": True}))
    _cell(table.rows[1].cells[0], ("{%tr for row in " + loop + " %}", 10, {}))
    for index, placeholder in enumerate(cells):
        _cell(table.rows[2].cells[index], (placeholder, 12, {} if index == text_column else CENTER))
    _cell(table.rows[3].cells[0], ("{%tr endfor %}", 10, {}))
    _widths(table, widths)
    _para(document, "", 6)
    return table


def _footer(document, *, left_label="Nơi nhận:"):
    table = document.add_table(rows=1, cols=2)
    _widths(table, [8.0, 8.5])
    left, right = table.rows[0].cells
    _cell(
        left,
        (left_label, 12, {"bold": True, "italic": True, "before": 12}),
        ("{%p for recipient in recipients %}", 10, {}),
        ("- {{ recipient }}", 11, {}),
        ("{%p endfor %}", 10, {}),
    )
    _cell(
        right,
        ("{{ signer_capacity }}", 13, {**CENTER, "bold": True, "before": 12}),
        ("{{ signer_title }}", 13, {**CENTER, "bold": True}),
        ("", 13, {}),
        ("", 13, {}),
        ("", 13, {}),
        ("{{ signer_name }}", 13, {**CENTER, "bold": True}),
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
    [1.3, 7.0, 3.0, 2.6, 2.6],
)
DOCUMENTS_TABLE = (
    ["STT", "Thành phần hồ sơ", "Số, ký hiệu", "Tệp"],
    ["{{ row.number }}", "{{ row.name }}", "{{ row.doc_number }}", "{{ row.file }}"],
    "document_rows",
    [1.2, 8.0, 3.0, 4.3],
)


def results_report(document):
    _title(document, "BÁO CÁO")
    _para(document, "{{ opening }}", 13, **JUSTIFY)
    _para(document, "I. KẾT QUẢ CHUNG", 13, bold=True, after=6)
    _para(document, "{{ overall_text }}", 13, **JUSTIFY)
    _para(document, "{%p if provisional_note %}", 10)
    _para(document, "{{ provisional_note }}", 13, **JUSTIFY)
    _para(document, "{%p endif %}", 10)
    _para(document, "II. KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ", 13, bold=True, after=6)
    _grid(document, *CRITERIA_TABLE)
    _para(document, "III. CHI TIẾT CÁC CHỈ TIÊU", 13, bold=True, after=6)
    _grid(document, *INDICATOR_TABLE)
    _para(document, "IV. ĐỀ XUẤT, KIẾN NGHỊ", 13, bold=True, after=6)
    _para(document, "{{ closing }}", 13, **JUSTIFY)


def request(document):
    _title(document, "TỜ TRÌNH")
    _para(document, "Kính gửi: {{ addressee }}", 14, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _para(document, "{{ opening }}", 13, **JUSTIFY)
    _para(document, "1. {{ overall_text }}", 13, **JUSTIFY)
    _para(document, "2. {{ posting_text }}", 13, **JUSTIFY)
    _para(document, "3. {{ comments_text }}", 13, **JUSTIFY)
    _para(document, "4. {{ survey_text }}", 13, **JUSTIFY)
    _para(document, "{{ closing }}", 13, **JUSTIFY)
    _para(document, "Hồ sơ kèm theo:", 13, bold=True, after=6)
    _grid(document, *DOCUMENTS_TABLE)


def appraisal_report(document):
    _title(document, "BÁO CÁO")
    _para(document, "{{ opening }}", 13, **JUSTIFY)
    _para(document, "I. HỒ SƠ ĐỀ NGHỊ", 13, bold=True, after=6)
    _grid(document, *DOCUMENTS_TABLE)
    _para(document, "II. KẾT QUẢ THẨM ĐỊNH MỨC ĐỘ ĐẠT CHUẨN", 13, bold=True, after=6)
    _para(document, "{{ overall_text }}", 13, **JUSTIFY)
    _grid(document, *CRITERIA_TABLE)
    _para(document, "III. Ý KIẾN TRẢ LẠI VÀ GIẢI TRÌNH", 13, bold=True, after=6)
    _lines(document, "item in returns", "- {{ item }}", 13, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=3)
    _para(document, "IV. KẾT LUẬN", 13, bold=True, after=6, before=6)
    _para(document, "{{ conclusion }}", 13, **JUSTIFY)


def council_minutes(document):
    _title(document, "BIÊN BẢN")
    _para(document, "{{ opening }}", 13, **JUSTIFY)
    _para(document, "I. THÀNH PHẦN VÀ KẾT QUẢ BIỂU QUYẾT", 13, bold=True, after=6)
    _grid(
        document,
        ["STT", "Họ và tên", "Chức danh", "Biểu quyết", "Ý kiến"],
        ["{{ row.number }}", "{{ row.name }}", "{{ row.position }}", "{{ row.vote }}", "{{ row.remarks }}"],
        "council_rows",
        [1.2, 4.5, 3.0, 2.6, 5.2],
    )
    _para(document, "II. KẾT QUẢ", 13, bold=True, after=6)
    _para(document, "{{ tally_text }}", 13, **JUSTIFY)
    _para(document, "{{ threshold_text }}", 13, **JUSTIFY)
    _para(document, "{{ conclusion }}", 13, **JUSTIFY)
    table = document.add_table(rows=1, cols=2)
    _widths(table, [8.0, 8.5])
    left, right = table.rows[0].cells
    _cell(
        left,
        ("THƯ KÝ HỘI ĐỒNG", 13, {**CENTER, "bold": True, "before": 12}),
        ("", 13, {}),
        ("", 13, {}),
        ("{{ secretary }}", 13, {**CENTER, "bold": True}),
    )
    _cell(
        right,
        ("CHỦ TỊCH HỘI ĐỒNG", 13, {**CENTER, "bold": True, "before": 12}),
        ("", 13, {}),
        ("", 13, {}),
        ("{{ chair }}", 13, {**CENTER, "bold": True}),
    )


def draft_decision(document):
    _title(document, "QUYẾT ĐỊNH")
    _para(document, "{{ authority }}", 14, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=12)
    _lines(
        document,
        "basis in bases",
        "{{ basis }}",
        14,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        italic=True,
        indent=True,
        after=4,
    )
    _para(document, "QUYẾT ĐỊNH:", 14, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, before=6, after=6)
    _lines(
        document,
        "article in articles",
        "{{ article }}",
        14,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent=True,
        after=6,
    )


def _build(name: str, body: Callable, *, footer=True) -> Path:
    document = _document()
    _header(document)
    body(document)
    if footer:
        _footer(document)
    document.core_properties.author = "NTM số Đồng Nai"
    document.core_properties.title = name
    path = HERE / f"{name}.docx"
    document.save(path)
    return path


BUILDERS = {
    "bao_cao_ket_qua": (results_report, True),
    "to_trinh": (request, True),
    "bao_cao_tham_dinh": (appraisal_report, True),
    "bien_ban_hoi_dong": (council_minutes, False),
    "du_thao_quyet_dinh": (draft_decision, True),
}


def build_all() -> list[Path]:
    return [_build(name, body, footer=footer) for name, (body, footer) in BUILDERS.items()]


if __name__ == "__main__":
    for built in build_all():
        print(built)
