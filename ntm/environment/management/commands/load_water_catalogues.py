from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ntm.environment.parameters import CatalogueFileError
from ntm.environment.services import catalogues_load_shipped


class Command(BaseCommand):
    help = "Load the water-parameter catalogues shipped in ntm/environment/catalogues/ (idempotent)."

    def handle(self, *args, **options):
        try:
            results = catalogues_load_shipped()
        except CatalogueFileError as exc:
            lines = "\n".join(f"  - {error}" for error in exc.errors)
            raise CommandError(
                _("A catalogue file is refused; nothing more is written:\n%(lines)s") % {"lines": lines}
            ) from None
        created = sum(1 for _row, new in results if new)
        self.stdout.write(
            _("Water-parameter catalogues: %(created)s new, %(unchanged)s unchanged.")
            % {"created": created, "unchanged": len(results) - created}
        )
