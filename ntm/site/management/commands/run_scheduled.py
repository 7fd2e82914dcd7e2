from django.core.management.base import BaseCommand
from django.utils import timezone

from ntm.audit.context import acting_as
from ntm.core import scheduling


class Command(BaseCommand):
    help = "Run every periodic job once (idempotent: safe to run every few minutes from cron or systemd)."

    def handle(self, *args, **options):
        now = timezone.now()
        failures = 0
        with acting_as(None):
            for job in scheduling.SCHEDULED_JOBS:
                try:
                    report = job.run(now)
                except Exception as exc:  # one failing job must not stop the others
                    failures += 1
                    self.stderr.write(f"{job.name}: FAILED: {exc}")
                else:
                    self.stdout.write(f"{job.name}: {report}")
        self.stdout.write(
            f"run_scheduled: {len(scheduling.SCHEDULED_JOBS)} job(s), {failures} failed, at {now:%Y-%m-%d %H:%M}"
        )
        if failures:
            raise SystemExit(1)
