"""Background job runs: one row per run, with progress the UI polls and an optional result file."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.scoping import ScopedQuerySet
from ntm.core.storage import RandomPath


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class JobQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"
    unitless_lookup = "unit"

    def owned_or_visible(self, user) -> JobQuerySet:
        """A user sees their own runs; province-wide roles also see runs attached to units in scope."""
        return self.filter(
            models.Q(owner=user) | models.Q(pk__in=self.restrict(user).filter(unit__isnull=False))
        )


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
