"""Citizen-satisfaction surveys run by the Fatherland Front (MTTQ): questionnaires, campaigns, household lists,
one-time tokens, answers and the double-entry staging of paper forms.

Privacy by structure (tested in tests/test_privacy.py):

- ``Answer`` has a random UUID primary key, a date (no time), the campaign, the hamlet and the channel. It has
  no foreign key to ``Household``, ``Receipt``, ``PaperDraft`` or any user, and nothing points from those to it.
- ``Receipt`` records only *that* a household answered (its primary key is the household): no time, no
  channel. Its primary key is the database constraint that lets a household answer once, online or on paper.
- ``AnswerItem`` has a composite primary key (answer, question): no sequence number reveals the order of
  answers.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import ProvenanceStatus, RecognitionLevel
from ntm.core.scoping import ScopedQuerySet
from ntm.surveys import tokens


class Purpose(models.TextChoices):
    RECOGNITION = "recognition", _("Recognition at a level")
    SERVICE = "service", _("Feedback on an essential service")


class QuestionKind(models.TextChoices):
    CONTENT = "content", _("NTM content (satisfied / not yet satisfied)")
    OVERALL = "overall", _("General satisfaction question")
    TEXT = "text", _("Free comment")


class Questionnaire(models.Model):
    """One version of a questionnaire, loaded from a data file; a campaign keeps the version it started with."""

    code = models.CharField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    provenance = models.CharField(_("provenance"), max_length=12, choices=ProvenanceStatus.choices)
    source = models.TextField(_("source"))
    note = models.TextField(_("note"), blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="questionnaire_unique_version"),
            models.UniqueConstraint(fields=["code", "content_hash"], name="questionnaire_unique_content"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Question(models.Model):
    """A question of a questionnaire version: an NTM content, the general question, or a free comment."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.CharField(_("key"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    hint = models.CharField(_("explanation"), max_length=300, blank=True)
    criterion = models.CharField(_("criterion"), max_length=10, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="question_unique_key"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choice(self) -> bool:
        return self.kind != QuestionKind.TEXT


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CampaignQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


def _new_salt() -> str:
    return secrets.token_hex(32)


class Campaign(models.Model):
    """A survey campaign of the Fatherland Front in one commune: purpose, questionnaire, dates, thresholds,
    coverage target and the officers who run it. Closing it freezes its results."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="survey_campaigns",
        verbose_name=_("commune"),
    )
    title = models.CharField(_("title"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    recognition_level = models.CharField(
        _("recognition level"), max_length=10, choices=RecognitionLevel.choices, blank=True
    )
    service_name = models.CharField(_("essential service"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("questionnaire")
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    threshold_overall = models.DecimalField(
        _("overall satisfaction threshold (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    threshold_overall_provenance = models.CharField(max_length=12, choices=ProvenanceStatus.choices)
    threshold_overall_source = models.CharField(max_length=300)
    threshold_content = models.DecimalField(
        _("satisfaction threshold per content (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    threshold_content_provenance = models.CharField(max_length=12, choices=ProvenanceStatus.choices)
    threshold_content_source = models.CharField(max_length=300)
    coverage_target = models.DecimalField(
        _("coverage target (share of households, %)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    coverage_provenance = models.CharField(max_length=12, choices=ProvenanceStatus.choices)
    coverage_source = models.CharField(max_length=300)
    paper_double_entry = models.BooleanField(_("paper forms are entered twice"), default=False)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="survey_campaigns", verbose_name=_("Front officers")
    )
    token_salt = models.CharField(max_length=64, default=_new_salt, editable=False)
    frozen_results = models.JSONField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    households_purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="campaign_dates_in_order"
            ),
            models.CheckConstraint(
                condition=models.Q(threshold_overall__isnull=True)
                | models.Q(threshold_overall__gte=0, threshold_overall__lte=100),
                name="campaign_threshold_overall_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(threshold_content__isnull=True)
                | models.Q(threshold_content__gte=0, threshold_content__lte=100),
                name="campaign_threshold_content_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(coverage_target__isnull=True)
                | models.Q(coverage_target__gte=0, coverage_target__lte=100),
                name="campaign_coverage_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def token_key(self) -> bytes:
        return tokens.campaign_key(settings.SECRET_KEY, self.token_salt)

    def accepts_answers_on(self, day) -> bool:
        return self.status == CampaignStatus.OPEN and self.opens_on <= day <= self.closes_on

    @property
    def closed_on(self):
        """The day the campaign really stopped taking answers: the day it was closed (early or late), else the
        planned closing day."""
        return timezone.localdate(self.closed_at) if self.closed_at else self.closes_on

    @property
    def closed_early(self) -> bool:
        return self.closed_at is not None and self.closed_on < self.closes_on

    @property
    def opens_today(self) -> bool:
        return self.opens_on == timezone.localdate()

    @property
    def is_frozen(self) -> bool:
        return self.status == CampaignStatus.CLOSED and self.frozen_results is not None


class HouseholdQuerySet(ScopedQuerySet):
    unit_path_lookup = "campaign__unit__tree_path"


class Household(models.Model):
    """A household on a campaign's list: a local household code, the head's name and the hamlet. Never an ID
    number. Holds the hash of its one-time token; whether it answered is its ``Receipt``."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="households")
    hamlet = models.ForeignKey(
        "units.Hamlet", on_delete=models.PROTECT, related_name="survey_households", verbose_name=_("hamlet")
    )
    code = models.CharField(_("household code"), max_length=30)
    head_name = models.CharField(_("head of household"), max_length=150)
    token_version = models.PositiveSmallIntegerField(default=1, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["hamlet__name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="household_unique_code_per_campaign")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.head_name}"

    def token(self) -> str:
        """The raw token (derived, never stored): only the slips and the tests ask for it."""
        return tokens.derive_token(self.campaign.token_key(), self.code, self.token_version)

    def refresh_token_hash(self) -> None:
        self.token_hash = tokens.hash_token(self.token())


class Receipt(models.Model):
    """That a household has answered, and nothing else: no time, no channel, no link to its answer. The primary
    key (the household) is the database constraint behind "one answer per household"."""

    household = models.OneToOneField(
        Household, on_delete=models.PROTECT, primary_key=True, related_name="receipt"
    )

    class Meta:
        verbose_name = _("answer receipt")
        verbose_name_plural = _("answer receipts")

    def __str__(self) -> str:
        return str(self.household_id)


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper form")


class Answer(models.Model):
    """One household's answers, stored apart from its identity: random key, date only, hamlet and channel."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="answers")
    hamlet = models.ForeignKey("units.Hamlet", on_delete=models.PROTECT, related_name="+")
    answered_on = models.DateField(_("answered on"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return str(self.id)


class AnswerItem(models.Model):
    """The answer to one question: satisfied or not (None for a free comment or a skipped optional question),
    and an optional comment."""

    pk = models.CompositePrimaryKey("answer_id", "question_id")
    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    satisfied = models.BooleanField(null=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer item")
        verbose_name_plural = _("answer items")

    def __str__(self) -> str:
        return f"{self.question_id}: {self.satisfied}"


class PaperDraft(models.Model):
    """The first entry of a paper form when the campaign asks for double entry. It links a household to answers,
    so it lives only until the second entry confirms it (then it is deleted) or the campaign closes."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="paper_drafts")
    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="paper_draft")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField()

    class Meta:
        verbose_name = _("paper form awaiting its second entry")
        verbose_name_plural = _("paper forms awaiting their second entry")

    def __str__(self) -> str:
        return str(self.household)


class RateCounter(models.Model):
    """A shared counter of the public answer pages' rate limits: one row per limited thing (a token, a client
    address) and window, raised by one atomic upsert (``ntm.surveys.ratelimit``), so a limit holds across web
    processes without Redis. UNLOGGED on PostgreSQL: a count is not worth a WAL write, and a crash that forgets
    the counts of a ten-minute window costs nothing."""

    key = models.CharField(primary_key=True, max_length=120)
    period = models.BigIntegerField(db_index=True)  # the window's number (seconds since the epoch // window)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
