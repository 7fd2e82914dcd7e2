"""Build ket-qua-khao-sat.docx, the Word template (docxtpl) of the survey result report.

Run: ``.venv/bin/python ntm/surveys/templates_docx/build_template.py`` — it rewrites the .docx beside this file.
The generated file is committed; an administrator may replace it with their own template as long as it keeps
the same placeholders (see ``ntm/surveys/reports.py::report_context``).

Layout after Decree 30/2020/NĐ-CP, Annex I: A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New
Roman (LibreOffice substitutes the metric-compatible Liberation Serif); the issuing body on the left (parent body
upper case, issuing body upper case bold), number and symbol under it; the national motto on the right (12 pt
bold upper case; the motto 13 pt bold, underlined), place and date in italics; document type and summary centred
in bold; body 13 pt justified with a first-line indent; "Nơi nhận" 12 pt bold italic with 11 pt items; the
signature block on the right.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUTPUT = Path(__file__).resolve().parent / "ket-qua-khao-sat.docx"
FONT = "Times New Roman"


def _font(run, size: float, *, bold: bool = False, italic: bool = False, underline: bool = False):
    run.font.name = FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    return run


def _para(
    container,
    text: str = "",
    size: float = 13,
    *,
    align=None,
    bold=False,
    italic=False,
    underline=False,
    indent: bool = False,
    after: float = 0,
    before: float = 0,
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
    """Fill a table cell: each line is (text, size, options dict)."""
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    for text, size, options in lines:
        _para(cell, text, size, **options)


def _grid_table(document, headers: list[str], cells: list[str], loop: str, widths: list[float]):
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    center = {"align": WD_ALIGN_PARAGRAPH.CENTER}
    for index, header in enumerate(headers):
        _cell(table.rows[0].cells[index], (header, 12, {**center, "bold": True}))
    _cell(table.rows[1].cells[0], ("{%tr for row in " + loop + " %}", 11, {}))
    for index, placeholder in enumerate(cells):
        options = center if index != 1 else {}
        _cell(table.rows[2].cells[index], (placeholder, 12, options))
    _cell(table.rows[3].cells[0], ("{%tr endfor %}", 11, {}))
    for row in table.rows:
        for index, width in enumerate(widths):
            row.cells[index].width = Cm(width)
    return table


def build(path: Path = OUTPUT) -> Path:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.font.size = Pt(13)

    center = {"align": WD_ALIGN_PARAGRAPH.CENTER}
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Cm(6.6), Cm(9.9)
    _cell(
        left,
        ("{{ parent_body }}", 12, center),
        ("{{ issuing_body }}", 12, {**center, "bold": True}),
        ("————", 12, center),
        ("Số: {{ number }}", 13, {**center, "before": 4}),
    )
    _cell(
        right,
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, {**center, "bold": True}),
        ("Độc lập - Tự do - Hạnh phúc", 13, {**center, "bold": True, "underline": True}),
        (
            "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}",
            13,
            {**center, "italic": True, "before": 10},
        ),
    )

    _para(document, "BÁO CÁO", 14, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, before=18)
    _para(document, "{{ summary }}", 14, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=12)
    _para(document, "{%p if demo_note %}", 11)
    _para(document, "{{ demo_note }}", 12, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, after=6)
    _para(document, "{%p endif %}", 11)

    justify = {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "indent": True, "after": 6}
    _para(document, "{{ opening }}", 13, **justify)
    _para(document, "I. KẾT QUẢ CHUNG", 13, bold=True, after=6)
    _para(document, "1. {{ coverage_text }}", 13, **justify)
    _para(document, "2. {{ overall_text }}", 13, **justify)
    _para(document, "II. KẾT QUẢ THEO TỪNG NỘI DUNG", 13, bold=True, after=6)
    _grid_table(
        document,
        ["STT", "Nội dung", "Số phiếu trả lời", "Hài lòng", "Tỷ lệ (%)", "Đánh giá"],
        [
            "{{ row.number }}",
            "{{ row.text }}",
            "{{ row.total }}",
            "{{ row.yes }}",
            "{{ row.percent }}",
            "{{ row.verdict }}",
        ],
        "content_rows",
        [1.1, 6.4, 2.2, 2.0, 2.0, 2.8],
    )
    _para(document, "", 6)
    _para(document, "III. KẾT QUẢ THEO ẤP, KHU PHỐ", 13, bold=True, after=6, before=6)
    _grid_table(
        document,
        ["STT", "Ấp, khu phố", "Số hộ", "Số phiếu", "Hài lòng chung (%)", "Ghi chú"],
        [
            "{{ row.number }}",
            "{{ row.name }}",
            "{{ row.households }}",
            "{{ row.answers }}",
            "{{ row.percent }}",
            "{{ row.note }}",
        ],
        "hamlet_rows",
        [1.1, 5.4, 2.0, 2.0, 3.0, 3.0],
    )
    _para(document, "", 6)
    _para(document, "IV. GHI CHÚ", 13, bold=True, after=6, before=6)
    _para(document, "{%p for note in notes %}", 11)
    _para(document, "- {{ note }}", 13, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=3)
    _para(document, "{%p endfor %}", 11)
    _para(document, "V. KẾT LUẬN", 13, bold=True, after=6, before=6)
    _para(document, "{{ conclusion }}", 13, **justify)

    footer = document.add_table(rows=1, cols=2)
    left, right = footer.rows[0].cells
    left.width, right.width = Cm(8.0), Cm(8.5)
    _cell(
        left,
        ("Nơi nhận:", 12, {"bold": True, "italic": True, "before": 12}),
        ("{%p for recipient in recipients %}", 11, {}),
        ("- {{ recipient }}", 11, {}),
        ("{%p endfor %}", 11, {}),
    )
    _cell(
        right,
        ("{{ signer_capacity }}", 13, {**center, "bold": True, "before": 12}),
        ("{{ signer_title }}", 13, {**center, "bold": True}),
        ("", 13, {}),
        ("", 13, {}),
        ("", 13, {}),
        ("{{ signer_name }}", 13, {**center, "bold": True}),
    )
    document.core_properties.title = "Báo cáo kết quả lấy ý kiến sự hài lòng của người dân"
    document.core_properties.author = "NTM số Đồng Nai"
    document.save(path)
    return path


if __name__ == "__main__":
    print(build())
