"""Questionnaire data files (no Django import): the TOML format and a strict loader.

A questionnaire ships as one TOML file under ``ntm/surveys/questionnaires/``. Loading it into the database
creates a *version* (``questionnaire_sync`` in services/campaigns.py): a changed file becomes a new version, and a campaign
keeps the version it was created with. Every problem is collected and raised together as one
``QuestionnaireFileError`` with Vietnamese messages naming the place.

Format::

    code = "ntm-xa-2021-2025"          identifier, lower case, digits and dashes (required)
    title = "…"                        (required)
    purpose = "recognition"            "recognition" (NTM recognition) or "service" (essential-service feedback)
    provenance = "unconfirmed"         confirmed / partial / unconfirmed / placeholder, with source (required)
    source = "HD 90/HD-MTTW-BTT ngày 20/9/2022; …"
    note = "…"                         optional

    [[questions]]
    key = "giao_thong"                 lower case, unique in the file (required); the results use it
    kind = "content"                   content: one NTM content, "hài lòng / chưa hài lòng" + optional comment
                                       overall: the general satisfaction question (at most one)
                                       text: a free comment (no choice)
    text = "Giao thông"                what the household reads (required)
    hint = "Đường xã, đường ấp …"      optional explanation under the text
    criterion = "2"                    optional: the criterion the content follows
    required = true                    optional (default true for content/overall, false for text)
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import DataFileError, Table
from ntm.core.tomlfile import parse as parse_toml
from ntm.core.vocabulary import PROVENANCE_MARKS
from ntm.legal.citations import check_source

PURPOSES = ("recognition", "service")
KINDS = ("content", "overall", "text")
_CODE = re.compile(r"^[a-z0-9][a-z0-9\-]{1,60}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_TEXT = 300


class QuestionnaireFileError(DataFileError):
    title = gettext_noop("Invalid questionnaire file")


@dataclass(frozen=True)
class QuestionDef:
    key: str
    kind: str
    text: str
    hint: str = ""
    criterion: str = ""
    required: bool = True


@dataclass(frozen=True)
class QuestionnaireDef:
    code: str
    title: str
    purpose: str
    provenance: str
    source: str
    note: str
    questions: tuple[QuestionDef, ...]

    @property
    def content_hash(self) -> str:
        """A fingerprint of the content: a different hash means a new version."""
        canonical = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()


def parse(data: dict) -> QuestionnaireDef:
    problems: list[str] = []
    known = {"code", "title", "purpose", "provenance", "source", "note", "questions"}
    sheet = Table(data, _("The questionnaire"), problems, known)
    code = sheet.text("code")
    if code and not _CODE.match(code):
        sheet.error(
            _("the code “%(code)s” may only hold unaccented lowercase letters, digits and hyphens")
            % {"code": code}
        )
    title = sheet.text("title", max_length=MAX_TEXT)
    purpose = sheet.choice("purpose", PURPOSES)
    provenance = sheet.choice("provenance", PROVENANCE_MARKS)
    source = sheet.text("source")
    if source:
        check_source(source, sheet.place, sheet.errors)
    note = sheet.text("note", required=False)

    questions: list[QuestionDef] = []
    seen: set[str] = set()
    for index, raw in enumerate(sheet.tables("questions", required=True), start=1):
        entry = Table(
            raw,
            _("Question %(number)s") % {"number": index},
            problems,
            {"key", "kind", "text", "hint", "criterion", "required"},
        )
        key = entry.text("key")
        if key and not _KEY.match(key):
            entry.error(
                _("key “%(key)s” may only hold unaccented lowercase letters, digits and underscores")
                % {"key": key}
            )
        if key in seen:
            entry.error(_("key “%(key)s” is repeated") % {"key": key})
        seen.add(key)
        kind = entry.choice("kind", KINDS)
        questions.append(
            QuestionDef(
                key=key,
                kind=kind,
                text=entry.text("text", max_length=MAX_TEXT),
                hint=entry.text("hint", required=False, max_length=MAX_TEXT),
                criterion=entry.text("criterion", required=False),
                required=entry.boolean("required", default=kind != "text"),
            )
        )
    if sum(1 for q in questions if q.kind == "overall") > 1:
        sheet.error(_('only one overall question is allowed (kind = "overall")'))
    if questions and not any(q.kind == "content" for q in questions):
        sheet.error(_('at least one content question is needed (kind = "content")'))
    if problems:
        raise QuestionnaireFileError(problems)
    return QuestionnaireDef(
        code=code,
        title=title,
        purpose=purpose,
        provenance=provenance,
        source=source,
        note=note,
        questions=tuple(questions),
    )


def load_bytes(content: bytes) -> QuestionnaireDef:
    return parse(parse_toml(content, QuestionnaireFileError))


def load_path(path: Path) -> QuestionnaireDef:
    return load_bytes(path.read_bytes())


def load_directory(directory: Path) -> dict[str, QuestionnaireDef]:
    """Every questionnaire file of a directory, by code (a duplicate code is an error)."""
    found: dict[str, QuestionnaireDef] = {}
    for path in sorted(directory.glob("*.toml")):
        definition = load_path(path)
        if definition.code in found:
            raise QuestionnaireFileError(
                [
                    _("%(file)s: the code “%(code)s” is already in another file")
                    % {"file": path.name, "code": definition.code}
                ]
            )
        found[definition.code] = definition
    return found
