"""Starting background jobs and reporting their progress. Tasks stay thin: they take a job id, call a service."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import Task
from django.utils import timezone

from ntm.audit.context import acting_as
from ntm.audit.services import audit_record
from ntm.core.files import generated_type
from ntm.jobs.models import UNIT_JOB_READERS, Job, JobStatus

logger = logging.getLogger(__name__)


def job_start(*, owner, kind: str, label: str, task: Task, params: dict[str, Any], unit=None) -> Job:
    """Create the job row and enqueue ``task`` with its id in one transaction: with the database queue, the job
    and its task row commit together or not at all. A run attached to ``unit`` is read by others only if its kind
    is in ``ntm.jobs.models.UNIT_JOB_READERS`` (any other kind given a unit is a programming error)."""
    if unit is not None and kind not in UNIT_JOB_READERS:
        raise ValueError(f"Job kind {kind!r} has no readers in UNIT_JOB_READERS: start it without a unit")
    with transaction.atomic():
        job = Job.objects.create(owner=owner, kind=kind, label=label, params=params, unit=unit)
        audit_record(action="job.start", instance=job, after={"kind": kind, "params": params}, actor=owner)
        result = task.enqueue(job_id=str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()
    return job


class JobRun:
    """Handle given to the code doing the work, to report progress and attach a result."""

    def __init__(self, job: Job) -> None:
        self.job = job

    @property
    def params(self) -> dict[str, Any]:
        return self.job.params

    def progress(self, percent: int, message: str = "") -> None:
        percent = max(0, min(100, int(percent)))
        Job.objects.filter(pk=self.job.pk).update(progress=percent, message=message[:500])

    def attach(self, filename: str, content: bytes) -> None:
        """Store ``content`` as the job's result (under a random name), downloaded as ``filename`` with the type
        of its extension (``ntm.core.files.generated_type``)."""
        self.job.result_name, self.job.result_type = filename[:255], generated_type(filename)
        self.job.result_file.save(filename, ContentFile(content), save=False)
        Job.objects.filter(pk=self.job.pk).update(
            result_file=self.job.result_file.name,
            result_name=self.job.result_name,
            result_type=self.job.result_type,
        )


@contextmanager
def job_running(job_id: str) -> Iterator[JobRun]:
    """Claim a queued job (a conditional UPDATE, so two workers never run it twice), run it, record the end."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        raise RuntimeError(f"Job {job_id} is not queued (already taken or unknown).")
    job = Job.objects.select_related("owner").get(pk=job_id)
    run = JobRun(job)
    with acting_as(job.owner):
        try:
            yield run
        except Exception as exc:
            logger.exception("Job %s failed", job_id)
            Job.objects.filter(pk=job_id).update(
                status=JobStatus.FAILED, finished_at=timezone.now(), message=str(exc)[:500]
            )
            raise
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.SUCCEEDED, progress=100, finished_at=timezone.now()
        )
