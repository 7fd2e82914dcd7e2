"""Drinking-water parameters and how a measured value is judged against them (pure: no Django).

A *catalogue* is one version of a parameter list (QCVN 01-1:2018/BYT today; its 2024 successor becomes the next
version once its list is confirmed; a province adds its group-B parameters as a new version). Each parameter has a
rule kind:

- ``max``: value ≤ limit (arsenic 0.01 mg/L);
- ``below``: value < limit (coliform < 3 CFU/100 mL);
- ``min``: value ≥ limit;
- ``range``: low ≤ value ≤ high (pH 6.0 to 8.5, free chlorine 0.2 to 1.0 mg/L);
- ``absence``: the sample must show none ("không có mùi, vị lạ"): typed as "không"/"đạt" (none) or "có" (present).

A catalogue file (TOML, read with ``ntm.core.tomlfile``)::

    schema = 1
    code = "qcvn-01-1-2018"
    version = 1
    name = "QCVN 01-1:2018/BYT …"
    valid_from = 2019-06-15
    provenance = "confirmed"
    source = "TT 41/2018/TT-BYT …"

    [[parameters]]
    code = "coliform"
    name = "Coliform"
    group = "A"                 # A: nationwide; B: chosen by the province
    unit = "CFU/100 mL"
    kind = "below"
    limit = 3                   # or low/high for a range; nothing for absence
    provenance = "confirmed"
    source = "…"
    note = "…"                  # optional
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import DataFileError, Table, parse

KINDS = ("max", "below", "min", "range", "absence")
GROUPS = ("A", "B")

PASS = "pass"  # noqa: S105 (an outcome, not a password)
FAIL = "fail"
NOT_MEASURED = "not_measured"

# What a person types for the absence rule (lower-cased, diacritics kept).
_ABSENT = {"không", "khong", "không có", "đạt", "dat", "0", "none", "no", "absent"}
_PLAIN_NUMBER = re.compile(r"\d{1,9}(\.\d{1,9})?")
_PRESENT = {"có", "co", "không đạt", "khong dat", "1", "yes", "present"}


class CatalogueFileError(DataFileError):
    title = gettext_noop("Invalid water-parameter catalogue")


@dataclass(frozen=True)
class Parameter:
    code: str
    name: str
    group: str
    unit: str
    kind: str
    limit: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    provenance: str = "confirmed"
    source: str = ""
    note: str = ""

    def limit_text(self) -> str:
        """The limit as the regulation writes it ("< 3", "≤ 0,01", "6,0 đến 8,5", "không có")."""
        if self.kind == "range":
            return f"{_number(self.low)} - {_number(self.high)}"
        if self.kind == "absence":
            return _("none")
        sign = {"max": "≤", "below": "<", "min": "≥"}[self.kind]
        return f"{sign} {_number(self.limit)}"


@dataclass(frozen=True)
class Catalogue:
    code: str
    version: int
    name: str
    valid_from: dt.date
    provenance: str
    source: str
    parameters: tuple[Parameter, ...]

    def parameter(self, code: str) -> Parameter | None:
        return next((p for p in self.parameters if p.code == code), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.parameters)


@dataclass(frozen=True)
class Judgement:
    parameter: Parameter
    raw: str
    value: Decimal | None
    outcome: str  # PASS, FAIL or NOT_MEASURED
    message: str = ""

    @property
    def failed(self) -> bool:
        return self.outcome == FAIL


def _number(value: Decimal | None) -> str:
    """A number the Vietnamese way (decimal comma), without trailing zeros."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def parse_number(raw: object) -> Decimal:
    """A measured value typed either way (0,01 or 0.01; "< 1" is read as a value below the limit: 0)."""
    if isinstance(raw, bool):
        raise ValueError(_("not a number"))
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw))
    text = str(raw).strip().replace(" ", "")
    if text.startswith("<"):
        # A lab writes "<1" when nothing was detected at the method's limit: the value is under that figure.
        text = text[1:]
        below = True
    else:
        below = False
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise ValueError(_("not a number ≥ 0 (write it like 0,01)"))
    number = Decimal(text)
    if below:
        number = Decimal(0) if number == 0 else number - Decimal("1e-9")
    return number


def judge(parameter: Parameter, raw: object) -> Judgement:
    """Judge one measured value (as typed or as a number) against ``parameter``; blank means not measured.
    Raises ``ValueError`` with a short reason for a value that cannot be read."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return Judgement(parameter, "", None, NOT_MEASURED)
    if parameter.kind == "absence":
        lowered = text.lower()
        if lowered in _ABSENT:
            return Judgement(parameter, text, None, PASS)
        if lowered in _PRESENT:
            return Judgement(parameter, text, None, FAIL, _("present (the limit is none)"))
        raise ValueError(_("type “không” (none found) or “có” (found)"))
    value = parse_number(raw)
    if parameter.kind == "max":
        ok = value <= parameter.limit
    elif parameter.kind == "below":
        ok = value < parameter.limit
    elif parameter.kind == "min":
        ok = value >= parameter.limit
    else:
        ok = parameter.low <= value <= parameter.high
    if ok:
        return Judgement(parameter, text, value, PASS)
    return Judgement(
        parameter,
        text,
        value,
        FAIL,
        _("%(value)s is outside the limit %(limit)s %(unit)s")
        % {"value": text, "limit": parameter.limit_text(), "unit": parameter.unit},
    )


def judge_sample(catalogue: Catalogue, values: dict[str, object]) -> list[Judgement]:
    """Every parameter of ``catalogue`` judged against ``values`` (by parameter code), in catalogue order.
    Raises ``ValueError`` naming the parameter for a value that cannot be read or a code it does not know."""
    unknown = sorted(set(values) - set(catalogue.codes))
    if unknown:
        raise ValueError(_("unknown parameters: %(codes)s") % {"codes": ", ".join(unknown)})
    judgements = []
    for parameter in catalogue.parameters:
        try:
            judgements.append(judge(parameter, values.get(parameter.code)))
        except ValueError as exc:
            raise ValueError(f"{parameter.name}: {exc}") from None
    return judgements


def sample_outcome(judgements: list[Judgement]) -> str:
    """FAIL when any parameter fails, PASS when at least one was measured and none failed, else NOT_MEASURED."""
    if any(j.outcome == FAIL for j in judgements):
        return FAIL
    if any(j.outcome == PASS for j in judgements):
        return PASS
    return NOT_MEASURED


def _optional_decimal(table: Table, key: str) -> Decimal | None:
    return table.decimal(key) if table.get(key) is not None else None


def read_catalogue(data: bytes | str) -> Catalogue:
    """A catalogue file, checked whole: every problem is listed in one ``CatalogueFileError``."""
    errors: list[str] = []
    root = Table(
        parse(data, CatalogueFileError),
        _("catalogue"),
        errors,
        allowed={
            "schema",
            "code",
            "version",
            "name",
            "valid_from",
            "provenance",
            "source",
            "note",
            "parameters",
        },
    )
    if root.get("schema") != 1:
        root.error(_("“schema” must be 1"))
    provenance, source, _note = root.provenance()
    parameters: list[Parameter] = []
    seen: set[str] = set()
    for index, raw in enumerate(root.tables("parameters", required=True), start=1):
        row = Table(
            raw,
            _("parameter %(n)s") % {"n": index},
            errors,
            allowed={"code", "name", "group", "unit", "kind", "limit", "low", "high"}
            | {"provenance", "source", "note"},
        )
        code = row.text("code", max_length=40)
        if code in seen:
            row.error(_("the code “%(code)s” appears twice") % {"code": code})
        seen.add(code)
        kind = row.choice("kind", KINDS)
        limit = low = high = None
        if kind == "range":
            low, high = row.decimal("low"), row.decimal("high")
            if low > high:
                row.error(_("“low” must not be above “high”"))
        elif kind != "absence":
            limit = row.decimal("limit")
        extra = {"limit": limit} if kind == "range" else {"low": low, "high": high}
        for key, value in extra.items():
            if row.get(key) is not None and value is None:
                row.error(_("“%(key)s” does not apply to the rule “%(kind)s”") % {"key": key, "kind": kind})
        mark, param_source, note = row.provenance()
        parameters.append(
            Parameter(
                code=code,
                name=row.text("name", max_length=200),
                group=row.choice("group", GROUPS),
                unit=row.text("unit", required=False, max_length=40),
                kind=kind,
                limit=limit,
                low=low,
                high=high,
                provenance=mark,
                source=param_source,
                note=note,
            )
        )
    catalogue = Catalogue(
        code=root.text("code", max_length=60),
        version=root.integer("version", minimum=1),
        name=root.text("name", max_length=300),
        valid_from=root.date("valid_from"),
        provenance=provenance,
        source=source,
        parameters=tuple(parameters),
    )
    if errors:
        raise CatalogueFileError(errors)
    return catalogue


def catalogue_as_data(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue as plain JSON-able data (stored on the database row)."""
    return {
        "code": catalogue.code,
        "version": catalogue.version,
        "name": catalogue.name,
        "valid_from": catalogue.valid_from.isoformat(),
        "provenance": catalogue.provenance,
        "source": catalogue.source,
        "parameters": [
            {
                "code": p.code,
                "name": p.name,
                "group": p.group,
                "unit": p.unit,
                "kind": p.kind,
                "limit": None if p.limit is None else str(p.limit),
                "low": None if p.low is None else str(p.low),
                "high": None if p.high is None else str(p.high),
                "provenance": p.provenance,
                "source": p.source,
                "note": p.note,
            }
            for p in catalogue.parameters
        ],
    }


def catalogue_from_data(data: dict[str, Any]) -> Catalogue:
    def dec(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    return Catalogue(
        code=data["code"],
        version=data["version"],
        name=data["name"],
        valid_from=dt.date.fromisoformat(data["valid_from"]),
        provenance=data["provenance"],
        source=data["source"],
        parameters=tuple(
            Parameter(
                code=p["code"],
                name=p["name"],
                group=p["group"],
                unit=p["unit"],
                kind=p["kind"],
                limit=dec(p["limit"]),
                low=dec(p["low"]),
                high=dec(p["high"]),
                provenance=p["provenance"],
                source=p["source"],
                note=p["note"],
            )
            for p in data["parameters"]
        ),
    )
