from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination, ErrorOut
from ntm.recognition import selectors
from ntm.recognition.services import dossiers
from ntm.recognition.services.procedures import effective_procedure

router = Router(tags=["dossiers"])


class DossierOut(Schema):
    id: int
    unit_code: str
    unit_name: str
    kind: str
    target_level: str
    year: int
    criteria_set: str
    procedure: str
    state: str
    is_open: bool
    outcome: str
    due_at: datetime | None
    submitted_at: datetime | None
    decision_number: str
    status_record: int | None
    created_at: datetime

    @staticmethod
    def resolve_unit_code(obj) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_criteria_set(obj) -> str:
        return obj.criteria_version.ref

    @staticmethod
    def resolve_procedure(obj) -> str:
        return obj.procedure.ref

    @staticmethod
    def resolve_status_record(obj) -> int | None:
        return obj.status_record_id


class EventOut(Schema):
    kind: str
    action: str
    from_state: str
    to_state: str
    actor: str | None
    comment: str
    at: datetime


class DocumentOut(Schema):
    id: int
    step: str
    code: str
    name: str
    file_name: str
    size: int
    generated: bool
    active: bool


class ReasonOut(Schema):
    id: int
    criterion: str
    reason: str
    answer: str
    answered_at: datetime | None


class StepOut(Schema):
    code: str
    name: str
    roles: list[str]
    terminal: bool
    unclear: bool


class DossierDetailOut(DossierOut):
    step_name: str
    waiting_on: list[str]
    actions: list[str]
    decision_date: date | None
    steps: list[StepOut]
    documents: list[DocumentOut]
    events: list[EventOut]
    return_reasons: list[ReasonOut]
    snapshot: dict[str, Any] | None

    @staticmethod
    def resolve_documents(obj) -> list:
        return obj.documents_out

    @staticmethod
    def resolve_events(obj) -> list:
        return obj.events_out

    @staticmethod
    def resolve_return_reasons(obj) -> list:
        return obj.return_reasons_out


class DossierFilterIn(Schema):
    q: str | None = None
    unit: str | None = None
    kind: str | None = None
    year: int | None = None
    state: str | None = None
    is_open: bool | None = None
    overdue: bool | None = None


class TransitionIn(Schema):
    action: str
    expected_state: str
    comment: str = ""
    reasons: list[dict[str, str]] = []


class TransitionOut(Schema):
    id: int
    state: str
    is_open: bool
    outcome: str


@router.get("", response=list[DossierOut], summary="Dossiers in the user's scope")
@paginate(BoundedPagination)
def list_dossiers(request, filters: Query[DossierFilterIn]):
    records, _filter = selectors.dossiers_for(request.auth, filters.dict(exclude_none=True))
    return records


def _detail(user, dossier):
    """The dossier with what the detail answer adds (set as attributes, so the list resolvers still apply)."""
    procedure = effective_procedure(dossier.procedure)
    step = procedure.step(dossier.state)
    dossier.step_name = step.name
    dossier.waiting_on = [] if step.terminal else list(step.all_roles)
    dossier.actions = list(selectors.user_actions(user, dossier, procedure))
    dossier.steps = [
        {
            "code": s.code,
            "name": s.name,
            "roles": list(s.all_roles),
            "terminal": s.terminal,
            "unclear": s.unclear,
        }
        for s in procedure.steps
    ]
    dossier.documents_out = [
        {
            "id": d.pk,
            "step": d.step_code,
            "code": d.code,
            "name": d.name,
            "file_name": d.original_name,
            "size": d.size,
            "generated": d.generated,
            "active": d.is_active,
        }
        for d in dossier.documents.order_by("uploaded_at", "id")
    ]
    dossier.events_out = [
        {
            "kind": e.kind,
            "action": e.action,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "actor": str(e.actor) if e.actor_id else None,
            "comment": e.comment,
            "at": e.at,
        }
        for e in dossier.events.select_related("actor").order_by("at", "id")
    ]
    dossier.return_reasons_out = [
        {
            "id": r.pk,
            "criterion": r.criterion,
            "reason": r.reason,
            "answer": r.answer,
            "answered_at": r.answered_at,
        }
        for r in dossier.return_reasons.order_by("id")
    ]
    return dossier


@router.get("/{dossier_id}", response={200: DossierDetailOut, 404: ErrorOut}, summary="One dossier (scoped)")
def get_dossier(request, dossier_id: int):
    return _detail(request.auth, selectors.dossier_for_view(request.auth, dossier_id))


@router.post(
    "/{dossier_id}/transitions",
    response={200: TransitionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Take an action on the dossier if it is still in expected_state",
)
def transition(request, dossier_id: int, payload: TransitionIn):
    """403: the role may not take the action; 409: the state is not ``expected_state`` or forbids the action
    (the answer's ``detail`` has ``expected_state`` and ``actual_state``); 400: a check failed (missing documents,
    posting rule, survey, council vote, unanswered returns)."""
    dossier = selectors.dossier_for_view(request.auth, dossier_id)
    if not selectors.may_act_on_dossier(request.auth, dossier):
        raise PermissionDenied(_("Your role does not act on this dossier."))
    moved = dossiers.dossier_transition(
        dossier_id=dossier.pk,
        action=payload.action,
        expected_state=payload.expected_state,
        comment=payload.comment,
        reasons=[dossiers.Reason(r.get("criterion", ""), r.get("reason", "")) for r in payload.reasons],
        actor=request.auth,
    )
    return {"id": moved.pk, "state": moved.state, "is_open": moved.is_open, "outcome": moved.outcome}
