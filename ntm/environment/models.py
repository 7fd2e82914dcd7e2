"""Rural environment and clean water: water-supply points with lab samples judged against a versioned parameter
catalogue, household water coverage by commune and year, waste collection figures, and the inventory of
production and livestock facilities with their inspections. Nothing here is deleted: a point is closed, a wrong
sample is corrected by a new one that names it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.models import Attachment
from ntm.core.scoping import ScopedQuerySet
from ntm.core.storage import RandomPath
from ntm.environment.parameters import Catalogue, catalogue_from_data


class ParameterCatalogue(models.Model):
    """One immutable version of a water-parameter catalogue (``parameters.Catalogue`` as stored data)."""

    code = models.CharField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=300)
    valid_from = models.DateField(_("applies from"))
    data = models.JSONField()
    content_hash = models.CharField(max_length=64)
    change_note = models.CharField(_("change note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("water-parameter catalogue")
        verbose_name_plural = _("water-parameter catalogues")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="catalogue_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def catalogue(self) -> Catalogue:
        return catalogue_from_data(self.data)


class SupplyKind(models.TextChoices):
    CENTRALISED = "centralised", _("Centralised water-supply scheme")
    HOUSEHOLD = "household", _("Household-scale source")
    MONITORING = "monitoring", _("Monitoring point")


class PointStatus(models.TextChoices):
    ACTIVE = "active", _("In operation")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class WaterPointQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class WaterPoint(models.Model):
    """A water-supply scheme, a household-scale source or a monitoring point of one commune."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=SupplyKind.choices)
    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    # The operator whose accounts enter this point's lab results (an organisation of kind "water_operator");
    # ``operator`` stays the name as written when no such organisation has an account here.
    operator_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="water_points",
        limit_choices_to={"kind": "water_operator"},
        verbose_name=_("operator with accounts"),
    )
    capacity_m3_per_day = models.DecimalField(
        _("capacity (m³/day)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    households_served = models.PositiveIntegerField(_("households served"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PointStatus.choices, default=PointStatus.ACTIVE
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WaterPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("water point")
        verbose_name_plural = _("water points")
        ordering = ["unit__name", "name"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class LabReport(Attachment):
    """A lab report (PDF or image); the samples whose results it gives point to it."""

    file = models.FileField(_("file"), upload_to=RandomPath("lab-reports"), max_length=300)

    class Meta:
        verbose_name = _("lab report")
        verbose_name_plural = _("lab reports")


class SampleQuerySet(ScopedQuerySet):
    unit_path_lookup = "point__unit__tree_path"


class Sample(models.Model):
    """One lab result of one water point: the values as the lab report gives them (by parameter code), judged on
    read against the catalogue version it was entered under. Never changed: a correction is a new sample that
    names the one it corrects."""

    point = models.ForeignKey(
        WaterPoint, on_delete=models.PROTECT, related_name="samples", verbose_name=_("point")
    )
    sampled_on = models.DateField(_("sampling date"))
    laboratory = models.CharField(_("laboratory"), max_length=200)
    catalogue = models.ForeignKey(
        ParameterCatalogue, on_delete=models.PROTECT, related_name="+", verbose_name=_("parameter catalogue")
    )
    values = models.JSONField(_("results"))
    report = models.ForeignKey(
        LabReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="samples",
        verbose_name=_("lab report"),
    )
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by"
    )
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    objects = SampleQuerySet.as_manager()

    class Meta:
        verbose_name = _("water sample")
        verbose_name_plural = _("water samples")
        ordering = ["-sampled_on", "-id"]

    def __str__(self) -> str:
        return f"{self.point.code} {self.sampled_on:%d/%m/%Y}"


PUBLISH_DELAY_MAX = 365


class PublicationSchedule(models.Model):
    """The province's schedule for publishing water results: a result appears on the public pages ``delay_days``
    days after it was entered. One row (pk 1), set by the coordination office; when there is none the system
    setting ``NTM_WATER_PUBLISH_DAYS`` applies. Read when the public pages are built, so a change applies to
    results already entered too."""

    delay_days = models.PositiveSmallIntegerField(
        _("days after entry"), validators=[MaxValueValidator(PUBLISH_DELAY_MAX)]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("set by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("publication schedule of water results")
        verbose_name_plural = _("publication schedules of water results")

    def __str__(self) -> str:
        return str(self.delay_days)


class CommuneYearQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class WaterCoverage(models.Model):
    """Household water coverage of a commune in a year (QĐ 1893/QĐ-BNN-TL's split): the counts; the shares are
    computed from them (``coverage.shares``) and sent to the assessment app."""

    unit = models.ForeignKey("units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    households = models.PositiveIntegerField(_("households"))
    hygienic = models.PositiveIntegerField(_("households using hygienic water"))
    clean = models.PositiveIntegerField(_("households using standard clean water"))
    clean_piped = models.PositiveIntegerField(_("of which from centralised schemes"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommuneYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("household water coverage")
        verbose_name_plural = _("household water coverage")
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="water_coverage_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}"


# Each waste stream of ``WasteFigures``: the field of the quantity generated and of the quantity collected and treated.
WASTE_STREAMS = {
    "domestic": ("domestic_generated", "domestic_treated"),
    "packaging": ("packaging_generated", "packaging_treated"),
    "medical": ("medical_generated", "medical_treated"),
}


class WasteFigures(models.Model):
    """Waste collected and treated in a commune in a year (tonnes or kilograms as the commune reports them)."""

    unit = models.ForeignKey("units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    domestic_generated = models.DecimalField(
        _("domestic solid waste generated (t)"), max_digits=12, decimal_places=2
    )
    domestic_treated = models.DecimalField(
        _("domestic solid waste collected and treated (t)"), max_digits=12, decimal_places=2
    )
    packaging_generated = models.DecimalField(
        _("pesticide packaging after use (kg)"), max_digits=12, decimal_places=2
    )
    packaging_treated = models.DecimalField(
        _("pesticide packaging collected and treated (kg)"), max_digits=12, decimal_places=2
    )
    medical_generated = models.DecimalField(
        _("medical waste generated (kg)"), max_digits=12, decimal_places=2
    )
    medical_treated = models.DecimalField(
        _("medical waste collected and treated (kg)"), max_digits=12, decimal_places=2
    )
    collection_schedule = models.CharField(_("collection points and schedule"), max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommuneYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("waste figures")
        verbose_name_plural = _("waste figures")
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="waste_figures_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}"


class FacilityKind(models.TextChoices):
    PRODUCTION = "production", _("Production or business facility")
    LIVESTOCK = "livestock", _("Livestock farm")
    AQUACULTURE = "aquaculture", _("Aquaculture facility")
    CRAFT_VILLAGE = "craft_village", _("Craft village")


class FacilityQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class Facility(models.Model):
    """A facility in the commune's inventory of pollution sources; its compliance is its latest inspection's."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=15, choices=FacilityKind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("operating"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["unit__name", "name"]

    def __str__(self) -> str:
        return self.name


class Inspection(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField(_("inspection date"))
    compliant = models.BooleanField(_("meets environmental-protection requirements"))
    findings = models.CharField(_("findings"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.inspected_on}"
