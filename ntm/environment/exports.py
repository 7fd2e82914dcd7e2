"""Excel exports of the environment pages (through the one formula-safe writer)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.environment.parameters import FAIL, PASS


def _outcome_label(outcome: str | None) -> str:
    return {PASS: _("Within limits"), FAIL: _("Outside a limit")}.get(outcome or "", _("No result"))


def points_workbook(points, latest) -> bytes:
    header = [
        _("Code"),
        _("Name"),
        _("Kind"),
        _("Commune"),
        _("Operator"),
        _("Capacity (m³/day)"),
        _("Households served"),
        _("Status"),
        _("Latest sample"),
        _("Latest result"),
    ]
    rows = []
    for point in points:
        item = latest.get(point.pk)
        rows.append(
            [
                point.code,
                point.name,
                point.get_kind_display(),
                point.unit.name,
                point.operator,
                point.capacity_m3_per_day,
                point.households_served,
                point.get_status_display(),
                item.sample.sampled_on.strftime("%d/%m/%Y") if item else "",
                _outcome_label(item.outcome if item else None),
            ]
        )
    return workbook_bytes([Sheet(_("Water points"), header, rows, freeze="A2")])


def exceedances_workbook(items) -> bytes:
    header = [
        _("Sampling date"),
        _("Point"),
        _("Commune"),
        _("Laboratory"),
        _("Parameter"),
        _("Result"),
        _("Limit"),
    ]
    rows = []
    for item in items:
        sample = item.sample
        for judgement in item.failed:
            parameter = judgement.parameter
            rows.append(
                [
                    sample.sampled_on.strftime("%d/%m/%Y"),
                    f"{sample.point.code} — {sample.point.name}",
                    sample.point.unit.name,
                    sample.laboratory,
                    parameter.name,
                    judgement.raw,
                    f"{parameter.limit_text()} {parameter.unit}".strip(),
                ]
            )
    return workbook_bytes([Sheet(_("Outside limits"), header, rows, freeze="A2")])
