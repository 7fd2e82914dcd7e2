from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from ntm.audit.context import acting_as
from ntm.core.exceptions import ServiceError
from ntm.criteria.services import criteria_sets_load_shipped

STATUS_TEXT = {
    "created": _("loaded"),
    "new_version": _("the file has changed: loaded as a new version"),
    "unchanged": _("unchanged"),
    "kept": _("kept the version edited in the database (use --force to load the file)"),
}


class Command(BaseCommand):
    help = (
        "Load the criteria-set files shipped under ntm/criteria/setfiles/ (or the given files) into the database. "
        "Idempotent: a known file does nothing, a changed file becomes a new version."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="set files (.toml); default: the shipped ones")
        parser.add_argument(
            "--force",
            action="store_true",
            help="load a changed file even when the latest version was edited in the database",
        )

    def handle(self, *args, **options):
        paths = [Path(name) for name in options["files"]] or None
        for path in paths or ():
            if not path.is_file():
                raise CommandError(_("There is no file %(path)s") % {"path": path})
        try:
            with acting_as(None):
                results = criteria_sets_load_shipped(paths=paths, force=options["force"])
        except ServiceError as exc:
            details = "\n".join(f"  - {line}" for line in (exc.detail or []))
            raise CommandError(f"{exc.message}\n{details}") from exc
        for result in results:
            self.stdout.write(f"{result.code}@{result.version}: {STATUS_TEXT[result.status]} ({result.file})")
