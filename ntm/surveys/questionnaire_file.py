"""Questionnaire data files (no Django import): the TOML format and a strict loader.

A questionnaire ships as one TOML file under ``ntm/surveys/questionnaires/``. Loading it into the database
creates a *version* (``questionnaire_sync`` in services.py): a changed file becomes a new version, and a campaign
keeps the version it was created with. Every problem is collected and raised together as one
``QuestionnaireFileError`` with Vietnamese messages naming the place.

Format::

    code = "ntm-xa-2021-2025"          identifier, lower case, digits and dashes (required)
    title = "…"                        (required)
    purpose = "recognition"            "recognition" (NTM recognition) or "service" (essential-service feedback)
    provenance = "unconfirmed"         confirmed / partial / unconfirmed / placeholder, with source (required)
    source = "domain.md §4; …"
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
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

from ntm.core.messages import gettext as _

PURPOSES = ("recognition", "service")
PROVENANCES = ("confirmed", "partial", "unconfirmed", "placeholder")
KINDS = ("content", "overall", "text")
_CODE = re.compile(r"^[a-z0-9][a-z0-9\-]{1,60}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_TEXT = 300


class QuestionnaireFileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


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


def _text(data: dict, key: str, where: str, problems: list[str], *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        problems.append(_("%(where)s: '%(key)s' must be text") % {"where": where, "key": key})
        return ""
    value = value.strip()
    if required and not value:
        problems.append(_("%(where)s: '%(key)s' is missing") % {"where": where, "key": key})
    if len(value) > MAX_TEXT and key not in {"source", "note"}:
        problems.append(
            _("%(where)s: '%(key)s' is longer than %(count)s characters")
            % {"where": where, "key": key, "count": MAX_TEXT}
        )
    return value


def parse(data: dict) -> QuestionnaireDef:
    problems: list[str] = []
    known = {"code", "title", "purpose", "provenance", "source", "note", "questions"}
    form = _("Form")
    for extra in sorted(set(data) - known):
        problems.append(_("%(where)s: unsupported key '%(key)s'") % {"where": form, "key": extra})
    code = _text(data, "code", form, problems)
    if code and not _CODE.match(code):
        problems.append(
            _("Form: the code '%(code)s' may only hold unaccented lowercase letters, digits and hyphens")
            % {"code": code}
        )
    title = _text(data, "title", form, problems)
    purpose = _text(data, "purpose", form, problems)
    if purpose and purpose not in PURPOSES:
        problems.append(_("Form: purpose must be one of %(values)s") % {"values": ", ".join(PURPOSES)})
    provenance = _text(data, "provenance", form, problems)
    if provenance and provenance not in PROVENANCES:
        problems.append(_("Form: provenance must be one of %(values)s") % {"values": ", ".join(PROVENANCES)})
    source = _text(data, "source", form, problems)
    note = _text(data, "note", form, problems, required=False)

    raw_questions = data.get("questions")
    questions: list[QuestionDef] = []
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append(_("Form: at least one question is needed ([[questions]])"))
        raw_questions = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_questions, start=1):
        where = _("Question %(number)s") % {"number": index}
        if not isinstance(raw, dict):
            problems.append(_("%(where)s: must be a table") % {"where": where})
            continue
        for extra in sorted(set(raw) - {"key", "kind", "text", "hint", "criterion", "required"}):
            problems.append(_("%(where)s: unsupported key '%(key)s'") % {"where": where, "key": extra})
        key = _text(raw, "key", where, problems)
        if key and not _KEY.match(key):
            problems.append(
                _(
                    "%(where)s: key '%(key)s' may only hold unaccented lowercase letters, digits and underscores"
                )
                % {"where": where, "key": key}
            )
        if key in seen:
            problems.append(_("%(where)s: key '%(key)s' is repeated") % {"where": where, "key": key})
        seen.add(key)
        kind = _text(raw, "kind", where, problems)
        if kind and kind not in KINDS:
            problems.append(
                _("%(where)s: kind must be one of %(values)s") % {"where": where, "values": ", ".join(KINDS)}
            )
        required = raw.get("required", kind != "text")
        if not isinstance(required, bool):
            problems.append(_("%(where)s: required must be true or false") % {"where": where})
            required = True
        criterion = raw.get("criterion", "")
        if not isinstance(criterion, str):
            problems.append(_('%(where)s: criterion must be text (for example "2")') % {"where": where})
            criterion = ""
        questions.append(
            QuestionDef(
                key=key,
                kind=kind,
                text=_text(raw, "text", where, problems),
                hint=_text(raw, "hint", where, problems, required=False),
                criterion=criterion.strip(),
                required=required,
            )
        )
    if sum(1 for q in questions if q.kind == "overall") > 1:
        problems.append(_('Form: only one overall question is allowed (kind = "overall")'))
    if questions and not any(q.kind == "content" for q in questions):
        problems.append(_('Form: at least one question per topic is needed (kind = "content")'))
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
    try:
        data = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise QuestionnaireFileError(
            [_("The form file cannot be read (TOML, UTF-8): %(problem)s") % {"problem": exc}]
        ) from None
    return parse(data)


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
                    _("%(file)s: the code '%(code)s' is already in another file")
                    % {"file": path.name, "code": definition.code}
                ]
            )
        found[definition.code] = definition
    return found
