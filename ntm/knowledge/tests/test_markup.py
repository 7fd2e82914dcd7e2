"""The article text format: escaped first, a few marks, links only to http(s) (pure, no database)."""

from ntm.core.text import fold
from ntm.knowledge import markup


def test_html_is_shown_as_written_never_run():
    html = markup.render('<script>alert(1)</script>\n<img src=x onerror="y">')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;y&quot;" in html


def test_headings_lists_bold_and_paragraphs():
    html = markup.render("## Cách làm\n\nDòng một\ndòng hai\n\n- Bước **một**\n- Bước hai\nSau danh sách")
    assert html.splitlines() == [
        "<h3>Cách làm</h3>",
        "<p>Dòng một<br>dòng hai</p>",
        "<ul><li>Bước <strong>một</strong></li><li>Bước hai</li></ul>",
        "<p>Sau danh sách</p>",
    ]


def test_only_http_links_become_links():
    html = markup.render("[trang](https://example.org/a?b=1&c=2) [xấu](javascript:alert(1))")
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener nofollow">trang</a>' in html
    assert "javascript:alert(1)" in html and 'href="javascript' not in html


def test_a_link_cannot_break_out_of_its_attribute():
    html = markup.render('[x](https://e.org/"onmouseover="a)')
    assert 'onmouseover="a' not in html


def test_plain_drops_the_marks():
    assert markup.plain("## Tiêu đề\n- **mục** [liên kết](https://e.org)") == "Tiêu đề mục liên kết"


def test_search_words_fold_diacritics():
    assert markup.search_words("  Mô HÌNH  hay ", fold) == ["mo", "hinh", "hay"]
    assert markup.search_words("", fold) == []
