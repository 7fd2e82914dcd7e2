import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ntm.site.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or the SQLite backup API) and the media files, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("dest_dir", type=Path, help="an empty or new directory to write the backup into")

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            manifest = create_backup(options["dest_dir"])
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        size = sum(entry["size"] for entry in manifest["files"].values())
        self.stdout.write(
            _(
                "Backup written to %(path)s: %(rows)d rows in %(tables)d tables, %(size)d bytes, %(seconds).1f s."
            )
            % {
                "path": options["dest_dir"],
                "rows": sum(manifest["row_counts"].values()),
                "tables": len(manifest["row_counts"]),
                "size": size,
                "seconds": time.monotonic() - started,
            }
        )
