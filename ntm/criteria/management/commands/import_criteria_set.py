from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ntm.audit.context import acting_as
from ntm.core.exceptions import ServiceError
from ntm.criteria.services import criteria_set_import_workbook


class Command(BaseCommand):
    help = "Import an Excel workbook exported with export_criteria_set (and filled in) as a new version."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument("--note", required=True, help="change note: what changed and from which document")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s") % {"path": path})
        try:
            with acting_as(None):
                version = criteria_set_import_workbook(
                    data=path.read_bytes(), change_note=options["note"], actor=None
                )
        except ServiceError as exc:
            details = "\n".join(f"  - {line}" for line in (exc.detail or []) if isinstance(exc.detail, list))
            raise CommandError(f"{exc.message}\n{details}".rstrip()) from exc
        self.stdout.write(
            _("Imported: %(ref)s (%(note)s)") % {"ref": version.ref, "note": version.change_note}
        )
