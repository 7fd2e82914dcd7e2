"""Administrative units in both structures (before and after 1/7/2025).

The foundation needs only what roles are bound to (code, name, level, parent); the units issue adds lineage,
hamlets, attributes by year and boundaries. ``tree_path`` is a materialised path ("/2025/75/26734/") so that
"this unit and everything under it" is one indexed prefix query on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.text import fold


class Structure(models.TextChoices):
    LEGACY = "legacy", _("Before 1/7/2025 (three tiers)")
    REFORM_2025 = "2025", _("From 1/7/2025 (two tiers)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class AdministrativeUnitQuerySet(models.QuerySet):
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
    unit_type = models.CharField(_("type"), max_length=20, blank=True)
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
