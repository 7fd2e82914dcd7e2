from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ntm.audit.context import acting_as
from ntm.core.exceptions import ServiceError
from ntm.site.demo import DEMO_PASSWORD, PEOPLE, is_demo_loaded, load_demo


class Command(BaseCommand):
    help = "Load illustrative (demo) data. Refuses to run on a database that holds real data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the demo is already loaded"
        )
        parser.add_argument("--list-logins", action="store_true", help="print the demo logins and stop")

    def handle(self, *args, **options):
        if options["list_logins"]:
            for person in PEOPLE:
                where = person.unit_name.removeprefix("legacy:") or _("whole province")
                self.stdout.write(f"{person.username:<16} {person.role:<22} {where}")
            return
        if options["if_empty"] and is_demo_loaded():
            self.stdout.write("Demo data already loaded.")
            return
        try:
            with acting_as(None):
                people = load_demo()
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Demo data loaded: {len(people)} accounts, password {DEMO_PASSWORD}")
