"""Reading the legal-document data file (``ntm/legal/documents.toml``). Pure: no Django import; the problems are
worded in Vietnamese for the operator, as the other data-file readers do.

``read_documents(path)`` returns every entry checked and normalised, or raises ``LegalFileError`` naming every
problem with its place; a file with any problem yields nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SCHEMA = 1
KINDS = frozenset(
    {
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
    }
)
PROVENANCES = frozenset({"confirmed", "partial", "unconfirmed", "placeholder"})
_TEXT_LIMITS = {"symbol": 80, "number": 60, "issuer": 200, "title": 500, "url": 500}
_TEXTS = ("number", "issuer", "title", "url", "note", "source")
_DATES = ("issued_on", "effective_from", "effective_to")
_KEYS = {"symbol", "kind", "provenance", *_TEXTS, *_DATES}
DEFAULT_PATH = Path(__file__).resolve().parent / "documents.toml"


class LegalFileError(ValueError):
    """The data file cannot be loaded; ``errors`` names every problem with its place."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


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
    if not isinstance(raw, dict):
        errors.append(f"{place}: mỗi mục [[documents]] phải là một bảng")
        return None
    found = len(errors)
    for key in sorted(set(raw) - _KEYS):
        errors.append(f"{place}: khóa không hợp lệ “{key}”")
    values: dict[str, Any] = {}
    for key in ("symbol", "kind", "provenance", *_TEXTS):
        value = raw.get(key, "")
        if not isinstance(value, str):
            errors.append(f"{place}: “{key}” phải là văn bản")
            continue
        value = value.strip()
        if key in _TEXT_LIMITS and len(value) > _TEXT_LIMITS[key]:
            errors.append(f"{place}: “{key}” dài quá {_TEXT_LIMITS[key]} ký tự")
        values[key] = value
    for key in _DATES:
        value = raw.get(key)
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            errors.append(f"{place}: “{key}” phải là ngày (YYYY-MM-DD)")
            continue
        values[key] = value
    if not values.get("symbol"):
        errors.append(f"{place}: thiếu “symbol” (số, ký hiệu văn bản)")
    if "kind" in values and values["kind"] not in KINDS:
        errors.append(f"{place}: “kind” phải là một trong {sorted(KINDS)}")
    if "provenance" in values and values["provenance"] not in PROVENANCES:
        errors.append(f"{place}: “provenance” phải là một trong {sorted(PROVENANCES)}")
    url = values.get("url", "")
    if url and not url.startswith(("https://", "http://")):
        errors.append(f"{place}: “url” phải bắt đầu bằng https:// hoặc http://")
    start, end = values.get("effective_from"), values.get("effective_to")
    if start and end and end < start:
        errors.append(f"{place}: “effective_to” trước “effective_from”")
    if len(errors) > found:
        return None
    return DocumentEntry(**values)


def read_documents(path: Path | str = DEFAULT_PATH) -> list[DocumentEntry]:
    """The entries of the data file at ``path``, checked; raises ``LegalFileError`` on any problem."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LegalFileError([f"{path.name}: không đọc được ({exc.strerror or exc})"]) from None
    except UnicodeDecodeError:
        raise LegalFileError([f"{path.name}: không phải văn bản UTF-8"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise LegalFileError([f"{path.name}: không đúng cú pháp TOML ({exc})"]) from None
    errors: list[str] = []
    if data.get("schema") != SCHEMA:
        errors.append(f"{path.name}: “schema” phải là {SCHEMA}")
    for key in sorted(set(data) - {"schema", "documents"}):
        errors.append(f"{path.name}: khóa không hợp lệ “{key}”")
    raw_entries = data.get("documents", [])
    if not isinstance(raw_entries, list) or not raw_entries:
        errors.append(f"{path.name}: không có mục [[documents]] nào")
        raw_entries = []
    entries, seen = [], set()
    for index, raw in enumerate(raw_entries, start=1):
        place = f"{path.name}, mục {index}" + (f" ({raw.get('symbol')})" if isinstance(raw, dict) else "")
        entry = _entry(raw, place, errors)
        if entry is None:
            continue
        if entry.symbol in seen:
            errors.append(f"{place}: ký hiệu “{entry.symbol}” xuất hiện hai lần")
        seen.add(entry.symbol)
        entries.append(entry)
    if errors:
        raise LegalFileError(errors)
    return entries
