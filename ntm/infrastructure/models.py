"""Digital infrastructure of the communes (Plan 202 IV.2.b, IV.4.a, IV.4.c) and their rural planning records
(IV.2.c).

The inventory: free wifi points, internet access points, commune radio stations and loudspeaker clusters (each
in an ấp when it serves one), with a dated history of status checks (the asset's status is its latest check), and
mobile coverage by technology for every ấp. The planning records: the commune's approved general construction
plan (decision, public posting, management rules), its documents and its planning map (GeoJSON). Nothing here is
deleted: an asset taken out of service gets a "retired" check; a plan replaced by a new one stays on record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.models import Attachment
from ntm.core.scoping import ScopedQuerySet
from ntm.core.storage import RandomPath


class AssetKind(models.TextChoices):
    WIFI = "wifi", _("Free wifi point")
    INTERNET = "internet", _("Internet access point")
    RADIO = "radio", _("Commune radio station")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker cluster")


class AssetStatus(models.TextChoices):
    WORKING = "working", _("Working")
    BROKEN = "broken", _("Not working")
    RETIRED = "retired", _("Taken out of service")


class PlaceKind(models.TextChoices):
    COMMUNE_CENTRE = "centre", _("Commune centre")
    CULTURAL = "cultural", _("Cultural point")
    TOURISM = "tourism", _("Tourism site")
    OTHER = "other", _("Other public place")


class UnitScopedQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class Asset(models.Model):
    """A wifi point, internet access point, radio station or loudspeaker cluster of one commune."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    hamlet = models.ForeignKey(
        "units.Hamlet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hamlet"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AssetKind.choices)
    name = models.CharField(_("name"), max_length=200)
    place_kind = models.CharField(_("place"), max_length=10, choices=PlaceKind.choices, blank=True)
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    speakers = models.PositiveSmallIntegerField(_("number of loudspeakers"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AssetStatus.choices)
    status_on = models.DateField(_("status checked on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("digital infrastructure item")
        verbose_name_plural = _("digital infrastructure items")
        ordering = ["unit__name", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class StatusCheck(models.Model):
    """One dated status of an asset (the first one is its entry into the inventory); never changed."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="checks")
    checked_on = models.DateField(_("checked on"))
    status = models.CharField(_("status"), max_length=10, choices=AssetStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status check")
        verbose_name_plural = _("status checks")
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.asset_id} {self.checked_on} {self.status}"


class Technology(models.TextChoices):
    G2 = "2g", "2G"
    G3 = "3g", "3G"
    G4 = "4g", "4G"
    G5 = "5g", "5G"


class HamletCoverageQuerySet(ScopedQuerySet):
    unit_path_lookup = "hamlet__unit__tree_path"


class MobileCoverage(models.Model):
    """Whether an ấp is covered by mobile service of one technology (as the commune last surveyed it)."""

    hamlet = models.ForeignKey("units.Hamlet", on_delete=models.PROTECT, related_name="+")
    technology = models.CharField(_("technology"), max_length=2, choices=Technology.choices)
    covered = models.BooleanField(_("covered"))
    surveyed_on = models.DateField(_("surveyed on"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = HamletCoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("mobile coverage")
        verbose_name_plural = _("mobile coverage")
        constraints = [
            models.UniqueConstraint(fields=["hamlet", "technology"], name="mobile_coverage_hamlet_technology")
        ]

    def __str__(self) -> str:
        return f"{self.hamlet_id} {self.technology}: {self.covered}"


class PlanningRecord(models.Model):
    """The commune's general construction plan as approved: the decision, its public posting and the
    management rules issued with it. A revised plan is a new record; the latest decision is the one in force."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    title = models.CharField(_("plan"), max_length=300)
    decision_number = models.CharField(_("approval decision number"), max_length=60)
    decision_date = models.DateField(_("approval date"))
    issuer = models.CharField(_("approved by"), max_length=200)
    posted_on = models.DateField(_("publicly posted on"), null=True, blank=True)
    posted_place = models.CharField(_("posted at"), max_length=300, blank=True)
    rules_number = models.CharField(_("management rules: decision number"), max_length=60, blank=True)
    rules_date = models.DateField(_("management rules: date issued"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("planning record")
        verbose_name_plural = _("planning records")
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "decision_number"], name="planning_record_unit_decision")
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.decision_date:%d/%m/%Y})"


class DocumentKind(models.TextChoices):
    DECISION = "decision", _("Approval decision")
    PLAN = "plan", _("Plan report and drawings")
    RULES = "rules", _("Management rules")
    POSTING = "posting", _("Record of public posting")
    OTHER = "other", _("Other")


class PlanningDocument(Attachment):
    """A document of a planning record, kept in private storage and served through a scoped view."""

    record = models.ForeignKey(PlanningRecord, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=RandomPath("planning"), max_length=300)

    class Meta:
        verbose_name = _("planning document")
        verbose_name_plural = _("planning documents")
        ordering = ["kind", "uploaded_at"]


class PlanningMap(models.Model):
    """The planning map of a record as uploaded (GeoJSON features, read within the project's limits). A new
    upload is a new row; the latest is the one shown."""

    record = models.ForeignKey(PlanningRecord, on_delete=models.PROTECT, related_name="maps")
    original_name = models.CharField(_("file name"), max_length=255)
    features = models.JSONField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("planning map")
        verbose_name_plural = _("planning maps")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name
