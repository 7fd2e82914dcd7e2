"""Growing areas with their codes (mã số vùng trồng), inspections, production lots and their trace events.

Nothing here is deleted: a code is issued, re-issued, suspended, reinstated or cancelled as a new ``CodeAction``
row and a new state of the area; an event, once recorded, is never edited (a correction is a new event that
points to the one it corrects). A producer owns its areas and lots (``owner``); officers see them through the unit
(the commune) the area lies in.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import ProvenanceStatus
from ntm.core.scoping import ScopedQuerySet
from ntm.core.storage import RandomPath
from ntm.traceability import codes, epcis


class CropKind(models.TextChoices):
    PERENNIAL = codes.PERENNIAL, _("Perennial crop")
    ANNUAL = codes.ANNUAL, _("Annual crop")


class Standard(models.TextChoices):
    VIETGAP = "vietgap", "VietGAP"
    GLOBALGAP = "globalgap", "GlobalG.A.P."
    ORGANIC = "organic", _("Organic")
    OTHER = "other", _("Other standard")
    NONE = "none", _("No certified standard")


class AreaStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered, awaiting a code")
    ACTIVE = "active", _("Code issued")
    SUSPENDED = "suspended", _("Code suspended")
    CANCELLED = "cancelled", _("Code cancelled")


class GrowingAreaQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class GrowingArea(models.Model):
    """A growing area (vùng trồng) a producer registers in a commune; an officer issues its code."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="growing_areas",
        verbose_name=_("commune"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="growing_areas",
        verbose_name=_("producer account"),
    )
    producer_name = models.CharField(_("producer (organisation or household)"), max_length=200)
    producer_address = models.CharField(_("producer's address"), max_length=300)
    name = models.CharField(_("name of the growing area"), max_length=200)
    crop = models.CharField(_("crop"), max_length=100)
    variety = models.CharField(_("variety"), max_length=100, blank=True)
    crop_kind = models.CharField(_("crop kind"), max_length=10, choices=CropKind.choices)
    area_ha = models.DecimalField(_("area (ha)"), max_digits=10, decimal_places=4)
    standard = models.CharField(_("applied standard"), max_length=10, choices=Standard.choices)
    standard_note = models.CharField(_("standard details (certificate number …)"), max_length=200, blank=True)
    expected_output_tonnes = models.DecimalField(
        _("expected output (tonnes per year)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    member_households = models.PositiveIntegerField(_("member households"), default=0)
    export_market = models.CharField(_("export market (if any)"), max_length=100, blank=True)
    packing_house = models.CharField(_("packing house (if any)"), max_length=200, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    boundary_area_ha = models.FloatField(_("area of the drawn boundary (ha)"), null=True, blank=True)
    centre_lon = models.FloatField(null=True, blank=True)
    centre_lat = models.FloatField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AreaStatus.choices, default=AreaStatus.REGISTERED
    )
    code = models.CharField(_("growing-area code"), max_length=40, blank=True)
    code_rule = models.CharField(_("code rule"), max_length=40, blank=True)
    code_provenance = models.CharField(max_length=12, choices=ProvenanceStatus.choices, blank=True)
    serial = models.PositiveSmallIntegerField(_("facility number"), null=True, blank=True)
    district_code = models.CharField(
        _("district code (before 1/7/2025)"),
        max_length=3,
        blank=True,
        help_text=_("Only for a code rule with the district segment."),
    )
    code_issued_on = models.DateField(_("code issued on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GrowingAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("growing area")
        verbose_name_plural = _("growing areas")
        ordering = ["unit__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="growing_area_unique_code"
            ),
            models.UniqueConstraint(
                fields=["unit", "serial"],
                condition=models.Q(serial__isnull=False),
                name="growing_area_unique_serial_in_commune",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name

    @property
    def is_suspended(self) -> bool:
        return self.status in {AreaStatus.SUSPENDED, AreaStatus.CANCELLED}


class CodeActionKind(models.TextChoices):
    ISSUE = "issue", _("Issued")
    REISSUE = "reissue", _("Re-issued")
    SUSPEND = "suspend", _("Suspended")
    REINSTATE = "reinstate", _("Suspension lifted")
    CANCEL = "cancel", _("Cancelled")


class CodeAction(models.Model):
    """One step in the history of an area's code: who did what, when, why, under which rule (append-only)."""

    area = models.ForeignKey(GrowingArea, on_delete=models.PROTECT, related_name="code_actions")
    kind = models.CharField(_("action"), max_length=10, choices=CodeActionKind.choices)
    code = models.CharField(_("code"), max_length=40)
    rule = models.CharField(_("code rule"), max_length=40)
    provenance = models.CharField(max_length=12, choices=ProvenanceStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    decision_ref = models.CharField(_("decision (number, date)"), max_length=120, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("code action")
        verbose_name_plural = _("code actions")
        ordering = ["area", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"


class InspectionResult(models.TextChoices):
    PASS = "pass", _("Meets the requirements")
    REMARKS = "remarks", _("Meets them with remarks")
    FAIL = "fail", _("Does not meet the requirements")


class Inspection(models.Model):
    """An officer's inspection of a growing area (before the code, then periodic supervision)."""

    area = models.ForeignKey(GrowingArea, on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField(_("inspected on"))
    result = models.CharField(_("result"), max_length=8, choices=InspectionResult.choices)
    note = models.TextField(_("findings"), blank=True)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["area", "-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.area} {self.inspected_on:%d/%m/%Y}"


class LotUnit(models.TextChoices):
    KG = "kg", _("kg")
    TONNE = "tan", _("tonnes")
    PIECE = "qua", _("pieces")
    CARTON = "thung", _("cartons")


assert set(LotUnit.values) == set(epcis.UOM)


class LotQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class Lot(models.Model):
    """A production lot: harvested from a growing area, or made from other lots (processing). Its trace code is
    what the label and the public trace page show."""

    code = models.CharField(_("trace code"), max_length=40, unique=True)
    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lots", verbose_name=_("producer")
    )
    area = models.ForeignKey(
        GrowingArea,
        on_delete=models.PROTECT,
        related_name="lots",
        null=True,
        blank=True,
        verbose_name=_("growing area"),
    )
    inputs = models.ManyToManyField(
        "self", symmetrical=False, related_name="outputs", blank=True, verbose_name=_("made from lots")
    )
    product_name = models.CharField(_("product name"), max_length=200)
    gtin = models.CharField(_("GTIN (if the product has one)"), max_length=14, blank=True)
    brand = models.CharField(_("brand, mark or serial (if any)"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    quantity_unit = models.CharField(_("unit"), max_length=5, choices=LotUnit.choices, default=LotUnit.KG)
    produced_on = models.DateField(_("harvest or production date"))
    expires_on = models.DateField(_("use by (if any)"), null=True, blank=True)
    standard = models.CharField(_("applied standard"), max_length=10, choices=Standard.choices)
    standard_note = models.CharField(_("standard details"), max_length=200, blank=True)
    # the product image of the trace page (TT 02/2024 field 2): JPEG or PNG judged by content (ntm.core.uploads)
    image = models.FileField(
        _("product image"), upload_to=RandomPath("traceability/images", "image_type"), blank=True
    )
    image_type = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LotQuerySet.as_manager()

    class Meta:
        verbose_name = _("production lot")
        verbose_name_plural = _("production lots")
        ordering = ["-produced_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.product_name} · {self.code}"


class Stage(models.TextChoices):
    HARVEST = "harvest", _("Harvest")
    PROCESSING = "processing", _("Processing")
    PACKING = "packing", _("Packing")
    SHIPPING = "shipping", _("Shipping")
    RECEIVING = "receiving", _("Receiving")


assert set(Stage.values) == set(epcis.STAGES)


class TraceEvent(models.Model):
    """One stage of a lot in the EPCIS 2.0 shape: what (the lot, a quantity), when, where (a place with its trace
    code), why (the stage, a delivery note, the receiver). Immutable: a correction is a new event."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="events")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    occurred_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=200)
    place_code = models.CharField(_("place trace code"), max_length=60, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, null=True, blank=True)
    package = models.CharField(_("package (carton, pallet) number"), max_length=60, blank=True)
    document = models.CharField(_("document (delivery note …)"), max_length=60, blank=True)
    receiver = models.CharField(_("receiver"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects event"),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trace event")
        verbose_name_plural = _("trace events")
        ordering = ["occurred_at", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.occurred_at:%d/%m/%Y}"
