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
    source = "QĐ 18/2022/QĐ-TTg ngày 02/8/2022, Điều 6-10; https://..."
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
from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import DataFileError, parse
from ntm.core.vocabulary import PROVENANCE_MARKS, UNCONFIRMED
from ntm.councils.tally import BASES as VOTE_BASES  # members | votes_cast
from ntm.legal.citations import check_source

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

    title = gettext_noop("Invalid procedure file")


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
    """Parse and validate a procedure file. ``roles`` are the valid role values (from the accounts app). Every
    source and legal basis of the file must cite the legal registry (``ntm.legal.citations``)."""
    content = parse(data, ProcedureFileError)
    problems = citation_problems(content)
    try:
        procedure = from_dict(content, roles=roles)
    except ProcedureFileError as exc:
        raise ProcedureFileError([*exc.errors, *problems]) from None
    if problems:
        raise ProcedureFileError(problems)
    return procedure


def citation_problems(content: Mapping[str, Any]) -> list[str]:
    """Problems with the sources of a procedure file: ``legal_source``, ``source`` and each step's
    ``time_limit_source``, ``posting_rule.source`` and ``council_vote.source``."""
    errors: list[str] = []
    file = _("file")
    for key in ("legal_source", "source"):
        if isinstance(content.get(key), str) and content[key].strip():
            check_source(content[key], file, errors, key=key)
    steps = content.get("steps")
    for index, raw in enumerate(steps if isinstance(steps, list) else [], start=1):
        if not isinstance(raw, Mapping):
            continue
        place = _("step %(step)s") % {"step": index}
        texts = [("time_limit_source", raw.get("time_limit_source"))]
        for table in ("posting_rule", "council_vote"):
            if isinstance(raw.get(table), Mapping):
                texts.append((f"{table}.source", raw[table].get("source")))
        for key, text in texts:
            if isinstance(text, str) and text.strip():
                check_source(text, place, errors, key=key)
    return errors


def from_dict(content: Mapping[str, Any], *, roles: Iterable[str]) -> Procedure:
    """Validate ``content`` (a parsed file, or the JSON kept in the database) and build the procedure."""
    errors: list[str] = []
    valid_roles = frozenset(roles)
    content = dict(content)
    file = _("file")
    _unknown(content, _TOP_KEYS, file, errors)
    if content.get("schema") != SCHEMA:
        errors.append(_("%(place)s: schema must be %(schema)s") % {"place": file, "schema": SCHEMA})
    code = _text(content, "code", file, errors)
    name = _text(content, "name", file, errors)
    legal_source = _text(content, "legal_source", file, errors)
    if code and not _CODE.match(code):
        errors.append(
            _("%(place)s: code may only hold unaccented lowercase letters, digits, '-', '_'")
            % {"place": file}
        )
    kind = _text(content, "kind", file, errors)
    if kind and kind not in KINDS:
        errors.append(
            _("%(place)s: kind must be one of %(values)s") % {"place": file, "values": sorted(KINDS)}
        )
    structure = _text(content, "unit_structure", file, errors)
    if structure and structure not in STRUCTURES:
        errors.append(
            _("%(place)s: unit_structure must be one of %(values)s")
            % {"place": file, "values": sorted(STRUCTURES)}
        )
    provenance = _text(content, "provenance", file, errors)
    if provenance and provenance not in PROVENANCE_MARKS:
        errors.append(
            _("%(place)s: provenance must be one of %(values)s")
            % {"place": file, "values": sorted(PROVENANCE_MARKS)}
        )
    valid_from = _date(content.get("valid_from"), f"{file}: valid_from", errors)
    valid_to = _date(content.get("valid_to"), f"{file}: valid_to", errors)
    if valid_from and valid_to and valid_from > valid_to:
        errors.append(_("%(place)s: valid_from is after valid_to") % {"place": file})
    raw_steps = content.get("steps")
    steps: list[Step] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        errors.append(_("%(place)s: at least one step [[steps]] is needed") % {"place": file})
    else:
        for index, raw in enumerate(raw_steps, start=1):
            steps.append(_step(raw, _("step %(step)s") % {"step": index}, valid_roles, errors))
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
        errors.append(_("%(place)s: must be a table") % {"place": place})
        return Step(code=f"_{place}", name="")
    code = _text(raw, "code", place, errors)
    place = _("step %(step)s") % {"step": code} if code else place
    if code and not _CODE.match(code):
        errors.append(
            _("%(place)s: code may only hold unaccented lowercase letters, digits, '-', '_'")
            % {"place": place}
        )
    _unknown(raw, _STEP_KEYS, place, errors)
    name = _text(raw, "name", place, errors)
    terminal = bool(raw.get("terminal", False))
    if terminal:
        outcome = _text(raw, "outcome", place, errors)
        if outcome and outcome not in OUTCOMES:
            errors.append(
                _("%(place)s: outcome must be one of %(values)s")
                % {"place": place, "values": sorted(OUTCOMES)}
            )
        extra = sorted(set(raw) - {"code", "name", "terminal", "outcome", "note", "unclear"})
        if extra:
            errors.append(
                _("%(place)s: a final step has no %(keys)s") % {"place": place, "keys": ", ".join(extra)}
            )
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
        errors.append(
            _("%(place)s: the role “%(role)s” is not in the system") % {"place": place, "role": role}
        )
    actions = raw.get("actions")
    pairs: list[tuple[str, str]] = []
    if not isinstance(actions, dict) or not actions:
        errors.append(_("%(place)s: at least one action is needed in actions") % {"place": place})
    else:
        for action, target in actions.items():
            if action not in ACTIONS:
                errors.append(
                    _("%(place)s: the action “%(action)s” is not valid (use: %(actions)s)")
                    % {"place": place, "action": action, "actions": ", ".join(ACTIONS)}
                )
            if not isinstance(target, str) or not target:
                errors.append(
                    _("%(place)s: the action “%(action)s” must point to a step")
                    % {"place": place, "action": action}
                )
                continue
            pairs.append((action, target))
    action_roles = []
    for action, names in _table(raw, "action_roles", place, errors).items():
        if action not in dict(pairs):
            errors.append(
                _("%(place)s: action_roles names the action “%(action)s”, which is not in actions")
                % {"place": place, "action": action}
            )
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            errors.append(
                _("%(place)s: action_roles.%(action)s must be a list of roles")
                % {"place": place, "action": action}
            )
            continue
        for name_ in names:
            if name_ not in roles:
                errors.append(
                    _("%(place)s: the role “%(role)s” is not in the system") % {"place": place, "role": name_}
                )
        action_roles.append((action, tuple(names)))
    effects = []
    for action, names in _table(raw, "effects", place, errors).items():
        if action not in dict(pairs):
            errors.append(
                _("%(place)s: effects names the action “%(action)s”, which is not in actions")
                % {"place": place, "action": action}
            )
        if not isinstance(names, list) or not all(isinstance(n, str) and n in EFFECTS for n in names):
            errors.append(
                _("%(place)s: effects.%(action)s must be a list drawn from %(values)s")
                % {"place": place, "action": action, "values": sorted(EFFECTS)}
            )
            continue
        if ACTIONS.get(action) != FORWARD:
            errors.append(_("%(place)s: only a forward action has effects") % {"place": place})
        effects.append((action, tuple(names)))
    time_limit = None
    if "time_limit_days" in raw:
        days = raw["time_limit_days"]
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            errors.append(_("%(place)s: time_limit_days must be an integer ≥ 1") % {"place": place})
        source = str(raw.get("time_limit_source", "")).strip()
        if not source:
            errors.append(
                _("%(place)s: time_limit_days needs time_limit_source (the source of the time limit)")
                % {"place": place}
            )
        prov = str(raw.get("time_limit_provenance", UNCONFIRMED))
        if prov not in PROVENANCE_MARKS:
            errors.append(
                _("%(place)s: time_limit_provenance must be one of %(values)s")
                % {"place": place, "values": sorted(PROVENANCE_MARKS)}
            )
        if isinstance(days, int) and not isinstance(days, bool) and days >= 1:
            time_limit = TimeLimit(days, source, prov)
    elif "time_limit_source" in raw or "time_limit_provenance" in raw:
        errors.append(_("%(place)s: time_limit_source goes only with time_limit_days") % {"place": place})
    unclear = bool(raw.get("unclear", False))
    note = str(raw.get("note", ""))
    if unclear and not note.strip():
        errors.append(
            _("%(place)s: a step marked unclear needs a note saying what is unclear") % {"place": place}
        )
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
        errors.append(
            _("%(place)s: required_documents must be a list [[steps.required_documents]]") % {"place": place}
        )
        return ()
    docs = []
    seen = set()
    for item in raw:
        if not isinstance(item, dict):
            errors.append(_("%(place)s: each document must be a table") % {"place": place})
            continue
        document = _("%(place)s, document") % {"place": place}
        _unknown(item, {"code", "name", "provenance"}, document, errors)
        code = _text(item, "code", document, errors)
        if code and not _CODE.match(code):
            errors.append(
                _(
                    "%(place)s: the document code “%(code)s” may only hold unaccented lowercase letters, digits, '-', '_'"
                )
                % {"place": place, "code": code}
            )
        if code in seen:
            errors.append(_("%(place)s: the document “%(code)s” repeats") % {"place": place, "code": code})
        seen.add(code)
        prov = str(item.get("provenance", UNCONFIRMED))
        if prov not in PROVENANCE_MARKS:
            errors.append(
                _("%(place)s: the provenance of the document “%(code)s” is not valid")
                % {"place": place, "code": code}
            )
        docs.append(
            DocumentSpec(
                code,
                _text(
                    item, "name", _("%(place)s, document %(code)s") % {"place": place, "code": code}, errors
                ),
                prov,
            )
        )
    return tuple(docs)


def _posting_rule(raw: Any, place: str, errors: list[str]) -> PostingRule | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(_("%(place)s: posting_rule must be a table") % {"place": place})
        return None
    _unknown(raw, {"min_count", "within_days", "source", "provenance"}, f"{place}, posting_rule", errors)
    count = raw.get("min_count")
    within = raw.get("within_days")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        errors.append(_("%(place)s: posting_rule.min_count must be an integer ≥ 1") % {"place": place})
        return None
    if within is not None and (not isinstance(within, int) or isinstance(within, bool) or within < 1):
        errors.append(_("%(place)s: posting_rule.within_days must be an integer ≥ 1") % {"place": place})
        return None
    prov = str(raw.get("provenance", UNCONFIRMED))
    if prov not in PROVENANCE_MARKS:
        errors.append(_("%(place)s: posting_rule.provenance is not valid") % {"place": place})
    return PostingRule(count, within, str(raw.get("source", "")), prov)


def _survey(raw: Any, place: str, errors: list[str]) -> SurveyCheck | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(_("%(place)s: survey must be a table") % {"place": place})
        return None
    _unknown(raw, {"document"}, f"{place}, survey", errors)
    return SurveyCheck(str(raw.get("document", "")))


def _council(raw: Any, place: str, errors: list[str]) -> CouncilVote | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(_("%(place)s: council_vote must be a table") % {"place": place})
        return None
    if "threshold" in raw or "threshold_percent" in raw:
        errors.append(
            _(
                "%(place)s: the vote threshold is not written in the file; the Coordination Office configures it "
                "on the page"
            )
            % {"place": place}
        )
    _unknown(raw, {"basis", "source", "threshold", "threshold_percent"}, f"{place}, council_vote", errors)
    basis = str(raw.get("basis", "members"))
    if basis not in VOTE_BASES:
        errors.append(
            _("%(place)s: council_vote.basis must be one of %(values)s")
            % {"place": place, "values": sorted(VOTE_BASES)}
        )
    return CouncilVote(basis, str(raw.get("source", "")))


def _decision(raw: Any, place: str, errors: list[str]) -> DecisionSpec | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(_("%(place)s: decision must be a table") % {"place": place})
        return None
    _unknown(raw, {"document", "issuing_body", "signer_title"}, f"{place}, decision", errors)
    return DecisionSpec(
        str(raw.get("document", "")), str(raw.get("issuing_body", "")), str(raw.get("signer_title", ""))
    )


def _check_graph(steps: list[Step], kind: str, errors: list[str]) -> None:
    file = _("file")
    codes = [step.code for step in steps]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        errors.append(
            _("%(place)s: repeated step codes: %(codes)s") % {"place": file, "codes": ", ".join(duplicates)}
        )
    by_code = {step.code: step for step in steps}
    if steps[0].terminal:
        errors.append(_("%(place)s: the first step cannot be a final step") % {"place": file})
    for position, step in enumerate(steps):
        documents = {doc.code for doc in step.required_documents}
        place = _("step %(step)s") % {"step": step.code}
        for action, target in step.actions:
            if target not in by_code:
                errors.append(
                    _(
                        "%(place)s: the action “%(action)s” points to the step “%(target)s”, which does not exist"
                    )
                    % {"place": place, "action": action, "target": target}
                )
                continue
            target_step = by_code[target]
            if ACTIONS.get(action) == RETURN and (target_step.terminal or codes.index(target) >= position):
                errors.append(
                    _("%(place)s: a return must go back to an earlier working step") % {"place": place}
                )
            if ACTIONS.get(action) == CLOSE and not target_step.terminal:
                errors.append(
                    _("%(place)s: the action “%(action)s” must lead to a final step")
                    % {"place": place, "action": action}
                )
        if step.survey and step.survey.document and step.survey.document in documents:
            errors.append(
                _(
                    "%(place)s: the document that stands in for the survey result cannot be in required_documents"
                )
                % {"place": place}
            )
        if step.decision and not any("decision" in names for _a, names in step.effects):
            errors.append(
                _("%(place)s: the decision table needs an action with the effect “decision”")
                % {"place": place}
            )
        if any("decision" in names for _a, names in step.effects) and step.decision is None:
            errors.append(
                _("%(place)s: the effect “decision” needs the table [steps.decision]") % {"place": place}
            )
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
        errors.append(
            _("%(place)s: these steps cannot be reached: %(codes)s")
            % {"place": file, "codes": ", ".join(unreachable)}
        )
    effects = [name for step in steps for _a, names in step.effects for name in names]
    if effects.count("decision") < 1:
        errors.append(
            _(
                "%(place)s: an action with the effect “decision” is needed (it writes the decision into the register)"
            )
            % {"place": file}
        )
    if kind == "recognition" and "snapshot" not in effects:
        errors.append(
            _(
                "%(place)s: a recognition dossier needs an action with the effect “snapshot” (it freezes the figures "
                "on submission)"
            )
            % {"place": file}
        )


def _unknown(table: Mapping[str, Any], allowed: set[str], place: str, errors: list[str]) -> None:
    for key in sorted(set(table) - allowed):
        errors.append(_("%(place)s: the key “%(key)s” is not supported") % {"place": place, "key": key})


def _text(table: Mapping[str, Any], key: str, place: str, errors: list[str]) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        errors.append(_("%(place)s: %(key)s is missing") % {"place": place, "key": key})
        return ""
    return value.strip()


def _table(raw: Mapping[str, Any], key: str, place: str, errors: list[str]) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        errors.append(_("%(place)s: %(key)s must be a table") % {"place": place, "key": key})
        return {}
    return value


def _date(value: Any, place: str, errors: list[str]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        errors.append(_("%(place)s: write a date only, without a time") % {"place": place})
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    errors.append(_("%(place)s: the date is not valid") % {"place": place})
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
