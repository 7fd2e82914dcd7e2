"""Load the OCOP taxonomy and the shipped score sheets (idempotent), or one sheet file given as an argument."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ntm.core.exceptions import ServiceError
from ntm.ocop.services.sheets import sheet_load, shipped_load


class Command(BaseCommand):
    help = "Load the OCOP product taxonomy and score sheets (ntm/ocop/sheets/*.toml), or one sheet file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="a score sheet TOML file (a new version of a sheet)")

    def handle(self, *args, path=None, **options):
        try:
            if path:
                sheet = sheet_load(data=Path(path).read_bytes())
                self.stdout.write(f"{sheet.code} {sheet.version}")
            else:
                sheets = shipped_load()
                self.stdout.write(f"{len(sheets)} sheet(s) loaded")
        except (ServiceError, OSError) as exc:
            raise CommandError(str(exc)) from exc
