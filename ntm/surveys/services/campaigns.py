"""Writes of the survey app. Officer actions are transactions with an audit entry; citizens' answers are not
audited (an audit row per answer would carry a time and a request id that could be matched to a token).

One answer per household, online or on paper: the answer and the household's ``Receipt`` are inserted in one
transaction, and the receipt's primary key (the household) is the database constraint. Two concurrent
submissions of one token: the second insert waits for the first transaction, then fails on the key and its whole
transaction (answer included) rolls back.

Close versus a submission in flight (PostgreSQL, READ COMMITTED): before committing, a submission takes a
*shared* transaction-level advisory lock on the campaign and then reads its status; ``campaign_close`` takes the
*exclusive* one before it changes the status and counts. Whoever locks first wins: a close waits for the
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
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.models import User
from ntm.assessment.services import computed_value_set
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.excel import ExcelImportError, read_sheet
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.vocabulary import is_rural_commune
from ntm.surveys import household_import, thresholds, tokens
from ntm.surveys.models import (
    Answer,
    AnswerItem,
    Campaign,
    CampaignStatus,
    Channel,
    Household,
    PaperDraft,
    Purpose,
    Question,
    QuestionKind,
    Questionnaire,
    Receipt,
)
from ntm.surveys.questionnaire_file import QuestionnaireDef, load_directory
from ntm.surveys.selectors import campaign_counts, eligible_officers, satisfaction_results
from ntm.units.models import AdministrativeUnit, Hamlet, Level

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent / "questionnaires"
MAX_COMMENT = 500
PURGE_AFTER_DAYS = 365
CLOSE_LOCK_CLASS = 7220202  # advisory-lock namespace of "campaign close vs submissions" (any constant int4)


class TokenUnknown(ServiceError):
    """No household has this token (mistyped, or re-issued)."""


class TokenUsed(StateConflict):
    """The household has already answered."""


class CampaignNotOpen(StateConflict):
    """The campaign is not taking answers (not open yet, past its dates, or closed)."""


# --- Questionnaires ----------------------------------------------------------------------------------------


@cache
def questionnaire_definitions() -> dict[str, QuestionnaireDef]:
    return load_directory(QUESTIONNAIRE_DIR)


def questionnaire_sync(*, code: str) -> Questionnaire:
    """The database version of the questionnaire file ``code``; a changed file becomes a new version."""
    definition = questionnaire_definitions().get(code)
    if definition is None:
        raise ServiceError(_("There is no form template “%(code)s”.") % {"code": code})
    existing = Questionnaire.objects.filter(code=code, content_hash=definition.content_hash).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        latest = Questionnaire.objects.filter(code=code).aggregate(v=Max("version"))["v"] or 0
        questionnaire = Questionnaire.objects.create(
            code=code,
            version=latest + 1,
            title=definition.title,
            purpose=definition.purpose,
            provenance=definition.provenance,
            source=definition.source,
            note=definition.note,
            content_hash=definition.content_hash,
        )
        Question.objects.bulk_create(
            Question(
                questionnaire=questionnaire,
                position=position,
                key=q.key,
                kind=q.kind,
                text=q.text,
                hint=q.hint,
                criterion=q.criterion,
                required=q.required,
            )
            for position, q in enumerate(definition.questions, start=1)
        )
        audit_record(
            action="survey.questionnaire_load", instance=questionnaire, after=snapshot(questionnaire)
        )
    return questionnaire


# --- Campaigns ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignData:
    """What an officer sets on a campaign (the form's cleaned data)."""

    unit: AdministrativeUnit
    title: str
    purpose: str
    recognition_level: str
    service_name: str
    year: int
    questionnaire_code: str
    opens_on: dt.date
    closes_on: dt.date
    threshold_overall: Decimal | None
    threshold_content: Decimal | None
    coverage_target: Decimal | None
    paper_double_entry: bool
    officers: tuple[User, ...] = ()


def _check_campaign_data(data: CampaignData, questionnaire: Questionnaire) -> None:
    if data.unit.level != Level.COMMUNE:
        raise ServiceError(_("A survey round belongs to a commune-level unit."))
    if data.purpose == Purpose.RECOGNITION:
        if not is_rural_commune(data.unit.unit_type):
            raise ServiceError(
                _(
                    "%(unit)s is not a commune: only communes are reviewed for NTM recognition. "
                    "Choose the purpose “survey on an essential service”."
                )
                % {"unit": data.unit.name}
            )
        if not data.recognition_level:
            raise ServiceError(_("Choose the recognition level under review (NTM, advanced, model)."))
    elif not data.service_name.strip():
        raise ServiceError(_("Write the name of the essential service being surveyed."))
    if data.closes_on < data.opens_on:
        raise ServiceError(_("The end date must be after the start date."))
    if questionnaire.purpose != data.purpose:
        raise ServiceError(_("The form template is not for this purpose."))
    allowed = {user.pk for user in eligible_officers(data.unit)}
    strangers = [str(user) for user in data.officers if user.pk not in allowed]
    if strangers:
        raise ServiceError(
            _("Not Fatherland Front officers of %(unit)s: %(users)s.")
            % {"unit": data.unit.name, "users": ", ".join(strangers)},
            detail={"officers": strangers},
        )


def _apply(campaign: Campaign, data: CampaignData, questionnaire: Questionnaire) -> None:
    campaign.unit = data.unit
    campaign.title = data.title.strip()
    campaign.purpose = data.purpose
    campaign.recognition_level = data.recognition_level if data.purpose == Purpose.RECOGNITION else ""
    campaign.service_name = data.service_name.strip() if data.purpose == Purpose.SERVICE else ""
    campaign.year = data.year
    campaign.questionnaire = questionnaire
    campaign.opens_on, campaign.closes_on = data.opens_on, data.closes_on
    campaign.paper_double_entry = data.paper_double_entry
    for field, name in (
        ("threshold_overall", "overall"),
        ("threshold_content", "content"),
        ("coverage_target", "coverage"),
    ):
        resolved = thresholds.resolve(data.purpose, name, getattr(data, field))
        setattr(campaign, field, resolved.value)
        prefix = "coverage" if name == "coverage" else field
        setattr(campaign, f"{prefix}_provenance", resolved.provenance)
        setattr(campaign, f"{prefix}_source", resolved.source[:300])


def _validate(campaign: Campaign) -> None:
    try:
        campaign.full_clean(exclude=["officers", "created_by", "questionnaire", "unit"])
    except ValidationError as exc:
        raise ServiceError(_("The survey round's details are not valid."), detail=exc.message_dict) from None


def campaign_create(*, actor: User, data: CampaignData) -> Campaign:
    questionnaire = questionnaire_sync(code=data.questionnaire_code)
    _check_campaign_data(data, questionnaire)
    with transaction.atomic():
        campaign = Campaign(created_by=actor)
        _apply(campaign, data, questionnaire)
        _validate(campaign)
        campaign.save()
        officers = {user.pk: user for user in data.officers}
        if actor.has_role(Role.FRONT_OFFICER):
            officers.setdefault(actor.pk, actor)
        campaign.officers.set(officers.values())
        audit_record(
            action="survey.campaign_create",
            instance=campaign,
            after={**snapshot(campaign, _AUDITED_FIELDS), "officers": sorted(officers)},
        )
    return campaign


_AUDITED_FIELDS = [
    "unit",
    "title",
    "purpose",
    "recognition_level",
    "service_name",
    "year",
    "questionnaire",
    "opens_on",
    "closes_on",
    "status",
    "threshold_overall",
    "threshold_content",
    "coverage_target",
    "paper_double_entry",
]


def campaign_update(*, campaign: Campaign, data: CampaignData) -> Campaign:
    if campaign.status != CampaignStatus.DRAFT:
        raise StateConflict(
            _("Only a survey round that is not open yet can be edited."),
            expected_state=CampaignStatus.DRAFT,
            actual_state=campaign.status,
        )
    if data.unit.pk != campaign.unit_id and campaign.households.exists():
        raise ServiceError(_("The round already has a household list: the commune cannot be changed."))
    questionnaire = questionnaire_sync(code=data.questionnaire_code)
    _check_campaign_data(data, questionnaire)
    with transaction.atomic():
        before = {
            **snapshot(campaign, _AUDITED_FIELDS),
            "officers": sorted(campaign.officers.values_list("pk", flat=True)),
        }
        _apply(campaign, data, questionnaire)
        _validate(campaign)
        campaign.save()
        campaign.officers.set(data.officers)
        after = {**snapshot(campaign, _AUDITED_FIELDS), "officers": sorted(u.pk for u in data.officers)}
        audit_record(action="survey.campaign_update", instance=campaign, before=before, after=after)
    return campaign


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def campaign_open(*, campaign: Campaign) -> Campaign:
    with transaction.atomic():
        locked = _locked(campaign)
        if locked.status != CampaignStatus.DRAFT:
            raise StateConflict(
                _("This survey round is already open or closed."),
                expected_state=CampaignStatus.DRAFT,
                actual_state=locked.status,
            )
        if not locked.households.exists():
            raise ServiceError(_("Import the household list before opening the survey round."))
        locked.status = CampaignStatus.OPEN
        locked.save(update_fields=["status"])
        audit_record(
            action="survey.campaign_open",
            instance=locked,
            before={"status": CampaignStatus.DRAFT},
            after={"status": CampaignStatus.OPEN},
        )
    return locked


def campaign_close(*, campaign: Campaign) -> Campaign:
    """Stop answers, freeze the results and publish them to the criteria engine (``satisfaction_publish``). Staged paper entries
    that never got their second entry are discarded: they link households to answers."""
    with transaction.atomic():
        # The advisory lock first, the row lock second: a submission in flight takes the campaign row's
        # foreign-key lock at its COMMIT, so holding the row first would deadlock with it.
        _lock_out_submissions(campaign.pk)  # waits for submissions in flight (see the module docstring)
        locked = _locked(campaign)
        if locked.status != CampaignStatus.OPEN:
            raise StateConflict(
                _("Only an open survey round can be closed."),
                expected_state=CampaignStatus.OPEN,
                actual_state=locked.status,
            )
        locked.status = CampaignStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        counts = campaign_counts(locked)
        locked.frozen_results = {
            "frozen_at": locked.closed_at.isoformat(),
            "hamlets": [group.to_json() for group in counts],
        }
        locked.save(update_fields=["frozen_results"])
        discarded, _by_model = PaperDraft.objects.filter(campaign=locked).delete()
        satisfaction_publish(unit=locked.unit, year=locked.year)
        audit_record(
            action="survey.campaign_close",
            instance=locked,
            before={"status": CampaignStatus.OPEN},
            after={"status": CampaignStatus.CLOSED},
            extra={
                "answers": sum(group.answers for group in counts),
                "households": sum(group.households for group in counts),
                "paper_drafts_discarded": discarded,
            },
        )
    return locked


# The computed-value sources this app supplies to the assessment app (``IndicatorSource`` rows map indicators to
# them). Recognition reads the full figures from the overall one (``detail``) when it attaches a survey to a dossier.
SATISFACTION_OVERALL = "survey_satisfaction_overall"
SATISFACTION_MIN_CONTENT = "survey_satisfaction_min_content"


def satisfaction_publish(*, unit: AdministrativeUnit, year: int) -> None:
    """Write the latest closed recognition campaign's figures of ``unit`` in ``year`` into the assessment app's
    computed values (through ``computed_value_set``, audited): the overall share (with every figure of
    ``selectors.satisfaction_results`` as its detail) and the lowest content share, what QĐ 320 checks in every
    commune. Called when a campaign closes; nothing is written while no recognition campaign is closed."""
    result = satisfaction_results(unit, year)
    if result is None:
        return
    campaign_id = result["campaign_id"]
    common = {
        "unit": unit,
        "year": year,
        "reference": f"surveys.campaign:{campaign_id}",
        "url": reverse("surveys:detail", args=[campaign_id]),
    }
    computed_value_set(
        source=SATISFACTION_OVERALL,
        value=result["overall"],
        description=_("Overall satisfaction (Fatherland Front survey, closed campaign)"),
        detail=result,
        **common,
    )
    by_content = result["by_content"]
    computed_value_set(
        source=SATISFACTION_MIN_CONTENT,
        value=min(by_content.values()) if by_content else None,
        description=_("Lowest satisfaction by content (Fatherland Front survey, closed campaign)"),
        **common,
    )


# --- Households --------------------------------------------------------------------------------------------


def households_import(*, campaign: Campaign, data: bytes) -> dict[str, int]:
    """Add or update households from the Excel template; all-or-nothing, every bad row named.

    A hamlet must already be in the commune's list (the province maintains hamlets, see the units app): an
    unknown hamlet is an error, never created here. A household that has answered cannot move or be renamed.
    """
    if campaign.status == CampaignStatus.CLOSED:
        raise StateConflict(
            _("The survey round is closed: no more households can be imported."),
            expected_state=CampaignStatus.OPEN,
            actual_state=campaign.status,
        )
    rows = read_sheet(data, household_import.SHEET, household_import.HEADERS)
    hamlets = household_import.hamlet_index(Hamlet.objects.filter(unit=campaign.unit, is_active=True))
    valid, errors = household_import.check_rows(rows, hamlets=hamlets, commune_name=campaign.unit.name)
    existing = {
        h.code.upper(): h for h in Household.objects.filter(campaign=campaign).select_related("receipt")
    }
    new: list[Household] = []
    changed: list[Household] = []
    unchanged = 0
    for row in valid:
        current = existing.get(row.code.upper())
        if current is None:
            new.append(
                Household(campaign=campaign, hamlet_id=row.hamlet_id, code=row.code, head_name=row.head_name)
            )
        elif (current.head_name, current.hamlet_id) == (row.head_name, row.hamlet_id):
            unchanged += 1
        elif hasattr(current, "receipt"):
            errors.append(
                _(
                    "Sheet %(sheet)s, row %(row)s: household “%(code)s” has already answered; its name or hamlet "
                    "cannot be changed."
                )
                % {"sheet": household_import.SHEET, "row": row.number, "code": current.code}
            )
        else:
            current.head_name, current.hamlet_id = row.head_name, row.hamlet_id
            changed.append(current)
    if errors:
        raise ExcelImportError(errors)
    key = campaign.token_key()
    for household in new:
        household.token_hash = tokens.hash_token(tokens.derive_token(key, household.code, 1))
    with transaction.atomic():
        Household.objects.bulk_create(new, batch_size=1000)
        Household.objects.bulk_update(changed, ["head_name", "hamlet"], batch_size=1000)
        counts = {"created": len(new), "updated": len(changed), "unchanged": unchanged}
        audit_record(
            action="survey.households_import",
            instance=campaign,
            object_label=str(campaign)[:255],
            extra=counts,
        )
    return counts


def household_token_reissue(*, household: Household) -> Household:
    """A new token for a household whose slip was lost: the old slip stops working."""
    campaign = household.campaign
    if campaign.status == CampaignStatus.CLOSED:
        raise StateConflict(
            _("The survey round is closed."), expected_state=CampaignStatus.OPEN, actual_state=campaign.status
        )
    if Receipt.objects.filter(household=household).exists():
        raise TokenUsed(
            _("Household %(code)s has already answered: no new code is issued.") % {"code": household.code}
        )
    with transaction.atomic():
        household.token_version += 1
        household.refresh_token_hash()
        household.save(update_fields=["token_version", "token_hash"])
        audit_record(
            action="survey.token_reissue",
            instance=household,
            unit=campaign.unit,
            after={"token_version": household.token_version},
        )
    return household


def households_purge(*, campaign: Campaign) -> int:
    """Delete a closed campaign's household list, receipts and tokens; the frozen results keep the counts."""
    if campaign.status != CampaignStatus.CLOSED:
        raise StateConflict(
            _("Only a closed round's household list can be deleted."),
            expected_state=CampaignStatus.CLOSED,
            actual_state=campaign.status,
        )
    with transaction.atomic():
        PaperDraft.objects.filter(campaign=campaign).delete()
        Receipt.objects.filter(household__campaign=campaign).delete()
        deleted, _by_model = Household.objects.filter(campaign=campaign).delete()
        campaign.households_purged_at = timezone.now()
        campaign.save(update_fields=["households_purged_at"])
        audit_record(action="survey.households_purge", instance=campaign, extra={"households": deleted})
    return deleted


def purge_expired_household_lists(now: dt.datetime) -> str:
    """Scheduled: household lists of campaigns closed more than ``PURGE_AFTER_DAYS`` ago (privacy notice)."""
    cutoff = now - dt.timedelta(days=PURGE_AFTER_DAYS)
    due = Campaign.objects.filter(
        status=CampaignStatus.CLOSED, closed_at__lt=cutoff, households_purged_at__isnull=True
    )
    purged = [households_purge(campaign=campaign) for campaign in due]
    return f"{len(purged)} household list(s) deleted ({sum(purged)} households)"


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
    with transaction.atomic():
        try:
            Receipt.objects.create(household_id=household_id)
        except IntegrityError:
            raise TokenUsed(_("This household has already answered the form.")) from None
        answer = Answer.objects.create(
            campaign_id=campaign_id, hamlet_id=hamlet_id, answered_on=day, channel=channel
        )
        AnswerItem.objects.bulk_create(
            AnswerItem(answer=answer, question_id=spec.id, satisfied=satisfied, comment=comment)
            for spec, satisfied, comment in items
        )
        if not _still_open(campaign_id):  # a close that locked the campaign first wins (module docstring)
            raise CampaignNotOpen(
                _("The survey round has ended."), expected_state="open", actual_state="closed"
            )


def _still_open(campaign_id: int) -> bool:
    """The campaign's status, read after taking the shared lock that a concurrent close must wait for."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", [CLOSE_LOCK_CLASS, campaign_id])
            cursor.execute(
                f"SELECT status FROM {Campaign._meta.db_table} WHERE id = %s",  # noqa: S608
                [campaign_id],
            )
            row = cursor.fetchone()
        return row is not None and row[0] == CampaignStatus.OPEN
    return Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.OPEN).exists()


def _lock_out_submissions(campaign_id: int) -> None:
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
