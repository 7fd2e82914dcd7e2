"""The province "completing the NTM task" (hoàn thành nhiệm vụ xây dựng NTM): condition sets as data, evaluated over
the province's units. No Django import.

A set ships as one TOML file under ``ntm/programme/completion/`` (QĐ 321/QĐ-TTg for 2021-2025, QĐ 51/2025/QĐ-TTg
Annex III for 2026-2030). Most of their texts were not recovered: a condition whose wording is believed but not read
is marked ``unconfirmed``, and a threshold that is not known is absent and marked ``placeholder`` — the condition is
then shown with its computed value and "no threshold", never judged. File format (schema 1)::

    schema = 1
    code = "qd321-2021-2025"
    name, legal_source
    year_from, year_to
    structure = "legacy" | "2025"      the units the set is evaluated over (before or from 1/7/2025)
    provenance, source, note

    [[conditions]]
    code = "DK1"
    name = "…"
    measure = "communes_share" | "districts_share"     share (%) of the rural communes / district-level units
    levels = ["ntm", "nang_cao", "kieu_mau"]            whose official status (register) is one of these
    op = ">="                                           optional, default ">="
    threshold = 100                                     optional: without it the threshold is a placeholder
    threshold_provenance, threshold_source              how sure the threshold is (required with a threshold)
    provenance, source, note                            how sure the condition itself is

``evaluate`` takes the official levels of the units (``Facts``) and returns one result per condition.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import DataFileError, Table, parse
from ntm.core.vocabulary import CONFIRMED, OFFICIAL_LEVELS, PLACEHOLDER
from ntm.legal.citations import check_source

SETS_DIR = Path(__file__).resolve().parent / "completion"
MEASURES = ("communes_share", "districts_share")
OPS = (">=", ">", "<=", "<")
STRUCTURES = ("legacy", "2025")

MET = "met"
NOT_MET = "not_met"
MISSING = "missing"
NO_THRESHOLD = "no_threshold"
STATUS_LABELS = {
    MET: gettext_noop("Met"),
    NOT_MET: gettext_noop("Not met"),
    MISSING: gettext_noop("Missing data"),
    NO_THRESHOLD: gettext_noop("No threshold"),
}


class CompletionFileError(DataFileError):
    title = gettext_noop("Invalid province-completion set file")


@dataclass(frozen=True)
class Condition:
    code: str
    name: str
    measure: str
    levels: tuple[str, ...]
    op: str
    threshold: Decimal | None
    threshold_provenance: str
    threshold_source: str
    provenance: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class CompletionSet:
    code: str
    name: str
    legal_source: str
    year_from: int
    year_to: int
    structure: str
    provenance: str
    source: str
    note: str
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Facts:
    """The official levels (register) of the province's rural communes and district-level units on a date."""

    communes: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    condition: Condition
    hits: int
    total: int
    value: Fraction | None
    status: str

    @property
    def label(self) -> str:
        return _(STATUS_LABELS[self.status])

    @property
    def provisional(self) -> bool:
        return self.condition.threshold is not None and self.condition.threshold_provenance != CONFIRMED


def _condition(raw: object, index: int, errors: list[str]) -> Condition:
    table = Table(
        raw,
        _("Condition %(number)s") % {"number": index},
        errors,
        allowed=(
            "code",
            "name",
            "measure",
            "levels",
            "op",
            "threshold",
            "threshold_provenance",
            "threshold_source",
            "provenance",
            "source",
            "note",
        ),
    )
    levels = table.get("levels", [])
    if not isinstance(levels, list) or not levels or any(level not in OFFICIAL_LEVELS for level in levels):
        table.error(_("“levels” must list official levels (ntm, nang_cao, kieu_mau)"))
        levels = []
    threshold = table.decimal("threshold") if table.get("threshold") is not None else None
    if threshold is None:
        threshold_provenance = table.choice("threshold_provenance", (PLACEHOLDER,), default=PLACEHOLDER)
        threshold_source = table.text("threshold_source", required=False)
    else:
        threshold_provenance = table.choice(
            "threshold_provenance", ("confirmed", "partial", "unconfirmed"), default=None
        )
        threshold_source = table.text("threshold_source")
    provenance, source, note = table.provenance()
    check_source(source, table.place, errors)
    if threshold_source:
        check_source(threshold_source, table.place, errors, key="threshold_source")
    return Condition(
        code=table.text("code"),
        name=table.text("name"),
        measure=table.choice("measure", MEASURES),
        levels=tuple(levels),
        op=table.choice("op", OPS, default=">="),
        threshold=threshold,
        threshold_provenance=threshold_provenance,
        threshold_source=threshold_source,
        provenance=provenance,
        source=source,
        note=note,
    )


def load_bytes(data: bytes) -> CompletionSet:
    errors: list[str] = []
    top = Table(
        parse(data, CompletionFileError),
        _("Set"),
        errors,
        allowed=(
            "schema",
            "code",
            "name",
            "legal_source",
            "year_from",
            "year_to",
            "structure",
            "provenance",
            "source",
            "note",
            "conditions",
        ),
    )
    if top.get("schema") != 1:
        top.error(_("“schema” must be 1"))
    provenance, source, note = top.provenance()
    check_source(source, top.place, errors)
    check_source(top.text("legal_source"), top.place, errors, key="legal_source")
    conditions = tuple(
        _condition(raw, index, errors)
        for index, raw in enumerate(top.tables("conditions", required=True), start=1)
    )
    codes = [condition.code for condition in conditions]
    if len(set(codes)) != len(codes):
        top.error(_("condition codes must be unique"))
    completion = CompletionSet(
        code=top.text("code"),
        name=top.text("name"),
        legal_source=top.text("legal_source"),
        year_from=top.integer("year_from", minimum=2000),
        year_to=top.integer("year_to", minimum=2000),
        structure=top.choice("structure", STRUCTURES),
        provenance=provenance,
        source=source,
        note=note,
        conditions=conditions,
    )
    if errors:
        raise CompletionFileError(errors)
    return completion


def shipped_sets() -> list[CompletionSet]:
    """The shipped sets, oldest period first."""
    sets = [load_bytes(path.read_bytes()) for path in sorted(SETS_DIR.glob("*.toml"))]
    return sorted(sets, key=lambda s: (s.year_from, s.code))


_COMPARE = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
}


def evaluate(completion: CompletionSet, facts: Facts) -> list[Result]:
    """One result per condition: the share (%) of the units whose level is listed, judged against the threshold
    when there is one ("no threshold" otherwise); "missing data" when there are no units to count."""
    results = []
    for condition in completion.conditions:
        levels = facts.communes if condition.measure == "communes_share" else facts.districts
        hits = sum(1 for level in levels if level in condition.levels)
        total = len(levels)
        value = Fraction(100 * hits, total) if total else None
        if value is None:
            status = MISSING
        elif condition.threshold is None:
            status = NO_THRESHOLD
        else:
            met = _COMPARE[condition.op](value, Fraction(condition.threshold))
            status = MET if met else NOT_MET
        results.append(Result(condition, hits, total, value, status))
    return results
