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

from ntm.core.messages import gettext as _

FORMS_DIR = Path(__file__).resolve().parent / "reportforms"
SECTION_KINDS = ("targets", "tasks", "text", "attachments")


class FormFileError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__(_("The report form file is not valid:") + "\n" + "\n".join(f"- {e}" for e in errors))


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
        raise FormFileError([_("The file cannot be read: %(problem)s") % {"problem": exc}]) from exc
    return from_dict(parsed)


def from_dict(data: Mapping[str, Any]) -> FormSpec:
    errors: list[str] = []
    allowed = {"schema", "code", "version", "title", "provenance", "source", "sections"}
    errors.extend(
        _("Report form: invalid key “%(key)s”") % {"key": key} for key in sorted(set(data) - allowed)
    )
    for key in ("code", "title", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            errors.append(_("Report form: “%(key)s” is missing") % {"key": key})
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        errors.append(_("Report form: “version” must be a whole number ≥ 1"))
        version = 1
    sections = []
    raw_sections = data.get("sections", [])
    if not isinstance(raw_sections, list) or not raw_sections:
        errors.append(_("Report form: at least one [[sections]] entry is needed"))
        raw_sections = []
    for index, raw in enumerate(raw_sections, start=1):
        place = _("Section %(number)s") % {"number": index}
        if not isinstance(raw, Mapping):
            errors.append(_("%(where)s: must be a table") % {"where": place})
            continue
        extra = set(raw) - {"key", "kind", "title", "help", "required"}
        errors.extend(
            _("%(where)s: invalid key “%(key)s”") % {"where": place, "key": key} for key in sorted(extra)
        )
        key, kind, title = raw.get("key"), raw.get("kind"), raw.get("title")
        if not isinstance(key, str) or not key.isidentifier():
            errors.append(
                _("%(where)s: “key” must be a name (letters, digits, underscores)") % {"where": place}
            )
            continue
        if kind not in SECTION_KINDS:
            errors.append(
                _("%(where)s: “kind” must be one of %(values)s")
                % {"where": place, "values": ", ".join(SECTION_KINDS)}
            )
            continue
        if not isinstance(title, str) or not title.strip():
            errors.append(_("%(where)s: “title” is missing") % {"where": place})
            continue
        sections.append(
            Section(key, kind, title.strip(), str(raw.get("help", "")), bool(raw.get("required", False)))
        )
    keys = [s.key for s in sections]
    if len(keys) != len(set(keys)):
        errors.append(_("Report form: the sections' “key” values repeat"))
    for kind in ("targets", "tasks", "attachments"):
        if sum(1 for s in sections if s.kind == kind) > 1:
            errors.append(_("Report form: only one section of kind “%(kind)s” is allowed") % {"kind": kind})
    if errors:
        raise FormFileError(errors)
    return FormSpec(
        code=data["code"].strip(),
        version=version,
        title=data["title"].strip(),
        provenance=str(data.get("provenance", "unconfirmed")),
        source=data["source"].strip(),
        sections=tuple(sections),
    )
