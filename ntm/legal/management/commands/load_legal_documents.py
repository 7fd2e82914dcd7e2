from django.core.management.base import BaseCommand, CommandError

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
                f"Tệp văn bản pháp lý bị từ chối, không ghi gì vào cơ sở dữ liệu:\n{lines}"
            ) from None
        self.stdout.write(
            f"Văn bản pháp lý: {len(result.created)} mới, {len(result.updated)} cập nhật, "
            f"{len(result.unchanged)} không đổi."
        )
