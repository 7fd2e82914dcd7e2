"""The registry of public legal documents the system cites (decisions, decrees, circulars, plans, standards).

Rows come from ``ntm/legal/documents.toml`` (``manage.py load_legal_documents``) and may be corrected by the
province coordinator. ``provenance`` says how sure we are of the row's filled fields; a field no public source
gives stays empty and is shown as such, never guessed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import ProvenanceStatus
from ntm.core.text import fold


class LegalKind(models.TextChoices):
    LAW = "law", _("Law")
    RESOLUTION = "resolution", _("Resolution")
    DECREE = "decree", _("Decree")
    DECISION = "decision", _("Decision")
    CIRCULAR = "circular", _("Circular")
    PLAN = "plan", _("Plan")
    GUIDANCE = "guidance", _("Guidance")
    LETTER = "letter", _("Official letter")
    TECHNICAL_REGULATION = "technical_regulation", _("National technical regulation (QCVN)")
    STANDARD = "standard", _("National standard (TCVN)")


class LegalDocument(models.Model):
    """One public legal document, identified by its symbol ("QĐ 318/QĐ-TTg")."""

    symbol = models.CharField(_("symbol"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=LegalKind.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    url = models.URLField(_("public URL"), max_length=500, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.TextField(_("where these facts were seen"), blank=True)
    provenance = models.CharField(
        _("provenance"), max_length=12, choices=ProvenanceStatus.choices, default=ProvenanceStatus.UNCONFIRMED
    )
    search_text = models.TextField(editable=False, default="")
    file_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["symbol"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_from__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="legal_document_effective_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.symbol

    def save(self, *args, **kwargs) -> None:
        self.search_text = fold(" ".join((self.symbol, self.number, self.issuer, self.title, self.note)))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)
