from django.core.management.base import BaseCommand, CommandError

from ntm.audit.context import acting_as
from ntm.core.exceptions import ServiceError
from ntm.programme.services.targets import programme_load_shipped, report_forms_load_shipped


class Command(BaseCommand):
    help = (
        "Load the shipped programme plan files (targets, tasks, pilots) and report forms. Idempotent: an unchanged "
        "file does nothing; a changed file only adds new codes (the database is the source of truth)."
    )

    def handle(self, *args, **options):
        try:
            with acting_as(None):
                results = programme_load_shipped() + report_forms_load_shipped()
        except ServiceError as exc:
            problems = "\n".join(f"- {p}" for p in (exc.detail or []))
            raise CommandError(f"{exc.message}\n{problems}") from exc
        for result in results:
            self.stdout.write(f"{result.file}: {result.code} {result.status} (+{result.added})")
