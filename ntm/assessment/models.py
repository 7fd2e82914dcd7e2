"""Indicator values per unit, criteria set and year, with evidence and the verification thread.

Evaluation results are never stored: every page recomputes them from these values with the engine, so nothing
derived can drift. The ``revision`` of a unit-year (``UnitYearRevision``) changes on every write and keys any cache.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.models import Attachment
from ntm.core.scoping import ScopedQuerySet
from ntm.core.storage import RandomPath


class ValueStatus(models.TextChoices):
    ENTERED = "entered", _("Entered, awaiting verification")
    RETURNED = "returned", _("Returned by the department")
    ANSWERED = "answered", _("Answered by the commune")
    VERIFIED = "verified", _("Verified")


class IndicatorValueQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class IndicatorValue(models.Model):
    """The value of one indicator of one criteria set for one unit and year, as the commune entered it, with the
    responsible department's verification."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="indicator_values",
        verbose_name=_("unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    set_code = models.CharField(_("criteria set"), max_length=80)
    indicator_code = models.CharField(_("indicator"), max_length=20)
    value = models.JSONField(_("value"), null=True)
    note = models.TextField(_("note"), blank=True)
    department = models.CharField(_("responsible department"), max_length=30, blank=True)
    source = models.CharField(_("source"), max_length=60, default="entered")
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.ENTERED
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "set_code", "year", "indicator_code"], name="indicator_value_unique"
            ),
        ]
        indexes = [models.Index(fields=["set_code", "year", "unit"], name="value_set_year_unit")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.set_code} {self.indicator_code}"


class UnitYearRevision(models.Model):
    """A counter bumped by every write to a unit's values for a set and year (cache key for evaluations)."""

    unit = models.ForeignKey("units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    set_code = models.CharField(max_length=80)
    year = models.PositiveSmallIntegerField()
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "set_code", "year"], name="unit_year_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.set_code} {self.year}: {self.revision}"


class EventKind(models.TextChoices):
    ENTERED = "entered", _("Value entered")
    CHANGED = "changed", _("Value changed")
    RETURNED = "returned", _("Returned")
    ANSWERED = "answered", _("Answered")
    VERIFIED = "verified", _("Verified")
    EVIDENCE = "evidence", _("Evidence added")
    EVIDENCE_REMOVED = "evidence_removed", _("Evidence withdrawn")


class ValueEvent(models.Model):
    """One step of a value's thread: entry, change, return with comment, answer, verification. Kept forever."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    snapshot = models.JSONField(_("value at that moment"), null=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("value event")
        verbose_name_plural = _("value events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.value} {self.kind}"


evidence_path = RandomPath("evidence")  # named: migration 0001 refers to it


class Evidence(Attachment):
    """An evidence file attached to a value; withdrawing it keeps the row (and the file) for the record."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at"]


class IndicatorSource(models.Model):
    """Which computed values (``ComputedValue.source``) give an indicator instead of the commune entering it (set
    by the province)."""

    set_code = models.CharField(_("criteria set"), max_length=80)
    indicator_code = models.CharField(_("indicator"), max_length=20)
    source = models.CharField(_("source"), max_length=60)

    class Meta:
        verbose_name = _("computed indicator source")
        verbose_name_plural = _("computed indicator sources")
        constraints = [
            models.UniqueConstraint(fields=["set_code", "indicator_code"], name="indicator_source_unique")
        ]

    def __str__(self) -> str:
        return f"{self.set_code} {self.indicator_code} ← {self.source}"


class ComputedValue(models.Model):
    """A figure computed by an app above assessment for one unit and year (the closed satisfaction survey today),
    under a ``source`` key that ``IndicatorSource`` maps to an indicator. Written only through
    ``ntm.assessment.services.computed_value_set`` (audited); read by ``ntm.assessment.selectors.inputs.engine_inputs``.

    ``value`` is what the engine reads (None: the source has no figure, e.g. withheld); ``detail`` keeps the full
    figures it came with; ``reference`` names the record it was computed from (e.g. ``surveys.campaign:12``) and
    ``url`` its page."""

    unit = models.ForeignKey("units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=60)
    value = models.JSONField(_("value"), null=True)
    detail = models.JSONField(_("detail"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=255)
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    url = models.CharField(_("URL"), max_length=300, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("computed value")
        verbose_name_plural = _("computed values")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "source"], name="computed_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.source}: {self.value}"


class EvaluationCache(models.Model):
    """A summary of one evaluation (unit, set version, year), reused only while every input is unchanged.

    Valid when ``inputs`` equals the fingerprint of everything the engine reads, from
    ``ntm.assessment.selectors.inputs.EngineInputs.fingerprint`` (the values revision, unit attributes, official level,
    computed values, referenced set versions, engine code); ``revision`` records the values revision it was computed
    at. ntm.assessment.selectors.dashboards reads and fills it; a test proves a cached summary always equals a fresh one. It lives in the database, so it rolls back and restores
    with the values it summarises."""

    # Without a constraint or an index of their own in the database: a cold dashboard writes thousands of rows
    # at once, and checking each row's unit and version cost a quarter of the write (units and versions are
    # never deleted; a deletion through the ORM still takes its cache rows with it); the unique constraint's
    # index serves the reads by unit.
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    version = models.ForeignKey(
        "criteria.CriteriaSetVersion",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    year = models.PositiveSmallIntegerField()
    revision = models.PositiveIntegerField()
    inputs = models.CharField(max_length=64)
    criteria_met = models.PositiveSmallIntegerField()
    criteria_total = models.PositiveSmallIntegerField()
    level_reached = models.CharField(max_length=20, blank=True)
    provisional = models.BooleanField()
    # Compact text (read for every row of a matrix, so cheaper to parse than JSON), see dashboards.encode_*:
    criteria = models.TextField()  # "code|state|provisional|unmet codes;…"
    indicators = models.TextField()  # "code|status;…"
    # An entered value of the set or a computed value it reads (else "no data", never "0 criteria met")
    has_data = models.BooleanField(default=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cached evaluation")
        verbose_name_plural = _("cached evaluations")
        constraints = [
            models.UniqueConstraint(fields=["unit", "version", "year"], name="evaluation_cache_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.version_id} {self.year} r{self.revision}"
