"""Load the OCOP evaluation-cycle files (idempotent): the shipped ones, or the files given as arguments. A changed
file becomes a new version; evaluations already opened keep the version they started with."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ntm.core.exceptions import ServiceError
from ntm.ocop.services.cycles import cycles_load


class Command(BaseCommand):
    help = "Load the OCOP evaluation-cycle files (ntm/ocop/procedures/*.toml), or the files given."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="evaluation-cycle TOML files")

    def handle(self, *args, paths=None, **options):
        try:
            versions = cycles_load(paths=[Path(p) for p in paths] if paths else None)
        except ServiceError as exc:
            detail = "\n".join(f"- {d}" for d in (exc.detail or []))
            raise CommandError(f"{exc.message}\n{detail}") from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        for version in versions:
            self.stdout.write(f"{version.code} v{version.version}")
