from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ntm.audit.context import acting_as
from ntm.core.exceptions import ServiceError
from ntm.criteria.services import criteria_sets_load_shipped

STATUS_TEXT = {
    "created": "nạp mới",
    "new_version": "tệp đã thay đổi: nạp thành phiên bản mới",
    "unchanged": "không thay đổi",
    "kept": "giữ phiên bản đã sửa trong CSDL (dùng --force để nạp tệp)",
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
                raise CommandError(f"Không có tệp {path}")
        try:
            with acting_as(None):
                results = criteria_sets_load_shipped(paths=paths, force=options["force"])
        except ServiceError as exc:
            details = "\n".join(f"  - {line}" for line in (exc.detail or []))
            raise CommandError(f"{exc.message}\n{details}") from exc
        for result in results:
            self.stdout.write(f"{result.code}@{result.version}: {STATUS_TEXT[result.status]} ({result.file})")
