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

from ntm.core.vocabulary import PROVENANCE_MARKS

PURPOSES = ("recognition", "service")
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
        problems.append(f"{where}: '{key}' phải là chuỗi ký tự")
        return ""
    value = value.strip()
    if required and not value:
        problems.append(f"{where}: thiếu '{key}'")
    if len(value) > MAX_TEXT and key not in {"source", "note"}:
        problems.append(f"{where}: '{key}' dài quá {MAX_TEXT} ký tự")
    return value


def parse(data: dict) -> QuestionnaireDef:
    problems: list[str] = []
    known = {"code", "title", "purpose", "provenance", "source", "note", "questions"}
    for extra in sorted(set(data) - known):
        problems.append(f"Phiếu: khóa không được hỗ trợ '{extra}'")
    code = _text(data, "code", "Phiếu", problems)
    if code and not _CODE.match(code):
        problems.append(f"Phiếu: mã '{code}' chỉ gồm chữ thường không dấu, số và dấu gạch ngang")
    title = _text(data, "title", "Phiếu", problems)
    purpose = _text(data, "purpose", "Phiếu", problems)
    if purpose and purpose not in PURPOSES:
        problems.append(f"Phiếu: purpose phải là một trong {', '.join(PURPOSES)}")
    provenance = _text(data, "provenance", "Phiếu", problems)
    if provenance and provenance not in PROVENANCE_MARKS:
        problems.append(f"Phiếu: provenance phải là một trong {', '.join(PROVENANCE_MARKS)}")
    source = _text(data, "source", "Phiếu", problems)
    note = _text(data, "note", "Phiếu", problems, required=False)

    raw_questions = data.get("questions")
    questions: list[QuestionDef] = []
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append("Phiếu: cần ít nhất một câu hỏi ([[questions]])")
        raw_questions = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_questions, start=1):
        where = f"Câu {index}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: phải là một bảng")
            continue
        for extra in sorted(set(raw) - {"key", "kind", "text", "hint", "criterion", "required"}):
            problems.append(f"{where}: khóa không được hỗ trợ '{extra}'")
        key = _text(raw, "key", where, problems)
        if key and not _KEY.match(key):
            problems.append(f"{where}: key '{key}' chỉ gồm chữ thường không dấu, số và dấu gạch dưới")
        if key in seen:
            problems.append(f"{where}: key '{key}' bị trùng")
        seen.add(key)
        kind = _text(raw, "kind", where, problems)
        if kind and kind not in KINDS:
            problems.append(f"{where}: kind phải là một trong {', '.join(KINDS)}")
        required = raw.get("required", kind != "text")
        if not isinstance(required, bool):
            problems.append(f"{where}: required phải là true hoặc false")
            required = True
        criterion = raw.get("criterion", "")
        if not isinstance(criterion, str):
            problems.append(f'{where}: criterion phải là chuỗi (ví dụ "2")')
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
        problems.append('Phiếu: chỉ được có một câu hỏi chung (kind = "overall")')
    if questions and not any(q.kind == "content" for q in questions):
        problems.append('Phiếu: cần ít nhất một câu hỏi theo nội dung (kind = "content")')
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
        raise QuestionnaireFileError([f"Tệp phiếu không đọc được (TOML, UTF-8): {exc}"]) from None
    return parse(data)


def load_path(path: Path) -> QuestionnaireDef:
    return load_bytes(path.read_bytes())


def load_directory(directory: Path) -> dict[str, QuestionnaireDef]:
    """Every questionnaire file of a directory, by code (a duplicate code is an error)."""
    found: dict[str, QuestionnaireDef] = {}
    for path in sorted(directory.glob("*.toml")):
        definition = load_path(path)
        if definition.code in found:
            raise QuestionnaireFileError([f"{path.name}: mã '{definition.code}' đã có ở tệp khác"])
        found[definition.code] = definition
    return found
