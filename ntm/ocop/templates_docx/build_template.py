"""Build giay-chung-nhan-ocop.docx, the Word template (docxtpl) of an OCOP certificate.

Run: ``.venv/bin/python -m ntm.ocop.templates_docx.build_template`` — it rewrites the .docx beside this file.
The generated file is committed; an administrator may replace it with their own template as long as it keeps
the same placeholders (see ``ntm/ocop/documents.py::certificate_context``).

The Decree 30/2020 layout (header, motto, title, recipients and signature) comes from ``ntm.core.wordtemplates``.
"""

from __future__ import annotations

from pathlib import Path

from ntm.core.wordtemplates import JUSTIFY, TemplateBuilder

OUTPUT = Path(__file__).resolve().parent / "giay-chung-nhan-ocop.docx"


def build(path: Path = OUTPUT) -> Path:
    doc = TemplateBuilder()
    doc.header()
    doc.title("GIẤY CHỨNG NHẬN", before=18)
    doc.para("{{ signer_authority }} chứng nhận:", 13, **JUSTIFY)
    doc.para("Sản phẩm: {{ product }}", 13, bold=True, **JUSTIFY)
    doc.para("Thuộc ngành hàng: {{ group }}; phân nhóm: {{ category }}", 13, **JUSTIFY)
    doc.para("Chủ thể sản xuất: {{ producer }} ({{ producer_kind }})", 13, **JUSTIFY)
    doc.para("Địa chỉ: {{ address }}", 13, **JUSTIFY)
    doc.para("Đạt sản phẩm OCOP hạng {{ star }} sao{{ points_text }}.", 13, bold=True, **JUSTIFY)
    doc.para(
        "Theo Quyết định số {{ decision_number }} ngày {{ decision_date }} của {{ decision_body }}.",
        13,
        **JUSTIFY,
    )
    doc.para(
        "Giấy chứng nhận có giá trị 36 tháng kể từ ngày ký, đến hết ngày {{ expires_on }}.", 13, **JUSTIFY
    )
    doc.para("Căn cứ: {{ legal_basis }}.", 12, italic=True, **JUSTIFY)
    doc.footer()
    return doc.save(path, title="Giấy chứng nhận sản phẩm OCOP")


if __name__ == "__main__":
    print(build())
