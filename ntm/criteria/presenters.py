"""How sets, thresholds and evaluation results read on the pages: labels, badges and requirement text.

Badges pair a symbol and a text label with a colour (colour-blind-safe palette in criteria.css), so no status
is told by colour alone. Numbers use the engine's Vietnamese formatting (decimal comma).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ntm.core.choices import ProvenanceStatus, RecognitionLevel
from ntm.core.vocabulary import PROVENANCE_MARKS, PROVENANCE_SYMBOLS
from ntm.criteria.engine import (
    Evaluation,
    IndicatorResult,
    UnitContext,
    format_number,
    select_threshold,
)
from ntm.criteria.models import IndicatorStatus
from ntm.criteria.setfile import RANGE_OP, CriteriaSet, Criterion, Indicator, Provenance, ThresholdRule

_OP_SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
STATUS_SYMBOLS = {"met": "✓", "not_met": "✗", "missing": "…", "not_applicable": "○", "no_threshold": "∅"}


@dataclass(frozen=True)
class Badge:
    css: str
    symbol: str
    label: str
    title: str = ""


def provenance_badge(provenance: Provenance | None) -> Badge:
    if provenance is None:
        return Badge("prov-none", "∅", _("No threshold"))
    status = provenance.status
    label = ProvenanceStatus(status).label if status in ProvenanceStatus.values else status
    title = provenance.source + (f" — {provenance.note}" if provenance.note else "")
    return Badge(f"prov-{status}", PROVENANCE_SYMBOLS.get(status, "?"), str(label), title)


def provenance_legend() -> list[Badge]:
    """One badge per provenance mark, in order, for a page's legend."""
    return [
        Badge(f"prov-{mark}", PROVENANCE_SYMBOLS[mark], str(ProvenanceStatus(mark).label))
        for mark in PROVENANCE_MARKS
    ]


def status_badge(status: str) -> Badge:
    label = IndicatorStatus(status).label if status in IndicatorStatus.values else status
    return Badge(f"st-{status}", STATUS_SYMBOLS.get(status, "?"), str(label))


def level_label(level: str | None) -> str:
    if not level:
        return ""
    return str(RecognitionLevel(level).label) if level in RecognitionLevel.values else level


def kind_label(kind: str) -> str:
    return {
        "boolean": _("Met / not met"),
        "percentage": _("Percentage"),
        "number": _("Number"),
        "count": _("Count"),
        "official_level": _("Official recognition level"),
        "unknown": _("Not known yet"),
    }.get(kind, kind)


def describe_selectors(criteria_set: CriteriaSet, rule: ThresholdRule) -> str:
    """Which units and years a rule applies to, e.g. "Vùng DNB · Năm 2022"."""
    parts = []
    if rule.disadvantaged:
        parts.append(_("Especially disadvantaged communes"))
    if rule.region:
        parts.append(_("Region %(code)s") % {"code": rule.region})
    if rule.group is not None:
        parts.append(_("Group %(number)s") % {"number": rule.group})
    if rule.year is not None:
        parts.append(_("Year %(year)s") % {"year": rule.year})
    return " · ".join(parts) or _("General")


def describe_requirement(indicator: Indicator, rule: ThresholdRule) -> str:
    """The requirement a rule sets, e.g. "≥ 80%", "Đạt", "từ 10 đến 20"; "chưa có giá trị" for a placeholder."""
    if rule.provenance.is_placeholder or not rule.has_value:
        return _("not known yet")
    suffix = (
        "%"
        if indicator.measure_unit == "%"
        else (f" {indicator.measure_unit}" if indicator.measure_unit else "")
    )
    if rule.expected is not None:
        return _("Met") if rule.expected else _("No")
    if rule.levels:
        return _("recognised as: %(levels)s") % {
            "levels": ", ".join(level_label(level) for level in rule.levels)
        }
    if rule.is_reference:
        return _("%(op)s %(factor)s times the threshold of %(ref)s") % {
            "op": _OP_SYMBOLS.get(indicator.op or ">=", indicator.op or ""),
            "factor": format_number(rule.factor),
            "ref": f"{rule.ref_set}/{rule.ref_indicator}",
        }
    if rule.parts:  # a composite indicator: every part with its own threshold
        labels = dict(indicator.parts)
        symbol = _OP_SYMBOLS.get(indicator.op or ">=", "")
        return _(" and ").join(
            f"{labels.get(code, code)} {symbol} {format_number(value)}{suffix}" for code, value in rule.parts
        )
    if indicator.op == RANGE_OP:
        return _("from %(min)s to %(max)s") % {
            "min": format_number(rule.min),
            "max": format_number(rule.max),
        } + (suffix if suffix == "%" else "")
    return f"{_OP_SYMBOLS.get(indicator.op or '>=', '')} {format_number(rule.value)}{suffix}"


@dataclass(frozen=True)
class RuleRow:
    selectors: str
    requirement: str
    badge: Badge
    rule: ThresholdRule


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    kind: str
    badge: Badge
    department_name: str
    department_badge: Badge
    applies_if: str
    rules: list[RuleRow]


@dataclass(frozen=True)
class GroupRow:
    group: Criterion
    is_condition: bool
    badge: Badge
    indicators: list[IndicatorRow] = field(default_factory=list)


def set_rows(criteria_set: CriteriaSet, departments: dict[str, str]) -> list[GroupRow]:
    """Conditions then criteria, each with its indicators and their threshold rules, ready for the template."""
    rows = []
    for is_condition, groups in ((True, criteria_set.conditions), (False, criteria_set.criteria)):
        for group in groups:
            indicators = [
                IndicatorRow(
                    indicator=indicator,
                    kind=kind_label(indicator.kind),
                    badge=provenance_badge(indicator.provenance),
                    department_name=departments.get(indicator.department.code, ""),
                    department_badge=provenance_badge(indicator.department.provenance),
                    applies_if=criteria_set.flags.get(indicator.applies_if or "", indicator.applies_if or ""),
                    rules=[
                        RuleRow(
                            selectors=describe_selectors(criteria_set, rule),
                            requirement=describe_requirement(indicator, rule),
                            badge=provenance_badge(rule.provenance),
                            rule=rule,
                        )
                        for rule in indicator.thresholds
                    ],
                )
                for indicator in group.indicators
            ]
            rows.append(GroupRow(group, is_condition, provenance_badge(group.provenance), indicators))
    return rows


# --- Evaluation results --------------------------------------------------------------------------------------


def value_text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return level_label(value)
    return format_number(value)  # type: ignore[arg-type]


def rule_provenance(
    criteria_set: CriteriaSet, result: IndicatorResult, unit: UnitContext, year: int
) -> Provenance | None:
    """The provenance of the threshold the engine applied, or of the placeholder rule that stopped it."""
    if result.threshold is not None:
        return result.threshold.provenance
    indicator = criteria_set.find_indicator(result.code)
    selection = select_threshold(criteria_set, indicator, unit, year) if indicator is not None else None
    return selection.rule.provenance if selection is not None else None


@dataclass(frozen=True)
class ResultRow:
    result: IndicatorResult
    badge: Badge
    requirement: str
    value: str
    provenance: Badge


@dataclass(frozen=True)
class ResultGroup:
    code: str
    name: str
    is_condition: bool
    met: bool
    provisional: bool
    rows: list[ResultRow]


def evaluation_groups(
    criteria_set: CriteriaSet, evaluation: Evaluation, unit: UnitContext
) -> list[ResultGroup]:
    groups = []
    for is_condition, results in ((True, evaluation.conditions), (False, evaluation.criteria)):
        for group in results:
            rows = []
            for result in group.indicators:
                indicator = criteria_set.find_indicator(result.code)
                requirement = (
                    result.threshold.describe(indicator.measure_unit if indicator else "")
                    if result.threshold
                    else "—"
                )
                rows.append(
                    ResultRow(
                        result=result,
                        badge=status_badge(result.status),
                        requirement=requirement,
                        value=value_text(result.value),
                        provenance=provenance_badge(
                            rule_provenance(criteria_set, result, unit, evaluation.year)
                        ),
                    )
                )
            groups.append(
                ResultGroup(group.code, group.name, is_condition, group.met, group.provisional, rows)
            )
    return groups
