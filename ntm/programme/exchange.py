"""The province's NTM results as one data-exchange file, in JSON and in Excel (format ``ntm-ket-qua``, version 1).

The shape is ours: the central system's interface is not known, so this format is documented (the JSON Schema
``exchange_schema.json`` next to this module, and the README's "Trao đổi dữ liệu" section) and versioned; a
future central interface is mapped from it. What it holds, all of it already public elsewhere in the system:

- ``units``: the current commune-level units of the province (2025 structure) with their official status from the
  register (published decisions only) and, per year with entered values, the criteria met in the self-assessment
  (as the public map shows them: self-assessed, not an official result);
- ``targets``: the targets of the plan in force (Plan 202) with the value the system measures for each, where it
  stands, and the provenance of the target.

``build()`` gives the JSON document; ``workbook(document)`` the same content as an .xlsx (one sheet per part).
``store()`` writes both to the private file storage (``open-data/``), where the public download reads them;
``scheduled_export`` (run by ``manage.py run_scheduled``) rebuilds them when older than
``NTM_OPEN_DATA_EVERY_HOURS``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ntm.assessment.map_layers import self_assessment
from ntm.assessment.models import IndicatorValue
from ntm.core.choices import StatusLevel
from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.programme.measure import Measurer
from ntm.programme.selectors.targets import current_plan, targets_of
from ntm.status.selectors import official_status_of
from ntm.units.models import AdministrativeUnit, Level, Structure

FORMAT = "ntm-ket-qua"
VERSION = "1.0"
SCHEMA_FILE = Path(__file__).resolve().parent / "exchange_schema.json"
JSON_NAME = "open-data/ntm-ket-qua.json"
XLSX_NAME = "open-data/ntm-ket-qua.xlsx"
YEARS_KEPT = 5  # the latest years with entered values that the file carries
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "confirmed": False,  # the province's choice to confirm; the open-data page says so
}


def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _units() -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(
            structure=Structure.REFORM_2025,
            level=Level.COMMUNE,
            valid_to__isnull=True,
            tree_path__startswith=f"/{Structure.REFORM_2025}/{settings.NTM_PROVINCE_CODE}/",
        ).order_by("code")
    )


def _years(units: list[AdministrativeUnit]) -> list[int]:
    this_year = timezone.localdate().year
    found = (
        IndicatorValue.objects.filter(unit__in=units, year__lte=this_year)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")[:YEARS_KEPT]
    )
    return sorted(found)


def _status(status) -> dict[str, Any] | None:
    record = status.record
    if record is None or status.level not in StatusLevel.values:
        return None
    return {
        "level": status.level,
        "label": status.label,
        "decision_number": record.decision_number,
        "decision_date": record.decision_date.isoformat(),
        "issuing_body": record.issuing_body,
        "criteria_set": record.criteria_set,
    }


def _number(value) -> float | None:
    return None if value is None else float(value)


def build(today: dt.date | None = None) -> dict[str, Any]:
    """The export document (``exchange_schema.json``), built from the register, the assessment and the plan."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        units = _units()
        statuses = official_status_of(units, today, published_only=True)
        criteria: dict[int, list[dict[str, Any]]] = {unit.pk: [] for unit in units}
        for year in _years(units):
            for unit_id, entry in self_assessment(units, year, published_only=True).items():
                criteria[unit_id].append(
                    {
                        "year": year,
                        "criteria_met": entry["criteria_met"],
                        "criteria_total": entry["criteria_total"],
                        "level_reached": entry["level"] or None,
                        "provisional": entry["provisional"],
                        "met": sorted(code for code, c in entry["by_criterion"].items() if c["met"]),
                    }
                )
        plan = current_plan(today)
        results = Measurer(today=today).results(targets_of(plan), with_trend=False) if plan else []
        return {
            "format": FORMAT,
            "version": VERSION,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "province": {
                "code": settings.NTM_PROVINCE_CODE,
                "name": settings.NTM_PROVINCE_NAME,
                "structure": Structure.REFORM_2025.value,
            },
            "licence": LICENCE,
            "units": [
                {
                    "code": unit.code,
                    "name": unit.name,
                    "unit_type": unit.unit_type,
                    "official_status": _status(statuses[unit.pk]),
                    "self_assessment": criteria[unit.pk],
                }
                for unit in units
            ],
            "plan": None
            if plan is None
            else {"code": plan.code, "name": plan.name, "year_from": plan.year_from, "year_to": plan.year_to},
            "targets": [
                {
                    "code": r.target.code,
                    "text": r.target.text,
                    "measure": r.target.measure,
                    "measure_unit": r.target.measure_unit,
                    "comparison": r.target.comparison,
                    "target_value": float(r.target.target_value),
                    "deadline": r.target.deadline.isoformat(),
                    "provenance": r.target.provenance,
                    "actual_value": _number(r.value),
                    "actual_as_of": r.as_of.isoformat() if r.as_of else None,
                    "status": r.status,
                }
                for r in results
            ],
        }


UNIT_HEADERS = [
    gettext_noop("Unit code"),
    gettext_noop("Unit"),
    gettext_noop("Type"),
    gettext_noop("Official status"),
    gettext_noop("Decision number"),
    gettext_noop("Decision date"),
    gettext_noop("Issuing body"),
]
CRITERIA_HEADERS = [
    gettext_noop("Unit code"),
    gettext_noop("Unit"),
    gettext_noop("Year"),
    gettext_noop("Criteria met"),
    gettext_noop("Criteria total"),
    gettext_noop("Level reached (self-assessed)"),
    gettext_noop("Provisional"),
    gettext_noop("Criteria met (codes)"),
]
TARGET_HEADERS = [
    gettext_noop("Code"),
    gettext_noop("Target"),
    gettext_noop("Measure"),
    gettext_noop("Unit of measure"),
    gettext_noop("Comparison"),
    gettext_noop("Target value"),
    gettext_noop("Deadline"),
    gettext_noop("Provenance"),
    gettext_noop("Measured value"),
    gettext_noop("Measured on"),
    gettext_noop("Status"),
]


def workbook(document: dict[str, Any]) -> bytes:
    """The document as an .xlsx: sheets "units", "self-assessment" and "targets", columns in the JSON's order."""
    with translation.override(settings.LANGUAGE_CODE):
        units = document["units"]
        unit_rows = [
            [
                u["code"],
                u["name"],
                u["unit_type"],
                (u["official_status"] or {}).get("label", str(_("Not yet recognised"))),
                (u["official_status"] or {}).get("decision_number", ""),
                (u["official_status"] or {}).get("decision_date", ""),
                (u["official_status"] or {}).get("issuing_body", ""),
            ]
            for u in units
        ]
        criteria_rows = [
            [
                u["code"],
                u["name"],
                a["year"],
                a["criteria_met"],
                a["criteria_total"],
                a["level_reached"] or "",
                _("yes") if a["provisional"] else _("no"),
                " ".join(a["met"]),
            ]
            for u in units
            for a in u["self_assessment"]
        ]
        target_rows = [
            [
                t["code"],
                t["text"],
                t["measure"],
                t["measure_unit"],
                t["comparison"],
                t["target_value"],
                t["deadline"],
                t["provenance"],
                t["actual_value"],
                t["actual_as_of"] or "",
                t["status"],
            ]
            for t in document["targets"]
        ]
        return workbook_bytes(
            [
                Sheet(
                    _("Units"),
                    header=[_(h) for h in UNIT_HEADERS],
                    rows=unit_rows,
                    widths=[12, 30],
                    freeze="A2",
                ),
                Sheet(
                    _("Self-assessment"),
                    header=[_(h) for h in CRITERIA_HEADERS],
                    rows=criteria_rows,
                    widths=[12, 30],
                    freeze="A2",
                ),
                Sheet(
                    _("Targets"),
                    header=[_(h) for h in TARGET_HEADERS],
                    rows=target_rows,
                    widths=[8, 60],
                    freeze="A2",
                ),
            ]
        )


def store(document: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build (unless given) and write the JSON and the .xlsx to the file storage; returns the document."""
    document = document if document is not None else build()
    data = json.dumps(document, ensure_ascii=False, indent=1).encode()
    for name, content in ((JSON_NAME, data), (XLSX_NAME, workbook(document))):
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(content))
    return document


def stored_at() -> dt.datetime | None:
    """When the stored files were built (from the JSON's ``generated_at``), or None when there are none."""
    if not default_storage.exists(JSON_NAME) or not default_storage.exists(XLSX_NAME):
        return None
    with default_storage.open(JSON_NAME, "rb") as handle:
        try:
            return dt.datetime.fromisoformat(json.load(handle)["generated_at"])
        except (ValueError, KeyError, TypeError):
            return None


def stored(name: str) -> bytes:
    """The stored file ``name`` (JSON_NAME or XLSX_NAME), built first when missing (on demand)."""
    if stored_at() is None:
        store()
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def scheduled_export(now: dt.datetime) -> str:
    """Scheduled: rebuild the stored export when it is missing or older than ``NTM_OPEN_DATA_EVERY_HOURS``."""
    built = stored_at()
    if built is not None and now - built < dt.timedelta(hours=settings.NTM_OPEN_DATA_EVERY_HOURS):
        return f"open data export is fresh (built {built:%Y-%m-%d %H:%M})"
    document = store()
    return f"open data export rebuilt: {len(document['units'])} unit(s), {len(document['targets'])} target(s)"
