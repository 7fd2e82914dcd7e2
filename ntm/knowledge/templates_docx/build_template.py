"""Build quyet-dinh-khen-thuong.docx, the Word template (docxtpl) of an award decision (quyết định khen thưởng).

Run: ``.venv/bin/python -m ntm.knowledge.templates_docx.build_template`` — it rewrites the .docx beside this file.
The generated file is committed; an administrator may replace it with their own template as long as it keeps the
same placeholders (see ``ntm/knowledge/documents.py::decision_context``).

The Decree 30/2020 layout (header, motto, title, recipients and signature) comes from ``ntm.core.wordtemplates``.
"""

from __future__ import annotations

from pathlib import Path

from ntm.core.wordtemplates import CENTER, JUSTIFY, TemplateBuilder

OUTPUT = Path(__file__).resolve().parent / "quyet-dinh-khen-thuong.docx"


def build(path: Path = OUTPUT) -> Path:
    doc = TemplateBuilder()
    doc.header()
    doc.title("QUYẾT ĐỊNH")
    doc.para("{{ authority }}", 13, **CENTER, bold=True, after=6)
    doc.marker("{%p for basis in bases %}")
    doc.para("{{ basis }}", 13, align="justify", indent=True, italic=True, after=3)
    doc.marker("{%p endfor %}")
    doc.para("QUYẾT ĐỊNH:", 13, **CENTER, bold=True, before=6, after=6)
    doc.para("{{ article_one }}", 13, **JUSTIFY)
    doc.grid(
        ["STT", "Tập thể, cá nhân được khen thưởng", "Hình thức", "Thành tích"],
        ["{{ row.number }}", "{{ row.recipient }}", "{{ row.form }}", "{{ row.achievement }}"],
        "rows",
        [1.2, 6.3, 3.5, 5.0],
        left=(1, 3),
        header_size=12,
        cell_size=12,
        repeat_header=True,
    )
    doc.para("{{ article_two }}", 13, **JUSTIFY)
    doc.para("{{ article_three }}", 13, **JUSTIFY)
    doc.footer()
    return doc.save(path, title="Quyết định khen thưởng")


if __name__ == "__main__":
    print(build())
