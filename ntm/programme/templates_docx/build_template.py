"""Build bao-cao-tong-hop.docx, the Word template (docxtpl) of the consolidated provincial report of a cycle.

Run: ``.venv/bin/python -m ntm.programme.templates_docx.build_template`` — it rewrites the .docx beside this file.
The generated file is committed; an administrator may replace it with their own template as long as it keeps the
same placeholders (see ``ntm/programme/consolidated.py::docx_context``).

The Decree 30/2020 layout (header, motto, title, recipients and signature) comes from ``ntm.core.wordtemplates``.
"""

from __future__ import annotations

from pathlib import Path

from ntm.core.wordtemplates import JUSTIFY, TemplateBuilder

OUTPUT = Path(__file__).resolve().parent / "bao-cao-tong-hop.docx"


def build(path: Path = OUTPUT) -> Path:
    doc = TemplateBuilder()
    doc.header(widths=(7.9, 10.1))

    doc.title("BÁO CÁO", before=18)
    doc.para("{{ opening }}", 13, **JUSTIFY)

    doc.para("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", 13, bold=True, after=6)
    doc.para("{{ targets_intro }}", 13, **JUSTIFY)
    doc.grid(
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
        header_size=11,
        cell_size=11,
        repeat_header=True,
        spacer=False,
    )

    doc.para("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", 13, bold=True, after=6, before=10)
    doc.marker("{%p for task in tasks %}")
    doc.para(
        "{{ task.number }}. {{ task.title }}",
        13,
        bold=True,
        align="justify",
        after=3,
    )
    doc.marker("{%p for entry in task.entries %}")
    doc.para("- {{ entry.reporter }}: {{ entry.text }}", 13, align="justify", after=3)
    doc.marker("{%p endfor %}")
    doc.marker("{%p if not task.entries %}")
    doc.para("- Chưa có đơn vị báo cáo nội dung này.", 13, italic=True, after=3)
    doc.marker("{%p endif %}")
    doc.marker("{%p endfor %}")

    doc.para("III. TÌNH HÌNH BÁO CÁO CỦA CÁC SỞ, NGÀNH, ĐỊA PHƯƠNG", 13, bold=True, after=6, before=10)
    doc.para("{{ submission_text }}", 13, **JUSTIFY)
    doc.marker("{%p if missing_text %}")
    doc.para("{{ missing_text }}", 13, **JUSTIFY)
    doc.marker("{%p endif %}")

    doc.para(
        "IV. KINH PHÍ THỰC HIỆN THEO KẾ HOẠCH NĂM {{ year_of_cycle }}",
        13,
        bold=True,
        after=6,
        before=10,
    )
    doc.grid(
        ["STT", "Nguồn vốn", "Kế hoạch (triệu đồng)", "Thực hiện (triệu đồng)", "Tỷ lệ (%)"],
        ["{{ row.number }}", "{{ row.source }}", "{{ row.planned }}", "{{ row.actual }}", "{{ row.rate }}"],
        "budget_rows",
        [1.2, 6.3, 3.2, 3.2, 2.6],
        header_size=11,
        cell_size=11,
        repeat_header=True,
        spacer=False,
    )

    doc.marker("{%p for section in text_sections %}")
    doc.para("{{ section.heading }}", 13, bold=True, after=6, before=10)
    doc.marker("{%p for entry in section.entries %}")
    doc.para("- {{ entry.reporter }}: {{ entry.text }}", 13, align="justify", after=3)
    doc.marker("{%p endfor %}")
    doc.marker("{%p if not section.entries %}")
    doc.para("- Không có.", 13, italic=True, after=3)
    doc.marker("{%p endif %}")
    doc.marker("{%p endfor %}")

    doc.para("{{ notes_heading }}", 13, bold=True, after=6, before=10)
    doc.marker("{%p for note in notes %}")
    doc.para("- {{ note }}", 12, align="justify", italic=True, after=3)
    doc.marker("{%p endfor %}")
    doc.para("{{ closing }}", 13, **JUSTIFY)

    doc.footer()
    return doc.save(path, title="Báo cáo tổng hợp kết quả thực hiện kế hoạch chương trình")


if __name__ == "__main__":
    print(build())
