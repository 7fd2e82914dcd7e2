"""What a dossier shows of the unit-year's values and evaluation: the snapshot frozen on submission, or (before
submission) the live evaluation computed by the engine from the current values."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import override

from ntm.assessment.models import Evidence
from ntm.assessment.selectors.assessments import UnitAssessment, assess_units
from ntm.criteria.engine import Evaluation, format_number
from ntm.criteria.setfile import CriteriaSet
from ntm.recognition.models import Dossier


def value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Đạt" if value else "Không"
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


def evaluation_record(evaluation: Evaluation, criteria_set: CriteriaSet) -> dict[str, Any]:
    """``Evaluation.to_dict()`` with, per indicator, the requirement and the value as text (for pages and
    documents that must read the same after the set changes)."""
    data = evaluation.to_dict()
    for group in (*data["conditions"], *data["criteria"]):
        for item in group["indicators"]:
            result = evaluation.indicator(item["code"])
            indicator = criteria_set.find_indicator(item["code"])
            unit = indicator.measure_unit if indicator is not None else ""
            item["measure_unit"] = unit
            item["requirement"] = result.threshold.describe(unit) if result.threshold is not None else "—"
            item["value_text"] = value_text(result.value)
    return data


def build_snapshot(dossier: Dossier) -> dict[str, Any]:
    """The unit-year's values (with their status and evidence list) and the evaluation, as of now.

    Built in Vietnamese whatever the acting user's language: the engine's explanations are frozen into the
    dossier and feed the Decree 30 documents."""
    with override("vi"):
        version = dossier.criteria_version
        assessment = assess_units([dossier.unit], dossier.year, version)[0]
        return _snapshot(dossier, assessment)


def _snapshot(dossier: Dossier, assessment: UnitAssessment) -> dict[str, Any]:
    stored = assessment.stored
    evidence: dict[int, list[dict]] = {}
    for item in Evidence.objects.filter(value__in=list(stored.values()), is_active=True).order_by("id"):
        evidence.setdefault(item.value_id, []).append(
            {"id": item.pk, "name": item.original_name, "size": item.size, "mime": item.mime_type}
        )
    values = [
        {
            "code": code,
            "value": value.value,
            "note": value.note,
            "status": value.status,
            "department": value.department,
            "entered_at": value.entered_at.isoformat() if value.entered_at else None,
            "verified_at": value.verified_at.isoformat() if value.verified_at else None,
            "evidence": evidence.get(value.pk, []),
        }
        for code, value in sorted(stored.items())
    ]
    version = assessment.version
    return {
        "taken_at": timezone.now().isoformat(),
        "unit": {"code": dossier.unit.code, "name": dossier.unit.name, "structure": dossier.unit.structure},
        "year": dossier.year,
        "set": {"ref": version.ref, "name": version.name, "legal_source": version.legal_source},
        "official_level": assessment.official_level,
        "values": values,
        "computed": {code: value_text(value) for code, value in assessment.computed.items()},
        "evaluation": evaluation_record(assessment.evaluation, assessment.criteria_set),
        "survey": dossier.survey_result,
    }


def dossier_evaluation(dossier: Dossier) -> tuple[dict[str, Any], bool]:
    """``(evaluation record, frozen)``: the snapshot's once submitted, else the live evaluation."""
    if dossier.snapshot:
        return dossier.snapshot["evaluation"], True
    return build_snapshot(dossier)["evaluation"], False
