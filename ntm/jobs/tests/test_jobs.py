"""Background jobs: the probe used by the run check, and the claim that keeps a job from running twice."""

import pytest
from django.core.management import call_command

from ntm.jobs.models import Job, JobStatus
from ntm.jobs.services import job_running

pytestmark = pytest.mark.django_db


def test_probe_worker_runs_a_job_to_completion(cast, capsys):
    call_command("probe_worker", "--wait", "5")  # the test settings run tasks immediately
    assert "worker ok" in capsys.readouterr().out
    assert Job.objects.get(kind="jobs.ping").status == JobStatus.SUCCEEDED


def test_a_job_is_claimed_once(cast):
    job = Job.objects.create(owner=cast.coordinator, kind="x", label="x")
    with job_running(str(job.pk)), pytest.raises(RuntimeError, match="not queued"), job_running(str(job.pk)):
        pass
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_a_failing_job_records_its_error(cast):
    job = Job.objects.create(owner=cast.coordinator, kind="x", label="x")
    with pytest.raises(ValueError), job_running(str(job.pk)):
        int("không phải số")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "invalid literal" in job.message
