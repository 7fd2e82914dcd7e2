"""Answers of the survey app, online and on paper. Citizens' answers are not audited (an audit row per answer would carry a time and a request id that could be matched to a token).

One answer per household, online or on paper: the answer and the household's ``Receipt`` are inserted in one
transaction, and the receipt's primary key (the household) is the database constraint. Two concurrent
submissions of one token: the second insert waits for the first transaction, then fails on the key and its whole
transaction (answer included) rolls back.

Close versus a submission in flight (PostgreSQL, READ COMMITTED): a submission's first statement (the receipt's
insert) takes a *shared* transaction-level advisory lock on the campaign, and its next one (the answer's insert)
reads the campaign's status; ``campaign_close`` takes the *exclusive* one before it changes the status and counts. Whoever locks first wins: a close waits for the
submissions that hold the shared lock and counts them; a submission that comes after the close waits for it, then
reads "closed" (a new statement, a new snapshot) and rolls back. Shared advisory locks do not block one another
and write nothing to the campaign row (a row lock such as FOR KEY SHARE would: every submission would rewrite the
row's lock word and build multixacts, which the benchmark showed). Django's foreign keys are DEFERRABLE INITIALLY
DEFERRED on PostgreSQL, so the implicit foreign-key lock comes only at COMMIT and cannot be relied on; the race
test caught exactly that. On SQLite, writers are serialised (IMMEDIATE transactions). So every stored answer is in
the frozen results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.models import User
from ntm.audit.services import audit_record
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.surveys import tokens
from ntm.surveys.models import (
    Answer,
    AnswerItem,
    Campaign,
    CampaignStatus,
    Channel,
    Household,
    PaperDraft,
    Question,
    QuestionKind,
    Questionnaire,
    Receipt,
)
from ntm.surveys.selectors import household_answered

MAX_COMMENT = 500
CLOSE_LOCK_CLASS = 7220202  # advisory-lock namespace of "campaign close vs submissions" (any constant int4)


class TokenUnknown(ServiceError):
    """No household has this token (mistyped, or re-issued)."""


class TokenUsed(StateConflict):
    """The household has already answered."""


class CampaignNotOpen(StateConflict):
    """The campaign is not taking answers (not open yet, past its dates, or closed)."""


# --- Answers -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    key: str
    kind: str
    required: bool

    @property
    def has_choice(self) -> bool:
        return self.kind != QuestionKind.TEXT


@cache
def _question_specs(questionnaire_id: int, content_hash: str) -> tuple[QuestionSpec, ...]:
    """Questions of a questionnaire version (versions never change, so this is cached per process)."""
    return tuple(
        QuestionSpec(q.pk, q.key, q.kind, q.required)
        for q in Question.objects.filter(questionnaire_id=questionnaire_id).order_by("position")
    )


def question_specs(questionnaire: Questionnaire) -> tuple[QuestionSpec, ...]:
    return _question_specs(questionnaire.pk, questionnaire.content_hash)


@cache
def _questions(questionnaire_id: int, content_hash: str) -> tuple[Question, ...]:
    return tuple(Question.objects.filter(questionnaire_id=questionnaire_id).order_by("position"))


def questions_of(questionnaire: Questionnaire) -> tuple[Question, ...]:
    """The questions (model rows) of a questionnaire version, cached per process like ``question_specs``."""
    return _questions(questionnaire.pk, questionnaire.content_hash)


def _clean_comment(text: str) -> str:
    text = "".join(ch for ch in (text or "") if ch == "\n" or ch.isprintable()).strip()
    return text


def clean_answers(
    specs: Iterable[QuestionSpec], responses: Mapping[str, bool | None], comments: Mapping[str, str]
) -> list[tuple[QuestionSpec, bool | None, str]]:
    """The items to store, or ServiceError naming every missing, unknown or too-long answer."""
    specs = list(specs)
    keys = {spec.key for spec in specs}
    problems: dict[str, str] = {}
    for key in sorted((set(responses) | set(comments)) - keys):
        problems[key] = _("This question is not on the form.")
    items = []
    for spec in specs:
        satisfied = responses.get(spec.key) if spec.has_choice else None
        if spec.has_choice and satisfied is not None and not isinstance(satisfied, bool):
            problems[spec.key] = _("The answer must be “satisfied” or “not yet satisfied”.")
            continue
        if spec.has_choice and spec.required and satisfied is None:
            problems[spec.key] = _("This question is not answered yet.")
        comment = _clean_comment(comments.get(spec.key, ""))
        if len(comment) > MAX_COMMENT:
            problems[spec.key] = _("A comment is at most %(count)s characters long.") % {"count": MAX_COMMENT}
        if spec.has_choice or comment:
            items.append((spec, satisfied, comment))
    if problems:
        raise ServiceError(
            _("The form is not fully answered or has an answer that is not valid."), detail=problems
        )
    return items


def _store(
    *,
    household_id: int,
    hamlet_id: int,
    campaign_id: int,
    items: list[tuple[QuestionSpec, bool | None, str]],
    day: dt.date,
    channel: str,
) -> None:
    answer = Answer(campaign_id=campaign_id, hamlet_id=hamlet_id, answered_on=day, channel=channel)
    with transaction.atomic():
        try:
            _insert_receipt(household_id, campaign_id)
        except IntegrityError:
            raise TokenUsed(_("This household has already answered the form.")) from None
        if not _insert_answer_if_open(
            answer
        ):  # a close that locked the campaign first wins (module docstring)
            raise CampaignNotOpen(
                _("The survey round has ended."), expected_state="open", actual_state="closed"
            )
        AnswerItem.objects.bulk_create(
            AnswerItem(answer=answer, question_id=spec.id, satisfied=satisfied, comment=comment)
            for spec, satisfied, comment in items
        )


# On PostgreSQL the lock and the status check ride on the two inserts the answer needs anyway, so a submission
# costs the statements of a bare insert (the benchmark's baseline) and no more:
# - the receipt's INSERT takes the shared close lock first (in its FROM clause), then inserts;
# - the answer's INSERT … SELECT … WHERE the campaign is open is the next statement, so its snapshot is taken
#   after the lock was granted: a close that held the lock has committed, and its status is seen.
_RECEIPT_WITH_LOCK = (
    f"INSERT INTO {Receipt._meta.db_table} (household_id) "  # noqa: S608 (fixed names)
    "SELECT %s FROM pg_advisory_xact_lock_shared(%s, %s)"
)
_ANSWER_IF_OPEN = (
    f"INSERT INTO {Answer._meta.db_table} (id, campaign_id, hamlet_id, answered_on, channel) "  # noqa: S608
    f"SELECT %s, %s, %s, %s, %s WHERE EXISTS (SELECT 1 FROM {Campaign._meta.db_table} WHERE id = %s AND status = %s)"
)


def _insert_receipt(household_id: int, campaign_id: int) -> None:
    """The household's receipt (IntegrityError when it has one), under the shared close lock on PostgreSQL."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_RECEIPT_WITH_LOCK, [household_id, CLOSE_LOCK_CLASS, campaign_id])
    else:  # SQLite: writers are serialised (IMMEDIATE transactions), so a close cannot come in between
        Receipt.objects.create(household_id=household_id)


def _insert_answer_if_open(answer: Answer) -> bool:
    """Insert ``answer`` if its campaign is open, read after the receipt took the close lock; False otherwise."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _ANSWER_IF_OPEN,
                [
                    answer.id,
                    answer.campaign_id,
                    answer.hamlet_id,
                    answer.answered_on,
                    answer.channel,
                    answer.campaign_id,
                    CampaignStatus.OPEN.value,
                ],
            )
            return cursor.rowcount == 1
    if not Campaign.objects.filter(pk=answer.campaign_id, status=CampaignStatus.OPEN).exists():
        return False
    answer.save(force_insert=True)
    return True


def lock_out_submissions(campaign_id: int) -> None:
    """Wait for the submissions in flight and hold new ones until this transaction ends (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CLOSE_LOCK_CLASS, campaign_id])


def household_by_token(token: str) -> Household:
    """The household holding ``token``, with its campaign and questionnaire; TokenUnknown otherwise."""
    normalized = tokens.normalize_token(token)
    if normalized is None:
        raise TokenUnknown(_("The form code is wrong or has been replaced by a new code."))
    try:
        # The hot path of every submission: one indexed lookup, only the columns needed, no ordering.
        return (
            Household.objects.select_related("campaign__questionnaire")
            .only(*_TOKEN_LOOKUP_FIELDS)
            .get(token_hash=tokens.hash_token(normalized))
        )
    except Household.DoesNotExist:
        raise TokenUnknown(_("The form code is wrong or has been replaced by a new code.")) from None


_TOKEN_LOOKUP_FIELDS = (
    "id",
    "hamlet_id",
    "token_hash",
    "campaign__id",
    "campaign__unit_id",
    "campaign__title",
    "campaign__status",
    "campaign__opens_on",
    "campaign__closes_on",
    "campaign__questionnaire__id",
    "campaign__questionnaire__content_hash",
)


def check_open(campaign: Campaign, day: dt.date) -> None:
    if not campaign.accepts_answers_on(day):
        state = "not_yet" if campaign.status == CampaignStatus.DRAFT or day < campaign.opens_on else "closed"
        raise CampaignNotOpen(
            _("The survey round is not taking answers right now."), expected_state="open", actual_state=state
        )


def answer_allowed(household: Household, *, posting: bool, day: dt.date | None = None) -> None:
    """Refuse a household's answer page: TokenUsed when it has answered (checked on GET only: on a POST the
    receipt's key refuses it, one query less on the busiest path), CampaignNotOpen outside the campaign's dates."""
    if not posting and household_answered(household):
        raise TokenUsed(_("This household has already answered the form."))
    check_open(household.campaign, day or timezone.localdate())


def answer_submit(
    *,
    household: Household,
    responses: Mapping[str, bool | None],
    comments: Mapping[str, str],
    day: dt.date | None = None,
) -> None:
    """Store one online answer for the household found by ``household_by_token`` (citizen, not audited)."""
    day = day or timezone.localdate()
    campaign = household.campaign
    check_open(campaign, day)
    items = clean_answers(question_specs(campaign.questionnaire), responses, comments)
    _store(
        household_id=household.pk,
        hamlet_id=household.hamlet_id,
        campaign_id=campaign.pk,
        items=items,
        day=day,
        channel=Channel.ONLINE,
    )


@dataclass(frozen=True)
class PaperResult:
    status: str  # "recorded", "staged" (first of two entries) or "mismatch" (second entry differs)
    household: Household
    differences: tuple[str, ...] = ()


def paper_answer_record(
    *,
    campaign: Campaign,
    officer: User,
    household_code: str,
    responses: Mapping[str, bool | None],
    comments: Mapping[str, str],
    day: dt.date | None = None,
) -> PaperResult:
    """Record a paper form by household code. With double entry, the first entry is staged and the second must
    match it; the staged copy is deleted when the answer is stored. One answer per household, paper or online.
    Forms collected by the closing date may still be entered after it, until an officer closes the campaign."""
    day = day or timezone.localdate()
    if campaign.status != CampaignStatus.OPEN or day < campaign.opens_on:
        raise CampaignNotOpen(
            _("The survey round is not open: paper forms cannot be entered."),
            expected_state="open",
            actual_state=campaign.status,
        )
    code = (household_code or "").strip()
    household = campaign.households.select_related("hamlet").filter(code__iexact=code).first()
    if household is None:
        raise ServiceError(
            _("There is no household with code “%(code)s” in this survey round.") % {"code": code}
        )
    if Receipt.objects.filter(household=household).exists():
        raise TokenUsed(
            _("Household %(code)s has already answered (online or on paper).") % {"code": household.code}
        )
    items = clean_answers(question_specs(campaign.questionnaire), responses, comments)
    entry = {
        "responses": {spec.key: satisfied for spec, satisfied, _c in items if spec.has_choice},
        "comments": {spec.key: comment for spec, _s, comment in items if comment},
    }
    store = {
        "household_id": household.pk,
        "hamlet_id": household.hamlet_id,
        "campaign_id": campaign.pk,
        "items": items,
        "day": day,
        "channel": Channel.PAPER,
    }
    with transaction.atomic():
        if not campaign.paper_double_entry:
            _store(**store)
            audit_record(action="survey.paper_entry", instance=campaign, extra={"household": household.code})
            return PaperResult("recorded", household)
        draft = PaperDraft.objects.select_for_update().filter(household=household).first()
        if draft is None:
            PaperDraft.objects.create(campaign=campaign, household=household, entered_by=officer, data=entry)
            audit_record(action="survey.paper_stage", instance=campaign, extra={"household": household.code})
            return PaperResult("staged", household)
        if draft.data != entry:
            differences = sorted(
                key
                for part in ("responses", "comments")
                for key in set(draft.data[part]) | set(entry[part])
                if draft.data[part].get(key) != entry[part].get(key)
            )
            return PaperResult("mismatch", household, tuple(dict.fromkeys(differences)))
        first_by = draft.entered_by_id
        draft.delete()
        _store(**store)
        audit_record(
            action="survey.paper_confirm",
            instance=campaign,
            extra={"household": household.code, "first_entry_by": first_by},
        )
    return PaperResult("recorded", household)


def paper_draft_discard(*, draft: PaperDraft) -> None:
    with transaction.atomic():
        code = draft.household.code
        campaign = draft.campaign
        draft.delete()
        audit_record(action="survey.paper_discard", instance=campaign, extra={"household": code})


# --- Unlinking the transaction stamp (PostgreSQL) ----------------------------------------------------------

RECEIPT_REWRITE_AFTER_CLOSE = dt.timedelta(days=1)


def receipts_rewrite(now: dt.datetime) -> str:
    """Give the receipts of the campaigns taking answers (or closed within a day) one common transaction stamp.

    PostgreSQL stamps each row version with the transaction that wrote it (``xmin``). ``_store`` writes a
    household's ``Receipt`` and its ``Answer`` in one transaction, so the two share a stamp, and anybody who can
    run SQL on the database could join them. Rewriting the receipts in one transaction (scheduled with
    ``run_scheduled``) replaces their stamps by a common one; the old row versions are gone after the next
    (auto)vacuum. SQLite has no such stamp: nothing to do there.
    """
    if connection.vendor != "postgresql":
        return "not PostgreSQL: rows carry no transaction stamp"
    campaigns = Campaign.objects.filter(status=CampaignStatus.OPEN) | Campaign.objects.filter(
        status=CampaignStatus.CLOSED, closed_at__gte=now - RECEIPT_REWRITE_AFTER_CLOSE
    )
    with transaction.atomic():
        rewritten = Receipt.objects.filter(household__campaign__in=campaigns).update(
            household_id=F("household_id")
        )
    return f"{rewritten} receipt(s) rewritten"
