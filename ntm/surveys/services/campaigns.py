"""Writes of the survey app on questionnaires and campaigns: officer actions are transactions with an audit entry.
A campaign's close waits for the answers in flight (``answers.lock_out_submissions``, see that module's docstring)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.models import User
from ntm.assessment.services import computed_value_set
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.vocabulary import DISTRICT_SET_UNIT_TYPES, is_rural_commune
from ntm.surveys import thresholds
from ntm.surveys.models import (
    Campaign,
    CampaignStatus,
    PaperDraft,
    Purpose,
    Question,
    Questionnaire,
)
from ntm.surveys.questionnaire_file import QuestionnaireDef, load_directory
from ntm.surveys.selectors import campaign_counts, eligible_officers, satisfaction_results
from ntm.surveys.services import answers
from ntm.units.models import AdministrativeUnit, Level

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent.parent / "questionnaires"


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
    district = data.unit.level == Level.DISTRICT
    if district and data.unit.unit_type not in DISTRICT_SET_UNIT_TYPES:
        raise ServiceError(_("A survey round of a district-level unit is for a huyện, a town or a city."))
    if data.unit.level not in (Level.COMMUNE, Level.DISTRICT):
        raise ServiceError(_("A survey round belongs to a commune-level or a district-level unit."))
    if data.purpose == Purpose.RECOGNITION:
        if not district and not is_rural_commune(data.unit.unit_type):
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
        resolved = thresholds.resolve(data.purpose, name, getattr(data, field), level=data.unit.level)
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
        answers.lock_out_submissions(
            campaign.pk
        )  # waits for submissions in flight (see the module docstring)
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
