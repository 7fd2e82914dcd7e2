"""API of criteria sets: the list and one version (public, like the pages), and the evaluation (signed in).

Mounted once at the API root, so the paths are ``/api/v1/criteria-sets``, ``/api/v1/criteria-sets/<code>[@version]``
and ``/api/v1/evaluate``.
"""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool, StrictInt

from ntm.core.api import BoundedPagination, ErrorOut, FieldErrorOut, QueryYear
from ntm.core.choices import ProvenanceStatus
from ntm.criteria import selectors
from ntm.criteria.engine import InvalidValuesError, UnitContext
from ntm.criteria.evaluation import evaluate_version, evaluation_payload
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.presenters import describe_requirement
from ntm.criteria.setfile import Criterion, Indicator, Provenance, ThresholdRule
from ntm.legal.api import CitedSourceOut, cited_sources_out

router = Router(tags=["criteria"])

Number = int | float


class ProvenanceOut(Schema):
    status: str
    label: str
    source: str
    sources: list[CitedSourceOut]
    note: str


class CountsOut(Schema):
    criteria: int
    conditions: int
    indicators: int
    thresholds: dict[str, int]
    without_rule: int
    unconfirmed: int
    missing: int


class SetSummaryOut(Schema):
    code: str
    version: int
    ref: str
    name: str
    subject: str
    grants_level: str
    year_from: int
    year_to: int
    legal_source: str
    is_frozen: bool
    created_at: datetime
    source: str
    change_note: str
    counts: CountsOut


class ThresholdOut(Schema):
    region: str | None
    group: int | None
    year: int | None
    disadvantaged: bool
    value: Number | None
    min: Number | None
    max: Number | None
    expected: bool | None
    levels: list[str]
    ref_set: str | None
    ref_indicator: str | None
    factor: Number | None
    text: str
    provenance: ProvenanceOut


class DepartmentOut(Schema):
    code: str
    name: str | None
    provenance: ProvenanceOut


class IndicatorOut(Schema):
    code: str
    name: str
    measure_unit: str
    kind: str
    op: str | None
    legal_source: str
    applies_if: str | None
    derive: str | None
    derive_levels: list[str]
    provenance: ProvenanceOut
    department: DepartmentOut
    thresholds: list[ThresholdOut]


class CriterionOut(Schema):
    code: str
    name: str
    group: str
    key: bool
    provenance: ProvenanceOut
    indicators: list[IndicatorOut]


class VersionOut(Schema):
    version: int
    ref: str
    created_at: datetime
    created_by: str | None
    source: str
    change_note: str
    is_frozen: bool


class SetDetailOut(SetSummaryOut):
    content_hash: str
    is_latest: bool
    provenance: ProvenanceOut
    disadvantaged_region: str | None
    regions: dict[str, str]
    groups: dict[str, str]
    flags: dict[str, str]
    conditions: list[CriterionOut]
    criteria: list[CriterionOut]
    history: list[VersionOut]


class SetQuery(Schema):
    q: str | None = None
    subject: str | None = None
    year: QueryYear | None = None


def _provenance(provenance: Provenance) -> dict[str, str]:
    status = provenance.status
    label = ProvenanceStatus(status).label if status in ProvenanceStatus.values else status
    return {
        "status": status,
        "label": str(label),
        "source": provenance.source,
        "sources": cited_sources_out(provenance.source),
        "note": provenance.note,
    }


def _threshold(indicator: Indicator, rule: ThresholdRule) -> dict[str, Any]:
    return {
        "region": rule.region,
        "group": rule.group,
        "year": rule.year,
        "disadvantaged": rule.disadvantaged,
        "value": rule.value,
        "min": rule.min,
        "max": rule.max,
        "expected": rule.expected,
        "levels": list(rule.levels),
        "ref_set": rule.ref_set,
        "ref_indicator": rule.ref_indicator,
        "factor": rule.factor,
        "text": describe_requirement(indicator, rule),
        "provenance": _provenance(rule.provenance),
    }


def _indicator(indicator: Indicator, departments: dict[str, str]) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "measure_unit": indicator.measure_unit,
        "kind": indicator.kind,
        "op": indicator.op,
        "legal_source": indicator.legal_source,
        "applies_if": indicator.applies_if,
        "derive": indicator.derive,
        "derive_levels": list(indicator.derive_levels),
        "provenance": _provenance(indicator.provenance),
        "department": {
            "code": indicator.department.code,
            "name": departments.get(indicator.department.code),
            "provenance": _provenance(indicator.department.provenance),
        },
        "thresholds": [_threshold(indicator, rule) for rule in indicator.thresholds],
    }


def _group(group: Criterion, departments: dict[str, str]) -> dict[str, Any]:
    return {
        "code": group.code,
        "name": group.name,
        "group": group.group,
        "key": group.key,
        "provenance": _provenance(group.provenance),
        "indicators": [_indicator(indicator, departments) for indicator in group.indicators],
    }


def _version(version: CriteriaSetVersion) -> dict[str, Any]:
    return {
        "version": version.version,
        "ref": version.ref,
        "created_at": version.created_at,
        "created_by": str(version.created_by) if version.created_by_id else None,
        "source": version.source,
        "change_note": version.change_note,
        "is_frozen": version.is_frozen,
    }


@router.get(
    "/criteria-sets",
    response=list[SetSummaryOut],
    auth=None,
    summary="List criteria sets, latest version of each (public)",
)
@paginate(BoundedPagination)
def list_sets(request, filters: Query[SetQuery]):
    versions, _filter = selectors.criteria_sets_latest(filters.dict(exclude_none=True))
    return versions


@router.get(
    "/criteria-sets/{ref}",
    response={200: SetDetailOut, 404: ErrorOut},
    auth=None,
    summary="One criteria set: the latest version, or code@version (public)",
)
def get_set(request, ref: str):
    version = selectors.criteria_set_version(ref)
    criteria_set = version.criteria_set()
    history = list(selectors.criteria_set_history(version.code))
    departments = selectors.department_names(
        indicator.department.code for _group, indicator in criteria_set.iter_indicators()
    )
    return {
        **SetSummaryOut.from_orm(version).dict(),
        "content_hash": version.content_hash,
        "is_latest": bool(history) and history[0].pk == version.pk,
        "provenance": _provenance(criteria_set.provenance),
        "disadvantaged_region": criteria_set.disadvantaged_region,
        "regions": criteria_set.regions,
        "groups": {str(number): label for number, label in criteria_set.groups.items()},
        "flags": criteria_set.flags,
        "conditions": [_group(group, departments) for group in criteria_set.conditions],
        "criteria": [_group(group, departments) for group in criteria_set.criteria],
        "history": [_version(item) for item in history],
    }


class ContextIn(Schema):
    region: str | None = None
    commune_group: StrictInt | None = None
    disadvantaged: StrictBool = False
    flags: dict[str, StrictBool] = {}
    official_level: str | None = None


class EvaluateIn(Schema):
    criteria_set: str
    year: StrictInt
    context: ContextIn = ContextIn()
    values: dict[str, Any] = {}
    district_inputs: dict[str, Any] | None = None


class AppliedThresholdOut(Schema):
    op: str
    value: Number | None
    min: Number | None
    max: Number | None
    expected: bool | None
    levels: list[str]
    selected_by: str
    region: str | None
    year: int | None
    group: int | None
    text: str


class EvaluatedProvenanceOut(Schema):
    status: str
    source: str
    note: str


class EvaluatedIndicatorOut(Schema):
    code: str
    criterion: str
    status: str
    reason: str
    threshold: AppliedThresholdOut | None
    value: Any
    provisional: bool
    provenance: EvaluatedProvenanceOut | None


class EvaluatedGroupOut(Schema):
    code: str
    met: bool
    provisional: bool


class EvaluateOut(Schema):
    criteria_set: str
    year: int
    indicators: list[EvaluatedIndicatorOut]
    criteria: list[EvaluatedGroupOut]
    conditions: list[EvaluatedGroupOut]
    criteria_met: int
    criteria_total: int
    level: str | None
    provisional: bool
    revocation_risk: bool


class ProblemOut(Schema):
    indicator: str
    message: str


class InvalidValuesOut(Schema):
    """422: values the set refuses (``ProblemOut`` per indicator), or a body that does not match the schema."""

    error: str
    detail: list[ProblemOut] | list[FieldErrorOut]


@router.post(
    "/evaluate",
    response={200: EvaluateOut, 404: ErrorOut, 422: InvalidValuesOut},
    summary="Evaluate indicator values against a criteria set (self-assessment, nothing is stored)",
)
def evaluate_values(request, payload: EvaluateIn):
    version = selectors.criteria_set_version(payload.criteria_set)
    context = payload.context
    unit = UnitContext(
        region=context.region,
        commune_group=context.commune_group,
        disadvantaged=context.disadvantaged,
        flags=context.flags,
        official_level=context.official_level,
    )
    try:
        criteria_set, evaluation = evaluate_version(
            version,
            year=payload.year,
            unit=unit,
            values=payload.values,
            district_inputs=payload.district_inputs,
        )
    except InvalidValuesError as exc:
        problems = [{"indicator": problem.code, "message": problem.message} for problem in exc.problems]
        return Status(
            422,
            {
                "error": _("Invalid data: %(problems)s")
                % {"problems": "; ".join(p["message"] for p in problems)},
                "detail": problems,
            },
        )
    return evaluation_payload(version, criteria_set, evaluation, unit)
