"""Background tasks of the programme app: thin, they take a job id and call the service that does the work."""

from django.tasks import task

from ntm.jobs.services import job_running
from ntm.programme.services.consolidation import consolidated_report_make


@task()
def consolidate_cycle(job_id: str) -> None:
    """Generate the consolidated report of a cycle (``services.consolidation.consolidated_report_make``)."""
    with job_running(job_id) as run:
        consolidated_report_make(run)
