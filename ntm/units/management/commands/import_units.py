import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ntm.units.registry import RegistryError, load_all, load_province
from ntm.units.services.registry import units_import


class Command(BaseCommand):
    help = (
        "Import administrative units in both structures (before and from 1/7/2025) with their lineage, from the "
        "vietnam-provinces registry package. Idempotent; prints what it added or changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", default=settings.NTM_PROVINCE_CODE, help="2025 province code (75)")
        parser.add_argument("--all", action="store_true", help="import the whole country")

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            snapshot = load_all() if options["all"] else load_province(options["province"])
        except RegistryError as exc:
            raise CommandError(
                _("The administrative unit data source is not valid; nothing was saved: %(problem)s")
                % {"problem": exc}
            ) from exc
        report = units_import(snapshot=snapshot)
        for (structure, level), count in sorted(report.added.items()):
            self.stdout.write(f"added {count} {level} unit(s) in structure {structure}")
        for line in report.changed:
            self.stdout.write(f"changed {line}")
        self.stdout.write(f"lineage: {report.lineage_added} added, {report.lineage_changed} changed")
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if not (report.total_added or report.changed or report.lineage_added or report.lineage_changed):
            self.stdout.write("nothing to change: the database already matches the registry")
        self.stdout.write(f"done in {time.perf_counter() - started:.1f} s")
