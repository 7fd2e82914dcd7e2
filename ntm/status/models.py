"""The register of official status: recognition, revocation and conversion decisions per unit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import StatusLevel
from ntm.core.scoping import ScopedQuerySet
from ntm.core.storage import RandomPath
from ntm.core.vocabulary import REVOKED
from ntm.status.logic import Decision


class RecordSource(models.TextChoices):
    WORKFLOW = "workflow", _("Decision made in the dossier workflow")
    REGISTER = "register", _("Imported from the province's register of past decisions")
    CONVERSION = "conversion", _("Conversion after 1/7/2025 (quy đổi)")


class StatusRecordQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"

    def published(self) -> StatusRecordQuerySet:
        return self.filter(is_published=True)


class StatusRecord(models.Model):
    """One decision in a unit's official status history. Never deleted: a mistake is corrected by a new
    record that supersedes it (``superseded_by``), and a revocation is a record of its own."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="status_records",
        verbose_name=_("unit"),
    )
    level = models.CharField(_("status"), max_length=10, choices=StatusLevel.choices)
    criteria_set = models.CharField(_("criteria set"), max_length=60, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=150, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    document = models.FileField(
        _("document"), upload_to=RandomPath("decisions", type_field="document_type"), blank=True
    )
    document_type = models.CharField(_("document type"), max_length=120, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=RecordSource.choices)
    revokes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revoked_by",
        verbose_name=_("revokes"),
    )
    converted_from = models.ManyToManyField(
        "self", blank=True, symmetrical=False, related_name="converted_into", verbose_name=_("converted from")
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("corrected by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    is_published = models.BooleanField(_("public"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = StatusRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("official status record")
        verbose_name_plural = _("register of official status")
        ordering = ["unit", "decision_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(level=REVOKED) | models.Q(revokes__isnull=False),
                name="revocation_names_the_revoked_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_level_display()} ({self.decision_number}, {self.decision_date:%d/%m/%Y})"

    def as_decision(self) -> Decision:
        return Decision(self.pk, self.level, self.decision_date, self.revokes_id)
