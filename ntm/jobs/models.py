"""Background job runs: one row per run, with progress the UI polls and an optional result file."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import Role
from ntm.core.permissions import PROGRAMME, RECOGNITION
from ntm.core.scoping import VIEW, ScopedQuerySet
from ntm.core.storage import RandomPath

# Who besides its owner reads a run attached to a unit, by kind: the roles the area admits for reading
# (``ntm.core.permissions.AREA_ROLES``), narrowed by a role set where the app's own page is narrower, within the
# unit scope. A run of any other kind is its owner's alone (``ntm.jobs.services.job_start`` refuses to attach one to
# a unit), so a new kind of job never becomes readable by a role the table does not name.
UNIT_JOB_READERS: dict[str, tuple[str, frozenset[str] | None]] = {
    # A dossier's generated document: whoever reads the dossier (ntm.recognition.selectors.dossier_scope).
    "recognition.document": (RECOGNITION, None),
    # The consolidated provincial report: the coordination office and the auditor follow every report
    # (ntm.programme.selectors.reports.FOLLOWER_ROLES).
    "programme.consolidate": (PROGRAMME, frozenset({Role.PROVINCE_COORDINATOR, Role.AUDITOR})),
}


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class JobQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"
    unitless_lookup = "unit"

    def owned_or_visible(self, user) -> JobQuerySet:
        """A user sees their own runs, and the runs attached to a unit in scope of the kinds ``UNIT_JOB_READERS``
        lets their role read."""
        visible = models.Q(owner=user)
        for kind, (area, roles) in UNIT_JOB_READERS.items():
            readable = self.restrict(user, VIEW, area=area, roles=roles).filter(kind=kind, unit__isnull=False)
            visible |= models.Q(pk__in=readable.values("pk"))
        return self.filter(visible)


class Job(models.Model):
    """A run of background work (report generation, import, QR sheets, exports)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=64)
    label = models.CharField(_("label"), max_length=255)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs")
    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result_file = models.FileField(_("result"), upload_to=RandomPath("jobs"), blank=True)
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)
    result_type = models.CharField(_("result file type"), max_length=120, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}
