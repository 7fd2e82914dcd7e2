"""Reading the legal-document data file (``ntm/legal/documents.toml``). Pure: no Django import; the problems are
English ids translated through ``ntm.core.messages.gettext``, as the other data-file readers do.

``read_documents(path)`` returns every entry checked and normalised, or raises ``LegalFileError`` naming every
problem with its place; a file with any problem yields nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import DataFileError, Table, parse
from ntm.core.vocabulary import PROVENANCE_MARKS

SCHEMA = 1
KINDS = (
    "law",
    "resolution",
    "decree",
    "decision",
    "circular",
    "plan",
    "guidance",
    "letter",
    "technical_regulation",
    "standard",
)
_TEXT_LIMITS = {"symbol": 80, "number": 60, "issuer": 200, "title": 500, "url": 500}
_TEXTS = ("number", "issuer", "title", "url", "note", "source")
_DATES = ("issued_on", "effective_from", "effective_to")
_KEYS = {"symbol", "kind", "provenance", *_TEXTS, *_DATES}
DEFAULT_PATH = Path(__file__).resolve().parent / "documents.toml"


class LegalFileError(DataFileError):
    """The data file cannot be loaded; ``errors`` names every problem with its place."""

    title = gettext_noop("Invalid legal-document file")


@dataclass(frozen=True)
class DocumentEntry:
    symbol: str
    kind: str
    provenance: str
    number: str = ""
    issuer: str = ""
    title: str = ""
    url: str = ""
    note: str = ""
    source: str = ""
    issued_on: dt.date | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None

    def fields(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def content_hash(self) -> str:
        """Changes exactly when the entry's content changes in the file."""
        text = json.dumps(self.fields(), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _entry(raw: Any, place: str, errors: list[str]) -> DocumentEntry | None:
    found = len(errors)
    table = Table(raw, place, errors, _KEYS)
    values: dict[str, Any] = {
        "symbol": table.text("symbol", max_length=_TEXT_LIMITS["symbol"]),
        "kind": table.choice("kind", KINDS),
        "provenance": table.choice("provenance", PROVENANCE_MARKS),
    }
    for key in _TEXTS:
        values[key] = table.text(key, required=False, max_length=_TEXT_LIMITS.get(key))
    for key in _DATES:
        values[key] = table.optional_date(key)
    url = values["url"]
    if url and not url.startswith(("https://", "http://")):
        table.error(_("“url” must start with https:// or http://"))
    start, end = values["effective_from"], values["effective_to"]
    if start and end and end < start:
        table.error(_("“effective_to” is before “effective_from”"))
    if len(errors) > found:
        return None
    return DocumentEntry(**values)


def read_documents(path: Path | str = DEFAULT_PATH) -> list[DocumentEntry]:
    """The entries of the data file at ``path``, checked; raises ``LegalFileError`` on any problem."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise LegalFileError(
            [
                _("%(file)s: cannot be read (%(problem)s)")
                % {"file": path.name, "problem": exc.strerror or exc}
            ]
        ) from None
    errors: list[str] = []
    document = Table(parse(content, LegalFileError), path.name, errors, {"schema", "documents"})
    if document.get("schema") != SCHEMA:
        document.error(_("“schema” must be %(schema)s") % {"schema": SCHEMA})
    raw_entries = document.tables("documents")
    if not raw_entries:
        document.error(_("there is no [[documents]] entry"))
    entries, seen = [], set()
    for index, raw in enumerate(raw_entries, start=1):
        place = _("%(file)s, entry %(index)s") % {"file": path.name, "index": index}
        if isinstance(raw, dict):
            place += f" ({raw.get('symbol')})"
        entry = _entry(raw, place, errors)
        if entry is None:
            continue
        if entry.symbol in seen:
            errors.append(
                _("%(place)s: the symbol “%(symbol)s” appears twice")
                % {"place": place, "symbol": entry.symbol}
            )
        seen.add(entry.symbol)
        entries.append(entry)
    if errors:
        raise LegalFileError(errors)
    return entries
