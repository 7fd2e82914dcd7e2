"""Report forms as data: the sections a department or locality fills in each report cycle. No Django import.

A form ships as a TOML file under ``ntm/programme/reportforms/``::

    schema = 1
    code = "bao-cao-dinh-ky"
    version = 1
    title = "…"
    provenance, source

    [[sections]]
    key = "targets"          unique key; the report's content JSON uses it
    kind = "targets"         targets: one row per active target (system figure prefilled; reported targets take
                                      a numerator and a denominator)
                             tasks: one text per section IV task of the plan
                             text: one free text (``required`` = true/false)
                             attachments: files added to the report
    title = "I. …"
    help = "…"               optional
    required = true          text sections only

Exactly one section of kind "targets" and one of kind "tasks" are allowed (either may be absent).
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ntm.core.vocabulary import UNCONFIRMED

FORMS_DIR = Path(__file__).resolve().parent / "reportforms"
SECTION_KINDS = ("targets", "tasks", "text", "attachments")


class FormFileError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("Tệp mẫu báo cáo không hợp lệ:\n" + "\n".join(f"- {e}" for e in errors))


@dataclass(frozen=True)
class Section:
    key: str
    kind: str
    title: str
    help: str = ""
    required: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "help": self.help,
            "required": self.required,
        }


@dataclass(frozen=True)
class FormSpec:
    code: str
    version: int
    title: str
    provenance: str
    source: str
    sections: tuple[Section, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "version": self.version,
            "title": self.title,
            "provenance": self.provenance,
            "source": self.source,
            "sections": [section.to_dict() for section in self.sections],
        }

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    def text_sections(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "text"]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shipped_form_paths() -> list[Path]:
    return sorted(FORMS_DIR.glob("*.toml"))


def load_bytes(data: bytes) -> FormSpec:
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FormFileError([f"Tệp không đọc được: {exc}"]) from exc
    return from_dict(parsed)


def from_dict(data: Mapping[str, Any]) -> FormSpec:
    errors: list[str] = []
    allowed = {"schema", "code", "version", "title", "provenance", "source", "sections"}
    errors.extend(f"Mẫu báo cáo: khóa không hợp lệ “{key}”" for key in sorted(set(data) - allowed))
    for key in ("code", "title", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            errors.append(f"Mẫu báo cáo: thiếu “{key}”")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        errors.append("Mẫu báo cáo: “version” phải là số nguyên ≥ 1")
        version = 1
    sections = []
    raw_sections = data.get("sections", [])
    if not isinstance(raw_sections, list) or not raw_sections:
        errors.append("Mẫu báo cáo: cần ít nhất một mục [[sections]]")
        raw_sections = []
    for index, raw in enumerate(raw_sections, start=1):
        place = f"Mục thứ {index}"
        if not isinstance(raw, Mapping):
            errors.append(f"{place}: phải là một bảng")
            continue
        extra = set(raw) - {"key", "kind", "title", "help", "required"}
        errors.extend(f"{place}: khóa không hợp lệ “{key}”" for key in sorted(extra))
        key, kind, title = raw.get("key"), raw.get("kind"), raw.get("title")
        if not isinstance(key, str) or not key.isidentifier():
            errors.append(f"{place}: “key” phải là tên (chữ, số, gạch dưới)")
            continue
        if kind not in SECTION_KINDS:
            errors.append(f"{place}: “kind” phải là một trong {', '.join(SECTION_KINDS)}")
            continue
        if not isinstance(title, str) or not title.strip():
            errors.append(f"{place}: thiếu “title”")
            continue
        sections.append(
            Section(key, kind, title.strip(), str(raw.get("help", "")), bool(raw.get("required", False)))
        )
    keys = [s.key for s in sections]
    if len(keys) != len(set(keys)):
        errors.append("Mẫu báo cáo: “key” của các mục bị trùng")
    for kind in ("targets", "tasks", "attachments"):
        if sum(1 for s in sections if s.kind == kind) > 1:
            errors.append(f"Mẫu báo cáo: chỉ được một mục loại “{kind}”")
    if errors:
        raise FormFileError(errors)
    return FormSpec(
        code=data["code"].strip(),
        version=version,
        title=data["title"].strip(),
        provenance=str(data.get("provenance", UNCONFIRMED)),
        source=data["source"].strip(),
        sections=tuple(sections),
    )
