"""Every page template's <title> block is text: a tab title never holds markup (two templates once had a whole
section pasted into their title block, shown in the browser's tab and missing from the page)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TITLE = re.compile(r"{% block title %}(.*?){% endblock", re.S)


def test_title_blocks_hold_no_markup():
    templates = [*ROOT.glob("ntm/*/templates/**/*.html"), *ROOT.glob("templates/*.html")]
    assert templates
    wrong = [
        str(path.relative_to(ROOT))
        for path in templates
        for title in TITLE.findall(path.read_text(encoding="utf-8"))
        if "<" in title or "\n" in title.strip()
    ]
    assert not wrong, f"title blocks with markup or several lines: {wrong}"
