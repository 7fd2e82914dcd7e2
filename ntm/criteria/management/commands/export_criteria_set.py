from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.criteria.selectors import criteria_set_version
from ntm.criteria.workbook import export_workbook


class Command(BaseCommand):
    help = "Export a criteria set (code, or code@version) to an Excel workbook to fill in and import back."

    def add_arguments(self, parser):
        parser.add_argument("ref", help="set code (latest version) or code@version")
        parser.add_argument("file", help="the .xlsx file to write")

    def handle(self, *args, **options):
        try:
            version = criteria_set_version(options["ref"])
        except Http404:
            raise CommandError(_("There is no criteria set %(ref)s") % {"ref": options["ref"]}) from None
        data = export_workbook(
            version.content,
            version=version.version,
            content_hash=version.content_hash,
            exported_at=timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        )
        Path(options["file"]).write_bytes(data)
        self.stdout.write(f"{version.ref} → {options['file']}")
