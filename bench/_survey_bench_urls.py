"""URLs for bench/survey_submissions.py: the whole site plus a bare view doing the same insert as the answer view.

The bare view is the baseline: the same token lookup (one indexed query), then the same rows in one transaction
(receipt, answer, one item per question), and a 204. No form, no rate limit, no status checks, no lock, no
template, no redirect: what is left is Django's request handling and the inserts themselves.
"""

from django.db import transaction
from django.http import HttpResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from ntm.surveys.models import Answer, AnswerItem, Household, Question, Receipt
from ntm.surveys.tokens import hash_token

_QUESTIONS: dict[int, list[tuple[int, str]]] = {}


def _questions(questionnaire_id: int) -> list[tuple[int, str]]:
    if questionnaire_id not in _QUESTIONS:
        _QUESTIONS[questionnaire_id] = list(
            Question.objects.filter(questionnaire_id=questionnaire_id)
            .exclude(kind="text")
            .values_list("pk", "key")
        )
    return _QUESTIONS[questionnaire_id]


@csrf_exempt
def bare_insert(request, token):
    household = (
        Household.objects.select_related("campaign")
        .only("pk", "hamlet_id", "campaign__id", "campaign__questionnaire_id")
        .get(token_hash=hash_token(token))
    )
    with transaction.atomic():
        Receipt.objects.create(household_id=household.pk)
        answer = Answer.objects.create(
            campaign_id=household.campaign_id,
            hamlet_id=household.hamlet_id,
            answered_on=timezone.localdate(),
            channel="online",
        )
        AnswerItem.objects.bulk_create(
            AnswerItem(answer=answer, question_id=pk, satisfied=request.POST.get(f"q_{key}") == "1")
            for pk, key in _questions(household.campaign.questionnaire_id)
        )
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/bare/<str:token>/", bare_insert),
    path("", include("config.urls")),
]
