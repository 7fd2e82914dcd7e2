"""Word templates (docxtpl) in the Decree 30/2020/NĐ-CP layout: the one builder the apps' template scripts use,
the one renderer that fills a template with a context, and ``open_document`` to read a .docx back. The only module that imports docx and docxtpl.

Layout after Decree 30/2020/NĐ-CP, Annex I: A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New
Roman 13-14 pt (LibreOffice substitutes the metric-compatible Liberation Serif); the issuing body on the left
(parent body upper case, issuing body upper case bold, a short rule) with the number and symbol under it; the
national motto on the right (12 pt bold upper case, then 13 pt bold underlined "Độc lập - Tự do - Hạnh phúc"),
place and date in italics under it; document type and summary centred in bold; body 13-14 pt justified with a
first-line indent; "Nơi nhận:" 12 pt bold italic with 11 pt items on the left, the signature block on the right.

A template script (``ntm/<app>/templates_docx/build_template*.py``) describes only its document's body::

    builder = TemplateBuilder()
    builder.header(ISSUER_LINES)
    builder.title("BÁO CÁO")
    builder.para("{{ opening }}", **JUSTIFY)
    builder.footer()
    builder.save(path, title="…")

The generated .docx files are committed; an administrator may replace one with their own as long as it keeps
the placeholders.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docxtpl import DocxTemplate

FONT = "Times New Roman"
AUTHOR = "NTM số Đồng Nai"
_ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
}
CENTER: dict[str, Any] = {"align": "center"}
JUSTIFY: dict[str, Any] = {"align": "justify", "indent": True, "after": 6}

type Line = tuple[str, float, Mapping[str, Any]]  # (text, size in pt, paragraph options)

# The issuing body's block of the header: parent body, issuing body, rule, number and symbol.
ISSUER_LINES: tuple[Line, ...] = (
    ("{{ parent_body }}", 12, CENTER),
    ("{{ issuing_body }}", 12, {**CENTER, "bold": True}),
    ("————", 12, CENTER),
    ("Số: {{ number }}", 13, {**CENTER, "before": 4}),
)
MOTTO_LINES: tuple[Line, ...] = (
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, {**CENTER, "bold": True}),
    ("Độc lập - Tự do - Hạnh phúc", 13, {**CENTER, "bold": True, "underline": True}),
    (
        "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}",
        13,
        {**CENTER, "italic": True, "before": 10},
    ),
)
SIGNATURE_LINES: tuple[Line, ...] = (
    ("{{ signer_capacity }}", 13, {**CENTER, "bold": True, "before": 12}),
    ("{{ signer_title }}", 13, {**CENTER, "bold": True}),
    ("", 13, {}),
    ("", 13, {}),
    ("", 13, {}),
    ("{{ signer_name }}", 13, {**CENTER, "bold": True}),
)
_MARKER_SIZE = 10  # docxtpl removes the paragraphs that hold {%p …%} and {%tr …%} tags


class TemplateBuilder:
    """A new A4 document in the Decree 30 layout, built paragraph by paragraph."""

    def __init__(self) -> None:
        self.document = Document()
        section = self.document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        normal.font.size = Pt(13)

    # --- Paragraphs and tables -------------------------------------------------------------------------------

    def para(
        self,
        text: str = "",
        size: float = 13,
        *,
        container=None,
        align: str | None = None,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        indent: bool = False,
        after: float = 0,
        before: float = 0,
    ):
        paragraph = (container if container is not None else self.document).add_paragraph()
        if align is not None:
            paragraph.alignment = _ALIGN[align]
        fmt = paragraph.paragraph_format
        fmt.space_after, fmt.space_before = Pt(after), Pt(before)
        if indent:
            fmt.first_line_indent = Cm(1.27)
        if text:
            run = paragraph.add_run(text)
            run.font.name = FONT
            run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
            run.font.size = Pt(size)
            run.bold, run.italic, run.underline = bold, italic, underline
        return paragraph

    def marker(self, tag: str) -> None:
        """A paragraph holding one docxtpl tag such as ``{%p if demo_note %}``."""
        self.para(tag, _MARKER_SIZE)

    def lines(self, loop: str, template: str, size: float = 13, **options: Any) -> None:
        """One paragraph per item of ``loop`` (e.g. ``"note in notes"``)."""
        self.marker("{%p for " + loop + " %}")
        self.para(template, size, **options)
        self.marker("{%p endfor %}")

    def cell(self, cell, *lines: Line) -> None:
        """Fill a table cell with lines of (text, size, options)."""
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
        for text, size, options in lines:
            self.para(text, size, container=cell, **options)

    @staticmethod
    def widths(table, widths: Iterable[float]) -> None:
        """Fixed column widths (LibreOffice otherwise spreads the columns evenly)."""
        table.autofit = False
        for index, width in enumerate(widths):
            table.columns[index].width = Cm(width)
            for cell in table.columns[index].cells:
                cell.width = Cm(width)

    def two_columns(
        self, left: Iterable[Line], right: Iterable[Line], widths: tuple[float, float] = (8.0, 8.5)
    ):
        """A borderless two-cell row (header blocks, signatures)."""
        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self.widths(table, widths)
        left_cell, right_cell = table.rows[0].cells
        self.cell(left_cell, *left)
        self.cell(right_cell, *right)
        # The block stays whole: a signature never leaves the signer's name alone on a last page.
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        return table

    def grid(
        self,
        headers: list[str],
        cells: list[str],
        loop: str,
        widths: list[float],
        *,
        left: Iterable[int] = (1,),
        header_size: float = 12,
        cell_size: float = 12,
        repeat_header: bool = False,
        spacer: bool = True,
    ):
        """A bordered table: a header row, then one row per item of ``loop`` (docxtpl ``{%tr for %}``).
        Columns in ``left`` are left-aligned, the others centred."""
        left = set(left)
        table = self.document.add_table(rows=4, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for index, header in enumerate(headers):
            self.cell(table.rows[0].cells[index], (header, header_size, {**CENTER, "bold": True}))
        self.cell(table.rows[1].cells[0], ("{%tr for row in " + loop + " %}", _MARKER_SIZE, {}))
        for index, placeholder in enumerate(cells):
            self.cell(table.rows[2].cells[index], (placeholder, cell_size, {} if index in left else CENTER))
        self.cell(table.rows[3].cells[0], ("{%tr endfor %}", _MARKER_SIZE, {}))
        self.widths(table, widths)
        if repeat_header:  # repeat the header row on every page the table runs over
            marker = OxmlElement("w:tblHeader")
            marker.set(qn("w:val"), "true")
            table.rows[0]._tr.get_or_add_trPr().append(marker)
        if spacer:
            self.para("", 6)
        return table

    # --- The Decree 30 blocks --------------------------------------------------------------------------------

    def header(self, issuer: Iterable[Line] = ISSUER_LINES, widths: tuple[float, float] = (6.6, 9.9)) -> None:
        """Issuing body and number on the left; national motto, place and date on the right."""
        self.two_columns(issuer, MOTTO_LINES, widths)

    def title(self, kind_title: str, *, draft_mark: bool = False, before: float = 12) -> None:
        """Document type and summary centred in bold, with the draft and demo notes when the context has them."""
        if draft_mark:
            self.marker("{%p if draft_mark %}")
            self.para("{{ draft_mark }}", 12, align="center", italic=True, before=12)
            self.marker("{%p endif %}")
        self.para(kind_title, 14, align="center", bold=True, before=before)
        self.para("{{ summary }}", 14, align="center", bold=True, after=12)
        self.marker("{%p if demo_note %}")
        self.para("{{ demo_note }}", 12, align="center", italic=True, after=6)
        self.marker("{%p endif %}")

    def footer(self, *, left_label: str = "Nơi nhận:") -> None:
        """Recipients on the left, the signature block on the right."""
        recipients: tuple[Line, ...] = (
            (left_label, 12, {"bold": True, "italic": True, "before": 12}),
            ("{%p for recipient in recipients %}", _MARKER_SIZE, {}),
            ("- {{ recipient }}", 11, {}),
            ("{%p endfor %}", _MARKER_SIZE, {}),
        )
        self.two_columns(recipients, SIGNATURE_LINES)

    def save(self, path: Path, *, title: str) -> Path:
        self.document.core_properties.author = AUTHOR
        self.document.core_properties.title = title
        self.document.save(path)
        return path


def open_document(data: bytes | Path):
    """A .docx (bytes or a path) as a python-docx ``Document``, to read or check what a template produced."""
    return Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))


def render(template: bytes | Path, context: Mapping[str, Any]) -> bytes:
    """Fill a Word template with ``context`` and return the .docx bytes. Values are XML-escaped, so a name with
    "&" or "<" prints as written instead of breaking the document."""
    source = io.BytesIO(template) if isinstance(template, bytes) else str(template)
    document = DocxTemplate(source)
    document.render(dict(context), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
