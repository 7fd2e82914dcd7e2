"""Source references: every ``source`` a data file (criteria sets, plans, procedures, questionnaires, report forms)
ships names a record of the legal-document registry plus the part cited. Pure: no Django import.

Format of a source (one string, so every TOML file keeps its ``source = "…"`` line)::

    source = "KH 202/KH-UBND, mục II.2.a; QĐ 924/QĐ-TTg, mục II.2"
    source = "QĐ 318/QĐ-TTg ngày 08/3/2022, Phụ lục I; https://… (page where the text was read)"

Items are separated by ``;``. Each item is either

- a **citation**: it begins with the symbol of a registry record (``ntm/legal/documents.toml``, matched ignoring
  case), optionally followed by ``ngày d/m/yyyy`` (which must be the record's date), then the part cited after a
  comma ("mục II.2.a", "Phụ lục I, tiêu chí 8", "Điều 5") and, in brackets, how far it is confirmed; or
- a **public page** (``https://…``) where the text was read, shown as a further link.

A source needs at least one citation. Anything else (a team note, "suy luận", a document not in the registry)
is refused with the item named, so it must first be added to the registry or cited differently.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ntm.core.messages import gettext as _

_DATE = re.compile(r"^\s*ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
_URL = re.compile(r"^https?://\S+$")
# Notes of the team that never belong in anything shown to users ("theo đề nghị", "đề xuất" are ordinary words).
TEAM_NOTE_PATTERNS = (
    re.compile(r"domain[-\w]*\.md", re.IGNORECASE),
    re.compile(r"đề bài", re.IGNORECASE),
    re.compile(r"theo đề(?!\s*(nghị|xuất|án|cương|ra))", re.IGNORECASE),
    re.compile(r"\bissues?\s*#?\d+", re.IGNORECASE),
)


def team_notes(text: str) -> list[str]:
    """The team-note citations found in ``text`` (empty when there is none)."""
    text = unicodedata.normalize("NFC", text or "")
    return [match.group(0) for pattern in TEAM_NOTE_PATTERNS for match in pattern.finditer(text)]


@dataclass(frozen=True)
class Citation:
    """One item of a source: a registry record (``symbol``) and the part cited, or a public page (``url``)."""

    symbol: str = ""
    part: str = ""
    url: str = ""
    date: dt.date | None = None  # the date written after the symbol, if any

    @property
    def is_page(self) -> bool:
        return bool(self.url)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").casefold()


def _match_symbol(item: str, symbols: Iterable[str]) -> str | None:
    """The registry symbol ``item`` begins with (the longest one), or None."""
    folded = _norm(item)
    best = None
    for symbol in symbols:
        key = _norm(symbol)
        if folded.startswith(key):
            rest = folded[len(key) :]
            if rest and (rest[0].isalnum() or rest[0] in "/-"):
                continue
            if best is None or len(symbol) > len(best):
                best = symbol
    return best


def split_items(text: str) -> list[str]:
    """The ``;``-separated items of a source (a ``;`` inside brackets belongs to its item)."""
    items, depth, current = [], 0, []
    for char in text or "":
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth <= 0:
            items.append("".join(current))
            current, depth = [], 0
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def parse_source(text: str, symbols: Iterable[str]) -> tuple[list[Citation], list[str]]:
    """The citations of ``text`` and the problems found (each naming the offending item)."""
    symbols = list(symbols)
    citations: list[Citation] = []
    problems: list[str] = []
    for item in split_items(text):
        if _URL.match(item):
            citations.append(Citation(url=item))
            continue
        symbol = _match_symbol(item, symbols)
        if symbol is None:
            problems.append(
                _(
                    "“%(item)s” names no document of the legal registry (begin with its symbol, e.g. “QĐ 318/QĐ-TTg”)"
                )
                % {"item": item}
            )
            continue
        rest = item[len(symbol) :]
        date = None
        match = _DATE.match(rest)
        if match:
            try:
                date = dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            except ValueError:
                problems.append(_("“%(item)s”: the date is not valid") % {"item": item})
            rest = rest[match.end() :]
        part = rest.strip().lstrip(",").strip()
        citations.append(Citation(symbol=symbol, part=part, date=date))
    if not problems and not any(not c.is_page for c in citations):
        problems.append(_("the source must cite at least one document of the legal registry"))
    for marker in team_notes(text):
        problems.append(_("the source cites a team note (“%(marker)s”)") % {"marker": marker})
    return citations, problems


def source_problems(text: str, registry: dict[str, dt.date | None] | None = None) -> list[str]:
    """Problems with ``text`` as a source against ``registry`` (symbol → date; the shipped registry file when
    None): every item names a registry record (with its right date) or is a public page."""
    registry = shipped_registry() if registry is None else registry
    citations, problems = parse_source(text, registry)
    for citation in citations:
        expected = registry.get(citation.symbol)
        if citation.date and expected and citation.date != expected:
            problems.append(
                _("“%(symbol)s” is dated %(expected)s in the legal registry, not %(date)s")
                % {
                    "symbol": citation.symbol,
                    "expected": f"{expected.day:02d}/{expected.month}/{expected.year}",
                    "date": f"{citation.date.day:02d}/{citation.date.month}/{citation.date.year}",
                }
            )
    return problems


def check_source(
    text: str, place: str, errors: list[str], *, key: str = "source", registry: dict | None = None
) -> None:
    """Append to ``errors`` every problem of the source ``text`` read as ``key`` at ``place``."""
    for problem in source_problems(text, registry):
        errors.append(f"{place}: “{key}”: {problem}")


@lru_cache(maxsize=1)
def _shipped_registry() -> tuple[tuple[str, dt.date | None], ...]:
    from ntm.legal.datafile import read_documents

    return tuple((entry.symbol, entry.issued_on) for entry in read_documents())


def shipped_registry() -> dict[str, dt.date | None]:
    """Symbol → date of issue of every record in ``ntm/legal/documents.toml``."""
    return dict(_shipped_registry())
