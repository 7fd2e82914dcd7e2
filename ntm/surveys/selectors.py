"""Reads of the survey app, always scoped through ``restrict``; out-of-scope ids answer 404.

Who may do what:

- read campaigns and results: Fatherland Front officers, commune officers, the province coordinator, auditors
  (each within their units);
- manage a campaign (create, edit, import households, print slips, open, close): Front officers whose unit
  contains the commune; paper entry: the campaign's own officers;
- read the household list (names): Front officers and auditors only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ntm.accounts.models import RoleAssignment, User
from ntm.core.choices import Role
from ntm.core.permissions import SURVEYS, may_use_area
from ntm.core.scoping import CHANGE, VIEW
from ntm.core.text import sort_key
from ntm.core.vocabulary import DISTRICT_SET_UNIT_TYPES
from ntm.surveys.filters import CampaignFilter, HouseholdFilter
from ntm.surveys.models import (
    Answer,
    AnswerItem,
    Campaign,
    CampaignStatus,
    Household,
    PaperDraft,
    Purpose,
    QuestionKind,
    Receipt,
)
from ntm.surveys.stats import GroupCounts, SurveyResults, Thresholds, summarise
from ntm.units.models import AdministrativeUnit, Hamlet, Level, Structure
from ntm.units.selectors import hamlets_within

# Who reads and who runs survey rounds is the surveys area of ``ntm.core.permissions.AREA_ROLES``; the household
# list (names of household heads) is narrower still.
HOUSEHOLD_READER_ROLES = (Role.FRONT_OFFICER, Role.AUDITOR)


def can_read_surveys(user) -> bool:
    return may_use_area(user, SURVEYS, VIEW)


def can_manage_surveys(user) -> bool:
    return may_use_area(user, SURVEYS, CHANGE)


def _require_reader(user) -> None:
    if not can_read_surveys(user):
        raise PermissionDenied(_("Your role cannot view the satisfaction survey rounds."))


def campaigns_for(user, params=None) -> tuple[QuerySet[Campaign], CampaignFilter]:
    _require_reader(user)
    base = (
        Campaign.objects.restrict(user, VIEW, area=SURVEYS)
        .select_related("unit", "questionnaire")
        .annotate(household_count=Count("households", distinct=True))
        .order_by("-opens_on", "-id")
    )
    campaign_filter = CampaignFilter(params or {}, queryset=base)
    return campaign_filter.qs, campaign_filter


def campaign_for(user, campaign_id: int) -> Campaign:
    """A campaign the user may read; an id outside their scope, or a role the area never admits, is a 404."""
    queryset = Campaign.objects.restrict(user, VIEW, area=SURVEYS).select_related(
        "unit", "questionnaire", "created_by"
    )
    return get_object_or_404(queryset, pk=campaign_id)


def campaign_for_change(user, campaign_id: int) -> Campaign:
    """A campaign the user may run (the area's CHANGE roles within their scope); any other id is a 404."""
    queryset = Campaign.objects.restrict(user, CHANGE, area=SURVEYS).select_related("unit", "questionnaire")
    return get_object_or_404(queryset, pk=campaign_id)


def campaign_for_paper_entry(user, campaign_id: int) -> Campaign:
    campaign = campaign_for_change(user, campaign_id)
    if not user.is_superuser and not campaign.officers.filter(pk=user.pk).exists():
        raise PermissionDenied(
            _("Only the Fatherland Front officers assigned to this round enter paper forms.")
        )
    return campaign


def can_enter_paper(user, campaign: Campaign) -> bool:
    return user.is_superuser or campaign.officers.filter(pk=user.pk).exists()


def can_change_campaign(user, campaign: Campaign) -> bool:
    return can_manage_surveys(user) and (
        Campaign.objects.restrict(user, CHANGE, area=SURVEYS).filter(pk=campaign.pk).exists()
    )


def can_read_households(user, campaign: Campaign) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or Campaign.objects.restrict(user, VIEW, roles=HOUSEHOLD_READER_ROLES, area=SURVEYS)
        .filter(pk=campaign.pk)
        .exists()
    )


def households_for(user, campaign: Campaign, params=None) -> tuple[QuerySet[Household], HouseholdFilter]:
    if not can_read_households(user, campaign):
        raise Http404  # an id: a role that may not read this list learns nothing of the campaign either
    base = (
        Household.objects.restrict(user, VIEW, roles=HOUSEHOLD_READER_ROLES, area=SURVEYS)
        .filter(campaign=campaign)
        .select_related("hamlet", "receipt")
    )
    household_filter = HouseholdFilter(params or {}, queryset=base, campaign=campaign)
    return household_filter.qs, household_filter


def household_for_change(user, campaign: Campaign, household_id: int) -> Household:
    queryset = Household.objects.restrict(user, CHANGE, area=SURVEYS).filter(campaign=campaign)
    return get_object_or_404(queryset.select_related("campaign__unit"), pk=household_id)


def household_answered(household: Household) -> bool:
    """Whether the household's answer (online or on paper) is already stored: its receipt exists."""
    return Receipt.objects.filter(household_id=household.pk).exists()


def paper_drafts_of(campaign: Campaign) -> QuerySet[PaperDraft]:
    return campaign.paper_drafts.select_related("household__hamlet", "entered_by").order_by("household__code")


def paper_draft_for(campaign: Campaign, draft_id: int) -> PaperDraft:
    return get_object_or_404(paper_drafts_of(campaign), pk=draft_id)


def manageable_units(user) -> QuerySet[AdministrativeUnit]:
    """Units where ``user`` may create a campaign: communes (2025 structure) and the district-level units of the
    former structure (huyện, Long Khánh city: Plan 202 II.2.c counts a district-level unit with its own online
    survey, and QĐ 320/QĐ-TTg, Phụ lục I asks the district's residents)."""
    return AdministrativeUnit.objects.restrict(user, CHANGE, area=SURVEYS).filter(
        Q(level=Level.COMMUNE, structure=Structure.REFORM_2025)
        | Q(level=Level.DISTRICT, structure=Structure.LEGACY, unit_type__in=DISTRICT_SET_UNIT_TYPES)
    )


def eligible_officers(unit: AdministrativeUnit) -> QuerySet[User]:
    """Active Front officers bound to ``unit`` or to a unit above it."""
    ancestors = [unit.tree_path[: i + 1] for i, ch in enumerate(unit.tree_path) if ch == "/" and i > 0]
    assignments = RoleAssignment.objects.filter(
        role=Role.FRONT_OFFICER, is_active=True, unit__tree_path__in=ancestors
    )
    return User.objects.filter(is_active=True, pk__in=assignments.values("user_id")).order_by("full_name")


# --- Results -----------------------------------------------------------------------------------------------


def campaign_counts(campaign: Campaign) -> list[GroupCounts]:
    """Raw counts per hamlet from the live tables (households, answers by channel, items by question)."""
    households = dict(
        Household.objects.filter(campaign=campaign)
        .values("hamlet_id")
        .annotate(n=Count("pk"))
        .values_list("hamlet_id", "n")
    )
    answers: dict[int, dict[str, int]] = {}
    for hamlet_id, channel, n in (
        Answer.objects.filter(campaign=campaign)
        .values("hamlet_id", "channel")
        .annotate(n=Count("pk"))
        .values_list("hamlet_id", "channel", "n")
    ):
        answers.setdefault(hamlet_id, {})[channel] = n
    items: dict[int, dict[str, tuple[int, int]]] = {}
    for hamlet_id, key, yes, total in (
        AnswerItem.objects.filter(answer__campaign=campaign, satisfied__isnull=False)
        .values("answer__hamlet_id", "question__key")
        .annotate(yes=Count("answer_id", filter=Q(satisfied=True)), total=Count("answer_id"))
        .values_list("answer__hamlet_id", "question__key", "yes", "total")
    ):
        items.setdefault(hamlet_id, {})[key] = (yes, total)
    hamlet_ids = set(households) | set(answers)
    names = dict(Hamlet.objects.filter(pk__in=hamlet_ids).values_list("pk", "name"))
    return [
        GroupCounts(
            key=str(hamlet_id),
            name=names.get(hamlet_id, "?"),
            households=households.get(hamlet_id, 0),
            answers=sum(answers.get(hamlet_id, {}).values()),
            online=answers.get(hamlet_id, {}).get("online", 0),
            paper=answers.get(hamlet_id, {}).get("paper", 0),
            items=items.get(hamlet_id, {}),
        )
        for hamlet_id in sorted(hamlet_ids, key=lambda pk: (names.get(pk, ""), pk))
    ]


def results_of(campaign: Campaign) -> SurveyResults:
    """The campaign's results: frozen at close, live while open. Small groups are hidden (stats.py)."""
    if campaign.frozen_results is not None:
        counts = [GroupCounts.from_json(data) for data in campaign.frozen_results["hamlets"]]
    else:
        counts = campaign_counts(campaign)
    questions = list(campaign.questionnaire.questions.all())
    overall = next((q.key for q in questions if q.kind == QuestionKind.OVERALL), None)
    return summarise(
        counts,
        commune_name=campaign.unit.name,
        content_keys=[q.key for q in questions if q.kind == QuestionKind.CONTENT],
        overall_key=overall,
        thresholds=Thresholds(
            overall=campaign.threshold_overall,
            content=campaign.threshold_content,
            coverage=campaign.coverage_target,
        ),
    )


def comments_of(campaign: Campaign, results: SurveyResults) -> list[tuple[str, list[str]]]:
    """Comments per question for the whole commune, sorted (never in answer order); none below the minimum."""
    if results.commune.suppressed:
        return []
    grouped: dict[str, list[str]] = {}
    rows = (
        AnswerItem.objects.filter(answer__campaign=campaign)
        .exclude(comment="")
        .values_list("question__position", "question__text", "comment")
    )
    for _position, text, comment in sorted(rows):
        grouped.setdefault(text, []).append(comment)
    return [(text, sorted(comments)) for text, comments in grouped.items()]


# --- Results the other apps use (read only from CLOSED campaigns: results frozen at close) -----------------------


def _closed(unit: AdministrativeUnit, year: int):
    return (
        Campaign.objects.filter(
            unit=unit, year=year, purpose=Purpose.RECOGNITION, status=CampaignStatus.CLOSED
        )
        .exclude(frozen_results__isnull=True)
        .select_related("unit", "questionnaire")
        .order_by("-closed_at")
    )


def satisfaction_results(unit: AdministrativeUnit, year: int) -> dict[str, Any] | None:
    """The latest closed recognition campaign of ``unit`` in ``year``, or None when there is none (a campaign still
    taking answers never counts). ``services.campaigns.satisfaction_publish`` writes it into the assessment app's computed
    values, where the criteria engine and recognition dossiers read it.

    Returns ``{"overall": pct | None, "by_content": {question key: pct}, "answers": n, "households": n,
    "frozen": True, "campaign_id": id, "recognition_level": "ntm" | "nang_cao" | "kieu_mau",
    "thresholds": {"overall": [value, provenance], "content": […], "coverage": […]}}`` (each threshold value a
    decimal string or None). Percentages are floats with one decimal. With fewer than 10 answers the figures are
    withheld: ``overall`` is None and ``by_content`` is empty (``"suppressed": True``).
    """
    campaign = _closed(unit, year).first()
    if campaign is None:
        return None
    results = results_of(campaign)
    commune = results.commune
    thresholds = {
        "overall": (campaign.threshold_overall, campaign.threshold_overall_provenance),
        "content": (campaign.threshold_content, campaign.threshold_content_provenance),
        "coverage": (campaign.coverage_target, campaign.coverage_provenance),
    }
    return {
        "campaign_id": campaign.pk,
        "recognition_level": campaign.recognition_level,
        "frozen": True,
        "answers": commune.answers,
        "households": commune.households,
        "suppressed": commune.suppressed,
        "overall": None if commune.suppressed else commune.overall.percent,
        "by_content": {}
        if commune.suppressed
        else {c.key: c.share.percent for c in commune.contents if c.share.percent is not None},
        "thresholds": {
            key: [str(value) if value is not None else None, provenance]
            for key, (value, provenance) in thresholds.items()
        },
    }


def online_survey_communes(year: int) -> list[AdministrativeUnit]:
    """Communes with at least one online answer in a closed campaign of ``year`` (any purpose): the QĐ 924 /
    Plan 202 target (≥ 40% of units survey satisfaction online)."""
    unit_ids = {
        campaign.unit_id
        for campaign in Campaign.objects.filter(year=year, status=CampaignStatus.CLOSED)
        if campaign.frozen_results
        and any(group.get("online", 0) > 0 for group in campaign.frozen_results.get("hamlets", []))
    }
    return list(AdministrativeUnit.objects.filter(pk__in=unit_ids).order_by("name"))


def campaign_hamlets(campaign: Campaign) -> list[tuple[int, str]]:
    """(id, name) of the hamlets of the campaign's unit that are in use, by name. In a district-level campaign the
    name carries its commune ("Ấp 1 (Xã Bàu Hàm)"): two communes may each have an Ấp 1."""
    hamlets = hamlets_within(campaign.unit).select_related("unit")
    if campaign.unit.level == Level.DISTRICT:
        named = [(h.pk, f"{h.name} ({h.unit.name})") for h in hamlets]
    else:
        named = [(h.pk, h.name) for h in hamlets]
    return sorted(named, key=lambda item: sort_key(item[1]))


def hamlet_names(campaign: Campaign) -> list[str]:
    """The names of the campaign's hamlets, for the template's drop-down."""
    return [name for _pk, name in campaign_hamlets(campaign)]


def households_per_hamlet(campaign: Campaign) -> list[tuple[str, int]]:
    """``[(hamlet name, households)]`` of the campaign's list, by hamlet name (what opening the campaign invites)."""
    rows = campaign.households.values("hamlet__name").annotate(count=Count("id")).order_by("hamlet__name")
    return [(row["hamlet__name"], row["count"]) for row in rows]
