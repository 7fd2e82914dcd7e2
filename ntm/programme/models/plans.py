"""Annual plans of units (communes, wards) and departments: indicators planned to meet, activities per section IV
task, and budget lines by the four sources with planned and actual spending."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.scoping import ScopedQuerySet


class AnnualPlanQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class AnnualPlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class AnnualPlan(models.Model):
    """A unit's or a department's plan for one year. A department's plan belongs to the department's unit (the
    province) and names the department."""

    programme = models.ForeignKey(
        "programme.TargetPlan",
        on_delete=models.PROTECT,
        related_name="annual_plans",
        verbose_name=_("programme plan"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(
        _("state"), max_length=8, choices=AnnualPlanState.choices, default=AnnualPlanState.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnualPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit"],
                condition=models.Q(organisation__isnull=True),
                name="annual_plan_unique_unit_year",
            ),
            models.UniqueConstraint(
                fields=["year", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="annual_plan_unique_department_year",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.unit.name


class PlannedIndicator(models.Model):
    """An indicator of a criteria set the unit plans to meet during the year."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="indicators")
    set_code = models.CharField(_("criteria set"), max_length=80)
    indicator_code = models.CharField(_("indicator"), max_length=20)
    indicator_name = models.CharField(_("indicator name"), max_length=400, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("planned indicator")
        verbose_name_plural = _("planned indicators")
        ordering = ["plan", "set_code", "indicator_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "set_code", "indicator_code"], name="planned_indicator_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.set_code} {self.indicator_code}"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class PlanActivity(models.Model):
    """An activity of the annual plan under one section IV task of the programme plan."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="activities")
    task = models.ForeignKey(
        "programme.PlanTask", on_delete=models.PROTECT, related_name="+", verbose_name=_("task")
    )
    description = models.CharField(_("activity"), max_length=500)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    result = models.CharField(_("result"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("plan activity")
        verbose_name_plural = _("plan activities")
        ordering = ["plan", "task__position", "id"]

    def __str__(self) -> str:
        return self.description


class BudgetSource(models.TextChoices):
    LOCAL_BUDGET = "local_budget", _("Local budget")
    SOCIALISED = "socialised", _("Socialised funds")
    INTEGRATED = "integrated", _("Integrated from other programmes")
    OTHER = "other", _("Other lawful sources")


class BudgetLine(models.Model):
    """A budget line of the plan: source, purpose, planned and actual spending (million đồng)."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="budget_lines")
    source = models.CharField(_("source of funds"), max_length=14, choices=BudgetSource.choices)
    description = models.CharField(_("purpose"), max_length=300)
    planned = models.DecimalField(_("planned (million đồng)"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(
        _("spent (million đồng)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["plan", "source", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(planned__gte=0), name="budget_planned_not_negative"),
            models.CheckConstraint(
                condition=models.Q(actual__isnull=True) | models.Q(actual__gte=0),
                name="budget_actual_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.description}"
