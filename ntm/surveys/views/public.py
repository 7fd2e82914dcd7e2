"""The public answer pages: Vietnamese, large text, no JavaScript, small (one HTML page and one small CSS file).

The token in the URL is the only credential, so the form needs no CSRF cookie (a cross-site page would need the
token to post anything): the views are CSRF-exempt and set no cookie at all. Responses are never cached and send
no Referer (the URL holds the token).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ntm.core.exceptions import ServiceError
from ntm.surveys import ratelimit
from ntm.surveys.forms import NOT_SATISFIED, SATISFIED, AnswerForm
from ntm.surveys.models import QuestionKind, Receipt
from ntm.surveys.services.answers import (
    MAX_COMMENT,
    CampaignNotOpen,
    TokenUnknown,
    TokenUsed,
    answer_submit,
    check_open,
    household_by_token,
    questions_of,
)
from ntm.surveys.tokens import normalize_token

REFUSAL_STATUS = {"unknown": 404, "used": 409, "not_yet": 409, "closed": 410, "too_many": 429}


def _public(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _refused(request, kind: str, campaign=None) -> HttpResponse:
    response = render(
        request,
        "surveys/public/refused.html",
        {"kind": kind, "campaign": campaign},
        status=REFUSAL_STATUS[kind],
    )
    if kind == "too_many":
        response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
    return _public(response)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    if not ratelimit.ip_allowed(ratelimit.client_ip(request)):
        return _refused(request, "too_many")
    try:
        household = household_by_token(token)
    except TokenUnknown:
        return _refused(request, "unknown")
    campaign = household.campaign
    posting = request.method == "POST"
    # A used token: on GET, checked here; on a POST, the receipt's key refuses it (one query less on the
    # busiest path), and a refused POST checks before showing errors.
    if not posting and Receipt.objects.filter(household_id=household.pk).exists():
        return _refused(request, "used", campaign)
    try:
        check_open(campaign, timezone.localdate())
    except CampaignNotOpen as exc:
        if posting and ratelimit.token_failed(household.token_hash):
            return _refused(request, "too_many")
        return _refused(request, exc.actual_state or "closed", campaign)
    questions = questions_of(campaign.questionnaire)
    status = 200
    if posting:
        # The service validates (the same rules as the form); the form is built only to show errors.
        responses, comments = _read_answers(request.POST, questions)
        problem = None
        if responses is not None:
            try:
                answer_submit(household=household, responses=responses, comments=comments)
            except (TokenUsed, CampaignNotOpen) as exc:
                if ratelimit.token_failed(household.token_hash):
                    return _refused(request, "too_many")
                return _refused(request, "used" if isinstance(exc, TokenUsed) else "closed", campaign)
            except ServiceError as exc:
                problem = exc.message
            else:
                return _public(redirect("surveys:thanks"))
        if ratelimit.token_failed(household.token_hash):
            return _refused(request, "too_many")
        if Receipt.objects.filter(household_id=household.pk).exists():
            return _refused(request, "used", campaign)
        form = AnswerForm(request.POST, questions=questions)
        if form.is_valid() and problem:
            form.add_error(None, problem)
        status = 400
    else:
        form = AnswerForm(questions=questions)
    context = {
        "form": form,
        "campaign": campaign,
        "hamlet": household.hamlet,
        "max_comment": MAX_COMMENT,
    }
    return _public(render(request, "surveys/public/answer.html", context, status=status))


def _read_answers(data, questions) -> tuple[dict | None, dict]:
    """Choices and comments from the posted form, or (None, {}) when a choice is not one the form offers."""
    responses: dict[str, bool | None] = {}
    comments: dict[str, str] = {}
    for question in questions:
        if question.kind != QuestionKind.TEXT:
            value = data.get(f"q_{question.key}", "")
            if value not in {"", SATISFIED, NOT_SATISFIED}:
                return None, {}
            responses[question.key] = None if value == "" else value == SATISFIED
        comment = data.get(f"c_{question.key}", "")
        if comment.strip():
            comments[question.key] = comment
    return responses, comments


@require_GET
def thanks(request):
    return _public(render(request, "surveys/public/thanks.html"))


@require_GET
def enter_code(request):
    """For a household that cannot scan the QR code: type the code printed under it."""
    if not ratelimit.ip_allowed(ratelimit.client_ip(request)):
        return _refused(request, "too_many")
    raw = request.GET.get("ma", "")
    error = False
    if raw:
        token = normalize_token(raw)
        if token:
            return _public(redirect("surveys:answer", token=token))
        error = True
    response = render(
        request, "surveys/public/enter_code.html", {"raw": raw, "error": error}, status=400 if error else 200
    )
    return _public(response)
