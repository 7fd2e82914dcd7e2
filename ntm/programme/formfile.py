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

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import DataFileError, Table, parse
from ntm.core.vocabulary import UNCONFIRMED
from ntm.legal.citations import check_source

FORMS_DIR = Path(__file__).resolve().parent / "reportforms"
SECTION_KINDS = ("targets", "tasks", "text", "attachments")


class FormFileError(DataFileError):
    title = gettext_noop("Invalid report form file")


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


def shipped_form_paths() -> list[Path]:
    return sorted(FORMS_DIR.glob("*.toml"))


def load_bytes(data: bytes) -> FormSpec:
    return from_dict(parse(data, FormFileError))


def from_dict(data: Mapping[str, Any]) -> FormSpec:
    errors: list[str] = []
    form = Table(
        data,
        _("Report form"),
        errors,
        {"schema", "code", "version", "title", "provenance", "source", "sections"},
    )
    code, title, source = form.text("code"), form.text("title"), form.text("source")
    if source:
        check_source(source, form.place, errors)
    version = form.integer("version", minimum=1)
    sections = []
    for index, raw in enumerate(form.tables("sections", required=True), start=1):
        entry = Table(
            raw,
            _("Section %(number)s") % {"number": index},
            errors,
            {"key", "kind", "title", "help", "required"},
        )
        key = entry.get("key")
        if not isinstance(key, str) or not key.isidentifier():
            entry.error(_("“key” must be a name (letters, digits, underscores)"))
            continue
        sections.append(
            Section(
                key,
                entry.choice("kind", SECTION_KINDS),
                entry.text("title"),
                entry.text("help", required=False),
                entry.boolean("required", default=False),
            )
        )
    keys = [s.key for s in sections]
    if len(keys) != len(set(keys)):
        form.error(_("the sections' “key” values repeat"))
    for kind in ("targets", "tasks", "attachments"):
        if sum(1 for s in sections if s.kind == kind) > 1:
            form.error(_("only one section of kind “%(kind)s” is allowed") % {"kind": kind})
    if errors:
        raise FormFileError(errors)
    return FormSpec(
        code=code,
        version=version,
        title=title,
        provenance=str(form.get("provenance", UNCONFIRMED)),
        source=source,
        sections=tuple(sections),
    )
