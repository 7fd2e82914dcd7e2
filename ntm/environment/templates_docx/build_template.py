"""Build bao-cao-moi-truong.docx, the Word template (docxtpl) of the periodic environment report.

Run: ``.venv/bin/python -m ntm.environment.templates_docx.build_template`` — it rewrites the .docx beside this file.
The generated file is committed; an administrator may replace it with their own template as long as it keeps
the same placeholders (see ``ntm/environment/report.py::report_context``).

The Decree 30/2020 layout (header, motto, title, recipients and signature) comes from ``ntm.core.wordtemplates``.
"""

from __future__ import annotations

from pathlib import Path

from ntm.core.wordtemplates import JUSTIFY, TemplateBuilder

OUTPUT = Path(__file__).resolve().parent / "bao-cao-moi-truong.docx"


def build(path: Path = OUTPUT) -> Path:
    doc = TemplateBuilder()
    doc.header(widths=(6.6, 9.9))
    doc.title("BÁO CÁO", before=18)

    doc.para("{{ opening }}", 13, **JUSTIFY)

    doc.para("I. NƯỚC SẠCH HỘ GIA ĐÌNH", 13, bold=True, after=6)
    doc.para("{{ coverage_text }}", 13, **JUSTIFY)
    doc.grid(
        [
            "STT",
            "Xã",
            "Số hộ",
            "Nước hợp vệ sinh (%)",
            "Nước sạch đạt quy chuẩn (%)",
            "Trong đó nước máy (%)",
            "Mục tiêu",
        ],
        [
            "{{ row.number }}",
            "{{ row.name }}",
            "{{ row.households }}",
            "{{ row.hygienic }}",
            "{{ row.clean }}",
            "{{ row.piped }}",
            "{{ row.target }}",
        ],
        "coverage_rows",
        [1.3, 3.9, 1.8, 2.2, 2.4, 2.2, 2.2],
        repeat_header=True,
        spacer=False,
    )
    doc.para("", 6)

    doc.para("II. CHẤT LƯỢNG NƯỚC SINH HOẠT", 13, bold=True, after=6, before=6)
    doc.para("{{ points_text }}", 13, **JUSTIFY)
    doc.para("{{ samples_text }}", 13, **JUSTIFY)
    doc.grid(
        ["STT", "Xã", "Số mẫu có kết quả", "Đạt", "Không đạt", "Tỷ lệ đạt (%)"],
        [
            "{{ row.number }}",
            "{{ row.name }}",
            "{{ row.samples }}",
            "{{ row.passing }}",
            "{{ row.failing }}",
            "{{ row.rate }}",
        ],
        "sample_rows",
        [1.3, 5.1, 2.6, 2.0, 2.2, 2.8],
        repeat_header=True,
        spacer=False,
    )
    doc.para("", 6)
    doc.marker("{%p if exceedance_rows %}")
    doc.para("Các mẫu có thông số vượt giới hạn:", 13, italic=True, after=6)
    doc.grid(
        ["STT", "Điểm cấp nước", "Xã", "Ngày lấy mẫu", "Thông số vượt giới hạn (kết quả / giới hạn)"],
        [
            "{{ row.number }}",
            "{{ row.point }}",
            "{{ row.commune }}",
            "{{ row.date }}",
            "{{ row.parameters }}",
        ],
        "exceedance_rows",
        [1.3, 3.7, 3.2, 2.4, 5.4],
        repeat_header=True,
        spacer=False,
    )
    doc.para("", 6)
    doc.marker("{%p endif %}")

    doc.para("III. THU GOM, XỬ LÝ CHẤT THẢI", 13, bold=True, after=6, before=6)
    doc.para("{{ waste_text }}", 13, **JUSTIFY)
    doc.grid(
        ["STT", "Xã", "Chất thải rắn sinh hoạt (%)", "Bao gói thuốc BVTV (%)", "Chất thải y tế (%)"],
        [
            "{{ row.number }}",
            "{{ row.name }}",
            "{{ row.domestic }}",
            "{{ row.packaging }}",
            "{{ row.medical }}",
        ],
        "waste_rows",
        [1.3, 5.1, 3.2, 3.2, 3.2],
        repeat_header=True,
        spacer=False,
    )
    doc.para("", 6)

    doc.para("IV. CƠ SỞ SẢN XUẤT, KINH DOANH, CHĂN NUÔI", 13, bold=True, after=6, before=6)
    doc.para("{{ facilities_text }}", 13, **JUSTIFY)
    doc.grid(
        ["STT", "Xã", "Cơ sở đang hoạt động", "Đạt yêu cầu bảo vệ môi trường", "Tỷ lệ (%)"],
        [
            "{{ row.number }}",
            "{{ row.name }}",
            "{{ row.facilities }}",
            "{{ row.compliant }}",
            "{{ row.rate }}",
        ],
        "facility_rows",
        [1.3, 5.1, 3.2, 3.6, 2.8],
        repeat_header=True,
        spacer=False,
    )
    doc.para("", 6)

    doc.para("V. GHI CHÚ", 13, bold=True, after=6, before=6)
    doc.marker("{%p for note in notes %}")
    doc.para("- {{ note }}", 13, align="justify", after=3)
    doc.marker("{%p endfor %}")

    doc.footer()
    return doc.save(path, title="Báo cáo tình hình môi trường nông thôn và nước sạch")


if __name__ == "__main__":
    print(build())
