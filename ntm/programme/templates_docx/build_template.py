"""Build bao-cao-tong-hop.docx, the Word template (docxtpl) of the consolidated provincial report of a cycle.

Run: ``.venv/bin/python ntm/programme/templates_docx/build_template.py`` — it rewrites the .docx beside this file.
The generated file is committed; an administrator may replace it with their own template as long as it keeps the
same placeholders (see ``ntm/programme/consolidated.py::docx_context``).

Layout after Decree 30/2020/NĐ-CP, Annex I: A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New
Roman (LibreOffice substitutes the metric-compatible Liberation Serif); the issuing body on the left (parent body
upper case, issuing body upper case bold, a short rule), number and symbol under it; the national motto on the
right (12 pt bold upper case; the motto 13 pt bold, underlined), place and date in italics; document type and
summary centred in bold; body 13-14 pt justified with a first-line indent; "Nơi nhận" 12 pt bold italic with 11 pt
items; the signature block on the right.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUTPUT = Path(__file__).resolve().parent / "bao-cao-tong-hop.docx"
FONT = "Times New Roman"
CENTER = {"align": WD_ALIGN_PARAGRAPH.CENTER}
JUSTIFY = {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "indent": True, "after": 6}


def _font(run, size: float, *, bold: bool = False, italic: bool = False, underline: bool = False):
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
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


def _widths(table, widths: list[float]) -> None:
    """Fixed column widths (the grid LibreOffice reads, and each cell)."""
    table.autofit = False
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)


def _repeat_header(table) -> None:
    """Repeat the first row on every page the table runs over."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(marker)


def _grid_table(document, headers: list[str], cells: list[str], loop: str, widths: list[float], *, left=(1,)):
    """A bordered table: a header row, then one row per item of ``loop`` (docxtpl ``{%tr for %}``)."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, header in enumerate(headers):
        _cell(table.rows[0].cells[index], (header, 11, {**CENTER, "bold": True}))
    _cell(table.rows[1].cells[0], ("{%tr for row in " + loop + " %}", 10, {}))
    for index, placeholder in enumerate(cells):
        options = {} if index in left else CENTER
        _cell(table.rows[2].cells[index], (placeholder, 11, options))
    _cell(table.rows[3].cells[0], ("{%tr endfor %}", 10, {}))
    _widths(table, widths)
    _repeat_header(table)
    return table


def build(path: Path = OUTPUT) -> Path:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.font.size = Pt(13)

    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    _widths(header, [7.9, 10.1])
    _cell(
        left,
        ("{{ parent_body }}", 12, CENTER),
        ("{{ issuing_body }}", 12, {**CENTER, "bold": True}),
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

    _para(document, "BÁO CÁO", 14, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, before=18)
    _para(document, "{{ summary }}", 14, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=12)
    _para(document, "{%p if demo_note %}", 10)
    _para(document, "{{ demo_note }}", 12, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, after=6)
    _para(document, "{%p endif %}", 10)
    _para(document, "{{ opening }}", 13, **JUSTIFY)

    _para(document, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", 13, bold=True, after=6)
    _para(document, "{{ targets_intro }}", 13, **JUSTIFY)
    _grid_table(
        document,
        ["STT", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Đánh giá", "Ghi chú"],
        [
            "{{ row.number }}",
            "{{ row.text }}",
            "{{ row.target }}",
            "{{ row.actual }}",
            "{{ row.status }}",
            "{{ row.note }}",
        ],
        "target_rows",
        [1.2, 5.4, 2.4, 2.1, 1.9, 3.5],
        left=(1, 5),
    )

    _para(document, "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", 13, bold=True, after=6, before=10)
    _para(document, "{%p for task in tasks %}", 10)
    _para(
        document,
        "{{ task.number }}. {{ task.title }}",
        13,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        after=3,
    )
    _para(document, "{%p for entry in task.entries %}", 10)
    _para(document, "- {{ entry.reporter }}: {{ entry.text }}", 13, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=3)
    _para(document, "{%p endfor %}", 10)
    _para(document, "{%p if not task.entries %}", 10)
    _para(document, "- Chưa có đơn vị báo cáo nội dung này.", 13, italic=True, after=3)
    _para(document, "{%p endif %}", 10)
    _para(document, "{%p endfor %}", 10)

    _para(document, "III. TÌNH HÌNH BÁO CÁO CỦA CÁC SỞ, NGÀNH, ĐỊA PHƯƠNG", 13, bold=True, after=6, before=10)
    _para(document, "{{ submission_text }}", 13, **JUSTIFY)
    _para(document, "{%p if missing_text %}", 10)
    _para(document, "{{ missing_text }}", 13, **JUSTIFY)
    _para(document, "{%p endif %}", 10)

    _para(
        document,
        "IV. KINH PHÍ THỰC HIỆN THEO KẾ HOẠCH NĂM {{ year_of_cycle }}",
        13,
        bold=True,
        after=6,
        before=10,
    )
    _grid_table(
        document,
        ["STT", "Nguồn vốn", "Kế hoạch (triệu đồng)", "Thực hiện (triệu đồng)", "Tỷ lệ (%)"],
        ["{{ row.number }}", "{{ row.source }}", "{{ row.planned }}", "{{ row.actual }}", "{{ row.rate }}"],
        "budget_rows",
        [1.2, 6.3, 3.2, 3.2, 2.6],
    )

    _para(document, "{%p for section in text_sections %}", 10)
    _para(document, "{{ section.heading }}", 13, bold=True, after=6, before=10)
    _para(document, "{%p for entry in section.entries %}", 10)
    _para(document, "- {{ entry.reporter }}: {{ entry.text }}", 13, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=3)
    _para(document, "{%p endfor %}", 10)
    _para(document, "{%p if not section.entries %}", 10)
    _para(document, "- Không có.", 13, italic=True, after=3)
    _para(document, "{%p endif %}", 10)
    _para(document, "{%p endfor %}", 10)

    _para(document, "{{ notes_heading }}", 13, bold=True, after=6, before=10)
    _para(document, "{%p for note in notes %}", 10)
    _para(document, "- {{ note }}", 12, align=WD_ALIGN_PARAGRAPH.JUSTIFY, italic=True, after=3)
    _para(document, "{%p endfor %}", 10)
    _para(document, "{{ closing }}", 13, **JUSTIFY)

    footer = document.add_table(rows=1, cols=2)
    left, right = footer.rows[0].cells
    _widths(footer, [8.0, 8.5])
    _cell(
        left,
        ("Nơi nhận:", 12, {"bold": True, "italic": True, "before": 12}),
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
    document.core_properties.title = "Báo cáo tổng hợp kết quả thực hiện kế hoạch chương trình"
    document.core_properties.author = "NTM số Đồng Nai"
    document.save(path)
    return path


if __name__ == "__main__":
    print(build())
