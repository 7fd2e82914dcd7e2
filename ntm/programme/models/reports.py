"""Report cycles (semi-annual due 15/6, annual due 15/12), the reports departments and localities submit in them,
reminders sent to those who have not, and the consolidated provincial report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.models import Attachment
from ntm.core.scoping import ScopedQuerySet
from ntm.core.storage import RandomPath
from ntm.programme import cycles


class ReportFormVersion(models.Model):
    """One version of a report form, loaded from its data file (``ntm/programme/reportforms/``)."""

    code = models.CharField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    content = models.JSONField(_("content"))
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="report_form_unique_version")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class CycleKind(models.TextChoices):
    SEMI_ANNUAL = cycles.SEMI_ANNUAL, _("Semi-annual (due 15/6)")
    ANNUAL = cycles.ANNUAL, _("Annual (due 15/12)")


class CycleState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReportCycle(models.Model):
    """A reporting period: opened by ``run_scheduled`` ahead of its due date, closed after it (or by the
    coordinator). Reports are refused once it is closed."""

    plan = models.ForeignKey("programme.TargetPlan", on_delete=models.PROTECT, related_name="cycles")
    kind = models.CharField(_("period"), max_length=12, choices=CycleKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    due_on = models.DateField(_("due on"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    state = models.CharField(_("state"), max_length=8, choices=CycleState.choices, default=CycleState.OPEN)
    form = models.ForeignKey(ReportFormVersion, on_delete=models.PROTECT, related_name="cycles")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report cycle")
        verbose_name_plural = _("report cycles")
        ordering = ["-due_on"]
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="report_cycle_unique_period")]

    def __str__(self) -> str:
        return _("Report %(period)s") % {"period": self.period_label}

    @property
    def period_label(self) -> str:
        if self.kind == CycleKind.SEMI_ANNUAL:
            return _("first 6 months of %(year)s") % {"year": self.year}
        return _("year %(year)s") % {"year": self.year}

    @property
    def is_open(self) -> bool:
        return self.state == CycleState.OPEN


class ReportQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Report(models.Model):
    """The report of one department (``organisation``; its unit is the province) or one locality (``unit``) in a
    cycle. ``content`` follows the cycle's form: ``{"targets": {code: {...}}, "tasks": {code: text}, <text keys>}``."""

    cycle = models.ForeignKey(ReportCycle, on_delete=models.PROTECT, related_name="reports")
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
    content = models.JSONField(_("content"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_late = models.BooleanField(_("late"), default=False)
    return_note = models.CharField(_("returned for correction"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["cycle", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit"],
                condition=models.Q(organisation__isnull=True),
                name="report_unique_unit_per_cycle",
            ),
            models.UniqueConstraint(
                fields=["cycle", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="report_unique_department_per_cycle",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reporter_name} — {self.cycle}"

    @property
    def reporter_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.unit.name

    @property
    def is_submitted(self) -> bool:
        return self.state == ReportState.SUBMITTED


report_attachment_path = RandomPath("programme/reports")  # named: migration 0001 refers to it


class ReportAttachmentQuerySet(ScopedQuerySet):
    unit_path_lookup = "report__unit__tree_path"


class ReportAttachment(Attachment):
    """A file attached to a report (checked by content and size)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=report_attachment_path, max_length=300)

    objects = ReportAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["uploaded_at"]


class ReminderStage(models.TextChoices):
    BEFORE_DUE = cycles.BEFORE_DUE, _("Before the due date")
    OVERDUE = cycles.OVERDUE, _("Overdue")
    MANUAL = "manual", _("Sent by the coordinator")


class ReminderQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class Reminder(models.Model):
    """A reminder sent to a reporter who has not submitted (shown on their pages and e-mailed to their officers).
    Automatic stages are sent once per reporter; the coordinator may send more."""

    cycle = models.ForeignKey(ReportCycle, on_delete=models.PROTECT, related_name="reminders")
    unit = models.ForeignKey("units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=ReminderStage.choices)
    message = models.CharField(_("message"), max_length=500)
    recipients = models.PositiveSmallIntegerField(_("e-mails sent"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit", "stage"],
                condition=models.Q(organisation__isnull=True) & ~models.Q(stage="manual"),
                name="reminder_once_per_unit_stage",
            ),
            models.UniqueConstraint(
                fields=["cycle", "organisation", "stage"],
                condition=models.Q(organisation__isnull=False) & ~models.Q(stage="manual"),
                name="reminder_once_per_department_stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} → {self.unit_id}/{self.organisation_id} ({self.stage})"


class ConsolidatedReport(models.Model):
    """The consolidated provincial report of a cycle: the Word document (Decree 30/2020 layout), its PDF and the
    Excel annex, generated in a background job from the submitted reports and the system's figures."""

    cycle = models.ForeignKey(ReportCycle, on_delete=models.PROTECT, related_name="consolidated")
    job = models.ForeignKey("jobs.Job", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    docx = models.FileField(
        _("Word document"), upload_to=RandomPath("programme/consolidated"), max_length=300
    )
    xlsx = models.FileField(_("Excel annex"), upload_to=RandomPath("programme/consolidated"), max_length=300)
    pdf = models.FileField(
        _("PDF"), upload_to=RandomPath("programme/consolidated"), blank=True, max_length=300
    )
    pdf_problem = models.CharField(max_length=300, blank=True)
    summary = models.JSONField(_("summary"), default=dict)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consolidated report")
        verbose_name_plural = _("consolidated reports")
        ordering = ["-generated_at"]

    def __str__(self) -> str:
        return f"{self.cycle} ({self.generated_at:%d/%m/%Y %H:%M})"

    def download_name(self, kind: str) -> str:
        """The file name the ``kind`` file (docx, xlsx or pdf) is made and downloaded under."""
        stem = f"bao-cao-tong-hop-{self.cycle.kind}-{self.cycle.year}"
        return f"{stem}-phu-luc.xlsx" if kind == "xlsx" else f"{stem}.{kind}"
