"""Registries behind the computed targets: cooperatives, production-linkage models, essential online services,
managers and training courses, pilot models (smart-commune pilots and outstanding-field models).

Every row belongs to an administrative unit and is read through ``restrict(user, action)``. Nothing is deleted: a
cooperative is dissolved, a service ends, a manager leaves (``is_active``), a pilot is cancelled.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.models import Attachment
from ntm.core.scoping import ScopedQuerySet
from ntm.core.storage import RandomPath
from ntm.core.vocabulary import UNCONFIRMED


class UnitScopedQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class Cooperative(models.Model):
    """A cooperative (hợp tác xã) based in a unit: its key products and whether it applies digital technology."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=300)
    key_products = models.CharField(_("key products"), max_length=300, blank=True)
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    uses_digital = models.BooleanField(_("applies digital technology"), default=False)
    digital_note = models.CharField(_("digital technology used"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        ordering = ["unit__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dissolved_on__isnull=True)
                | models.Q(established_on__isnull=True)
                | models.Q(dissolved_on__gte=models.F("established_on")),
                name="cooperative_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class LinkageModel(models.Model):
    """A production-linkage model for a key product (liên kết sản xuất gắn với tiêu thụ). Whether it is tied to a
    raw-material area that applies digital technology is a recorded yes/no fact (Plan 202 II.2.b), set by the
    officer; the area is one or more coded growing areas of the traceability register and/or a text, the technology a
    text beside it."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=300)
    key_product = models.CharField(_("key product"), max_length=200)
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="linkage_models",
        verbose_name=_("cooperative"),
    )
    partner = models.CharField(_("buyer / partner company"), max_length=300, blank=True)
    raw_material_area = models.CharField(_("linked raw-material area"), max_length=300, blank=True)
    # The coded growing areas of the traceability register the model buys from (chosen among the areas the officer
    # sees); ``raw_material_area`` describes what is not registered there. Neither changes how the Plan 202 target
    # counts: that reads ``digital_raw_material_area``.
    growing_areas = models.ManyToManyField(
        "traceability.GrowingArea",
        blank=True,
        related_name="linkage_models",
        verbose_name=_("growing areas (with a code)"),
    )
    digital_technology = models.CharField(
        _("digital technology used in the area"), max_length=300, blank=True
    )
    digital_raw_material_area = models.BooleanField(
        _("tied to a raw-material area applying digital technology"), default=False
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("production-linkage model")
        verbose_name_plural = _("production-linkage models")
        ordering = ["unit__name", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def uses_digital_area(self) -> bool:
        return self.digital_raw_material_area


class ServiceField(models.TextChoices):
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    COMMUNITY_MONITORING = "community_monitoring", _("Community monitoring")
    SECURITY = "security", _("Security and order")
    ENVIRONMENT = "environment", _("Environment")
    CULTURE = "culture", _("Culture")


class OnlineService(models.Model):
    """An essential service a unit provides online, and the survey campaign collecting feedback on it."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    field = models.CharField(_("field"), max_length=24, choices=ServiceField.choices)
    name = models.CharField(_("name"), max_length=300)
    url = models.URLField(_("address (URL)"), max_length=500)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    feedback_campaign = models.ForeignKey(
        "surveys.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("feedback campaign"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("essential online service")
        verbose_name_plural = _("essential online services")
        ordering = ["unit__name", "field", "name"]

    def __str__(self) -> str:
        return self.name


class Manager(models.Model):
    """A manager (cán bộ quản lý) at a unit: the denominator of the training target. No ID number is kept."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    is_active = models.BooleanField(_("in office"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("manager")
        verbose_name_plural = _("managers")
        ordering = ["unit__name", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.position}"


class CourseAudience(models.TextChoices):
    OFFICERS = "officers", _("Officers and managers")
    RESIDENTS = "residents", _("Residents")
    MIXED = "mixed", _("Officers and residents")


class TrainingCourse(models.Model):
    """A training course in NTM (digital transformation and other topics), organised by a unit (usually the
    province), for officers and managers, for residents, or for both (Plan 202 IV.1.d). Officers who are
    registered managers are recorded one by one (``Attendance``, the training target); the number of people of
    each unit who attended is recorded per unit (``CourseUnitAttendance``)."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organising unit"),
    )
    title = models.CharField(_("title"), max_length=300)
    organiser = models.CharField(_("organiser"), max_length=300)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    location = models.CharField(_("location"), max_length=300, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=CourseAudience.choices, default=CourseAudience.OFFICERS
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="course_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class AttendanceQuerySet(ScopedQuerySet):
    unit_path_lookup = "manager__unit__tree_path"


class Attendance(models.Model):
    """A manager's attendance at a course: whether they completed it."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="attendances")
    manager = models.ForeignKey(Manager, on_delete=models.PROTECT, related_name="attendances")
    completed = models.BooleanField(_("completed"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["course", "manager__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "manager"], name="attendance_unique_manager")
        ]

    def __str__(self) -> str:
        return f"{self.manager} @ {self.course}"


class CourseUnitAttendanceQuerySet(ScopedQuerySet):
    unit_path_lookup = "course__unit__tree_path"


class CourseUnitAttendance(models.Model):
    """How many people of one unit attended a course: officers and residents, counted (no names are kept)."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="unit_attendances")
    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    officers = models.PositiveIntegerField(_("officers attending"), default=0)
    residents = models.PositiveIntegerField(_("residents attending"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseUnitAttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance by unit")
        verbose_name_plural = _("attendance by unit")
        ordering = ["course", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "unit"], name="course_unit_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} @ {self.course}"

    @property
    def total(self) -> int:
        return self.officers + self.residents


class PilotKind(models.TextChoices):
    DIGITAL_COMMUNE = "digital_commune", _("Commune-level digital transformation pilot linked to smart NTM")
    OUTSTANDING_FIELD = "outstanding_field", _("NTM commune pilot model in an outstanding field")


class PilotField(models.TextChoices):
    ECONOMY = "economy", _("Economy")
    RURAL_TOURISM = "rural_tourism", _("Rural tourism")
    ENVIRONMENT = "environment", _("Environment")
    CULTURE = "culture", _("Culture")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    GOVERNANCE = "governance", _("Governance and public services")
    OTHER = "other", _("Other")


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed (result approved)")
    CANCELLED = "cancelled", _("Cancelled")


class PilotModel(models.Model):
    """A pilot: one of the smart-NTM pilot communes the plan names, or a smart model in an outstanding field.
    It counts as completed only with the approval decision (number, date) recorded."""

    kind = models.CharField(_("kind"), max_length=20, choices=PilotKind.choices)
    plan_code = models.CharField(_("code in the plan file"), max_length=60, blank=True)
    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=300)
    field = models.CharField(_("field"), max_length=20, choices=PilotField.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PilotStatus.choices, default=PilotStatus.PLANNED
    )
    provenance = models.CharField(_("provenance"), max_length=12, default=UNCONFIRMED)
    source = models.CharField(_("source"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    approval_number = models.CharField(_("approval decision number"), max_length=60, blank=True)
    approval_date = models.DateField(_("approval decision date"), null=True, blank=True)
    approval_body = models.CharField(_("approved by"), max_length=200, blank=True)
    approval_document = models.FileField(
        _("approval decision (file)"),
        upload_to=RandomPath("programme/pilots/decisions"),
        blank=True,
        max_length=300,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot model")
        verbose_name_plural = _("pilot models")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="completed")
                | (~models.Q(approval_number="") & models.Q(approval_date__isnull=False)),
                name="pilot_completed_has_approval",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PilotMilestoneQuerySet(ScopedQuerySet):
    unit_path_lookup = "pilot__unit__tree_path"


class PilotMilestone(models.Model):
    """A milestone of a pilot: what is due when, and when it was done."""

    pilot = models.ForeignKey(PilotModel, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = PilotMilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot milestone")
        verbose_name_plural = _("pilot milestones")
        ordering = ["pilot", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


pilot_evidence_path = RandomPath("programme/pilots")  # named: migration 0001 refers to it


class PilotEvidence(Attachment):
    """An evidence file of a pilot (optionally for one milestone); withdrawing keeps the row."""

    pilot = models.ForeignKey(PilotModel, on_delete=models.PROTECT, related_name="evidence")
    milestone = models.ForeignKey(
        PilotMilestone, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=pilot_evidence_path, max_length=300)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(default=True)

    objects = PilotMilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot evidence")
        verbose_name_plural = _("pilot evidence")
        ordering = ["uploaded_at"]
