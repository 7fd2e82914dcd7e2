from django.tasks import task

from ntm.audit.services import audit_record
from ntm.jobs.services import job_running
from ntm.surveys.selectors import campaign_for_change
from ntm.surveys.slips import slips_pdf


@task()
def generate_slips(job_id: str) -> None:
    """A4 sheets of QR slips for a campaign (one hamlet, one household or all), as a PDF on the job."""
    with job_running(job_id) as run:
        params = run.params
        campaign = campaign_for_change(run.job.owner, params["campaign_id"])  # still allowed?
        pdf, count = slips_pdf(
            campaign=campaign,
            base_url=params["base_url"],
            hamlet_id=params.get("hamlet_id"),
            household_id=params.get("household_id"),
            include_answered=params.get("include_answered", False),
            progress=run.progress,
        )
        run.attach(f"phieu-qr-khao-sat-{campaign.pk}.pdf", pdf)
        audit_record(
            action="survey.slips_print",
            instance=campaign,
            extra={
                "slips": count,
                "hamlet": params.get("hamlet_id"),
                "household": params.get("household_id"),
            },
        )
