import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination, QueryYear, refuses
from ntm.legal.api import CitedSourceOut, cited_sources_out
from ntm.programme.measure import Measurer, TargetResult
from ntm.programme.models import (
    Cooperative,
    LinkageModel,
    Manager,
    OnlineService,
    PilotModel,
    TrainingCourse,
)
from ntm.programme.selectors import access as selectors_access
from ntm.programme.selectors import registries as selectors_registries
from ntm.programme.selectors import reports as selectors_reports
from ntm.programme.selectors import targets as selectors_targets

router = Router(tags=["programme"])


class TargetOut(Schema):
    id: int
    plan: str
    code: str
    section: str
    quote: str
    text: str
    measure: str
    measure_unit: str
    comparison: str
    target_value: Decimal
    deadline: dt.date
    method: str
    basis: dict[str, Any]
    numerator: int | None
    denominator: int | None
    value: float | None
    status: str
    status_label: str
    denominator_label: str
    warnings: list[str]
    provenance: str
    source: str
    sources: list[CitedSourceOut]
    reference: str


class LineOut(Schema):
    label: str
    status: str
    counted: bool
    derived: bool
    detail: str
    records: list[str]


class TrendOut(Schema):
    label: str
    value: float | None
    numerator: int | None
    denominator: int | None


class TargetDetailOut(TargetOut):
    lines: list[LineOut]
    trend: list[TrendOut]


def _target(result: TargetResult) -> dict[str, Any]:
    target, actual = result.target, result.actual
    return {
        "id": target.pk,
        "plan": target.plan.code,
        "code": target.code,
        "section": target.section,
        "quote": target.quote,
        "text": target.text,
        "measure": target.measure,
        "measure_unit": target.measure_unit,
        "comparison": target.comparison,
        "target_value": target.target_value,
        "deadline": target.deadline,
        "method": target.method,
        "basis": {
            "structure": target.basis_structure,
            "province": target.basis_province,
            "level": target.basis_level,
            "unit_types": target.basis_unit_types,
            "as_of": target.basis_as_of.isoformat(),
            "why": target.basis_note,
        },
        "numerator": actual.numerator if actual else None,
        "denominator": actual.denominator if actual else None,
        "value": result.value,
        "status": result.status,
        "status_label": result.status_label,
        "denominator_label": result.denominator_label,
        "warnings": result.warnings,
        "provenance": target.provenance,
        "source": target.source,
        "sources": cited_sources_out(target.source),
        "reference": target.reference,
    }


@router.get("/targets", response=list[TargetOut], openapi_extra=refuses(404))
@paginate(BoundedPagination)
def list_targets(request, plan: str | None = None):
    """Every active target of the current plan (or ``?plan=<code>``) with its actual computed from the system."""
    selectors_access.require_progress_reader(request.auth)
    found = (
        selectors_targets.current_plan()
        if not plan
        else next((p for p in selectors_targets.plans() if p.code == plan), None)
    )
    if found is None:
        raise Http404
    return [_target(r) for r in Measurer().results(selectors_targets.targets_of(found), with_trend=False)]


@router.get("/targets/{target_id}", response=TargetDetailOut)
def get_target(request, target_id: int):
    """One target with the units and records behind its number, and its trend."""
    target = selectors_targets.target_for_view(request.auth, target_id)
    result = Measurer().result(target)
    data = _target(result)
    data["lines"] = [
        {
            "label": line.label,
            "status": line.status,
            "counted": line.counted,
            "derived": line.derived,
            "detail": line.detail,
            "records": list(line.records),
        }
        for line in (result.actual.lines if result.actual else ())
    ]
    data["trend"] = [
        {"label": p.label, "value": p.value, "numerator": p.numerator, "denominator": p.denominator}
        for p in result.trend
    ]
    return data


class RegistryFilterIn(Schema):
    q: str | None = None
    unit: str | None = None
    active: bool | None = None
    uses_digital: bool | None = None
    key_product: str | None = None
    digital: bool | None = None
    field: str | None = None
    has_feedback: bool | None = None
    level: str | None = None
    is_active: bool | None = None
    trained: bool | None = None
    year: QueryYear | None = None
    kind: str | None = None
    status: str | None = None


class ProgrammeUnitRef(Schema):
    structure: str
    code: str
    name: str


class CooperativeOut(Schema):
    id: int
    unit: ProgrammeUnitRef
    name: str
    key_products: str
    members: int | None
    established_on: dt.date | None
    dissolved_on: dt.date | None
    uses_digital: bool
    digital_note: str


class LinkageModelOut(Schema):
    id: int
    unit: ProgrammeUnitRef
    name: str
    key_product: str
    cooperative_id: int | None
    partner: str
    raw_material_area: str
    growing_area_codes: list[str] = Field(
        description="Codes of the traceability growing areas the model points to (areas with an issued code)."
    )
    digital_technology: str
    digital_raw_material_area: bool
    uses_digital_area: bool
    started_on: dt.date | None
    ended_on: dt.date | None

    @staticmethod
    def resolve_growing_area_codes(obj) -> list[str]:
        return [area.code for area in obj.growing_areas.all()]


class OnlineServiceOut(Schema):
    id: int
    unit: ProgrammeUnitRef
    field: str
    name: str
    url: str
    started_on: dt.date
    ended_on: dt.date | None
    feedback_campaign_id: int | None


class ManagerOut(Schema):
    id: int
    unit: ProgrammeUnitRef
    full_name: str
    position: str
    is_active: bool
    completed_courses: int


class TrainingCourseOut(Schema):
    id: int
    unit: ProgrammeUnitRef
    title: str
    organiser: str
    topic: str
    audience: str
    starts_on: dt.date
    ends_on: dt.date
    attendee_count: int
    completed_count: int


class PilotOut(Schema):
    id: int
    kind: str
    unit: ProgrammeUnitRef
    name: str
    field: str
    status: str
    approval_number: str
    approval_date: dt.date | None
    provenance: str
    source: str


def _rows(request, model, filters: RegistryFilterIn):
    rows, _filterset = selectors_registries.registry_rows(
        request.auth, model, filters.dict(exclude_none=True)
    )
    return rows


@router.get("/cooperatives", response=list[CooperativeOut])
@paginate(BoundedPagination)
def list_cooperatives(request, filters: Query[RegistryFilterIn]):
    return _rows(request, Cooperative, filters)


@router.get("/linkage-models", response=list[LinkageModelOut])
@paginate(BoundedPagination)
def list_linkage_models(request, filters: Query[RegistryFilterIn]):
    return _rows(request, LinkageModel, filters)


@router.get("/online-services", response=list[OnlineServiceOut])
@paginate(BoundedPagination)
def list_online_services(request, filters: Query[RegistryFilterIn]):
    return _rows(request, OnlineService, filters)


@router.get("/managers", response=list[ManagerOut])
@paginate(BoundedPagination)
def list_managers(request, filters: Query[RegistryFilterIn]):
    return _rows(request, Manager, filters)


@router.get("/training-courses", response=list[TrainingCourseOut])
@paginate(BoundedPagination)
def list_training_courses(request, filters: Query[RegistryFilterIn]):
    return _rows(request, TrainingCourse, filters)


@router.get("/pilots", response=list[PilotOut])
@paginate(BoundedPagination)
def list_pilots(request, filters: Query[RegistryFilterIn]):
    return _rows(request, PilotModel, filters)


class ReporterStatusOut(Schema):
    reporter: str
    kind: str
    unit_code: str
    state: str
    submitted_at: dt.datetime | None
    is_late: bool
    reminders: int
    report_id: int | None


class CycleOut(Schema):
    id: int
    kind: str
    year: int
    period: str
    due_on: dt.date
    opens_on: dt.date
    closes_on: dt.date
    state: str
    expected: int | None
    submitted: int | None
    reporters: list[ReporterStatusOut]


def _cycle(request, cycle, *, with_rows: bool) -> dict[str, Any]:
    user = request.auth
    if selectors_reports.can_follow_cycles(user):
        rows = selectors_reports.cycle_status(cycle)
        statuses = [
            {
                "reporter": row.reporter.name,
                "kind": "department" if row.reporter.is_department else "locality",
                "unit_code": "",
                "state": row.report.state if row.report else "missing",
                "submitted_at": row.report.submitted_at if row.report else None,
                "is_late": bool(row.report and row.report.is_late),
                "reminders": row.reminders,
                "report_id": row.report.pk if row.report else None,
            }
            for row in rows
        ]
        expected, submitted = len(rows), sum(1 for s in statuses if s["state"] == "submitted")
    else:
        statuses = [
            {
                "reporter": mine.reporter.name,
                "kind": "department" if mine.reporter.is_department else "locality",
                "unit_code": "",
                "state": mine.report.state if mine.report else "missing",
                "submitted_at": mine.report.submitted_at if mine.report else None,
                "is_late": bool(mine.report and mine.report.is_late),
                "reminders": len(mine.reminders),
                "report_id": mine.report.pk if mine.report else None,
            }
            for mine in selectors_reports.my_reports(user, cycle)
        ]
        expected = submitted = None
    return {
        "id": cycle.pk,
        "kind": cycle.kind,
        "year": cycle.year,
        "period": cycle.period_label,
        "due_on": cycle.due_on,
        "opens_on": cycle.opens_on,
        "closes_on": cycle.closes_on,
        "state": cycle.state,
        "expected": expected,
        "submitted": submitted,
        "reporters": statuses if with_rows else [],
    }


@router.get("/cycles", response=list[CycleOut])
@paginate(BoundedPagination)
def list_cycles(request):
    """Report cycles with submission counts (coordinator, auditor) or the caller's own reports' states."""
    return [
        _cycle(request, cycle, with_rows=not selectors_reports.can_follow_cycles(request.auth))
        for cycle in selectors_reports.cycles_for(request.auth)
    ]


@router.get("/cycles/{cycle_id}", response=CycleOut)
def get_cycle(request, cycle_id: int):
    """A cycle with the state of every reporter (coordinator, auditor) or of the caller's own reports."""
    cycle = selectors_reports.cycle_for_view(request.auth, cycle_id)
    return _cycle(request, cycle, with_rows=True)
