"""A small, safe text format for article bodies (no Django import): the author writes plain text with a few
Markdown-like marks; every character is HTML-escaped first, so no raw HTML ever reaches the page.

Recognised marks, one per line:

- a blank line separates paragraphs; single line breaks inside a paragraph are kept;
- ``## Heading`` (and ``### Heading``) start a heading;
- ``- item`` or ``* item`` lines make a bulleted list;
- ``**bold**`` inside a line;
- ``[text](https://…)`` is a link, only for ``http``/``https`` addresses (opened with ``rel="noopener nofollow"``);
  anything else stays as written.

>>> render("## Cách làm\\n\\n- Bước **một**\\n- <script>x</script>")
'<h3>Cách làm</h3>\\n<ul><li>Bước <strong>một</strong></li><li>&lt;script&gt;x&lt;/script&gt;</li></ul>'
"""

from __future__ import annotations

import html
import re

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)")
_HEADING = re.compile(r"^(#{2,3})\s+(.+)$")
_ITEM = re.compile(r"^[-*]\s+(.+)$")


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=True)
    escaped = _LINK.sub(r'<a href="\2" rel="noopener nofollow">\1</a>', escaped)
    return _BOLD.sub(r"<strong>\1</strong>", escaped)


def render(text: str) -> str:
    """The HTML of ``text`` in the format above; safe to mark as safe (everything the author wrote is escaped)."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append("<p>" + "<br>".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + "</ul>")
            items.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        heading = _HEADING.match(line)
        item = _ITEM.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            level = 3 if len(heading.group(1)) == 2 else 4
            blocks.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif item:
            if paragraph:
                flush()
            items.append(item.group(1))
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return "\n".join(blocks)


def plain(text: str) -> str:
    """``text`` without the marks (for summaries, the RSS description and the search index)."""
    out = _LINK.sub(r"\1", text or "")
    out = _BOLD.sub(r"\1", out)
    lines = []
    for raw in out.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        item = _ITEM.match(line)
        lines.append(heading.group(2) if heading else item.group(1) if item else line)
    return " ".join(line for line in lines if line)


def search_words(query: str, fold) -> list[str]:
    """The words of a search ``query`` after ``fold`` (diacritics removed), each to be found in the text."""
    return [word for word in fold(query or "").split(" ") if word]
