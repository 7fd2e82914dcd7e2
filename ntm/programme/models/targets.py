"""Programme plans and their targets as data, with the reported figures behind the "reported" targets.

A plan (Plan 202/KH-UBND; the next plan later) is loaded from its data file once; from then on the database is the
source of truth and the coordinator edits and adds targets on the pages. Computed targets are never stored with an
actual: the actual is recomputed from the system on every read (``ntm.programme.measure``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import ProvenanceStatus
from ntm.core.models import Attachment
from ntm.core.storage import RandomPath
from ntm.programme import planfile


class TargetPlan(models.Model):
    """A programme plan: its period, legal source, provenance and reporting regime (Plan 202 VI.6)."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=400)
    short_name = models.CharField(_("short name"), max_length=100)
    legal_source = models.CharField(_("legal source"), max_length=300)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    provenance = models.CharField(_("provenance"), max_length=12, choices=ProvenanceStatus.choices)
    source = models.CharField(_("source"), max_length=500)
    note = models.TextField(_("note"), blank=True)
    reporting = models.JSONField(_("reporting regime"), default=dict)
    scope = models.JSONField(_("scope (units the plan covers)"), default=dict, blank=True)
    file_name = models.CharField(_("data file"), max_length=100, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme plan")
        verbose_name_plural = _("programme plans")
        ordering = ["-year_from", "code"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def scope_spec(self) -> planfile.Scope | None:
        return planfile.scope_from_dict(self.scope)

    def state(self, today) -> str:
        """in_force, closed or upcoming on ``today`` (``planfile.plan_state``)."""
        return planfile.plan_state(self.year_from, self.year_to, today)

    def rules(self) -> planfile.ReportingRules:
        """The plan's due dates and reporters (stored with the plan) with the system's window settings
        (``settings.NTM_REPORT_WINDOW``: when a cycle opens and closes, when reminders go out)."""
        data = self.reporting or {}
        window = {"open_days_before": 30, "close_days_after": 15, "remind_days_before": 7}
        window.update(getattr(settings, "NTM_REPORT_WINDOW", {}) or {})

        def month_day(key: str, default: tuple[int, int]) -> tuple[int, int]:
            raw = data.get(key)
            if isinstance(raw, str) and len(raw) == 5:
                return int(raw[:2]), int(raw[3:])
            return default

        return planfile.ReportingRules(
            semi_annual_due=month_day("semi_annual_due", (6, 15)),
            annual_due=month_day("annual_due", (12, 15)),
            open_days_before=int(window["open_days_before"]),
            close_days_after=int(window["close_days_after"]),
            remind_days_before=int(window["remind_days_before"]),
            reporters=tuple(planfile.ReporterRule.from_dict(rule) for rule in data.get("reporters") or ()),
            parent_body=data.get("parent_body", ""),
            issuing_body=data.get("issuing_body", ""),
            coordinator=data.get("coordinator", ""),
            symbol=data.get("symbol", ""),
            place=data.get("place", ""),
        )


class PlanTask(models.Model):
    """A lettered item of the plan's section IV ("IV.2.d"), in the plan's own words; ``pillar`` holds the heading
    of its subsection ("2. Đẩy mạnh xây dựng chính quyền số …"). Reports have one entry per task, annual plans list
    activities by task."""

    plan = models.ForeignKey(TargetPlan, on_delete=models.PROTECT, related_name="tasks")
    code = models.CharField(_("code"), max_length=40)
    title = models.TextField(_("title"))
    pillar = models.CharField(_("section heading"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    provenance = models.CharField(_("provenance"), max_length=12, choices=ProvenanceStatus.choices)
    source = models.CharField(_("source"), max_length=500)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["plan", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_task_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class TargetMethod(models.TextChoices):
    INDICATOR_SHARE = "indicator_share", _("Share of units meeting a criteria indicator")
    ONLINE_SERVICE_SHARE = (
        "online_service_share",
        _("Share of units with an online essential service and online feedback"),
    )
    MANAGERS_TRAINED = "managers_trained_share", _("Share of managers trained")
    COOPERATIVE_SHARE = "cooperative_share", _("Share of communes with a cooperative")
    LINKAGE_DISTRICT_SHARE = "linkage_district_share", _("Share of districts with a production-linkage model")
    LINKAGE_DIGITAL_SHARE = (
        "linkage_digital_share",
        _("Share of linkage models tied to a digital raw-material area"),
    )
    PILOTS_COMPLETED = "pilots_completed", _("Pilot models completed")
    REPORTED = "reported", _("Reported with evidence (numerator and denominator)")


class MeasureUnit(models.TextChoices):
    PERCENT = "percent", _("Percent")
    COUNT = "count", _("Count")


class Comparison(models.TextChoices):
    AT_LEAST = ">=", _("at least")
    AT_MOST = "<=", _("at most")


class BasisLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    COMMUNE_DISTRICT = "commune_district", _("Commune and district level")


class TargetOrigin(models.TextChoices):
    FILE = "file", _("Plan data file")
    UI = "ui", _("Added on the page")


class TargetStatus(models.TextChoices):
    """Where a target stands (ntm.programme.tracking)."""

    MET = "met", _("Met")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MISSED = "missed", _("Not met by the deadline")
    NO_DATA = "no_data", _("No data yet")


class TargetQuerySet(models.QuerySet):
    def active(self) -> TargetQuerySet:
        return self.filter(is_active=True)


class Target(models.Model):
    """One target of a plan: its text, measure, target value and deadline, the set of units it is measured on
    (structure, province, level, unit types, as-of date) and how its actual is obtained (a computed method with
    parameters, or reported figures with evidence)."""

    plan = models.ForeignKey(
        TargetPlan, on_delete=models.PROTECT, related_name="targets", verbose_name=_("plan")
    )
    code = models.CharField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    section = models.CharField(_("section of the plan"), max_length=20, blank=True)
    quote = models.TextField(_("the plan's sentence (verbatim)"), blank=True)
    text = models.TextField(_("target text"))
    measure = models.CharField(_("measure"), max_length=300)
    measure_unit = models.CharField(_("unit of measure"), max_length=8, choices=MeasureUnit.choices)
    target_value = models.DecimalField(_("target value"), max_digits=9, decimal_places=2)
    comparison = models.CharField(_("comparison"), max_length=2, choices=Comparison.choices, default=">=")
    deadline = models.DateField(_("deadline"))
    year = models.PositiveSmallIntegerField(_("measurement year"))
    basis_structure = models.CharField(_("unit structure"), max_length=8)
    basis_province = models.CharField(_("province code"), max_length=10)
    basis_level = models.CharField(_("unit level"), max_length=20, choices=BasisLevel.choices)
    basis_unit_types = models.JSONField(_("unit types"), default=list, blank=True)
    basis_as_of = models.DateField(_("units as of"))
    basis_note = models.TextField(_("why the denominator is what it is"), blank=True)
    method = models.CharField(_("how the actual is obtained"), max_length=30, choices=TargetMethod.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    provenance = models.CharField(_("provenance"), max_length=12, choices=ProvenanceStatus.choices)
    source = models.CharField(_("source"), max_length=500)
    reference = models.CharField(_("national reference (QĐ 924)"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    origin = models.CharField(
        _("origin"), max_length=4, choices=TargetOrigin.choices, default=TargetOrigin.FILE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["plan", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="target_unique_code_per_plan"),
            models.CheckConstraint(condition=models.Q(target_value__gte=0), name="target_value_not_negative"),
            models.CheckConstraint(
                condition=~models.Q(measure_unit="percent") | models.Q(target_value__lte=100),
                name="target_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.measure}"

    @property
    def is_reported(self) -> bool:
        return self.method == TargetMethod.REPORTED

    @property
    def set_code(self) -> str:
        return str(self.params.get("set_code", ""))

    @property
    def indicator_code(self) -> str:
        return str(self.params.get("indicator_code", ""))

    def basis(self) -> planfile.Basis:
        return planfile.Basis(
            structure=self.basis_structure,
            province=self.basis_province,
            level=self.basis_level,
            unit_types=tuple(self.basis_unit_types or ()),
            as_of=self.basis_as_of,
            why=self.basis_note,
        )


reported_evidence_path = RandomPath("programme/reported")  # named: migration 0001 refers to it


class ReportedActual(Attachment):
    """A reported figure of a "reported" target: numerator and denominator (never a typed percentage), the date
    it is counted on and its evidence (the attached file, entered by ``uploaded_by``). Kept forever; the latest on
    or before a date is the actual."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="reported_actuals")
    as_of = models.DateField(_("figures as of"))
    numerator = models.PositiveIntegerField(_("numerator"))
    denominator = models.PositiveIntegerField(_("denominator"))
    file = models.FileField(_("evidence"), upload_to=reported_evidence_path, max_length=300)
    note = models.CharField(_("note"), max_length=500, blank=True)
    cycle = models.ForeignKey(
        "programme.ReportCycle", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        ordering = ["target", "-as_of", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(denominator__gt=0), name="reported_denominator_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__lte=models.F("denominator")),
                name="reported_numerator_at_most_denominator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.code} {self.numerator}/{self.denominator} ({self.as_of:%d/%m/%Y})"
