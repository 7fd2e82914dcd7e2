"""The communication and knowledge library (Plan 202 IV.1.a-c, IV.2.d) and emulation and awards (IV.1.đ, VI.3.d,
VI.4.b).

An ``Article`` is one item of the library: news, guidance, a training material, a legal text (linked to the legal
registry), a video (a link, never an embedded player) or a good model ("mô hình hay, cách làm hay") of a field and a
unit. It moves draft → review → published (or back to draft with a note; a published item may be withdrawn, never
deleted). Only published items reach the public site.

Emulation: a ``Movement`` (phong trào thi đua) runs over a period with participating units; an ``AwardDecision``
(quyết định khen thưởng) gives ``Award`` rows to units or people, and its Word document follows Decree 30.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.models import Attachment
from ntm.core.scoping import ScopedQuerySet
from ntm.core.storage import RandomPath
from ntm.core.text import fold
from ntm.knowledge import markup


class ArticleKind(models.TextChoices):
    NEWS = "news", _("News")
    GUIDANCE = "guidance", _("Guidance")
    TRAINING = "training", _("Training material")
    LEGAL = "legal", _("Legal text")
    VIDEO = "video", _("Video")
    GOOD_MODEL = "good_model", _("Good model, good practice")


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("Draft (not published)")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ModelField(models.TextChoices):
    """The fields a good model belongs to (the plan's areas of NTM work)."""

    PRODUCTION = "production", _("Production and income")
    DIGITAL = "digital", _("Digital transformation")
    ENVIRONMENT = "environment", _("Environment and landscape")
    CULTURE = "culture", _("Culture and community")
    TOURISM = "tourism", _("Rural tourism")
    SECURITY = "security", _("Security and order")
    GOVERNANCE = "governance", _("Governance and public services")
    OTHER = "other", _("Other")


class Tag(models.Model):
    """A tag; ``key`` is the folded name (no diacritics), so "Chuyển đổi số" and "chuyen doi so" are one tag."""

    name = models.CharField(_("name"), max_length=60)
    key = models.CharField(max_length=60, unique=True, editable=False)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = fold(self.name)[:60]
        super().save(*args, **kwargs)


class ArticleQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"

    def published(self) -> ArticleQuerySet:
        return self.filter(state=ArticleState.PUBLISHED)


class Article(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=ArticleKind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(
        _("body text"),
        blank=True,
        help_text=_(
            "Plain text. A blank line starts a paragraph; “## ” a heading; “- ” a list item; **bold**; "
            "[text](https://…) a link. HTML is shown as written, never run."
        ),
    )
    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    field = models.CharField(_("field"), max_length=12, choices=ModelField.choices, blank=True)
    legal_document = models.ForeignKey(
        "legal.LegalDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("legal document"),
    )
    video_url = models.URLField(_("video address (URL)"), max_length=500, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    state = models.CharField(
        _("state"), max_length=10, choices=ArticleState.choices, default=ArticleState.DRAFT
    )
    review_note = models.CharField(_("reviewer's note"), max_length=500, blank=True)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        ordering = ["-published_at", "-updated_at"]
        indexes = [models.Index(fields=["state", "kind"], name="knowledge_state_kind")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(published_at__isnull=False),
                name="knowledge_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def index_text(self, tag_names: list[str] | None = None) -> str:
        """The folded text searched without diacritics: title, summary, body, unit, field and tags."""
        names = tag_names if tag_names is not None else [tag.name for tag in self.tags.all()]
        parts = [
            self.title,
            self.summary,
            markup.plain(self.body),
            self.get_field_display() if self.field else "",
        ]
        if self.unit_id:
            parts.append(self.unit.name)
        if self.legal_document_id:
            parts.append(self.legal_document.symbol)
        return fold(" ".join([*parts, *names]))

    @property
    def is_public(self) -> bool:
        return self.state == ArticleState.PUBLISHED


class ArticleImage(Attachment):
    """An image of an item (JPEG/PNG, judged by content, size-limited), stored privately under a random name and
    served through a view: to everyone once the item is published, to the area's readers in scope before."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(_("image"), upload_to=RandomPath("knowledge"), max_length=300)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("image of an item")
        verbose_name_plural = _("images of an item")
        ordering = ["id"]


# --- Emulation and awards --------------------------------------------------------------------------------------------


class MovementQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class Movement(models.Model):
    """An emulation movement (phong trào thi đua) launched by a unit for a period."""

    title = models.CharField(_("title"), max_length=300)
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("launched by"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("content"), blank=True)
    launch_document = models.CharField(_("launching document (number, date)"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        "units.AdministrativeUnit",
        through="MovementParticipant",
        related_name="+",
        verbose_name=_("participating units"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="movement_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class MovementParticipant(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="participations")
    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    registered_on = models.DateField(_("registered on"))
    commitment = models.CharField(_("commitment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("participating unit")
        verbose_name_plural = _("participating units")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="movement_participant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} @ {self.movement}"


class AwardForm(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate of merit")
    COMMENDATION = "commendation", _("Letter of commendation")
    FLAG = "flag", _("Emulation flag")
    TITLE = "title", _("Emulation title")


class AwardDecision(models.Model):
    """A decision giving awards (quyết định khen thưởng), optionally closing a movement."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issuing unit"),
    )
    movement = models.ForeignKey(
        Movement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("emulation movement"),
    )
    number = models.CharField(_("number and symbol"), max_length=60)
    decided_on = models.DateField(_("date"))
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    parent_body = models.CharField(_("parent body"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=80)
    reason = models.CharField(_("for (the achievement rewarded)"), max_length=500)
    basis = models.TextField(
        _("legal basis (one per line)"),
        blank=True,
        help_text=_("The legal-basis lines of the decision, as the issuing body writes them."),
    )
    signer_title = models.CharField(_("signer's title"), max_length=120)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-decided_on", "number"]

    def __str__(self) -> str:
        return self.number

    @property
    def year(self) -> int:
        return self.decided_on.year


class AwardQuerySet(ScopedQuerySet):
    unit_path_lookup = "decision__unit__tree_path"


class Award(models.Model):
    """One award of a decision, to a unit or to a person (name and position only; no ID number is kept)."""

    decision = models.ForeignKey(AwardDecision, on_delete=models.PROTECT, related_name="awards")
    form = models.CharField(_("form of award"), max_length=14, choices=AwardForm.choices)
    recipient_unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit awarded"),
    )
    person_name = models.CharField(_("person awarded"), max_length=150, blank=True)
    person_position = models.CharField(_("position, workplace"), max_length=200, blank=True)
    achievement = models.CharField(_("achievement"), max_length=500, blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["decision", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(recipient_unit__isnull=False) & models.Q(person_name=""))
                | (models.Q(recipient_unit__isnull=True) & ~models.Q(person_name="")),
                name="award_one_recipient",
            )
        ]

    def __str__(self) -> str:
        return self.recipient_label

    @property
    def recipient_label(self) -> str:
        if self.recipient_unit_id:
            return self.recipient_unit.name
        return f"{self.person_name}, {self.person_position}" if self.person_position else self.person_name
