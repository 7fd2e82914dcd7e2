"""Recognition and revocation procedures as versioned files, and the state machine that runs a dossier through one.

Pure: no Django import. A procedure file (TOML, ``ntm/recognition/procedures/*.toml``) lists the steps in order;
each step names the role that acts, the actions available and the step each one leads to, the documents the step
needs before it can be completed, an optional time limit with its provenance, the checks that apply (public posting
rule, satisfaction survey, council vote) and a flag for steps the law leaves unclear. The database keeps each file
content as a version (content hash); a dossier is pinned to the version it started with.

File format (every text in Vietnamese; unknown keys are refused)::

    schema = 1
    code = "hai-cap-tu-1-7-2025"          # lowercase, digits, '-', '_'
    name = "..."
    kind = "recognition"                  # recognition | revocation
    subject = "commune"
    unit_structure = "2025"               # "2025" | "legacy": units a dossier may be opened for
    valid_from = 2025-07-01               # optional dates
    valid_to = 2025-12-31
    legal_source = "..."
    provenance = "partial"                # confirmed | partial | unconfirmed | placeholder
    source = "domain.md §3.5; https://..."
    note = "..."

    [[steps]]                             # the first step is where a dossier starts
    code = "self_assessment"
    name = "..."
    role = "commune_officer"              # a Role value (ntm.accounts.models.Role)
    actions = { complete = "public_posting", withdraw = "withdrawn" }
    action_roles = { return = ["province_coordinator"] }   # optional: other roles for one action
    effects = { submit = ["snapshot"] }   # snapshot | decision | announce
    time_limit_days = 15                  # optional; no key = no deadline
    time_limit_source = "..."             # required with time_limit_days
    time_limit_provenance = "unconfirmed"
    unclear = true                        # the law leaves this step unclear ...
    note = "..."                          # ... and the note says what is unclear
    [[steps.required_documents]]
    code = "bao_cao_ket_qua"
    name = "..."
    provenance = "partial"
    [steps.posting_rule]                  # the step keeps a public posting log checked by this rule
    min_count = 5
    within_days = 15
    source = "..."
    provenance = "confirmed"
    [steps.survey]                        # a satisfaction-survey result must be attached (or this document)
    document = "bao_cao_khao_sat"
    [steps.council_vote]                  # votes tallied against the CONFIGURED threshold (never in the file)
    basis = "members"                     # members | votes_cast
    source = "..."
    [steps.decision]                      # data for the decision effect
    document = "quyet_dinh"               # the uploaded document that goes into the register
    issuing_body = "UBND tỉnh Đồng Nai"
    signer_title = "Chủ tịch UBND tỉnh"

    [[steps]]                             # terminal steps end the dossier
    code = "recognised"
    name = "..."
    terminal = true
    outcome = "recognised"                # recognised | not_recognised | revoked | not_revoked | withdrawn
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ntm.core.messages import gettext as _
from ntm.core.tomlfile import DataFileError, parse
from ntm.core.vocabulary import PROVENANCE_MARKS, UNCONFIRMED
from ntm.councils.tally import BASES as VOTE_BASES  # members | votes_cast

SCHEMA = 1
FORWARD = "forward"
RETURN = "return"
CLOSE = "close"
# Action vocabulary: name → kind. Forward actions need the step's documents and checks; "return" sends the dossier
# back with reasons; closing actions end it without the step's documents.
ACTIONS: dict[str, str] = {
    "submit": FORWARD,
    "complete": FORWARD,
    "approve": FORWARD,
    "decide": FORWARD,
    "announce": FORWARD,
    "return": RETURN,
    "reject": CLOSE,
    "withdraw": CLOSE,
}
EFFECTS = frozenset({"snapshot", "decision", "announce"})
KINDS = frozenset({"recognition", "revocation"})
STRUCTURES = frozenset({"2025", "legacy"})
OUTCOMES = frozenset({"recognised", "not_recognised", "revoked", "not_revoked", "withdrawn"})
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

_TOP_KEYS = {
    "schema",
    "code",
    "name",
    "kind",
    "subject",
    "unit_structure",
    "valid_from",
    "valid_to",
    "legal_source",
    "provenance",
    "source",
    "note",
    "steps",
}
_STEP_KEYS = {
    "code",
    "name",
    "role",
    "actions",
    "action_roles",
    "effects",
    "time_limit_days",
    "time_limit_source",
    "time_limit_provenance",
    "unclear",
    "note",
    "required_documents",
    "posting_rule",
    "survey",
    "council_vote",
    "decision",
    "terminal",
    "outcome",
}


class ProcedureFileError(DataFileError):
    """A procedure file is not valid; ``errors`` names every problem with its place."""

    title = "Tệp quy trình không hợp lệ"


class TransitionRefused(Exception):
    """The current state does not offer the action (the API answers 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DocumentSpec:
    code: str
    name: str
    provenance: str = UNCONFIRMED

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "provenance": self.provenance}


@dataclass(frozen=True)
class TimeLimit:
    days: int
    source: str
    provenance: str


@dataclass(frozen=True)
class PostingRule:
    min_count: int
    within_days: int | None
    source: str = ""
    provenance: str = UNCONFIRMED


@dataclass(frozen=True)
class SurveyCheck:
    document: str = ""


@dataclass(frozen=True)
class CouncilVote:
    basis: str = "members"
    source: str = ""


@dataclass(frozen=True)
class DecisionSpec:
    document: str = ""
    issuing_body: str = ""
    signer_title: str = ""


@dataclass(frozen=True)
class Step:
    code: str
    name: str
    role: str = ""
    actions: tuple[tuple[str, str], ...] = ()
    action_roles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    effects: tuple[tuple[str, tuple[str, ...]], ...] = ()
    required_documents: tuple[DocumentSpec, ...] = ()
    time_limit: TimeLimit | None = None
    unclear: bool = False
    note: str = ""
    posting_rule: PostingRule | None = None
    survey: SurveyCheck | None = None
    council_vote: CouncilVote | None = None
    decision: DecisionSpec | None = None
    terminal: bool = False
    outcome: str = ""

    @property
    def action_names(self) -> tuple[str, ...]:
        return tuple(name for name, _target in self.actions)

    def target(self, action: str) -> str | None:
        return dict(self.actions).get(action)

    def roles_for(self, action: str) -> tuple[str, ...]:
        """Roles that may take ``action`` here: the step's role, or the roles the file names for that action."""
        special = dict(self.action_roles).get(action)
        return special if special else ((self.role,) if self.role else ())

    def effects_of(self, action: str) -> tuple[str, ...]:
        return dict(self.effects).get(action, ())

    @property
    def all_roles(self) -> tuple[str, ...]:
        roles: list[str] = []
        for action in self.action_names:
            for role in self.roles_for(action):
                if role not in roles:
                    roles.append(role)
        return tuple(roles)


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    kind: str
    subject: str
    unit_structure: str
    legal_source: str
    provenance: str
    source: str
    steps: tuple[Step, ...]
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def initial(self) -> str:
        return self.steps[0].code

    def step(self, code: str) -> Step:
        for step in self.steps:
            if step.code == code:
                return step
        raise KeyError(code)

    def has_step(self, code: str) -> bool:
        return any(step.code == code for step in self.steps)

    def is_terminal(self, code: str) -> bool:
        return self.has_step(code) and self.step(code).terminal

    def index(self, code: str) -> int:
        return [step.code for step in self.steps].index(code)

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def working_steps(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if not step.terminal)

    def to_dict(self) -> dict[str, Any]:
        """The file content as JSON-safe data (dates as ISO strings): what the database keeps."""
        return _json_safe(dict(self.raw))


# --- Loading -----------------------------------------------------------------------------------------------


def load_bytes(data: bytes, *, roles: Iterable[str]) -> Procedure:
    """Parse and validate a procedure file. ``roles`` are the valid role values (from the accounts app)."""
    return from_dict(parse(data, ProcedureFileError), roles=roles)


def from_dict(content: Mapping[str, Any], *, roles: Iterable[str]) -> Procedure:
    """Validate ``content`` (a parsed file, or the JSON kept in the database) and build the procedure."""
    errors: list[str] = []
    valid_roles = frozenset(roles)
    content = dict(content)
    _unknown(content, _TOP_KEYS, "tệp", errors)
    if content.get("schema") != SCHEMA:
        errors.append(f"tệp: schema phải là {SCHEMA}")
    code = _text(content, "code", "tệp", errors)
    name = _text(content, "name", "tệp", errors)
    legal_source = _text(content, "legal_source", "tệp", errors)
    if code and not _CODE.match(code):
        errors.append("tệp: code chỉ gồm chữ thường không dấu, số, '-', '_'")
    kind = _text(content, "kind", "tệp", errors)
    if kind and kind not in KINDS:
        errors.append(f"tệp: kind phải là một trong {sorted(KINDS)}")
    structure = _text(content, "unit_structure", "tệp", errors)
    if structure and structure not in STRUCTURES:
        errors.append(f"tệp: unit_structure phải là một trong {sorted(STRUCTURES)}")
    provenance = _text(content, "provenance", "tệp", errors)
    if provenance and provenance not in PROVENANCE_MARKS:
        errors.append(f"tệp: provenance phải là một trong {sorted(PROVENANCE_MARKS)}")
    valid_from = _date(content.get("valid_from"), "tệp: valid_from", errors)
    valid_to = _date(content.get("valid_to"), "tệp: valid_to", errors)
    if valid_from and valid_to and valid_from > valid_to:
        errors.append("tệp: valid_from sau valid_to")
    raw_steps = content.get("steps")
    steps: list[Step] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        errors.append("tệp: cần ít nhất một bước [[steps]]")
    else:
        for index, raw in enumerate(raw_steps, start=1):
            steps.append(_step(raw, f"bước {index}", valid_roles, errors))
    if steps:
        _check_graph(steps, kind, errors)
    if errors:
        raise ProcedureFileError(errors)
    return Procedure(
        code=code,
        name=name,
        kind=kind,
        subject=str(content.get("subject", "commune")),
        unit_structure=structure,
        legal_source=legal_source,
        provenance=provenance,
        source=str(content.get("source", "")),
        steps=tuple(steps),
        valid_from=valid_from,
        valid_to=valid_to,
        note=str(content.get("note", "")),
        raw=_json_safe(content),
    )


def _step(raw: Any, place: str, roles: frozenset[str], errors: list[str]) -> Step:
    if not isinstance(raw, dict):
        errors.append(f"{place}: phải là một bảng")
        return Step(code=f"_{place}", name="")
    code = _text(raw, "code", place, errors)
    place = f"bước {code or place}"
    if code and not _CODE.match(code):
        errors.append(f"{place}: code chỉ gồm chữ thường không dấu, số, '-', '_'")
    _unknown(raw, _STEP_KEYS, place, errors)
    name = _text(raw, "name", place, errors)
    terminal = bool(raw.get("terminal", False))
    if terminal:
        outcome = _text(raw, "outcome", place, errors)
        if outcome and outcome not in OUTCOMES:
            errors.append(f"{place}: outcome phải là một trong {sorted(OUTCOMES)}")
        extra = sorted(set(raw) - {"code", "name", "terminal", "outcome", "note", "unclear"})
        if extra:
            errors.append(f"{place}: bước kết thúc không có {', '.join(extra)}")
        return Step(
            code=code,
            name=name,
            terminal=True,
            outcome=outcome,
            note=str(raw.get("note", "")),
            unclear=bool(raw.get("unclear", False)),
        )
    role = _text(raw, "role", place, errors)
    if role and role not in roles:
        errors.append(f"{place}: vai trò “{role}” không có trong hệ thống")
    actions = raw.get("actions")
    pairs: list[tuple[str, str]] = []
    if not isinstance(actions, dict) or not actions:
        errors.append(f"{place}: cần ít nhất một thao tác trong actions")
    else:
        for action, target in actions.items():
            if action not in ACTIONS:
                errors.append(f"{place}: thao tác “{action}” không hợp lệ (dùng: {', '.join(ACTIONS)})")
            if not isinstance(target, str) or not target:
                errors.append(f"{place}: thao tác “{action}” phải chỉ tới một bước")
                continue
            pairs.append((action, target))
    action_roles = []
    for action, names in _table(raw, "action_roles", place, errors).items():
        if action not in dict(pairs):
            errors.append(f"{place}: action_roles nêu thao tác “{action}” không có trong actions")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            errors.append(f"{place}: action_roles.{action} phải là danh sách vai trò")
            continue
        for name_ in names:
            if name_ not in roles:
                errors.append(f"{place}: vai trò “{name_}” không có trong hệ thống")
        action_roles.append((action, tuple(names)))
    effects = []
    for action, names in _table(raw, "effects", place, errors).items():
        if action not in dict(pairs):
            errors.append(f"{place}: effects nêu thao tác “{action}” không có trong actions")
        if not isinstance(names, list) or not all(isinstance(n, str) and n in EFFECTS for n in names):
            errors.append(f"{place}: effects.{action} phải là danh sách trong {sorted(EFFECTS)}")
            continue
        if ACTIONS.get(action) != FORWARD:
            errors.append(f"{place}: chỉ thao tác đi tiếp mới có effects")
        effects.append((action, tuple(names)))
    time_limit = None
    if "time_limit_days" in raw:
        days = raw["time_limit_days"]
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            errors.append(f"{place}: time_limit_days phải là số nguyên ≥ 1")
        source = str(raw.get("time_limit_source", "")).strip()
        if not source:
            errors.append(f"{place}: time_limit_days cần time_limit_source (nguồn của thời hạn)")
        prov = str(raw.get("time_limit_provenance", UNCONFIRMED))
        if prov not in PROVENANCE_MARKS:
            errors.append(f"{place}: time_limit_provenance phải là một trong {sorted(PROVENANCE_MARKS)}")
        if isinstance(days, int) and not isinstance(days, bool) and days >= 1:
            time_limit = TimeLimit(days, source, prov)
    elif "time_limit_source" in raw or "time_limit_provenance" in raw:
        errors.append(f"{place}: time_limit_source chỉ đi cùng time_limit_days")
    unclear = bool(raw.get("unclear", False))
    note = str(raw.get("note", ""))
    if unclear and not note.strip():
        errors.append(f"{place}: bước đánh dấu unclear cần note nói rõ điều gì chưa rõ")
    return Step(
        code=code,
        name=name,
        role=role,
        actions=tuple(pairs),
        action_roles=tuple(action_roles),
        effects=tuple(effects),
        required_documents=_documents(raw.get("required_documents", []), place, errors),
        time_limit=time_limit,
        unclear=unclear,
        note=note,
        posting_rule=_posting_rule(raw.get("posting_rule"), place, errors),
        survey=_survey(raw.get("survey"), place, errors),
        council_vote=_council(raw.get("council_vote"), place, errors),
        decision=_decision(raw.get("decision"), place, errors),
    )


def _documents(raw: Any, place: str, errors: list[str]) -> tuple[DocumentSpec, ...]:
    if not isinstance(raw, list):
        errors.append(f"{place}: required_documents phải là danh sách [[steps.required_documents]]")
        return ()
    docs = []
    seen = set()
    for item in raw:
        if not isinstance(item, dict):
            errors.append(f"{place}: mỗi tài liệu phải là một bảng")
            continue
        _unknown(item, {"code", "name", "provenance"}, f"{place}, tài liệu", errors)
        code = _text(item, "code", f"{place}, tài liệu", errors)
        if code and not _CODE.match(code):
            errors.append(f"{place}: mã tài liệu “{code}” chỉ gồm chữ thường không dấu, số, '-', '_'")
        if code in seen:
            errors.append(f"{place}: tài liệu “{code}” lặp lại")
        seen.add(code)
        prov = str(item.get("provenance", UNCONFIRMED))
        if prov not in PROVENANCE_MARKS:
            errors.append(f"{place}: provenance của tài liệu “{code}” không hợp lệ")
        docs.append(DocumentSpec(code, _text(item, "name", f"{place}, tài liệu {code}", errors), prov))
    return tuple(docs)


def _posting_rule(raw: Any, place: str, errors: list[str]) -> PostingRule | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(f"{place}: posting_rule phải là một bảng")
        return None
    _unknown(raw, {"min_count", "within_days", "source", "provenance"}, f"{place}, posting_rule", errors)
    count = raw.get("min_count")
    within = raw.get("within_days")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        errors.append(f"{place}: posting_rule.min_count phải là số nguyên ≥ 1")
        return None
    if within is not None and (not isinstance(within, int) or isinstance(within, bool) or within < 1):
        errors.append(f"{place}: posting_rule.within_days phải là số nguyên ≥ 1")
        return None
    prov = str(raw.get("provenance", UNCONFIRMED))
    if prov not in PROVENANCE_MARKS:
        errors.append(f"{place}: posting_rule.provenance không hợp lệ")
    return PostingRule(count, within, str(raw.get("source", "")), prov)


def _survey(raw: Any, place: str, errors: list[str]) -> SurveyCheck | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(f"{place}: survey phải là một bảng")
        return None
    _unknown(raw, {"document"}, f"{place}, survey", errors)
    return SurveyCheck(str(raw.get("document", "")))


def _council(raw: Any, place: str, errors: list[str]) -> CouncilVote | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(f"{place}: council_vote phải là một bảng")
        return None
    if "threshold" in raw or "threshold_percent" in raw:
        errors.append(
            f"{place}: ngưỡng biểu quyết không ghi trong tệp; Văn phòng Điều phối cấu hình trên giao diện"
        )
    _unknown(raw, {"basis", "source", "threshold", "threshold_percent"}, f"{place}, council_vote", errors)
    basis = str(raw.get("basis", "members"))
    if basis not in VOTE_BASES:
        errors.append(f"{place}: council_vote.basis phải là một trong {sorted(VOTE_BASES)}")
    return CouncilVote(basis, str(raw.get("source", "")))


def _decision(raw: Any, place: str, errors: list[str]) -> DecisionSpec | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(f"{place}: decision phải là một bảng")
        return None
    _unknown(raw, {"document", "issuing_body", "signer_title"}, f"{place}, decision", errors)
    return DecisionSpec(
        str(raw.get("document", "")), str(raw.get("issuing_body", "")), str(raw.get("signer_title", ""))
    )


def _check_graph(steps: list[Step], kind: str, errors: list[str]) -> None:
    codes = [step.code for step in steps]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        errors.append(f"tệp: mã bước lặp lại: {', '.join(duplicates)}")
    by_code = {step.code: step for step in steps}
    if steps[0].terminal:
        errors.append("tệp: bước đầu tiên không được là bước kết thúc")
    for position, step in enumerate(steps):
        documents = {doc.code for doc in step.required_documents}
        for action, target in step.actions:
            if target not in by_code:
                errors.append(f"bước {step.code}: thao tác “{action}” chỉ tới bước “{target}” không có")
                continue
            target_step = by_code[target]
            if ACTIONS.get(action) == RETURN and (target_step.terminal or codes.index(target) >= position):
                errors.append(f"bước {step.code}: trả lại phải về một bước làm việc đứng trước")
            if ACTIONS.get(action) == CLOSE and not target_step.terminal:
                errors.append(f"bước {step.code}: thao tác “{action}” phải dẫn tới một bước kết thúc")
        if step.survey and step.survey.document and step.survey.document in documents:
            errors.append(
                f"bước {step.code}: tài liệu thay thế kết quả khảo sát không được nằm trong required_documents"
            )
        if step.decision and not any("decision" in names for _a, names in step.effects):
            errors.append(f"bước {step.code}: bảng decision cần một thao tác có effect “decision”")
        if any("decision" in names for _a, names in step.effects) and step.decision is None:
            errors.append(f"bước {step.code}: effect “decision” cần bảng [steps.decision]")
    reachable = {steps[0].code}
    frontier = [steps[0].code]
    while frontier:
        current = by_code.get(frontier.pop())
        for _action, target in current.actions if current else ():
            if target in by_code and target not in reachable:
                reachable.add(target)
                frontier.append(target)
    unreachable = [code for code in codes if code not in reachable]
    if unreachable:
        errors.append(f"tệp: không đi tới được các bước: {', '.join(unreachable)}")
    effects = [name for step in steps for _a, names in step.effects for name in names]
    if effects.count("decision") < 1:
        errors.append("tệp: cần một thao tác có effect “decision” (ghi quyết định vào sổ)")
    if kind == "recognition" and "snapshot" not in effects:
        errors.append("tệp: hồ sơ công nhận cần một thao tác có effect “snapshot” (chốt số liệu khi nộp)")


def _unknown(table: Mapping[str, Any], allowed: set[str], place: str, errors: list[str]) -> None:
    for key in sorted(set(table) - allowed):
        errors.append(f"{place}: khóa “{key}” không được hỗ trợ")


def _text(table: Mapping[str, Any], key: str, place: str, errors: list[str]) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{place}: thiếu {key}")
        return ""
    return value.strip()


def _table(raw: Mapping[str, Any], key: str, place: str, errors: list[str]) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        errors.append(f"{place}: {key} phải là một bảng")
        return {}
    return value


def _date(value: Any, place: str, errors: list[str]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        errors.append(f"{place}: chỉ ghi ngày, không ghi giờ")
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    errors.append(f"{place}: ngày không hợp lệ")
    return None


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def valid_code(text: str) -> bool:
    """Codes of procedures, steps and documents: lowercase letters without diacritics, digits, '-', '_'."""
    return bool(_CODE.match(text))


def content_digest(content: Mapping[str, Any]) -> str:
    canonical = json.dumps(
        _json_safe(dict(content)), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- Configuration overrides (deadlines and document lists set in the UI) -----------------------------------


@dataclass(frozen=True)
class StepOverride:
    """What the coordinator configured for one step of one procedure version. ``None`` keeps the file's value."""

    time_limit_days: int | None = None
    no_time_limit: bool = False
    documents: tuple[DocumentSpec, ...] | None = None
    source: str = ""


def with_overrides(procedure: Procedure, overrides: Mapping[str, StepOverride]) -> Procedure:
    """The procedure with the configured deadlines and document lists applied (steps not named keep the file's)."""
    steps = []
    for step in procedure.steps:
        override = overrides.get(step.code)
        if override is None or step.terminal:
            steps.append(step)
            continue
        time_limit = step.time_limit
        if override.no_time_limit:
            time_limit = None
        elif override.time_limit_days is not None:
            time_limit = TimeLimit(
                override.time_limit_days, override.source or _("configuration"), UNCONFIRMED
            )
        documents = override.documents if override.documents is not None else step.required_documents
        steps.append(replace(step, time_limit=time_limit, required_documents=documents))
    return replace(procedure, steps=tuple(steps))


# --- The state machine ---------------------------------------------------------------------------------------


def actions_for(procedure: Procedure, state: str, roles: Iterable[str]) -> tuple[str, ...]:
    """Actions of the current step that someone holding ``roles`` may take (empty in a terminal state)."""
    if not procedure.has_step(state):
        return ()
    step = procedure.step(state)
    held = set(roles)
    return tuple(action for action in step.action_names if held & set(step.roles_for(action)))


def next_state(procedure: Procedure, state: str, action: str) -> str:
    """Where ``action`` leads from ``state``; refuses an action the current step does not offer."""
    if not procedure.has_step(state):
        raise TransitionRefused(
            _("The state “%(state)s” is not in the procedure %(procedure)s.")
            % {"state": state, "procedure": procedure.code}
        )
    step = procedure.step(state)
    if step.terminal:
        raise TransitionRefused(_("The dossier is closed (%(step)s); no more actions.") % {"step": step.name})
    target = step.target(action)
    if target is None:
        offered = ", ".join(step.action_names)
        raise TransitionRefused(
            _("The step “%(step)s” has no action “%(action)s” (only: %(offered)s).")
            % {"step": step.name, "action": action, "offered": offered}
        )
    return target


def action_kind(action: str) -> str:
    return ACTIONS.get(action, "")


def due_on(entered: dt.datetime, time_limit: TimeLimit | None) -> dt.datetime | None:
    """When a step entered at ``entered`` is due (calendar days), or None without a time limit."""
    return entered + dt.timedelta(days=time_limit.days) if time_limit else None


@dataclass(frozen=True)
class PostingVerdict:
    ok: bool
    count: int
    best_window: int
    message: str


def check_posting(dates: Iterable[dt.date], rule: PostingRule) -> PostingVerdict:
    """Is the rule met: at least ``min_count`` postings whose dates all fall within ``within_days`` calendar
    days (e.g. QĐ 18/2022 Art. 5: at least 5 times within 15 days)? The best window found is reported."""
    days = sorted(dates)
    if rule.within_days is None:
        best = len(days)
    else:
        best = 0
        start = 0
        for end, day in enumerate(days):
            while (day - days[start]).days >= rule.within_days:
                start += 1
            best = max(best, end - start + 1)
    ok = best >= rule.min_count
    if rule.within_days is None:
        message = _("At least %(needed)s postings are needed; %(count)s are recorded.") % {
            "needed": rule.min_count,
            "count": len(days),
        }
    else:
        message = _(
            "At least %(needed)s postings within %(days)s days are needed; at most %(best)s fall within one "
            "%(days)s-day span (%(count)s recorded)."
        ) % {"needed": rule.min_count, "days": rule.within_days, "best": best, "count": len(days)}
    return PostingVerdict(ok, len(days), best, message)
