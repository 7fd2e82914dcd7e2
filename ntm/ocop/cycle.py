"""The OCOP evaluation cycle as a procedure file (pure: no Django; TOML through core.tomlfile).

A cycle file (``ntm/ocop/procedures/*.toml``) lists, in order, the steps an evaluation goes through, who acts at
each step, the papers the step asks for and the legal source of each step. The services of
``ntm.ocop.services.evaluations`` follow the file an evaluation is pinned to: which step is current, who may act,
what the dossier must hold, where the evaluation goes next. A step the services cannot run, an unknown role, an
unknown paper or a source outside the legal registry is refused when the file is loaded.

File format (every text in Vietnamese; unknown keys are refused)::

    schema = 1
    code = "qd148-sua-doi-1489"           # lowercase, digits, '-', '_'
    name = "..."
    valid_from = 2025-07-06               # optional dates
    valid_to = 2025-07-05
    history = false                       # true: kept to show earlier decisions; no new evaluation follows it
    legal_source = "QĐ 148/QĐ-TTg ..."    # citations of the legal registry (ntm/legal/documents.toml)
    provenance = "partial"                # confirmed | partial | unconfirmed | placeholder
    source = "QĐ 1489/QĐ-TTg, ...; https://..."
    note = "..."

    [[steps]]
    code = "dossier"                      # one of STEP_CODES, in the order of STEP_CODES
    name = "..."
    role = "producer"                     # who acts (a role of the OCOP area)
    close_role = "province_coordinator"   # council steps: who closes the scoring
    samples = 5                           # dossier step: product samples needed ...
    samples_exempt_groups = ["VI"]        # ... except for these taxonomy groups (services)
    checks = ["raw_material_origin"]      # pre-check steps: what the commune checks (CHECKS)
    stars = [3, 4]                        # decision steps: the stars this level recognises
    provenance = "partial"
    source = "QĐ 1489/QĐ-TTg, Phụ lục II"
    note = "..."
    [[steps.documents]]                   # papers of the step; ``required`` ones are checked before it ends
    code = "registration_form"            # a paper the system knows (the dossier file kinds)
    name = "..."
    required = true
    provenance = "partial"

The last step is ``recorded`` (terminal: the decision is on record).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import DataFileError, Table, content_hash, parse
from ntm.core.vocabulary import PROVENANCE_MARKS, UNCONFIRMED
from ntm.legal.citations import check_source

SCHEMA = 1

# The steps the system knows, in the only order they can come in. The services run the steps of RUNNABLE; the
# district steps existed before 1/7/2025 and appear only in a history file.
DOSSIER = "dossier"
COMMUNE_PRECHECK = "commune_precheck"
DISTRICT_COUNCIL = "district_council"
DISTRICT_DECISION = "district_decision"
PROVINCIAL_COUNCIL = "provincial_council"
PROVINCIAL_DECISION = "provincial_decision"
MINISTRY_PROPOSAL = "ministry_proposal"
RECORDED = "recorded"
STEP_CODES = (
    DOSSIER,
    COMMUNE_PRECHECK,
    DISTRICT_COUNCIL,
    DISTRICT_DECISION,
    PROVINCIAL_COUNCIL,
    PROVINCIAL_DECISION,
    MINISTRY_PROPOSAL,
    RECORDED,
)
HISTORY_ONLY = frozenset({DISTRICT_COUNCIL, DISTRICT_DECISION})
REQUIRED_STEPS = (DOSSIER, PROVINCIAL_COUNCIL, PROVINCIAL_DECISION, RECORDED)
COUNCIL_STEPS = frozenset({DISTRICT_COUNCIL, PROVINCIAL_COUNCIL})
DECISION_STEPS = frozenset({DISTRICT_DECISION, PROVINCIAL_DECISION, MINISTRY_PROPOSAL})
PRECHECK_STEPS = frozenset({COMMUNE_PRECHECK})
# What a commune may check in the pre-check (QĐ 1489/QĐ-TTg): stored on the evaluation.
CHECKS = ("raw_material_origin", "idea_origin", "local_labour")

# The evaluation's state (``ntm.ocop.models.EvaluationState`` values) at each step the services run.
STEP_STATES: dict[str, tuple[str, ...]] = {
    DOSSIER: ("draft", "returned"),
    COMMUNE_PRECHECK: ("submitted",),
    PROVINCIAL_COUNCIL: ("scoring",),
    PROVINCIAL_DECISION: ("scored",),
    MINISTRY_PROPOSAL: ("decided",),
    RECORDED: ("decided", "not_ranked"),
}

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_TOP = {
    "schema",
    "code",
    "name",
    "valid_from",
    "valid_to",
    "history",
    "legal_source",
    "provenance",
    "source",
    "note",
    "steps",
}
_STEP = {
    "code",
    "name",
    "role",
    "close_role",
    "samples",
    "samples_exempt_groups",
    "checks",
    "stars",
    "documents",
    "provenance",
    "source",
    "note",
}
_DOCUMENT = {"code", "name", "required", "provenance"}


class CycleFileError(DataFileError):
    title = gettext_noop("Invalid OCOP evaluation cycle file")


@dataclass(frozen=True)
class Paper:
    code: str
    name: str
    required: bool
    provenance: str


@dataclass(frozen=True)
class Step:
    code: str
    name: str
    role: str
    provenance: str
    source: str
    note: str = ""
    close_role: str = ""
    samples: int = 0
    samples_exempt_groups: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    stars: tuple[int, ...] = ()
    documents: tuple[Paper, ...] = ()

    @property
    def terminal(self) -> bool:
        return self.code == RECORDED

    @property
    def required_documents(self) -> tuple[Paper, ...]:
        return tuple(paper for paper in self.documents if paper.required)

    def samples_needed(self, group: str) -> int:
        return 0 if group in self.samples_exempt_groups else self.samples


@dataclass(frozen=True)
class Cycle:
    code: str
    name: str
    legal_source: str
    provenance: str
    source: str
    steps: tuple[Step, ...]
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    history: bool = False
    note: str = ""
    digest: str = ""

    def has(self, code: str) -> bool:
        return any(step.code == code for step in self.steps)

    def step(self, code: str) -> Step:
        for step in self.steps:
            if step.code == code:
                return step
        raise KeyError(code)

    def after(self, code: str) -> Step:
        """The step that follows ``code`` in this file."""
        codes = [step.code for step in self.steps]
        return self.steps[codes.index(code) + 1]

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def current(self, state: str, *, awaiting_central: bool = False) -> Step:
        """The step an evaluation in ``state`` is at. A decided evaluation proposed to the ministry waits at the
        ministry step (when the file has one) until the central decision is recorded."""
        if state == "decided" and awaiting_central and self.has(MINISTRY_PROPOSAL):
            return self.step(MINISTRY_PROPOSAL)
        for step in self.steps:
            if step.code != MINISTRY_PROPOSAL and state in STEP_STATES.get(step.code, ()):
                return step
        return self.step(RECORDED)


def entry_state(step: Step) -> str:
    """The evaluation's state when it enters ``step``."""
    return STEP_STATES[step.code][0]


def load(
    data: bytes | str, *, roles: Iterable[str], history_roles: Iterable[str] = (), papers: Iterable[str]
) -> Cycle:
    """Read and check a cycle file. ``roles``: who may act in a runnable file (the roles of the OCOP area);
    ``history_roles``: further roles a history file may name (e.g. the district officer before 1/7/2025);
    ``papers``: the dossier papers the system knows. Every problem is reported at once."""
    content = parse(data, CycleFileError)
    errors: list[str] = []
    top = Table(content, _("file"), errors, allowed=_TOP)
    if top.get("schema") != SCHEMA:
        top.error(_("schema must be %(schema)s") % {"schema": SCHEMA})
    code = top.text("code")
    if code and not _CODE.match(code):
        top.error(_("code may only hold unaccented lowercase letters, digits, '-', '_'"))
    name = top.text("name")
    legal_source = top.text("legal_source")
    provenance, source, note = top.provenance()
    history = top.boolean("history", default=False)
    valid_from = top.optional_date("valid_from")
    valid_to = top.optional_date("valid_to")
    if valid_from and valid_to and valid_from > valid_to:
        top.error(_("valid_from is after valid_to"))
    for key, text in (("legal_source", legal_source), ("source", source)):
        if text:
            check_source(text, _("file"), errors, key=key)
    allowed_roles = frozenset(roles) | (frozenset(history_roles) if history else frozenset())
    known_papers = frozenset(papers)
    steps = [
        _step(raw, index, allowed_roles, known_papers, history, errors)
        for index, raw in enumerate(top.tables("steps", required=True), start=1)
    ]
    _check_order(steps, history, errors)
    if errors:
        raise CycleFileError(errors)
    text = data if isinstance(data, str) else data.decode("utf-8")
    return Cycle(
        code=code,
        name=name,
        legal_source=legal_source,
        provenance=provenance,
        source=source,
        steps=tuple(steps),
        valid_from=valid_from,
        valid_to=valid_to,
        history=history,
        note=note,
        digest=content_hash(text.encode("utf-8")),
    )


def _step(
    raw: object, index: int, roles: frozenset[str], papers: frozenset[str], history: bool, errors: list[str]
) -> Step:
    place = _("step %(step)s") % {"step": index}
    table = Table(raw, place, errors, allowed=_STEP)
    code = table.text("code")
    if code:
        table.place = place = _("step %(step)s") % {"step": code}
    if code and code not in STEP_CODES:
        table.error(
            _("unknown step “%(code)s” (the system runs only: %(known)s)")
            % {"code": code, "known": ", ".join(STEP_CODES)}
        )
    elif code in HISTORY_ONLY and not history:
        table.error(
            _("the step “%(code)s” existed only before 1/7/2025: use it in a history file") % {"code": code}
        )
    name = table.text("name")
    provenance, source, note = table.provenance()
    if source:
        check_source(source, place, errors)
    terminal = code == RECORDED
    role = table.text("role", required=not terminal)
    close_role = table.text("close_role", required=code in COUNCIL_STEPS)
    for key, value in (("role", role), ("close_role", close_role)):
        if value and value not in roles:
            table.error(
                _("unknown actor “%(role)s” in “%(key)s” (allowed: %(roles)s)")
                % {"role": value, "key": key, "roles": ", ".join(sorted(roles))}
            )
    if close_role and code not in COUNCIL_STEPS:
        table.error(_("“close_role” belongs only to a council step"))
    samples = 0
    exempt: tuple[str, ...] = ()
    if "samples" in table.data or "samples_exempt_groups" in table.data:
        if code != DOSSIER:
            table.error(_("samples belong only to the dossier step"))
        samples = table.integer("samples", default=0)
        exempt = _strings(table, "samples_exempt_groups")
    checks = _strings(table, "checks")
    if checks and code not in PRECHECK_STEPS:
        table.error(_("“checks” belong only to a pre-check step"))
    for check in checks:
        if check not in CHECKS:
            table.error(
                _("unknown check “%(check)s” (known: %(known)s)")
                % {"check": check, "known": ", ".join(CHECKS)}
            )
    stars: tuple[int, ...] = ()
    if "stars" in table.data:
        value = table.get("stars")
        if code not in DECISION_STEPS:
            table.error(_("“stars” belong only to a decision step"))
        elif (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 5 for v in value)
        ):
            table.error(_("“stars” must list stars from 1 to 5"))
        else:
            stars = tuple(sorted(set(value)))
    elif code in DECISION_STEPS:
        table.error(_("missing “%(key)s”") % {"key": "stars"})
    documents = []
    seen: set[str] = set()
    for number, entry in enumerate(table.tables("documents"), start=1):
        paper = Table(entry, f"{place}, {_('paper %(n)s') % {'n': number}}", errors, allowed=_DOCUMENT)
        paper_code = paper.text("code")
        if paper_code and paper_code not in papers:
            paper.error(
                _("unknown paper “%(code)s” (known: %(known)s)")
                % {"code": paper_code, "known": ", ".join(sorted(papers))}
            )
        if paper_code in seen:
            paper.error(_("the paper “%(code)s” is listed twice") % {"code": paper_code})
        seen.add(paper_code)
        documents.append(
            Paper(
                code=paper_code,
                name=paper.text("name"),
                required=paper.boolean("required", default=False),
                provenance=paper.choice("provenance", PROVENANCE_MARKS, default=UNCONFIRMED),
            )
        )
    return Step(
        code=code,
        name=name,
        role=role,
        provenance=provenance,
        source=source,
        note=note,
        close_role=close_role,
        samples=samples,
        samples_exempt_groups=exempt,
        checks=checks,
        stars=stars,
        documents=tuple(documents),
    )


def _strings(table: Table, key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        table.error(_("“%(key)s” must be a list of texts") % {"key": key})
        return ()
    return tuple(value)


def _check_order(steps: list[Step], history: bool, errors: list[str]) -> None:
    codes = [step.code for step in steps if step.code in STEP_CODES]
    place = _("file")
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        errors.append(_("%(place)s: the step “%(code)s” appears twice") % {"place": place, "code": code})
    if codes != sorted(codes, key=STEP_CODES.index):
        errors.append(
            _("%(place)s: the steps must come in the order %(order)s")
            % {"place": place, "order": " → ".join(STEP_CODES)}
        )
    for code in REQUIRED_STEPS:
        if code not in codes:
            errors.append(_("%(place)s: the step “%(code)s” is missing") % {"place": place, "code": code})
    if steps and steps[0].code != DOSSIER:
        errors.append(_("%(place)s: the first step must be “%(code)s”") % {"place": place, "code": DOSSIER})
    if steps and steps[-1].code != RECORDED:
        errors.append(_("%(place)s: the last step must be “%(code)s”") % {"place": place, "code": RECORDED})
