from django.tasks import task

from ntm.jobs.services import job_running
from ntm.traceability.services.labels import labels_print_run


@task()
def generate_labels(job_id: str) -> None:
    """The background task: thin, it claims the job and calls ``labels_print_run``."""
    with job_running(job_id) as run:
        labels_print_run(run)
