from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ntm.legal.datafile import DEFAULT_PATH, LegalFileError
from ntm.legal.services import legal_documents_load


class Command(BaseCommand):
    help = "Load the legal-document registry from its data file (ntm/legal/documents.toml); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help="the TOML data file")

    def handle(self, *args, path, **options):
        try:
            result = legal_documents_load(path=path)
        except LegalFileError as exc:
            lines = "\n".join(f"  - {error}" for error in exc.errors)
            raise CommandError(
                _("The legal-document file is refused; nothing is written to the database:\n%(lines)s")
                % {"lines": lines}
            ) from None
        self.stdout.write(
            _("Legal documents: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": len(result.created),
                "updated": len(result.updated),
                "unchanged": len(result.unchanged),
            }
        )
