"""The shared TOML reader and the Word-template builder/renderer (ntm.core.tomlfile, ntm.core.wordtemplates)."""

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest

from ntm.core.tomlfile import DataFileError, Table, parse
from ntm.core.wordtemplates import TemplateBuilder, render
from ntm.programme.templates_docx import build_template as programme_template
from ntm.recognition.templates_docx import build_templates as recognition_templates
from ntm.surveys.templates_docx import build_template as survey_template


class PlanError(DataFileError):
    title = "Tệp kế hoạch không hợp lệ"


def test_parse_reports_bad_encoding_and_syntax_with_the_callers_error():
    with pytest.raises(PlanError, match="UTF-8") as caught:
        parse(b"\xff\xfe", PlanError)
    assert str(caught.value).startswith("Tệp kế hoạch không hợp lệ:")
    with pytest.raises(PlanError, match="cú pháp TOML"):
        parse(b"code = ", PlanError)
    assert parse('code = "a"\n[[items]]\nn = 1\n') == {"code": "a", "items": [{"n": 1}]}


def test_a_table_collects_every_problem_and_returns_usable_defaults():
    errors: list[str] = []
    data = parse('code = ""\nkind = "other"\ncount = -1\nwhen = "x"\nflag = "yes"\nextra = 1\nitems = 3\n')
    table = Table(data, "Mục A", errors, {"code", "kind", "count", "when", "flag", "items"})
    assert table.text("code") == ""
    assert table.choice("kind", ("a", "b")) == "a"
    assert table.integer("count", minimum=0) == 0
    assert table.date("when") == dt.date(2000, 1, 1)
    assert table.boolean("flag", default=True) is True
    assert table.tables("items") == []
    assert table.text("missing", required=False, default="d") == "d"
    assert errors == [
        "Mục A: khóa không hợp lệ “extra”",
        "Mục A: “code” phải là chuỗi không rỗng",
        "Mục A: “kind” phải là một trong a, b (đang là 'other')",
        "Mục A: “count” phải là số nguyên ≥ 0",
        "Mục A: “when” phải là ngày dạng 2025-12-31",
        "Mục A: “flag” phải là true hoặc false",
        "Mục A: “items” phải là danh sách bảng [[items]]",
    ]


def test_a_table_reads_good_values_without_errors():
    errors: list[str] = []
    data = parse(
        'code = " IV.1 "\nwhen = 2025-06-30\nprovenance = "confirmed"\nsource = "KH 202"\n[[items]]\nn = 1\n'
    )
    table = Table(data, "Mục A", errors)
    assert table.text("code") == "IV.1"
    assert table.date("when") == dt.date(2025, 6, 30)
    assert table.provenance() == ("confirmed", "KH 202", "")
    assert table.tables("items", required=True) == [{"n": 1}]
    assert errors == []


def _texts(data: bytes) -> list[str]:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    return re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)


def test_render_escapes_values_so_a_name_with_an_ampersand_prints_as_written(tmp_path):
    doc = TemplateBuilder()
    doc.header()
    doc.title("BÁO CÁO")
    doc.para("{{ opening }}")
    doc.footer()
    template = doc.save(tmp_path / "t.docx", title="t")
    context = {
        "parent_body": "UBND TỈNH",
        "issuing_body": "SỞ NÔNG NGHIỆP & MÔI TRƯỜNG",
        "number": "1/BC",
        "place": "Đồng Nai",
        "day": "04",
        "month": "12",
        "year": "2026",
        "summary": "Kết quả <năm> 2026",
        "demo_note": "",
        "opening": "Mở đầu",
        "recipients": ["Như trên"],
        "signer_capacity": "GIÁM ĐỐC",
        "signer_title": "",
        "signer_name": "",
    }
    texts = _texts(render(template.read_bytes(), context))
    joined = "".join(texts)
    assert "SỞ NÔNG NGHIỆP &amp; MÔI TRƯỜNG" in joined and "Kết quả &lt;năm&gt; 2026" in joined
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in joined and "Đồng Nai, ngày 04 tháng 12 năm 2026" in joined
    assert "{{" not in joined and "{%" not in joined


def test_the_shipped_word_templates_are_what_their_build_scripts_make(tmp_path):
    """A change to a build script (or to the shared builder) must come with the regenerated .docx files."""
    pairs = [(programme_template.build(tmp_path / "p.docx"), programme_template.OUTPUT)]
    pairs.append((survey_template.build(tmp_path / "s.docx"), survey_template.OUTPUT))
    built = recognition_templates.build_all(tmp_path)
    pairs.extend((path, recognition_templates.HERE / path.name) for path in built)
    for new, shipped in pairs:
        assert _texts(Path(new).read_bytes()) == _texts(Path(shipped).read_bytes()), shipped.name
