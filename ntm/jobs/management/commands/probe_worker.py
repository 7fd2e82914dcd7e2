import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ntm.jobs.models import Job, JobStatus
from ntm.jobs.services import job_start
from ntm.jobs.tasks import ping


class Command(BaseCommand):
    help = "Queue a trivial job and wait until a task worker has run it (checks that db_worker is working)."

    def add_arguments(self, parser):
        parser.add_argument("--wait", type=float, default=30.0, help="seconds to wait")

    def handle(self, *args, **options):
        owner = get_user_model().objects.filter(is_active=True).order_by("pk").first()
        if owner is None:
            raise CommandError(_("At least one account is needed to try a background job."))
        job = job_start(
            owner=owner, kind="jobs.ping", label=_("Background job worker check"), task=ping, params={}
        )
        deadline = time.monotonic() + options["wait"]
        while time.monotonic() < deadline:
            status = Job.objects.values_list("status", flat=True).get(pk=job.pk)
            if status == JobStatus.SUCCEEDED:
                self.stdout.write(f"worker ok: job {job.pk} done")
                return
            if status == JobStatus.FAILED:
                raise CommandError(_("Test job %(job)s failed.") % {"job": job.pk})
            time.sleep(0.5)
        raise CommandError(
            _("No worker took the test job %(job)s within %(seconds)s seconds.")
            % {"job": job.pk, "seconds": options["wait"]}
        )
