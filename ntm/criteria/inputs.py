"""What the engine takes in besides the set: numbers, the problems of bad input, and a district's data.

No Django import. Split from ``engine`` (which re-exports these names): a value is a bool or an exact number
(``as_fraction`` reads a float by its decimal form, so 1.1 is 11/10); ``ValueProblem``/``InvalidValuesError`` name
each bad input (in the active language); ``DistrictInputs`` holds what a district set derives its overall conditions from,
and ``parse_district_inputs`` reads it from a plain mapping (the API's JSON)::

    {"satisfaction": 92.5,
     "communes": [{"code": "26881", "official_level": "ntm",
                   "satisfaction": {"overall": 91.0, "by_content": {"giao_thong": 85.0}}}],
     "townships": [{"code": "26880", "civilised": True}]}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop

type Value = bool | int | float | Decimal | Fraction


# --- Bad input -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueProblem:
    """One bad input: ``code`` is the indicator code (or the input's path), ``message`` is in the active language."""

    code: str
    message: str


class InvalidValuesError(ValueError):
    """``evaluate`` refuses bad input instead of guessing; ``problems`` lists each one."""

    def __init__(self, problems: list[ValueProblem]) -> None:
        self.problems = problems
        super().__init__(_("Invalid data:") + "\n" + "\n".join(f"- {p.message}" for p in problems))


# --- District inputs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommuneInput:
    """One commune of a district: its official level and its satisfaction-survey results (percent)."""

    code: str
    official_level: str | None = None
    satisfaction_overall: Value | None = None
    satisfaction_by_content: Mapping[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class TownshipInput:
    """One township (thị trấn) of a district and whether it meets "đô thị văn minh"."""

    code: str
    civilised: bool


@dataclass(frozen=True)
class DistrictInputs:
    """Data a district set derives its overall conditions from; ``townships`` None = not provided."""

    communes: tuple[CommuneInput, ...] = ()
    townships: tuple[TownshipInput, ...] | None = None
    satisfaction: Value | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> DistrictInputs:
        inputs, problems = parse_district_inputs(data)
        if problems:
            raise InvalidValuesError(problems)
        return inputs


def parse_district_inputs(data: Mapping[str, Any]) -> tuple[DistrictInputs, list[ValueProblem]]:
    problems: list[ValueProblem] = []
    if not isinstance(data, Mapping):
        return DistrictInputs(), [ValueProblem("district_inputs", _("District data must be a table (dict)"))]
    unknown = sorted(set(data) - {"communes", "townships", "satisfaction"})
    problems.extend(
        ValueProblem(
            f"district_inputs.{key}", _("District data: field '%(key)s' is not supported") % {"key": key}
        )
        for key in unknown
    )
    satisfaction = _share(
        data.get("satisfaction"), _("District data: district-wide satisfaction"), "satisfaction", problems
    )
    communes = tuple(
        _parse_commune(raw, i, problems) for i, raw in enumerate(_list(data, "communes", problems))
    )
    townships = None
    if data.get("townships") is not None:
        townships = tuple(
            _parse_township(raw, i, problems) for i, raw in enumerate(_list(data, "townships", problems))
        )
    duplicate_messages = (
        _("District data: commune code '%(code)s' is repeated"),
        _("District data: township code '%(code)s' is repeated"),
    )
    for message, items in zip(duplicate_messages, (communes, townships or ()), strict=True):
        seen: set[str] = set()
        for item in items:
            if item.code in seen:
                problems.append(ValueProblem(item.code, message % {"code": item.code}))
            seen.add(item.code)
    return DistrictInputs(communes=communes, townships=townships, satisfaction=satisfaction), problems


def _list(data: Mapping[str, Any], key: str, problems: list[ValueProblem]) -> list[Any]:
    raw = data.get(key)
    if raw is None:
        return []
    if not isinstance(raw, list | tuple):
        problems.append(
            ValueProblem(
                f"district_inputs.{key}", _("District data: '%(key)s' must be a list") % {"key": key}
            )
        )
        return []
    return list(raw)


_ITEM_MESSAGES = {
    "communes": (
        gettext_noop("District data: commune no. %(number)s must be a table"),
        gettext_noop("District data: commune no. %(number)s has no code"),
    ),
    "townships": (
        gettext_noop("District data: township no. %(number)s must be a table"),
        gettext_noop("District data: township no. %(number)s has no code"),
    ),
}


def _item_code(
    raw: object, key: str, index: int, problems: list[ValueProblem]
) -> tuple[Mapping[str, Any], str]:
    not_a_table, no_code = _ITEM_MESSAGES[key]
    if not isinstance(raw, Mapping):
        problems.append(ValueProblem(f"{key}[{index}]", _(not_a_table) % {"number": index + 1}))
        return {}, f"#{index + 1}"
    code = raw.get("code")
    if not isinstance(code, str) or not code.strip():
        problems.append(ValueProblem(f"{key}[{index}]", _(no_code) % {"number": index + 1}))
        return raw, f"#{index + 1}"
    return raw, code.strip()


def _parse_commune(raw: object, index: int, problems: list[ValueProblem]) -> CommuneInput:
    data, code = _item_code(raw, "communes", index, problems)
    level = data.get("official_level")
    if level is not None and not isinstance(level, str):
        problems.append(
            ValueProblem(
                code,
                _("District data, commune %(code)s: official_level must be a recognition level code")
                % {"code": code},
            )
        )
        level = None
    survey = data.get("satisfaction") or {}
    if not isinstance(survey, Mapping):
        problems.append(
            ValueProblem(
                code, _("District data, commune %(code)s: satisfaction must be a table") % {"code": code}
            )
        )
        survey = {}
    overall = _share(
        survey.get("overall"),
        _("District data, commune %(code)s: overall satisfaction") % {"code": code},
        code,
        problems,
    )
    by_content_raw = survey.get("by_content") or {}
    if not isinstance(by_content_raw, Mapping):
        problems.append(
            ValueProblem(
                code,
                _("District data, commune %(code)s: by_content must be a table of content = share")
                % {"code": code},
            )
        )
        by_content_raw = {}
    by_content = {
        str(content): share
        for content, raw_share in by_content_raw.items()
        if (
            share := _share(
                raw_share,
                _("District data, commune %(code)s: satisfaction with '%(content)s'")
                % {"code": code, "content": content},
                code,
                problems,
            )
        )
        is not None
    }
    return CommuneInput(
        code=code, official_level=level, satisfaction_overall=overall, satisfaction_by_content=by_content
    )


def _parse_township(raw: object, index: int, problems: list[ValueProblem]) -> TownshipInput:
    data, code = _item_code(raw, "townships", index, problems)
    civilised = data.get("civilised")
    if not isinstance(civilised, bool):
        problems.append(
            ValueProblem(
                code, _("District data, township %(code)s: civilised must be true/false") % {"code": code}
            )
        )
        civilised = False
    return TownshipInput(code=code, civilised=civilised)


def _share(raw: object, label: str, code: str, problems: list[ValueProblem]) -> Value | None:
    if raw is None:
        return None
    if not is_number(raw):
        problems.append(
            ValueProblem(
                code,
                _("%(label)s must be a number, got %(value)s") % {"label": label, "value": show_value(raw)},
            )
        )
        return None
    number = as_fraction(raw)  # type: ignore[arg-type]
    if not 0 <= number <= 100:
        problems.append(
            ValueProblem(
                code,
                _("%(label)s must be within 0-100%%, got %(value)s%%")
                % {"label": label, "value": format_number(number)},
            )
        )
        return None
    return number


# --- Numbers -------------------------------------------------------------------------------------------------


def is_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        return False
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, int | Fraction) or math.isfinite(value)


def as_fraction(number: int | float | Decimal | Fraction) -> Fraction:
    """Exact value of a number in its decimal form (1.1 is 11/10, not the nearest binary float)."""
    if isinstance(number, Fraction):
        return number
    if isinstance(number, float):
        return Fraction(repr(number))
    return Fraction(number)


def exact_number(number: Value | None) -> Fraction | None:
    return None if number is None else as_fraction(number)  # type: ignore[arg-type]


def plain_number(value: object) -> object:
    """JSON-friendly form of a number: int when whole, else float."""
    if isinstance(value, Fraction | Decimal):
        exact = as_fraction(value)
        return exact.numerator if exact.denominator == 1 else float(exact)
    return value


def show_value(value: object) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def format_number(number: Value | None, digits: int = 2) -> str:
    """Vietnamese number text: decimal comma, no trailing zeros ("59", "64,9"); a bool is Met or No (translated)."""
    if number is None:
        return "—"
    if isinstance(number, bool):
        return _("Met") if number else _("No")
    if isinstance(number, Mapping):  # a composite indicator's parts, in the set's order
        return " / ".join(format_number(part, digits) for part in number.values())
    exact = as_fraction(number)
    if exact.denominator == 1:
        return str(exact.numerator)
    text = f"{float(exact):.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
