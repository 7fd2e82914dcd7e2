from django.tasks import task
from django.utils.translation import gettext as _

from ntm.audit.selectors import audit_entries_for
from ntm.jobs.services import job_running
from ntm.site.exports import audit_workbook


@task()
def export_audit_log(job_id: str) -> None:
    with job_running(job_id) as run:
        entries, _filter = audit_entries_for(run.job.owner, run.params.get("filters", {}))
        run.progress(5, _("Reading the log"))
        run.attach("nhat-ky-thay-doi.xlsx", audit_workbook(entries, run))
