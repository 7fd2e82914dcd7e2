from datetime import date
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination, ErrorOut
from ntm.core.exceptions import ServiceError
from ntm.surveys import ratelimit
from ntm.surveys.models import Campaign
from ntm.surveys.selectors import campaign_for, campaigns_for, results_of
from ntm.surveys.services.answers import (
    CampaignNotOpen,
    TokenUnknown,
    TokenUsed,
    answer_allowed,
    answer_submit,
    household_by_token,
    questions_of,
)
from ntm.surveys.stats import GroupResult

router = Router(tags=["surveys"])


class CampaignOut(Schema):
    id: int
    title: str
    unit_code: str
    unit_name: str
    purpose: str
    recognition_level: str
    service_name: str
    year: int
    status: str
    opens_on: date
    closes_on: date
    questionnaire: str

    @staticmethod
    def resolve_unit_code(obj) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_questionnaire(obj) -> str:
        return f"{obj.questionnaire.code} v{obj.questionnaire.version}"


class CampaignFilterIn(Schema):
    q: str | None = None
    status: str | None = None
    purpose: str | None = None
    year: int | None = None


@router.get("/campaigns", response=list[CampaignOut])
@paginate(BoundedPagination)
def list_campaigns(request, filters: Query[CampaignFilterIn]):
    campaigns, _filter = campaigns_for(request.auth, filters.dict(exclude_none=True))
    return campaigns


class ContentOut(Schema):
    key: str
    text: str
    satisfied: int
    answered: int
    percent: float | None
    met: bool | None


class GroupOut(Schema):
    key: str
    name: str
    households: int
    answers: int
    coverage_percent: float | None
    coverage_met: bool | None
    suppressed: bool
    overall_percent: float | None = None
    overall_met: bool | None = None
    contents_met: bool | None = None
    contents: list[ContentOut] = []


class SurveyThresholdOut(Schema):
    value: float | None
    provenance: str
    source: str


class ResultsOut(Schema):
    campaign_id: int
    title: str
    unit_code: str
    unit_name: str
    status: str
    frozen: bool
    online: int
    paper: int
    min_group: int
    thresholds: dict[str, SurveyThresholdOut]
    commune: GroupOut
    hamlets: list[GroupOut]


def _group(group: GroupResult, texts: dict[str, str]) -> dict:
    data = {
        "key": group.key,
        "name": group.name,
        "households": group.households,
        "answers": group.answers,
        "coverage_percent": group.coverage.percent,
        "coverage_met": group.coverage_met,
        "suppressed": group.suppressed,
    }
    if not group.suppressed:
        data.update(
            overall_percent=group.overall.percent,
            overall_met=group.overall_met,
            contents_met=group.contents_met,
            contents=[
                {
                    "key": c.key,
                    "text": texts.get(c.key, c.key),
                    "satisfied": c.share.yes,
                    "answered": c.share.total,
                    "percent": c.share.percent,
                    "met": c.met,
                }
                for c in group.contents
            ],
        )
    return data


def _threshold(value, provenance: str, source: str) -> dict:
    return {"value": float(value) if value is not None else None, "provenance": provenance, "source": source}


@router.get("/campaigns/{campaign_id}/results", response={200: ResultsOut, 403: ErrorOut, 404: ErrorOut})
def campaign_results(request, campaign_id: int):
    """Coverage and satisfaction per content and overall, for the commune and each hamlet; groups with fewer
    than 10 answers carry ``suppressed: true`` and no figures. Thresholds carry their provenance mark."""
    campaign: Campaign = campaign_for(request.auth, campaign_id)
    results = results_of(campaign)
    texts = {q.key: q.text for q in campaign.questionnaire.questions.all()}
    return {
        "campaign_id": campaign.pk,
        "title": campaign.title,
        "unit_code": campaign.unit.code,
        "unit_name": campaign.unit.name,
        "status": campaign.status,
        "frozen": campaign.is_frozen,
        "online": results.commune.online,
        "paper": results.commune.paper,
        "min_group": results.min_group,
        "thresholds": {
            "overall": _threshold(
                campaign.threshold_overall,
                campaign.threshold_overall_provenance,
                campaign.threshold_overall_source,
            ),
            "content": _threshold(
                campaign.threshold_content,
                campaign.threshold_content_provenance,
                campaign.threshold_content_source,
            ),
            "coverage": _threshold(
                campaign.coverage_target, campaign.coverage_provenance, campaign.coverage_source
            ),
        },
        "commune": _group(results.commune, texts),
        "hamlets": [_group(h, texts) for h in results.hamlets],
    }


# --- Public: answering with a slip's token (no account) ----------------------------------------------------
# The token travels in the JSON body only, never in the path or query, so no request line or log holds it.


class QuestionOut(Schema):
    key: str
    kind: str
    text: str
    hint: str
    required: bool


class FormOut(Schema):
    campaign: str
    unit_name: str
    hamlet: str
    closes_on: date
    questions: list[QuestionOut]


Choice = Literal["hai_long", "chua_hai_long"]


class TokenIn(Schema):
    token: str


class AnswerIn(TokenIn):
    responses: dict[str, Choice | None] = {}
    comments: dict[str, str] = {}


class AcceptedOut(Schema):
    status: str


def _refusal(exc: Exception) -> Status:
    if isinstance(exc, TokenUnknown):
        return Status(404, {"error": exc.message, "detail": None})
    if isinstance(exc, TokenUsed):
        return Status(
            409, {"error": exc.message, "detail": {"expected_state": "unused", "actual_state": "used"}}
        )
    if isinstance(exc, CampaignNotOpen):
        return Status(
            409 if exc.actual_state == "not_yet" else 410, {"error": exc.message, "detail": exc.detail}
        )
    raise exc


def _open_household(request, token: str, *, posting: bool):
    """The household of ``token`` if it may answer now; raises the refusal otherwise."""
    if not ratelimit.ip_allowed(ratelimit.client_ip(request)):
        raise _TooMany
    household = household_by_token(token)
    try:
        # On a POST the receipt's key refuses a used token: no look-up first (the busiest path, as in the page).
        answer_allowed(household, posting=posting)
    except (TokenUsed, CampaignNotOpen):
        if posting and ratelimit.token_failed(household.token_hash):
            raise _TooMany from None
        raise
    return household


class _TooMany(Exception):
    pass


def _too_many() -> dict:
    return {"error": _("Too many attempts; try again in about 10 minutes."), "detail": None}


REFUSALS = {404: ErrorOut, 409: ErrorOut, 410: ErrorOut, 429: ErrorOut}


@router.post("/answers/form", auth=None, response={200: FormOut, **REFUSALS})
def answer_form(request, payload: TokenIn):
    """The questions the holder of the slip whose ``token`` is posted answers (public; the token is the only
    credential, and it goes in the body, not the URL)."""
    try:
        household = _open_household(request, payload.token, posting=False)
    except _TooMany:
        return Status(429, _too_many())
    except (TokenUnknown, TokenUsed, CampaignNotOpen) as exc:
        return _refusal(exc)
    campaign = household.campaign
    return {
        "campaign": campaign.title,
        "unit_name": campaign.unit.name,
        "hamlet": household.hamlet.name,
        "closes_on": campaign.closes_on,
        "questions": [
            {"key": q.key, "kind": q.kind, "text": q.text, "hint": q.hint, "required": q.required}
            for q in questions_of(campaign.questionnaire)
        ],
    }


@router.post("/answers", auth=None, response={201: AcceptedOut, 400: ErrorOut, **REFUSALS})
def answer_post(request, payload: AnswerIn):
    """Submit a household's answers once, with its slip's ``token`` in the body: ``responses`` maps each content
    question's key (and the general question ``chung``) to ``hai_long`` or ``chua_hai_long``; ``comments`` maps
    keys to free text (≤ 500 characters). A second submission of the same token answers 409; a closed campaign
    410."""
    try:
        household = _open_household(request, payload.token, posting=True)
    except _TooMany:
        return Status(429, _too_many())
    except (TokenUnknown, TokenUsed, CampaignNotOpen) as exc:
        return _refusal(exc)
    responses = {
        key: None if value is None else value == "hai_long" for key, value in payload.responses.items()
    }
    try:
        answer_submit(household=household, responses=responses, comments=payload.comments)
    except (TokenUsed, CampaignNotOpen, ServiceError) as exc:
        if ratelimit.token_failed(household.token_hash):
            return Status(429, _too_many())
        if isinstance(exc, TokenUsed | CampaignNotOpen):
            return _refusal(exc)
        return Status(400, {"error": exc.message, "detail": exc.detail})
    return Status(201, {"status": "recorded"})
