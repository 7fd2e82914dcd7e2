"""Build the Word templates (docxtpl) of the OCOP documents: the certificate (giay-chung-nhan-ocop.docx), the
council's minutes (bien-ban-hoi-dong-ocop.docx) and the ranking decision (quyet-dinh-cong-nhan-ocop.docx).

Run: ``.venv/bin/python -m ntm.ocop.templates_docx.build_template`` — it rewrites the .docx beside this file.
The generated file is committed; an administrator may replace it with their own template as long as it keeps
the same placeholders (see ``ntm/ocop/documents.py::certificate_context``).

The Decree 30/2020 layout (header, motto, title, recipients and signature) comes from ``ntm.core.wordtemplates``.
"""

from __future__ import annotations

from pathlib import Path

from ntm.core.wordtemplates import CENTER, JUSTIFY, TemplateBuilder

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "giay-chung-nhan-ocop.docx"
MINUTES = HERE / "bien-ban-hoi-dong-ocop.docx"
DECISION = HERE / "quyet-dinh-cong-nhan-ocop.docx"


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


def build_minutes(path: Path = MINUTES) -> Path:
    doc = TemplateBuilder()
    doc.header()
    doc.title("BIÊN BẢN")
    doc.para(
        "Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh họp đánh giá sản phẩm sau khi Ủy ban nhân dân "
        "{{ commune }} xem xét hồ sơ và đề xuất.",
        13,
        **JUSTIFY,
    )
    doc.para("Sản phẩm: {{ product }}; phân nhóm: {{ category }}.", 13, bold=True, **JUSTIFY)
    doc.para("Chủ thể sản xuất: {{ producer }}; địa chỉ: {{ address }}.", 13, **JUSTIFY)
    doc.para("Phiếu đánh giá: {{ sheet }}.", 13, **JUSTIFY)
    doc.para("1. Điểm chấm độc lập của các thành viên Hội đồng", 13, bold=True, **JUSTIFY)
    doc.grid(
        ["STT", "Thành viên", "Phần A", "Phần B", "Phần C", "Tổng điểm"],
        [
            "{{ row.index }}",
            "{{ row.member }}",
            "{{ row.a }}",
            "{{ row.b }}",
            "{{ row.c }}",
            "{{ row.total }}",
        ],
        "members",
        [1.2, 6.0, 2.0, 2.0, 2.0, 2.5],
    )
    doc.para("2. Kết quả", 13, bold=True, **JUSTIFY)
    doc.para(
        "Điểm trung bình của Hội đồng: {{ average }} điểm (làm tròn {{ decimals }} chữ số thập phân).",
        13,
        **JUSTIFY,
    )
    doc.para(
        "Hạng theo khung điểm: {{ band_star }} sao; hạng sau khi xét tiêu chí bắt buộc: {{ star }} sao.",
        13,
        **JUSTIFY,
    )
    doc.lines("note in notes", "{{ note }}", 13, **JUSTIFY)
    doc.para("3. Kết luận", 13, bold=True, **JUSTIFY)
    doc.para("{{ conclusion }}", 13, **JUSTIFY)
    doc.para("Khung điểm và nguồn: {{ bands_source }}.", 11, italic=True, **JUSTIFY)
    space = (("", 13, {}),) * 3  # room to sign
    doc.two_columns(
        (
            ("THƯ KÝ HỘI ĐỒNG", 13, {**CENTER, "bold": True, "before": 12}),
            *space,
            ("{{ secretary }}", 13, {**CENTER, "bold": True}),
        ),
        (
            ("CHỦ TỊCH HỘI ĐỒNG", 13, {**CENTER, "bold": True, "before": 12}),
            *space,
            ("{{ chair }}", 13, {**CENTER, "bold": True}),
        ),
    )
    return doc.save(path, title="Biên bản họp Hội đồng đánh giá, phân hạng sản phẩm OCOP")


def build_decision(path: Path = DECISION) -> Path:
    doc = TemplateBuilder()
    doc.header()
    doc.title("QUYẾT ĐỊNH")
    doc.para("{{ authority }}", 14, align="center", bold=True, after=12)
    doc.lines("basis in bases", "{{ basis }}", 13, italic=True, **JUSTIFY)
    doc.para("QUYẾT ĐỊNH:", 14, align="center", bold=True, before=6, after=6)
    doc.para("Điều 1. Công nhận sản phẩm sau đây đạt sản phẩm OCOP {{ level_text }}:", 13, **JUSTIFY)
    doc.grid(
        ["STT", "Tên sản phẩm", "Chủ thể sản xuất", "Địa chỉ", "Điểm", "Hạng", "Số giấy chứng nhận"],
        [
            "{{ row.index }}",
            "{{ row.product }}",
            "{{ row.producer }}",
            "{{ row.address }}",
            "{{ row.points }}",
            "{{ row.star }} sao",
            "{{ row.certificate }}",
        ],
        "products",
        [1.3, 3.4, 3.0, 3.2, 1.6, 1.4, 2.5],
        left=(1, 2, 3),
        cell_size=11,
    )
    doc.para(
        "Điều 2. Sản phẩm tại Điều 1 được cấp Giấy chứng nhận sản phẩm OCOP, có giá trị 36 tháng kể từ ngày ký "
        "Quyết định này (đến hết ngày {{ expires_on }}). Chủ thể sản xuất có trách nhiệm duy trì và nâng cao "
        "chất lượng sản phẩm, thực hiện đánh giá lại khi giấy chứng nhận hết hạn.",
        13,
        **JUSTIFY,
    )
    doc.para(
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. {{ executors }} và chủ thể sản xuất có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        13,
        **JUSTIFY,
    )
    doc.footer()
    return doc.save(path, title="Quyết định công nhận sản phẩm OCOP")


if __name__ == "__main__":
    print(build(), build_minutes(), build_decision())
