import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ntm.site.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by the backup command: checks every checksum first, refuses a database that "
        "holds data unless --force, then compares the row counts with the manifest. Stop the web server and "
        "the task worker first."
    )
    # The checks would open the database, creating an empty SQLite file (or failing where its directory is missing).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("src_dir", type=Path, help="a directory written by the backup command")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database and media directory that already hold data",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            report = restore_backup(options["src_dir"], force=options["force"])
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        if report.mismatches:
            for table, (expected, found) in sorted(report.mismatches.items()):
                self.stderr.write(
                    _("%(table)s: %(expected)d rows in the backup, %(found)d after the restore.")
                    % {"table": table, "expected": expected, "found": found}
                )
            raise CommandError(
                _("The restored row counts differ from the backup in %(count)d tables.")
                % {"count": len(report.mismatches)}
            )
        self.stdout.write(
            _("Restore done in %(seconds).1f s: %(rows)d rows in %(tables)d tables match the backup.")
            % {"seconds": time.monotonic() - started, "rows": report.rows, "tables": report.tables}
        )
