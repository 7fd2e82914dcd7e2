from django.tasks import task

from ntm.jobs.services import job_running
from ntm.surveys.services.households import slips_print_run


@task()
def generate_slips(job_id: str) -> None:
    """The background task: thin, it claims the job and calls ``slips_print_run``."""
    with job_running(job_id) as run:
        slips_print_run(run)
