"""Background jobs: the probe used by the run check, the claim that keeps a job from running twice, and who reads
a run and its result file."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from ntm.core.choices import Role
from ntm.jobs.models import Job, JobStatus
from ntm.jobs.selectors import jobs_for
from ntm.jobs.services import job_running, job_start
from ntm.jobs.tasks import ping
from ntm.testing.factories import RoleFactory, UserFactory

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


def _job(owner, kind, unit, name="ket-qua.pdf"):
    job = Job.objects.create(owner=owner, kind=kind, label=kind, unit=unit, status=JobStatus.SUCCEEDED)
    job.result_file.save(name, ContentFile(b"%PDF-1.4 bi mat"), save=False)
    job.result_name, job.result_type = name, "application/pdf"
    job.save()
    return job


def test_a_run_attached_to_a_unit_is_read_by_the_roles_its_kind_names(cast, client_as):
    """design.md §1: a dossier's generated document is read by whoever reads the dossier (not the producer, the
    OCOP council or the water-supply operator, though commune A is in their unit scope); the consolidated report by
    the coordination office and the auditor only (not the departments or the councils, province-wide though they
    are)."""
    council = UserFactory(username="hoi_dong")
    RoleFactory(user=council, role=Role.COUNCIL_MEMBER, unit=cast.province)
    document = _job(cast.officer_a, "recognition.document", cast.commune_a)
    report = _job(cast.coordinator, "programme.consolidate", cast.province, name="bao-cao.docx")
    expected = {
        document: {
            cast.officer_a: 200,
            cast.coordinator: 200,
            cast.department: 200,
            cast.auditor: 200,
            council: 200,
            cast.front: 200,
            cast.officer_b: 404,
            cast.producer: 404,
            cast.ocop_council: 404,
            cast.operator: 404,
        },
        report: {
            cast.coordinator: 200,
            cast.auditor: 200,
            cast.department: 404,
            council: 404,
            cast.ocop_council: 404,
            cast.front: 404,
            cast.officer_a: 404,
            cast.producer: 404,
        },
    }
    wrong = []
    for job, statuses in expected.items():
        for user, status in statuses.items():
            client = client_as(user)
            for route in ("jobs:detail", "jobs:download"):
                got = client.get(reverse(route, args=[job.pk])).status_code
                if got != status:
                    wrong.append(f"{user.username} {route} {job.kind}: {got}, expected {status}")
            listed = job.pk in {row.pk for row in jobs_for(user)}
            if listed != (status == 200):
                wrong.append(f"{user.username} jobs list {job.kind}: listed={listed}")
    assert not wrong, "\n".join(wrong)


def test_a_run_of_another_kind_is_its_owners_alone(cast):
    """A kind the table does not name cannot be attached to a unit, and a run without a unit is its owner's."""
    with pytest.raises(ValueError, match="UNIT_JOB_READERS"):
        job_start(owner=cast.coordinator, kind="x.new", label="x", task=ping, params={}, unit=cast.commune_a)
    slips = Job.objects.create(owner=cast.front, kind="surveys.slips", label="x")
    assert list(jobs_for(cast.front)) == [slips]
    assert not jobs_for(cast.coordinator).exists() and not jobs_for(cast.auditor).exists()
