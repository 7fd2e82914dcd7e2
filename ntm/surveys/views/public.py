"""The public answer pages: Vietnamese, large text, small (one HTML page, one small CSS file, one tiny script).

A slip's code is the only credential, and it never travels in a URL the server sees: the QR code opens
``/ks/#<code>`` (browsers do not send the fragment), ``surveys/answer.js`` moves the code into the form of that page
and posts it, and a household without JavaScript types the code into the same form. The answer page carries the
code in a hidden field, and the answers are posted with it to ``/ks/gui/``. So no request path or query, hence no
server, proxy or Django log line, holds a code.

The code is the credential, so the forms need no CSRF cookie (a cross-site page would need the code to post
anything): the views are CSRF-exempt and set no cookie at all. Responses are never cached and send no Referer.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ntm.core.exceptions import ServiceError
from ntm.surveys import ratelimit
from ntm.surveys.forms import NOT_SATISFIED, SATISFIED, AnswerForm
from ntm.surveys.models import QuestionKind
from ntm.surveys.selectors import household_answered
from ntm.surveys.services.answers import (
    MAX_COMMENT,
    CampaignNotOpen,
    TokenUnknown,
    TokenUsed,
    answer_allowed,
    answer_submit,
    household_by_token,
    questions_of,
)
from ntm.surveys.tokens import normalize_token

CODE_FIELD = (
    "ma"  # the form field that carries a slip's code (POST only; also in the templates and answer.js)
)
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


def _refused_after_failure(request, household, kind: str) -> HttpResponse:
    """A refused POST counts against the token's failures: too many, and the token is refused for a while."""
    if ratelimit.token_failed(household.token_hash):
        return _refused(request, "too_many")
    return _refused(request, kind, household.campaign)


def _answer_page(request, household, token: str, form, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "token": token,
        "campaign": household.campaign,
        "hamlet": household.hamlet,
        "max_comment": MAX_COMMENT,
    }
    return _public(render(request, "surveys/public/answer.html", context, status=status))


def _code_page(request, raw: str = "", error: bool = False) -> HttpResponse:
    context = {"raw": raw, "error": error}
    return _public(render(request, "surveys/public/enter_code.html", context, status=400 if error else 200))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def answer(request):
    """GET: the page a slip's QR code opens (its script posts the code from the URL fragment) and where a code is
    typed. POST: the household's form for the posted code, or the page that refuses it."""
    if not ratelimit.ip_allowed(ratelimit.client_ip(request)):
        return _refused(request, "too_many")
    if request.method == "GET":
        return _code_page(request)
    raw = request.POST.get(CODE_FIELD, "")
    token = normalize_token(raw)
    if token is None:
        return _code_page(request, raw, error=True)
    try:
        household = household_by_token(token)
        answer_allowed(household, posting=False)
    except TokenUnknown:
        return _refused(request, "unknown")
    except TokenUsed:
        return _refused(request, "used", household.campaign)
    except CampaignNotOpen as exc:
        return _refused(request, exc.actual_state or "closed", household.campaign)
    questions = questions_of(household.campaign.questionnaire)
    return _answer_page(request, household, token, AnswerForm(questions=questions))


@csrf_exempt
@require_POST
def answer_send(request):
    """The answers of the household whose code is posted with them: stored once, then the thanks page."""
    if not ratelimit.ip_allowed(ratelimit.client_ip(request)):
        return _refused(request, "too_many")
    token = normalize_token(request.POST.get(CODE_FIELD)) or ""
    try:
        household = household_by_token(token)
        answer_allowed(household, posting=True)
    except TokenUnknown:
        return _refused(request, "unknown")
    except CampaignNotOpen as exc:
        return _refused_after_failure(request, household, exc.actual_state or "closed")
    return _answer_post(request, household, token)


def _answer_post(request, household, token: str) -> HttpResponse:
    # The service validates (the same rules as the form); the form is built only to show errors.
    questions = questions_of(household.campaign.questionnaire)
    responses, comments = _read_answers(request.POST, questions)
    problem = None
    if responses is not None:
        try:
            answer_submit(household=household, responses=responses, comments=comments)
        except (TokenUsed, CampaignNotOpen) as exc:
            return _refused_after_failure(
                request, household, "used" if isinstance(exc, TokenUsed) else "closed"
            )
        except ServiceError as exc:
            problem = exc.message
        else:
            return _public(redirect("surveys:thanks"))
    if ratelimit.token_failed(household.token_hash):
        return _refused(request, "too_many")
    if household_answered(household):  # a refused POST checks before showing errors
        return _refused(request, "used", household.campaign)
    form = AnswerForm(request.POST, questions=questions)
    if form.is_valid() and problem:
        form.add_error(None, problem)
    return _answer_page(request, household, token, form, status=400)


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
