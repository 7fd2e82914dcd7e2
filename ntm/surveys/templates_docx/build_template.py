"""Build ket-qua-khao-sat.docx, the Word template (docxtpl) of the survey result report.

Run: ``.venv/bin/python -m ntm.surveys.templates_docx.build_template`` — it rewrites the .docx beside this file.
The generated file is committed; an administrator may replace it with their own template as long as it keeps
the same placeholders (see ``ntm/surveys/reports.py::report_context``).

The Decree 30/2020 layout (header, motto, title, recipients and signature) comes from ``ntm.core.wordtemplates``.
"""

from __future__ import annotations

from pathlib import Path

from ntm.core.wordtemplates import JUSTIFY, TemplateBuilder

OUTPUT = Path(__file__).resolve().parent / "ket-qua-khao-sat.docx"


def build(path: Path = OUTPUT) -> Path:
    doc = TemplateBuilder()
    doc.header(widths=(6.6, 9.9))

    doc.title("BÁO CÁO", before=18)

    doc.para("{{ opening }}", 13, **JUSTIFY)
    doc.para("I. KẾT QUẢ CHUNG", 13, bold=True, after=6)
    doc.para("1. {{ coverage_text }}", 13, **JUSTIFY)
    doc.para("2. {{ overall_text }}", 13, **JUSTIFY)
    doc.para("II. KẾT QUẢ THEO TỪNG NỘI DUNG", 13, bold=True, after=6)
    doc.grid(
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
        spacer=False,
    )
    doc.para("", 6)
    doc.para("III. KẾT QUẢ THEO ẤP, KHU PHỐ", 13, bold=True, after=6, before=6)
    doc.grid(
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
        spacer=False,
    )
    doc.para("", 6)
    doc.para("IV. GHI CHÚ", 13, bold=True, after=6, before=6)
    doc.marker("{%p for note in notes %}")
    doc.para("- {{ note }}", 13, align="justify", after=3)
    doc.marker("{%p endfor %}")
    doc.para("V. KẾT LUẬN", 13, bold=True, after=6, before=6)
    doc.para("{{ conclusion }}", 13, **JUSTIFY)

    doc.footer()
    return doc.save(path, title="Báo cáo kết quả lấy ý kiến sự hài lòng của người dân")


if __name__ == "__main__":
    print(build())
