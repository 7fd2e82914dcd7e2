"""The growing-area code builder (mã số vùng trồng): the code formats as versioned data, building, parsing and the
minimum sizes. Pure: no Django import, tested without a database.

QĐ 3156/QĐ-BNN-TT (19/8/2022) gives the code as ``VN-<province>-<district>-<commune>-<facility>-<year>``: the
administrative-unit codes (QĐ 124/2004/QĐ-TTg and its updates), the facility's serial number in the commune
("01", "02", … set uniformly by the province) and the last two digits of the year of issue; and the minimum areas
(1 ha for perennial crops, 0.1 ha for annual crops). The decision states no check digit, so none is computed:
a code is checked segment by segment against its rule.

After 1/7/2025 there is no district level. How codes are written then is not found in a public text, so the file
holds a second rule without the district segment, marked *unconfirmed* (the province decides). Every issued code
keeps the key of the rule it was built under; a rule is never edited once codes are issued under it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import DataFileError, Table, parse
from ntm.core.vocabulary import CONFIRMED, PROVENANCE_MARKS

SCHEMA = 1
RULES_PATH = Path(__file__).resolve().parent / "code_rules.toml"
COUNTRY = "VN"
# Width of each segment: the administrative-unit codes are 2 (province), 3 (district) and 5 (commune) digits.
SEGMENT_DIGITS = {"province": 2, "district": 3, "commune": 5, "year": 2}
SEGMENTS = ("country", "province", "district", "commune", "serial", "year")

PERENNIAL = "perennial"
ANNUAL = "annual"
# QĐ 3156/QĐ-BNN-TT: at least 1 ha for perennial crops and 0.1 ha for annual crops.
MINIMUM_AREA_HA = {PERENNIAL: Decimal("1"), ANNUAL: Decimal("0.1")}


class CodeRuleFileError(DataFileError):
    title = gettext_noop("Invalid growing-area code rule file")


class CodeError(ValueError):
    """A code, or a part of one, does not fit its rule; the message says what is wrong."""


@dataclass(frozen=True)
class CodeRule:
    """One code format and the period it applies to."""

    key: str
    label: str
    segments: tuple[str, ...]
    serial_digits: int
    valid_from: dt.date
    valid_to: dt.date | None
    provenance: str
    legal_symbol: str
    source: str

    @property
    def confirmed(self) -> bool:
        return self.provenance == CONFIRMED

    @property
    def has_district(self) -> bool:
        return "district" in self.segments

    def applies_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def width(self, segment: str) -> int:
        return self.serial_digits if segment == "serial" else SEGMENT_DIGITS.get(segment, len(COUNTRY))

    def pattern(self) -> re.Pattern[str]:
        parts = [COUNTRY if s == "country" else rf"(?P<{s}>\d{{{self.width(s)}}})" for s in self.segments]
        return re.compile("^" + "-".join(parts) + "$")


@dataclass(frozen=True)
class CodeParts:
    """The segments of one code; ``district`` is empty under a rule without it."""

    province: str
    commune: str
    serial: int
    year: int
    district: str = ""


def load_rules(data: bytes | str) -> tuple[CodeRule, ...]:
    """The rules of a rule file, checked whole (every problem reported at once)."""
    document = parse(data, CodeRuleFileError)
    errors: list[str] = []
    root = Table(document, _("file"), errors, allowed={"schema", "rules"})
    if root.get("schema") != SCHEMA:
        root.error(_("“schema” must be %(schema)s") % {"schema": SCHEMA})
    raw_rules = root.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        root.error(_("the file lists no rule"))
        raw_rules = []
    rules: list[CodeRule] = []
    keys = {"key", "label", "segments", "serial_digits", "valid_from", "valid_to", "provenance"}
    for index, raw in enumerate(raw_rules, start=1):
        table = Table(raw, _("rule %(n)s") % {"n": index}, errors, allowed=keys | {"legal_symbol", "source"})
        segments = table.get("segments")
        if (
            not isinstance(segments, list)
            or not segments
            or any(s not in SEGMENTS for s in segments)
            or len(set(segments)) != len(segments)
            or [s for s in SEGMENTS if s in segments] != segments
            or not {"country", "province", "commune", "serial", "year"} <= set(segments)
        ):
            table.error(
                _("“segments” must list country, province, [district,] commune, serial, year in order")
            )
            segments = list(SEGMENTS)
        rule = CodeRule(
            key=table.text("key", max_length=40),
            label=table.text("label", max_length=200),
            segments=tuple(segments),
            serial_digits=table.integer("serial_digits", minimum=1),
            valid_from=table.date("valid_from"),
            valid_to=table.optional_date("valid_to"),
            provenance=table.choice("provenance", PROVENANCE_MARKS),
            legal_symbol=table.text("legal_symbol", required=False, max_length=80),
            source=table.text("source"),
        )
        if rule.serial_digits > 6:
            table.error(_("“serial_digits” must be at most 6"))
        if rule.valid_to is not None and rule.valid_to < rule.valid_from:
            table.error(_("“valid_to” is before “valid_from”"))
        rules.append(rule)
    if len({r.key for r in rules}) != len(rules):
        errors.append(_("two rules have the same key"))
    ordered = sorted(rules, key=lambda r: r.valid_from)
    for earlier, later in itertools.pairwise(ordered):
        if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
            errors.append(_("rules “%(a)s” and “%(b)s” overlap in time") % {"a": earlier.key, "b": later.key})
    if errors:
        raise CodeRuleFileError(errors)
    return tuple(ordered)


def shipped_rules() -> tuple[CodeRule, ...]:
    return load_rules(RULES_PATH.read_bytes())


def rule_by_key(rules: Iterable[CodeRule], key: str) -> CodeRule:
    for rule in rules:
        if rule.key == key:
            return rule
    raise CodeError(_("There is no code rule “%(key)s”.") % {"key": key})


def rule_for(rules: Iterable[CodeRule], day: dt.date) -> CodeRule:
    """The rule that applies on ``day``."""
    for rule in rules:
        if rule.applies_on(day):
            return rule
    raise CodeError(_("No growing-area code rule applies on %(day)s.") % {"day": day.strftime("%d/%m/%Y")})


def _digits(value: str, width: int, what: str) -> str:
    value = (value or "").strip()
    if not (len(value) == width and value.isascii() and value.isdigit()):
        raise CodeError(
            _("The %(what)s code must have exactly %(n)s digits (it is “%(value)s”).")
            % {"what": what, "n": width, "value": value}
        )
    return value


def build_code(rule: CodeRule, parts: CodeParts) -> str:
    """The code of ``parts`` under ``rule``; ``CodeError`` when a part does not fit."""
    segments = []
    for segment in rule.segments:
        if segment == "country":
            segments.append(COUNTRY)
        elif segment == "province":
            segments.append(_digits(parts.province, rule.width(segment), _("province")))
        elif segment == "district":
            if not parts.district:
                raise CodeError(_("This code rule needs the district code (the unit before 1/7/2025)."))
            segments.append(_digits(parts.district, rule.width(segment), _("district")))
        elif segment == "commune":
            segments.append(_digits(parts.commune, rule.width(segment), _("commune")))
        elif segment == "serial":
            highest = 10**rule.serial_digits - 1
            if not 1 <= parts.serial <= highest:
                raise CodeError(
                    _("The facility number must be between 1 and %(max)s (it is %(value)s).")
                    % {"max": highest, "value": parts.serial}
                )
            segments.append(f"{parts.serial:0{rule.serial_digits}d}")
        elif segment == "year":
            segments.append(f"{parts.year % 100:02d}")
    return "-".join(segments)


def parse_code(rule: CodeRule, code: str) -> CodeParts:
    """The segments of ``code`` written under ``rule``; ``CodeError`` when it does not fit the format."""
    match = rule.pattern().match((code or "").strip().upper())
    if match is None:
        raise CodeError(
            _("“%(code)s” is not a growing-area code of the form %(label)s.")
            % {"code": code, "label": rule.label}
        )
    found = match.groupdict()
    serial = int(found["serial"])
    if serial == 0:
        raise CodeError(_("The facility number of a code starts at 01."))
    return CodeParts(
        province=found["province"],
        district=found.get("district") or "",
        commune=found["commune"],
        serial=serial,
        year=int(found["year"]),
    )


def next_serial(used: Iterable[int], rule: CodeRule) -> int:
    """The smallest facility number not yet used in the commune (a cancelled code's number is never reused: the
    caller passes every number ever issued)."""
    taken = set(used)
    serial = 1
    while serial in taken:
        serial += 1
    if serial >= 10**rule.serial_digits:
        raise CodeError(
            _("Every facility number of this commune (up to %(max)s) is used.")
            % {"max": 10**rule.serial_digits - 1}
        )
    return serial


def minimum_area_problem(crop_kind: str, area_ha: Decimal) -> str | None:
    """Why ``area_ha`` is too small for the crop kind (QĐ 3156/QĐ-BNN-TT), or None when it is large enough."""
    minimum = MINIMUM_AREA_HA.get(crop_kind)
    if minimum is None:
        return _("Unknown crop kind “%(kind)s”.") % {"kind": crop_kind}
    if area_ha < minimum:
        return _(
            "A growing area of %(kind)s crops must be at least %(min)s ha (QĐ 3156/QĐ-BNN-TT); this one is %(area)s ha."
        ) % {
            "kind": _("perennial") if crop_kind == PERENNIAL else _("annual"),
            "min": str(minimum).replace(".", ","),
            "area": str(area_ha).replace(".", ","),
        }
    return None
