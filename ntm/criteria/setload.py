"""Loading a criteria-set file (the format is described in ``ntm.criteria.setfile``): reading it with every
problem collected and placed (``SetFileProblem``: indicator, threshold rule, field), then the semantic checks.
Pure: no Django import. ``from_dict`` also validates a set kept in the database (the JSON of ``to_dict``).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import parse
from ntm.core.vocabulary import PROVENANCE_MARKS
from ntm.criteria.setfile import (
    COMPARE_OPS,
    DERIVATIONS,
    KINDS,
    NUMERIC_KINDS,
    RANGE_OP,
    SCHEMA_VERSION,
    SELECTOR_KEYS,
    SETFILES_DIR,
    VALUE_KEYS,
    CriteriaSet,
    Criterion,
    Department,
    Indicator,
    Number,
    Provenance,
    RevocationRule,
    SetFileError,
    SetFileProblem,
    ThresholdRule,
)
from ntm.legal.citations import source_problems

_SET_CODE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_ITEM_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_REGION_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_DEPARTMENT_CODE = re.compile(r"^([A-Z][A-Z0-9_]*)?$")

_PROVENANCE_KEYS = ("provenance", "source", "note")
# Whether the set being read must cite the legal registry (files and workbooks being loaded; not stored content).
_CITE: ContextVar[bool] = ContextVar("criteria_set_cite", default=False)
_DEPARTMENT_KEYS = ("department", "department_provenance", "department_source")
_SET_KEYS = (
    "schema",
    "code",
    "version",
    "name",
    "subject",
    "grants_level",
    "year_from",
    "year_to",
    "legal_source",
    *_PROVENANCE_KEYS,
    "disadvantaged_region",
    "expected_criteria",
    "expected_indicators",
    "expected_conditions",
    "regions",
    "groups",
    "flags",
    "revocation",
    "conditions",
    "criteria",
)
_GROUP_KEYS = ("code", "name", "group", "key", *_PROVENANCE_KEYS, *_DEPARTMENT_KEYS, "indicators")
_INDICATOR_KEYS = (
    "code",
    "name",
    "measure_unit",
    "kind",
    "op",
    "legal_source",
    *_PROVENANCE_KEYS,
    *_DEPARTMENT_KEYS,
    "applies_if",
    "derive",
    "derive_levels",
    "parts",
    "thresholds",
)
_THRESHOLD_KEYS = (*SELECTOR_KEYS, *VALUE_KEYS, *_PROVENANCE_KEYS)
_REVOCATION_KEYS = ("lower_share", "upper_share", "legal_source", *_PROVENANCE_KEYS)


# --- Loading -------------------------------------------------------------------------------------------------


def content_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes, so the database layer can skip reloading an unchanged file."""
    return hashlib.sha256(data).hexdigest()


def load_path(path: str | Path) -> CriteriaSet:
    """Load and validate one set file."""
    return load_bytes(Path(path).read_bytes())


def load_bytes(data: bytes) -> CriteriaSet:
    """Parse UTF-8 TOML bytes and validate them into a ``CriteriaSet``; every source must cite the legal registry."""
    return from_dict(parse(data, SetFileError), cite=True)


def shipped_set_paths() -> list[Path]:
    """The set files shipped with the code, sorted by name."""
    return sorted(SETFILES_DIR.glob("*.toml"))


def from_dict(data: Mapping[str, Any], *, cite: bool = False) -> CriteriaSet:
    """Validate a plain dict (the TOML file body, or ``to_dict``'s output) into a ``CriteriaSet``. With ``cite``
    (a file or workbook being loaded) every source and legal basis must name a record of the legal registry;
    content already stored (frozen versions) is read as it was accepted."""
    errors: list[SetFileProblem] = []
    token = _CITE.set(cite)
    try:
        criteria_set = _read_set(data, errors)
    finally:
        _CITE.reset(token)
    if not errors:
        errors.extend(_check_set(criteria_set))
    if errors:
        raise SetFileError(errors)
    return criteria_set


@dataclass(frozen=True)
class _Place:
    """Where a problem is: its name in messages and, inside an indicator, the indicator code and rule number."""

    label: str
    indicator: str | None = None
    threshold: int | None = None

    def problem(self, text: str, field: str | None = None) -> SetFileProblem:
        return SetFileProblem(
            self.label, text, indicator=self.indicator, threshold=self.threshold, field=field
        )


class _Table:
    """Typed reads from one table of the file; every problem is recorded against the table's place."""

    def __init__(
        self, data: object, place: _Place, errors: list[SetFileProblem], allowed: Iterable[str]
    ) -> None:
        self.place = place
        self.errors = errors
        if not isinstance(data, Mapping):
            self.error(_("must be a table"))
            data = {}
        self.data: Mapping[str, Any] = data
        allowed_keys = set(allowed)
        for key in data:
            if key not in allowed_keys:
                self.error(_("field '%(key)s' is not supported") % {"key": key})

    def error(self, message: str, field: str | None = None) -> None:
        self.errors.append(self.place.problem(message, field))

    def text(self, key: str, *, required: bool = True) -> str:
        raw = self.data.get(key)
        if raw is None:
            if required:
                self.error(_("required field '%(key)s' is missing") % {"key": key}, key)
            return ""
        if not isinstance(raw, str):
            self.error(_("'%(key)s' must be text") % {"key": key}, key)
            return ""
        return raw.strip()

    def optional_text(self, key: str) -> str | None:
        return self.text(key, required=False) or None

    def integer(self, key: str, *, required: bool = False) -> int | None:
        raw = self.data.get(key)
        if raw is None:
            if required:
                self.error(_("required field '%(key)s' is missing") % {"key": key}, key)
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.error(_("'%(key)s' must be a whole number") % {"key": key}, key)
            return None
        return raw

    def number(self, key: str) -> Number | None:
        raw = self.data.get(key)
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            self.error(_("'%(key)s' must be a number") % {"key": key}, key)
            return None
        return raw

    def boolean(self, key: str) -> bool | None:
        raw = self.data.get(key)
        if raw is not None and not isinstance(raw, bool):
            self.error(_("'%(key)s' must be true or false") % {"key": key}, key)
            return None
        return raw

    def texts(self, key: str) -> tuple[str, ...]:
        raw = self.data.get(key, [])
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            self.error(_("'%(key)s' must be a list of texts") % {"key": key}, key)
            return ()
        return tuple(item.strip() for item in raw)

    def labels(self, key: str) -> dict[str, str]:
        raw = self.data.get(key, {})
        if not isinstance(raw, Mapping) or not all(isinstance(label, str) for label in raw.values()):
            self.error(_("'%(key)s' must be a table of code = \"label\"") % {"key": key}, key)
            return {}
        return {str(code): label for code, label in raw.items()}

    def numbers(self, key: str) -> tuple[tuple[str, Number], ...]:
        raw = self.data.get(key, {})
        if not isinstance(raw, Mapping) or not all(
            isinstance(n, int | float) and not isinstance(n, bool) for n in raw.values()
        ):
            self.error(_("'%(key)s' must be a table of code = number") % {"key": key}, key)
            return ()
        return tuple((str(code), number) for code, number in raw.items())

    def tables(self, key: str) -> list[object]:
        raw = self.data.get(key, [])
        if not isinstance(raw, list):
            self.error(_("'%(key)s' must be a list of tables ([[%(key)s]])") % {"key": key}, key)
            return []
        return raw

    def provenance(self, prefix: str = "") -> Provenance:
        status_key, source_key = f"{prefix}provenance", f"{prefix}source"
        status = self.data.get(status_key)
        if status is None:
            missing = (
                _("the source of the department assignment is missing (%(key)s)")
                if prefix
                else _("the provenance is missing (%(key)s)")
            )
            self.error(missing % {"key": status_key}, status_key)
        elif status not in PROVENANCE_MARKS:
            self.error(
                _("%(key)s '%(value)s' is not valid (allowed: %(allowed)s)")
                % {"key": status_key, "value": status, "allowed": ", ".join(PROVENANCE_MARKS)},
                status_key,
            )
        source = self.text(source_key, required=False)
        if status is not None and not source:
            self.error(_("the source citation is missing (%(key)s)") % {"key": source_key}, source_key)
        elif source and _CITE.get() and not (prefix and status == "placeholder"):
            # A placeholder department assignment (no department yet) has no document to cite.
            self.cites(source_key, source)
        note = self.text("note", required=False) if not prefix else ""
        return Provenance(status=str(status or ""), source=source, note=note)

    def legal(self, key: str) -> str:
        """A required legal basis, citing records of the legal registry."""
        text = self.text(key)
        if text and _CITE.get():
            self.cites(key, text)
        return text

    def cites(self, key: str, text: str) -> None:
        """``text`` (a source or legal basis) must name records of the legal registry (``ntm.legal.citations``)."""
        for problem in source_problems(text):
            self.error(f"“{key}”: {problem}", key)


def _set_place(code: str) -> _Place:
    return _Place(_("Criteria set %(code)s") % {"code": code})


def _read_set(data: Mapping[str, Any], errors: list[SetFileProblem]) -> CriteriaSet:
    table = _Table(data, _Place(_("Criteria set")), errors, _SET_KEYS)
    schema = table.integer("schema", required=True)
    if schema is not None and schema != SCHEMA_VERSION:
        table.error(
            _("format version schema = %(schema)s is not supported (only %(supported)s)")
            % {"schema": schema, "supported": SCHEMA_VERSION},
            "schema",
        )
    code = table.text("code")
    if code:
        table.place = _set_place(code)
    flags = table.labels("flags")
    return CriteriaSet(
        code=code,
        version=table.integer("version", required=True) or 0,
        name=table.text("name"),
        subject=table.text("subject"),
        grants_level=table.text("grants_level"),
        year_from=table.integer("year_from", required=True) or 0,
        year_to=table.integer("year_to", required=True) or 0,
        legal_source=table.legal("legal_source"),
        provenance=table.provenance(),
        disadvantaged_region=table.optional_text("disadvantaged_region"),
        expected_criteria=table.integer("expected_criteria"),
        expected_indicators=table.integer("expected_indicators"),
        expected_conditions=table.integer("expected_conditions"),
        regions=table.labels("regions"),
        groups=_read_groups(table),
        flags=flags,
        revocation=_read_revocation(table.data.get("revocation"), errors),
        conditions=tuple(
            _read_group(raw, _CONDITION_PLACES, i, errors) for i, raw in enumerate(table.tables("conditions"))
        ),
        criteria=tuple(
            _read_group(raw, _CRITERION_PLACES, i, errors) for i, raw in enumerate(table.tables("criteria"))
        ),
    )


def _read_groups(table: _Table) -> dict[int, str]:
    groups: dict[int, str] = {}
    for number, label in table.labels("groups").items():
        if not number.isdigit():
            table.error(
                _("commune group '%(number)s' must be a positive whole number") % {"number": number}, "groups"
            )
            continue
        groups[int(number)] = label
    return groups


def _revocation_place() -> _Place:
    return _Place(_("Revocation rule (revocation)"))


def _read_revocation(raw: object, errors: list[SetFileProblem]) -> RevocationRule | None:
    if raw is None:
        return None
    table = _Table(raw, _revocation_place(), errors, _REVOCATION_KEYS)
    lower, upper = table.number("lower_share"), table.number("upper_share")
    if lower is None or upper is None:
        table.error(_("lower_share and upper_share are required (percent of criteria not met)"))
    return RevocationRule(
        lower_share=lower or 0,
        upper_share=upper or 0,
        legal_source=table.legal("legal_source"),
        provenance=table.provenance(),
    )


# The names of a group (or indicator) in messages: by its code, or by its number when it has none.
_CONDITION_PLACES = (gettext_noop("Condition %(code)s"), gettext_noop("Condition no. %(number)s"))
_CRITERION_PLACES = (gettext_noop("Criterion %(code)s"), gettext_noop("Criterion no. %(number)s"))


def _code_of(raw: object) -> str | None:
    code = raw.get("code") if isinstance(raw, Mapping) else None
    return code if isinstance(code, str) and code.strip() else None


def _read_group(raw: object, places: tuple[str, str], index: int, errors: list[SetFileProblem]) -> Criterion:
    by_code, by_number = places
    code = _code_of(raw)
    label = _(by_code) % {"code": code} if code else _(by_number) % {"number": index + 1}
    table = _Table(raw, _Place(label), errors, _GROUP_KEYS)
    defaults = {key: table.data[key] for key in _DEPARTMENT_KEYS if key in table.data}
    indicators = tuple(
        _read_indicator(raw_indicator, label, i, defaults, errors)
        for i, raw_indicator in enumerate(table.tables("indicators"))
    )
    return Criterion(
        code=table.text("code"),
        name=table.text("name"),
        group=table.text("group", required=False),
        key=bool(table.boolean("key")),
        provenance=table.provenance(),
        indicators=indicators,
    )


def _indicator_place(code: str) -> _Place:
    return _Place(_("Indicator %(code)s") % {"code": code}, indicator=code)


def _threshold_place(indicator: _Place, number: int) -> _Place:
    label = _("%(indicator)s, threshold no. %(number)s") % {"indicator": indicator.label, "number": number}
    return _Place(label, indicator=indicator.indicator, threshold=number)


def _read_indicator(
    raw: object, group_label: str, index: int, defaults: Mapping[str, Any], errors: list[SetFileProblem]
) -> Indicator:
    code = _code_of(raw)
    if code:
        place = _indicator_place(code)
    else:
        place = _Place(_("%(group)s, indicator no. %(number)s") % {"group": group_label, "number": index + 1})
    merged = {**defaults, **raw} if isinstance(raw, Mapping) else raw
    table = _Table(merged, place, errors, _INDICATOR_KEYS)
    if "department" not in table.data:
        table.error(_('the department in charge is missing (department; "" if not known yet)'), "department")
    return Indicator(
        code=table.text("code"),
        name=table.text("name"),
        measure_unit=table.text("measure_unit", required=False),
        kind=table.text("kind"),
        op=table.optional_text("op"),
        legal_source=table.legal("legal_source"),
        provenance=table.provenance(),
        department=Department(
            code=table.text("department", required=False), provenance=table.provenance("department_")
        ),
        applies_if=table.optional_text("applies_if"),
        derive=table.optional_text("derive"),
        derive_levels=table.texts("derive_levels"),
        parts=tuple(table.labels("parts").items()),
        thresholds=tuple(
            _read_threshold(raw_rule, _threshold_place(place, i + 1), errors)
            for i, raw_rule in enumerate(table.tables("thresholds"))
        ),
    )


def _read_threshold(raw: object, place: _Place, errors: list[SetFileProblem]) -> ThresholdRule:
    table = _Table(raw, place, errors, _THRESHOLD_KEYS)
    disadvantaged = table.boolean("disadvantaged")
    if disadvantaged is False:
        table.error(_("disadvantaged only takes true (leave it out for the general rule)"), "disadvantaged")
    return ThresholdRule(
        provenance=table.provenance(),
        region=table.optional_text("region"),
        group=table.integer("group"),
        year=table.integer("year"),
        disadvantaged=bool(disadvantaged),
        value=table.number("value"),
        min=table.number("min"),
        max=table.number("max"),
        expected=table.boolean("expected"),
        levels=table.texts("levels"),
        ref_set=table.optional_text("ref_set"),
        ref_indicator=table.optional_text("ref_indicator"),
        factor=table.number("factor"),
        parts=table.numbers("parts"),
    )


# --- Semantic checks (after every field has the right type) --------------------------------------------------


def _check_set(cs: CriteriaSet) -> list[SetFileProblem]:
    place = _set_place(cs.code)
    errors: list[SetFileProblem] = []
    if not _SET_CODE.match(cs.code):
        errors.append(
            place.problem(_("a criteria-set code has only lower-case letters, digits, '.', '-', '_'"), "code")
        )
    for key in ("subject", "grants_level"):
        if not _IDENTIFIER.match(getattr(cs, key)):
            errors.append(
                place.problem(
                    _("'%(key)s' must be a lower-case code without diacritics (e.g. ntm, nang_cao)")
                    % {"key": key},
                    key,
                )
            )
    if cs.version < 1:
        errors.append(place.problem(_("version must be a whole number ≥ 1"), "version"))
    if cs.year_from > cs.year_to:
        errors.append(
            place.problem(
                _("year_from (%(start)s) is after year_to (%(end)s)")
                % {"start": cs.year_from, "end": cs.year_to},
                "year_from",
            )
        )
    errors.extend(_check_codes(cs, place))
    errors.extend(_check_vocabularies(cs, place))
    errors.extend(_check_counts(cs, place))
    if cs.revocation is not None:
        errors.extend(_check_revocation(cs.revocation))
    for condition in cs.conditions:
        label = _(_CONDITION_PLACES[0]) % {"code": condition.code}
        errors.extend(_check_group(cs, condition, _Place(label), is_condition=True))
    for criterion in cs.criteria:
        label = _(_CRITERION_PLACES[0]) % {"code": criterion.code}
        errors.extend(_check_group(cs, criterion, _Place(label), is_condition=False))
    return errors


def _check_codes(cs: CriteriaSet, place: _Place) -> list[SetFileProblem]:
    errors: list[SetFileProblem] = []
    group_codes = [group.code for group in (*cs.conditions, *cs.criteria)]
    indicator_codes = [indicator.code for _group, indicator in cs.iter_indicators()]
    if not group_codes:
        errors.append(place.problem(_("there is no criterion or condition")))
    for code in sorted(_duplicates(group_codes)):
        errors.append(place.problem(_("criterion/condition code '%(code)s' is repeated") % {"code": code}))
    for code in sorted(_duplicates(indicator_codes)):
        errors.append(place.problem(_("indicator code '%(code)s' is repeated") % {"code": code}))
    for code in [*group_codes, *indicator_codes]:
        if not _ITEM_CODE.match(code):
            errors.append(
                place.problem(_("code '%(code)s' has only letters, digits, '.', '-', '_'") % {"code": code})
            )
    return errors


def _check_vocabularies(cs: CriteriaSet, place: _Place) -> list[SetFileProblem]:
    errors: list[SetFileProblem] = []
    for code in cs.regions:
        if not _REGION_CODE.match(code):
            errors.append(
                place.problem(
                    _("region code '%(code)s' must be upper case without diacritics (e.g. DNB)")
                    % {"code": code},
                    "regions",
                )
            )
    for code in cs.flags:
        if not _IDENTIFIER.match(code):
            errors.append(
                place.problem(
                    _("applicability code '%(code)s' must be lower case without diacritics") % {"code": code},
                    "flags",
                )
            )
    if cs.disadvantaged_region is not None and cs.disadvantaged_region not in cs.regions:
        errors.append(
            place.problem(
                _("disadvantaged_region '%(region)s' is not in [regions]")
                % {"region": cs.disadvantaged_region},
                "disadvantaged_region",
            )
        )
    return errors


def _check_counts(cs: CriteriaSet, place: _Place) -> list[SetFileProblem]:
    counts = (
        (
            "expected_criteria",
            cs.expected_criteria,
            len(cs.criteria),
            gettext_noop("%(key)s = %(expected)s but the file has %(actual)s criteria"),
        ),
        (
            "expected_indicators",
            cs.expected_indicators,
            cs.indicator_count,
            gettext_noop("%(key)s = %(expected)s but the file has %(actual)s indicators"),
        ),
        (
            "expected_conditions",
            cs.expected_conditions,
            len(cs.conditions),
            gettext_noop("%(key)s = %(expected)s but the file has %(actual)s conditions"),
        ),
    )
    return [
        place.problem(_(message) % {"key": key, "expected": expected, "actual": actual}, key)
        for key, expected, actual, message in counts
        if expected is not None and expected != actual
    ]


def _check_revocation(rule: RevocationRule) -> list[SetFileProblem]:
    if 0 < rule.lower_share < rule.upper_share <= 100:
        return []
    return [_revocation_place().problem(_("0 < lower_share < upper_share ≤ 100 is required"))]


def _check_group(
    cs: CriteriaSet, group: Criterion, place: _Place, *, is_condition: bool
) -> list[SetFileProblem]:
    errors: list[SetFileProblem] = []
    if not group.name:
        errors.append(place.problem(_("the name is missing"), "name"))
    if not group.indicators:
        errors.append(
            place.problem(_("needs at least one indicator (add a placeholder row if not known yet)"))
        )
    if group.key and is_condition:
        errors.append(place.problem(_("only a criterion can be marked key (key criterion)"), "key"))
    for indicator in group.indicators:
        errors.extend(_check_indicator(cs, indicator))
    return errors


def _check_indicator(cs: CriteriaSet, ind: Indicator) -> list[SetFileProblem]:
    place = _indicator_place(ind.code)
    errors: list[SetFileProblem] = []
    if not ind.name:
        errors.append(place.problem(_("the name is missing"), "name"))
    if ind.kind not in KINDS:
        message = _("kind '%(kind)s' is not valid (allowed: %(allowed)s)") % {
            "kind": ind.kind,
            "allowed": ", ".join(KINDS),
        }
        return [*errors, place.problem(message, "kind")]
    errors.extend(_check_op(ind, place))
    errors.extend(_check_department(ind.department, place))
    errors.extend(_check_applicability(cs, ind, place))
    if ind.provenance.is_placeholder and any(rule.has_value for rule in ind.thresholds):
        errors.append(place.problem(_("a placeholder indicator cannot have threshold values"), "provenance"))
    for key in sorted(_duplicates([rule.selector_key for rule in ind.thresholds]), key=str):
        errors.append(
            place.problem(
                _("two thresholds have the same selection (%(selection)s)")
                % {"selection": _describe_selectors(key)}
            )
        )
    for number, rule in enumerate(ind.thresholds, start=1):
        errors.extend(_check_threshold(cs, ind, rule, _threshold_place(place, number)))
    return errors


def _check_op(ind: Indicator, place: _Place) -> list[SetFileProblem]:
    if ind.parts and (ind.kind not in NUMERIC_KINDS or ind.op not in COMPARE_OPS or ind.derive is not None):
        message = _("parts (a composite indicator) need a numeric kind with op >=, <=, > or <")
        return [place.problem(message, "parts")]
    if ind.kind in NUMERIC_KINDS:
        if ind.op not in (*COMPARE_OPS, RANGE_OP):
            return [
                place.problem(
                    _("op '%(op)s' is not valid (allowed: >=, <=, >, <, range)") % {"op": ind.op}, "op"
                )
            ]
        return []
    if ind.op is not None:
        return [place.problem(_("kind '%(kind)s' takes no op") % {"kind": ind.kind}, "kind")]
    return []


def _check_department(department: Department, place: _Place) -> list[SetFileProblem]:
    if not _DEPARTMENT_CODE.match(department.code):
        message = _("department code '%(code)s' must be upper case without diacritics (e.g. SXD)") % {
            "code": department.code
        }
        return [place.problem(message, "department")]
    if not department.code and not department.provenance.is_placeholder:
        message = _("with no department in charge, department_provenance must be placeholder")
        return [place.problem(message, "department_provenance")]
    if department.code and department.provenance.is_placeholder:
        message = _("with a department in charge, department_provenance cannot be placeholder")
        return [place.problem(message, "department_provenance")]
    return []


def _check_applicability(cs: CriteriaSet, ind: Indicator, place: _Place) -> list[SetFileProblem]:
    errors: list[SetFileProblem] = []
    if ind.applies_if is not None and ind.applies_if not in cs.flags:
        errors.append(
            place.problem(
                _("applies_if '%(flag)s' is not declared in [flags]") % {"flag": ind.applies_if}, "applies_if"
            )
        )
    if ind.derive is not None:
        if ind.derive not in DERIVATIONS:
            message = _("derive '%(derive)s' is not valid (allowed: %(allowed)s)") % {
                "derive": ind.derive,
                "allowed": ", ".join(DERIVATIONS),
            }
            errors.append(place.problem(message, "derive"))
        if ind.kind != "percentage":
            message = _(
                'an indicator computed from the communes\' data (derive) must have kind = "percentage"'
            )
            errors.append(place.problem(message, "derive"))
        if (ind.derive == "communes_level_share") != bool(ind.derive_levels):
            message = _('derive_levels is used (and required) only with derive = "communes_level_share"')
            errors.append(place.problem(message, "derive_levels"))
    elif ind.derive_levels:
        errors.append(place.problem(_("derive_levels is used only with derive"), "derive_levels"))
    errors.extend(
        place.problem(_level_code_message(level), "derive_levels")
        for level in ind.derive_levels
        if not _IDENTIFIER.match(level)
    )
    return errors


def _level_code_message(level: str) -> str:
    return _("recognition level '%(level)s' must be a lower-case code without diacritics") % {"level": level}


def _check_threshold(
    cs: CriteriaSet, ind: Indicator, rule: ThresholdRule, place: _Place
) -> list[SetFileProblem]:
    errors = _check_selectors(cs, rule, place)
    if rule.provenance.is_placeholder:
        if rule.has_value:
            errors.append(place.problem(_("a placeholder threshold cannot have a value"), "provenance"))
        return errors
    if not rule.has_value:
        message = _('the threshold value is missing (if not known, set provenance = "placeholder")')
        errors.append(place.problem(message, "value"))
        return errors
    return errors + _check_shape(ind, rule, place)


def _check_selectors(cs: CriteriaSet, rule: ThresholdRule, place: _Place) -> list[SetFileProblem]:
    errors: list[SetFileProblem] = []
    if rule.region is not None and rule.region not in cs.regions:
        message = _("region '%(region)s' is not in the criteria set's [regions]") % {"region": rule.region}
        errors.append(place.problem(message, "region"))
    if rule.group is not None and rule.group not in cs.groups:
        message = _("commune group %(group)s is not in the criteria set's [groups]") % {"group": rule.group}
        errors.append(place.problem(message, "group"))
    if rule.year is not None and not cs.year_from <= rule.year <= cs.year_to:
        message = _("year %(year)s is outside the period %(start)s-%(end)s") % {
            "year": rule.year,
            "start": cs.year_from,
            "end": cs.year_to,
        }
        errors.append(place.problem(message, "year"))
    return errors


def _allowed_value_keys(ind: Indicator) -> list[frozenset[str]]:
    """The sets of value keys a valued rule of this indicator may carry (exactly one set must match)."""
    if ind.kind == "boolean":
        return [frozenset({"expected"})]
    if ind.kind == "official_level":
        return [frozenset({"levels"})]
    if ind.parts:
        return [frozenset({"parts"})]
    if ind.kind in NUMERIC_KINDS and ind.op == RANGE_OP:
        return [frozenset({"min", "max"})]
    if ind.kind in NUMERIC_KINDS:
        return [frozenset({"value"}), frozenset({"ref_set", "ref_indicator", "factor"})]
    return []


def _check_shape(ind: Indicator, rule: ThresholdRule, place: _Place) -> list[SetFileProblem]:
    if ind.kind == "unknown":
        return [
            place.problem(_("kind 'unknown' takes only placeholder thresholds (no value yet)"), "provenance")
        ]
    present = frozenset(rule._present_value_keys())
    allowed = _allowed_value_keys(ind)
    if present not in allowed:
        message = _("kind '%(kind)s' (op '%(op)s') needs exactly the fields %(wanted)s, got %(present)s") % {
            "kind": ind.kind,
            "op": ind.op,
            "wanted": _(" or ").join("+".join(sorted(keys)) for keys in allowed),
            "present": "+".join(sorted(present)),
        }
        return [place.problem(message, "value")]
    errors: list[SetFileProblem] = []
    if ind.parts and {code for code, _value in rule.parts} != {code for code, _label in ind.parts}:
        message = _("the threshold needs one value for each part: %(parts)s") % {
            "parts": ", ".join(code for code, _label in ind.parts)
        }
        errors.append(place.problem(message, "parts"))
    if rule.min is not None and rule.max is not None and rule.min > rule.max:
        errors.append(place.problem(_("min is greater than max"), "min"))
    if rule.factor is not None and rule.factor <= 0:
        errors.append(place.problem(_("factor must be greater than 0"), "factor"))
    errors.extend(_check_bounds(ind, rule, place))
    errors.extend(
        place.problem(_level_code_message(level), "levels")
        for level in rule.levels
        if not _IDENTIFIER.match(level)
    )
    return errors


def _check_bounds(ind: Indicator, rule: ThresholdRule, place: _Place) -> list[SetFileProblem]:
    numbers = [n for n in (rule.value, rule.min, rule.max) if n is not None] + [n for _c, n in rule.parts]
    if ind.kind == "percentage" and any(not 0 <= n <= 100 for n in numbers):
        return [place.problem(_("a share threshold must be within 0-100%"), "value")]
    if ind.kind == "count" and any(n < 0 for n in numbers):
        return [place.problem(_("a count threshold cannot be negative"), "value")]
    return []


def _describe_selectors(key: tuple[str | None, int | None, int | None, bool]) -> str:
    region, group, year, disadvantaged = key
    parts = [
        _("region %(region)s") % {"region": region} if region else "",
        _("group %(group)s") % {"group": group} if group is not None else "",
        _("year %(year)s") % {"year": year} if year is not None else "",
        _("disadvantaged commune") if disadvantaged else "",
    ]
    return ", ".join(part for part in parts if part) or _("general rule")


def _duplicates[T](items: Iterable[T]) -> set[T]:
    seen: set[T] = set()
    repeated: set[T] = set()
    for item in items:
        (repeated if item in seen else seen).add(item)
    return repeated


def reference_problems(
    criteria_set: CriteriaSet, available: Mapping[str, CriteriaSet]
) -> list[SetFileProblem]:
    """Problems with thresholds that refer to another set (``ref_set``), given the sets that can be loaded."""
    problems: list[SetFileProblem] = []
    for _group, indicator in criteria_set.iter_indicators():
        for rule in indicator.thresholds:
            if rule.is_reference:
                problem = _reference_problem(rule, available)
                if problem:
                    problems.append(_indicator_place(indicator.code).problem(problem, "ref_set"))
    return problems


def _reference_problem(rule: ThresholdRule, available: Mapping[str, CriteriaSet]) -> str:
    target = available.get(rule.ref_set or "")
    if target is None:
        return _("the referenced criteria set '%(set)s' is not loaded") % {"set": rule.ref_set}
    referenced = target.find_indicator(rule.ref_indicator or "")
    if referenced is None:
        return _("criteria set '%(set)s' has no indicator '%(indicator)s'") % {
            "set": rule.ref_set,
            "indicator": rule.ref_indicator,
        }
    if referenced.kind not in NUMERIC_KINDS or referenced.op not in COMPARE_OPS:
        return _("the referenced indicator %(set)s/%(indicator)s is not a numeric comparison") % {
            "set": rule.ref_set,
            "indicator": rule.ref_indicator,
        }
    return ""
