"""A task for test_scale_out.py: marks every execution of a job (one letter appended to its message, before the
claim), then claims and finishes it as every job of the system does (``ntm.jobs.services.job_running``)."""

from django.db.models import F, Value
from django.db.models.functions import Concat
from django.tasks import task

from ntm.jobs.models import Job
from ntm.jobs.services import job_running


@task()
def counted_ping(job_id: str) -> None:
    Job.objects.filter(pk=job_id).update(message=Concat(F("message"), Value("x")))
    with job_running(job_id):
        pass
