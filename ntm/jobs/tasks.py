from django.tasks import task
from django.utils.translation import gettext as _

from ntm.jobs.services import job_running


@task()
def ping(job_id: str) -> None:
    """A job that only completes: proves that a worker is taking jobs from the queue (used by the run check)."""
    with job_running(job_id) as run:
        run.progress(100, _("The background job worker is running."))
