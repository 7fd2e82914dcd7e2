from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from ntm.assessment import services
from ntm.assessment.models import IndicatorValue
from ntm.assessment.selectors import assessments, dashboards
from ntm.assessment.selectors.inputs import unit_context
from ntm.core.api import BoundedPagination, ErrorOut, QueryYear
from ntm.core.exceptions import ServiceError
from ntm.criteria.evaluation import evaluation_payload
from ntm.criteria.models import CriteriaSetVersion
from ntm.units.models import Structure

router = Router(tags=["assessment"])


class AssessmentQuery(Schema):
    year: QueryYear = 2025
    criteria_set: str | None = None


class ValueIn(Schema):
    value: bool | int | float
    note: str = ""


class VerificationOut(Schema):
    status: str | None
    entered_by: str | None
    entered_at: datetime | None
    verified_by: str | None
    verified_at: datetime | None
    evidence: int


class ValueOut(Schema):
    unit: str
    year: int
    criteria_set: str
    indicator: str
    value: Any
    note: str
    verification: VerificationOut


class MatrixRow(Schema):
    unit_code: str
    unit_name: str
    criteria_met: int
    criteria_total: int
    provisional: bool
    level_reached: str | None
    criteria: dict[str, bool]


def _version(query: AssessmentQuery) -> CriteriaSetVersion:
    """The set to evaluate with: 404 when there is none of that code, or when its period does not hold the year
    (nothing to evaluate: a set applies only within its period)."""
    try:
        version = assessments.set_version(query.criteria_set or assessments.default_set_code(query.year))
    except CriteriaSetVersion.DoesNotExist:
        raise Http404 from None
    if not version.year_from <= query.year <= version.year_to:
        raise Http404
    return version


def _verification(value) -> dict:
    if value is None:
        return {
            "status": None,
            "entered_by": None,
            "entered_at": None,
            "verified_by": None,
            "verified_at": None,
            "evidence": 0,
        }
    return {
        "status": value.status,
        "entered_by": str(value.entered_by) if value.entered_by_id else None,
        "entered_at": value.entered_at,
        "verified_by": str(value.verified_by) if value.verified_by_id else None,
        "verified_at": value.verified_at,
        "evidence": sum(1 for e in value.evidence.all() if e.is_active),
    }


@router.get(
    "/units/{structure}/{code}/assessment",
    response={200: dict, 404: ErrorOut},
    summary="A unit's values, statuses and verification for a year and set (scoped)",
)
def unit_assessment(request, structure: Structure, code: str, query: Query[AssessmentQuery]):
    unit = assessments.unit_for_view(request.auth, structure, code)
    version = _version(query)
    assessment = assessments.assess_units([unit], query.year, version)[0]
    payload = evaluation_payload(
        version,
        assessment.criteria_set,
        assessment.evaluation,
        unit_context(assessment.attributes, assessment.official_level),
    )
    stored = {
        v.indicator_code: v
        for v in IndicatorValue.objects.filter(pk__in=[v.pk for v in assessment.stored.values()])
        .select_related("entered_by", "verified_by")
        .prefetch_related("evidence")
    }
    for item in payload["indicators"]:
        item["verification"] = _verification(stored.get(item["code"]))
        item["computed_by"] = assessment.computed_sources.get(item["code"])
    payload.update(
        unit={"structure": unit.structure, "code": unit.code, "name": unit.name},
        year=query.year,
        self_assessed=True,
        official_status=assessment.official_level,
    )
    return payload


@router.put(
    "/units/{structure}/{code}/assessment/{indicator}",
    response={200: ValueOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Enter or change one value (commune officers of the unit, province coordinators)",
)
def put_value(
    request, structure: Structure, code: str, indicator: str, payload: ValueIn, query: Query[AssessmentQuery]
):
    unit = assessments.unit_for_view(request.auth, structure, code)
    if not assessments.can_enter(request.auth, unit):
        raise PermissionDenied(
            _("Only the commune's officers and the province Coordination Office may enter indicator values.")
        )
    version = _version(query)
    try:
        value = services.value_set(
            unit=unit,
            year=query.year,
            set_code=version.code,
            indicator_code=indicator,
            value=payload.value,
            note=payload.note,
            actor=request.auth,
        )
    except ServiceError as exc:
        return Status(422, {"error": exc.message, "detail": {"indicator": indicator, "problems": exc.detail}})
    return {
        "unit": unit.code,
        "year": value.year,
        "criteria_set": value.set_code,
        "indicator": indicator,
        "value": value.value,
        "note": value.note,
        "verification": _verification(value),
    }


@router.get(
    "/assessment/matrix",
    response={200: list[MatrixRow], 403: ErrorOut, 404: ErrorOut},
    summary="Units by criteria: criteria met (self-assessed) for a year and set (the dashboards' roles, scoped)",
)
@paginate(BoundedPagination)
def matrix(request, query: Query[AssessmentQuery]):
    units = dashboards.dashboard_units(request.auth)  # 403 for a role without the dashboards, as the page
    version = _version(query)
    rows = []
    for assessment in assessments.assess_units(units, query.year, version):
        evaluation = assessment.evaluation
        rows.append(
            {
                "unit_code": assessment.unit.code,
                "unit_name": assessment.unit.name,
                "criteria_met": evaluation.criteria_met,
                "criteria_total": evaluation.criteria_total,
                "provisional": evaluation.provisional,
                "level_reached": evaluation.level_reached,
                "criteria": {c.code: c.met for c in evaluation.criteria},
            }
        )
    return rows
