"""Feedback API. Public: what a tracking code's item says now — the code goes in the JSON body, never in the URL
(like the survey slip's token), under the same per-address rate limit as the status page. Scoped: the inbox of the
officers (area ``feedback``, the units of their scope), without the citizen's contact or photo."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from ntm.core import ratelimit
from ntm.core.api import BoundedPagination, ErrorOut
from ntm.core.clientip import client_ip
from ntm.core.permissions import FEEDBACK, require_area
from ntm.feedback import selectors
from ntm.feedback.models import Feedback, FeedbackState
from ntm.feedback.views import LOOKUP_LIMIT, LOOKUP_WINDOW

router = Router(tags=["feedback"])


class CodeIn(Schema):
    code: str


class StatusOut(Schema):
    category: str
    category_label: str
    unit_name: str
    hamlet: str | None
    text: str
    state: str
    state_label: str
    submitted_on: date
    due_on: date
    overdue: bool
    answer: str
    answered_on: date | None


def _overdue(item: Feedback, today: date) -> bool:
    return item.state == FeedbackState.NEW and item.due_on < today


# The status page's limits and counter (ntm.feedback.views): one budget for a citizen's look-ups, page and API.
@router.post(
    "/status",
    auth=None,
    response={200: StatusOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="What a tracking code's feedback says now (public; the code goes in the body)",
)
def status(request, payload: CodeIn):
    """The state and the commune's answer of the feedback whose tracking code (``PA-XXXX-XXXX-XXXX``, any case,
    dashes and spaces optional) is posted. 404 for an unknown or malformed code; 429 after too many look-ups."""
    if not ratelimit.hit("feedback-code", client_ip(request), limit=LOOKUP_LIMIT, window=LOOKUP_WINDOW):
        return Status(429, {"error": _("Too many attempts; try again in about 10 minutes."), "detail": None})
    item = selectors.by_code(payload.code)
    if item is None:
        return Status(
            404, {"error": _("No feedback has this code. Check the code on your note."), "detail": None}
        )
    today = timezone.localdate()
    return {
        "category": item.category,
        "category_label": item.get_category_display(),
        "unit_name": item.unit.name,
        "hamlet": item.hamlet.name if item.hamlet_id else None,
        "text": item.text,
        "state": item.state,
        "state_label": item.get_state_display(),
        "submitted_on": timezone.localtime(item.submitted_at).date(),
        "due_on": item.due_on,
        "overdue": _overdue(item, today),
        "answer": item.answer,
        "answered_on": timezone.localtime(item.answered_at).date() if item.answered_at else None,
    }


class InboxItemOut(Schema):
    id: int
    category: str
    unit_code: str
    unit_name: str
    hamlet: str | None
    text: str
    has_photo: bool
    latitude: float | None
    longitude: float | None
    state: str
    submitted_at: datetime
    due_on: date
    overdue: bool
    escalated_at: datetime | None
    answer: str
    answered_at: datetime | None


class InboxFilterIn(Schema):
    state: str | None = None
    overdue: bool = False


@router.get(
    "/inbox",
    response={200: list[InboxItemOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Feedback in the caller's scope (officers of the feedback area); overdue: still waiting, past due",
)
@paginate(BoundedPagination)
def inbox(request, filters: Query[InboxFilterIn]):
    require_area(request.auth, FEEDBACK)
    today = timezone.localdate()
    items = selectors.inbox(request.auth, state=filters.state or "", overdue=filters.overdue, today=today)
    return [
        {
            "id": item.pk,
            "category": item.category,
            "unit_code": item.unit.code,
            "unit_name": item.unit.name,
            "hamlet": item.hamlet.name if item.hamlet_id else None,
            "text": item.text,
            "has_photo": bool(item.photo),
            "latitude": float(item.latitude) if item.latitude is not None else None,
            "longitude": float(item.longitude) if item.longitude is not None else None,
            "state": item.state,
            "submitted_at": item.submitted_at,
            "due_on": item.due_on,
            "overdue": _overdue(item, today),
            "escalated_at": item.escalated_at,
            "answer": item.answer,
            "answered_at": item.answered_at,
        }
        for item in items[:5000]
    ]
