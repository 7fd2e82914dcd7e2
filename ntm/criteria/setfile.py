"""Criteria-set data files: the TOML format and the frozen dataclasses a set loads into.

No Django import. A criteria set (bộ tiêu chí) ships as one TOML file per set and version under
``ntm/criteria/setfiles/``. ``ntm.criteria.setload`` (``load_path``/``load_bytes``/``from_dict``) parses and
validates a file into the dataclasses below; ``CriteriaSet.to_dict`` and ``setload.from_dict`` give the same
content as plain dicts (JSON-safe, and the very shape of the
TOML file, so a dict that ``to_dict`` made is also a valid file body); ``dumps`` writes canonical TOML back.
Every problem is collected and raised together as one ``SetFileError``; each is a ``SetFileProblem`` whose
message names the place ("Indicator 8.4: the provenance is missing (provenance)", translated) and which carries
the indicator code, the threshold number and the field as data.

File format (schema 1)
======================
Top-level keys (the set)::

    schema = 1                          format version of the file (required)
    code = "xa-ntm-2021-2025"           set identifier, lower case (required)
    version = 1                         content version, an integer ≥ 1, bumped on every edit (required)
    name = "…"                          (required)
    subject = "commune"                 what is assessed: commune, district, village … (required)
    grants_level = "ntm"                level reached when everything is met: ntm, nang_cao, kieu_mau … (required)
    year_from = 2021                    period; year selectors must lie inside it (required)
    year_to = 2025
    legal_source = "QĐ 318/QĐ-TTg …"    (required)
    provenance = "confirmed"            see "Provenance" (required, with source; note optional)
    source = "QĐ 318/QĐ-TTg ngày 08/3/2022, Phụ lục I; https://…"
    disadvantaged_region = "TDMNPB"     optional: the region whose thresholds a disadvantaged unit (xã ĐBKK) uses
    expected_criteria = 19              optional: checked against the file (also expected_indicators, counted
    expected_indicators = 57              over criteria only, and expected_conditions)

    [regions]     DNB = "Đông Nam Bộ"       optional: region codes that thresholds may select on
    [groups]      "1" = "Nhóm 1: …"         optional: commune-group numbers that thresholds may select on
    [flags]       lang_nghe = "Xã có …"     optional: yes/no facts about a unit that ``applies_if`` names
    [revocation]                            optional (QĐ 18/2022 Art. 4): lower_share = 30, upper_share = 50
                                            (percent of criteria), legal_source, provenance, source, note

Groups of indicators: ``[[conditions]]`` (pre-conditions such as "already an NTM commune", reported apart and not
counted in criteria totals) and ``[[criteria]]``, with the same keys::

    code, name, group (heading, optional), key = true (criteria only: a key criterion for revocation),
    provenance, source, note,
    department, department_provenance, department_source   optional defaults inherited by the indicators

Each group has ``[[criteria.indicators]]`` (or ``[[conditions.indicators]]``)::

    code, name, measure_unit ("%", "Đạt/Không", "triệu đồng/người/năm" …), legal_source,
    kind = "boolean" | "percentage" (0-100) | "number" | "count" (integer ≥ 0)
         | "official_level" (the unit's recognised level, taken from the unit context, never typed in)
         | "unknown" (not known yet: only placeholder thresholds),
    op = ">=" | "<=" | ">" | "<" | "range"     numeric kinds only,
    parts = {clean = "…", piped = "…"}   optional, numeric kinds with a comparison op: a composite indicator
                                 whose value is a table of numbers by part (from a computed source) and which is
                                 met only when every part meets its own threshold (17.1 "clean water ≥ x%
                                 AND piped ≥ y%"),
    provenance, source, note,
    department = "SXD" (or "" when unknown), department_provenance, department_source,
    applies_if = "lang_nghe"     optional: the indicator applies only when the unit's flag is true ("nếu có"),
    derive = "…", derive_levels = [...]   optional, district sets: the engine computes the value from the
                                 communes' data (see ``DERIVATIONS`` and engine.py)

and ``[[criteria.indicators.thresholds]]``, each a rule::

    selectors (all optional; none = the general rule): region = "DNB", group = 2, year = 2022,
                                                       disadvantaged = true
    value = 80                   for op >=, <=, >, <
    min = 10, max = 20           for op "range" (both ends included)
    expected = true              for kind "boolean" (false: the requirement is "Không", e.g. nhà tạm)
    levels = ["nang_cao"]        for kind "official_level"
    parts = {clean = 85, piped = 45}   for a composite indicator: one value per part, compared with ``op``
    ref_set = "xa-nang-cao-2021-2025", ref_indicator = "10", factor = 1.1
                                 instead of value: factor * the threshold that the referenced set applies to
                                 the same unit and year (the caller supplies the referenced set)
    provenance, source, note

Provenance: ``provenance`` is one of confirmed / partial / unconfirmed / placeholder (domain.md's ✅ / ⚠️ / ❌ /
not known at all) and ``source`` cites where it comes from. A threshold rule marked placeholder carries no value
and a rule without a value must be marked placeholder: an unknown threshold is never invented.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import DataFileError
from ntm.core.vocabulary import CONFIRMED, PLACEHOLDER
from ntm.criteria.tomlwriter import dumps as dumps  # re-exported: the writer lives in its own module

type Number = int | float

SELECTOR_KEYS = ("region", "group", "year", "disadvantaged")  # what a threshold rule may be selected by
VALUE_KEYS = ("value", "min", "max", "expected", "levels", "ref_set", "ref_indicator", "factor", "parts")

SCHEMA_VERSION = 1
SETFILES_DIR = Path(__file__).resolve().parent / "setfiles"

KINDS = ("boolean", "percentage", "number", "count", "official_level", "unknown")
NUMERIC_KINDS = ("percentage", "number", "count")
COMPARE_OPS = (">=", "<=", ">", "<")
RANGE_OP = "range"
# Values the engine computes for a district from the data of its communes (see engine.py).
DERIVATIONS = (
    "communes_level_share",  # % of communes whose official level is in derive_levels
    "townships_civilised_share",  # % of townships meeting "đô thị văn minh"
    "district_satisfaction",  # district-wide satisfaction %
    "min_commune_content_satisfaction",  # lowest satisfaction % of any content in any commune
)


class SetFileProblem(str):
    """One problem of a set file: the message ("<place>: <text>", in the active language) that also carries
    where it is as data, so that pages and the workbook import place it without reading its wording.

    ``place`` names where the problem is ("Indicator 8.4, threshold no. 1") and ``text`` is the message without
    it; ``indicator`` is the indicator code (``None`` outside an indicator or when it has no code), ``threshold``
    the rule's number within the indicator (from 1) and ``field`` the key of the file the problem is about
    (``"value"``, ``"region"``, ``"provenance"`` …) when there is one."""

    place: str
    text: str
    indicator: str | None
    threshold: int | None
    field: str | None

    def __new__(
        cls,
        place: str,
        text: str,
        *,
        indicator: str | None = None,
        threshold: int | None = None,
        field: str | None = None,
    ) -> SetFileProblem:
        problem = super().__new__(cls, f"{place}: {text}")
        problem.place = place
        problem.text = text
        problem.indicator = indicator
        problem.threshold = threshold
        problem.field = field
        return problem

    def __getnewargs_ex__(self) -> tuple[tuple[str, str], dict[str, Any]]:
        """Copies and pickles rebuild the problem with its place (``copy``, ``pickle``)."""
        where = {"indicator": self.indicator, "threshold": self.threshold, "field": self.field}
        return (self.place, self.text), where


class SetFileError(DataFileError):
    """A criteria-set file (or dict) is not valid; ``errors`` lists every problem (a ``SetFileProblem``, or a
    plain message for a file that is not UTF-8 TOML)."""

    title = gettext_noop("Invalid criteria-set file")


# --- Dataclasses ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provenance:
    """How sure we are of a fact and where it comes from."""

    status: str
    source: str
    note: str = ""

    @property
    def is_confirmed(self) -> bool:
        return self.status == CONFIRMED

    @property
    def is_placeholder(self) -> bool:
        return self.status == PLACEHOLDER

    def to_dict(self) -> dict[str, str]:
        data = {"provenance": self.status, "source": self.source}
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class Department:
    """The department (Sở, ngành) responsible for an indicator; ``code`` is "" when unknown."""

    code: str
    provenance: Provenance

    def to_dict(self) -> dict[str, str]:
        return {
            "department": self.code,
            "department_provenance": self.provenance.status,
            "department_source": self.provenance.source,
        }


@dataclass(frozen=True)
class ThresholdRule:
    """One threshold of an indicator and the unit/year it applies to (no selector = general rule)."""

    provenance: Provenance
    region: str | None = None
    group: int | None = None
    year: int | None = None
    disadvantaged: bool = False
    value: Number | None = None
    min: Number | None = None
    max: Number | None = None
    expected: bool | None = None
    levels: tuple[str, ...] = ()
    ref_set: str | None = None
    ref_indicator: str | None = None
    factor: Number | None = None
    parts: tuple[tuple[str, Number], ...] = ()  # composite indicators: (part code, threshold value)

    @property
    def has_value(self) -> bool:
        return any(self._present_value_keys())

    @property
    def is_reference(self) -> bool:
        return self.ref_set is not None

    @property
    def selector_key(self) -> tuple[str | None, int | None, int | None, bool]:
        return (self.region, self.group, self.year, self.disadvantaged)

    def _present_value_keys(self) -> list[str]:
        return [key for key in VALUE_KEYS if getattr(self, key) not in (None, ())]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key in (*SELECTOR_KEYS, *VALUE_KEYS):
            raw = getattr(self, key)
            if raw in (None, ()) or (key == "disadvantaged" and raw is False):
                continue
            if key == "parts":
                data[key] = dict(raw)
                continue
            data[key] = list(raw) if isinstance(raw, tuple) else raw
        data.update(self.provenance.to_dict())
        return data


@dataclass(frozen=True)
class Indicator:
    """An indicator (chỉ tiêu) with its rule type and threshold rules."""

    code: str
    name: str
    measure_unit: str
    kind: str
    legal_source: str
    provenance: Provenance
    department: Department
    thresholds: tuple[ThresholdRule, ...] = ()
    op: str | None = None
    applies_if: str | None = None
    derive: str | None = None
    derive_levels: tuple[str, ...] = ()
    parts: tuple[tuple[str, str], ...] = ()  # composite: (part code, label), each part with its own threshold

    @property
    def is_entered(self) -> bool:
        """True when a person types the value in (not derived, not the official level)."""
        return self.derive is None and self.kind != "official_level"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "measure_unit": self.measure_unit,
            "kind": self.kind,
        }
        if self.op is not None:
            data["op"] = self.op
        if self.parts:
            data["parts"] = dict(self.parts)
        data["legal_source"] = self.legal_source
        data.update(self.provenance.to_dict())
        data.update(self.department.to_dict())
        for key in ("applies_if", "derive"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.derive_levels:
            data["derive_levels"] = list(self.derive_levels)
        data["thresholds"] = [rule.to_dict() for rule in self.thresholds]
        return data


@dataclass(frozen=True)
class Criterion:
    """A criterion (tiêu chí) or a pre-condition (điều kiện): a group of indicators."""

    code: str
    name: str
    provenance: Provenance
    indicators: tuple[Indicator, ...]
    group: str = ""
    key: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "name": self.name}
        if self.group:
            data["group"] = self.group
        if self.key:
            data["key"] = True
        data.update(self.provenance.to_dict())
        data["indicators"] = [indicator.to_dict() for indicator in self.indicators]
        return data


@dataclass(frozen=True)
class RevocationRule:
    """QĐ 18/2022 Art. 4: at risk from ``lower_share``% failing with a key criterion, or ``upper_share``%."""

    lower_share: Number
    upper_share: Number
    legal_source: str
    provenance: Provenance

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "lower_share": self.lower_share,
            "upper_share": self.upper_share,
            "legal_source": self.legal_source,
        }
        data.update(self.provenance.to_dict())
        return data


@dataclass(frozen=True)
class CriteriaSet:
    """One version of a criteria set, as loaded from its file (or from the JSON the database stores)."""

    code: str
    version: int
    name: str
    subject: str
    grants_level: str
    year_from: int
    year_to: int
    legal_source: str
    provenance: Provenance
    criteria: tuple[Criterion, ...]
    conditions: tuple[Criterion, ...] = ()
    regions: dict[str, str] = field(default_factory=dict)
    groups: dict[int, str] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)
    disadvantaged_region: str | None = None
    revocation: RevocationRule | None = None
    expected_criteria: int | None = None
    expected_indicators: int | None = None
    expected_conditions: int | None = None

    @cached_property
    def _index(self) -> dict[str, tuple[Criterion, Indicator]]:
        return {indicator.code: (group, indicator) for group, indicator in self.iter_indicators()}

    def iter_indicators(self) -> Iterator[tuple[Criterion, Indicator]]:
        """Every (group, indicator) pair, conditions first, in file order."""
        for group in (*self.conditions, *self.criteria):
            for indicator in group.indicators:
                yield group, indicator

    def find_indicator(self, code: str) -> Indicator | None:
        found = self._index.get(code)
        return found[1] if found else None

    def group_of(self, code: str) -> Criterion | None:
        found = self._index.get(code)
        return found[0] if found else None

    @property
    def indicator_count(self) -> int:
        return sum(len(criterion.indicators) for criterion in self.criteria)

    @property
    def key_criteria(self) -> tuple[str, ...]:
        return tuple(criterion.code for criterion in self.criteria if criterion.key)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"schema": SCHEMA_VERSION}
        for key in (
            "code",
            "version",
            "name",
            "subject",
            "grants_level",
            "year_from",
            "year_to",
            "legal_source",
        ):
            data[key] = getattr(self, key)
        data.update(self.provenance.to_dict())
        for key in (
            "disadvantaged_region",
            "expected_criteria",
            "expected_indicators",
            "expected_conditions",
        ):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.regions:
            data["regions"] = dict(self.regions)
        if self.groups:
            data["groups"] = {str(number): label for number, label in self.groups.items()}
        if self.flags:
            data["flags"] = dict(self.flags)
        if self.revocation is not None:
            data["revocation"] = self.revocation.to_dict()
        if self.conditions:
            data["conditions"] = [condition.to_dict() for condition in self.conditions]
        data["criteria"] = [criterion.to_dict() for criterion in self.criteria]
        return data
