"""PDF from a Word document with LibreOffice headless (Debian's libreoffice-writer-nogui), so the PDF and the
.docx never drift. Each conversion uses a private profile directory, so parallel conversions never collide."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from ntm.core.exceptions import ServiceError


class PdfError(ServiceError):
    """The PDF could not be made (LibreOffice missing, failed or too slow)."""


def soffice_path() -> str | None:
    return os.environ.get("NTM_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, *, timeout: int = 180) -> bytes:
    binary = soffice_path()
    if binary is None:
        raise PdfError(
            _(
                "LibreOffice is not installed (Debian package libreoffice-writer-nogui), so no PDF can be made; "
                "run scripts/setup.sh."
            )
        )
    with tempfile.TemporaryDirectory(prefix="ntm-soffice-") as tmp:
        folder = Path(tmp)
        source = folder / "van-ban.docx"
        source.write_bytes(data)
        command = [
            binary,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            finished = subprocess.run(command, capture_output=True, timeout=timeout, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            raise PdfError(
                _("LibreOffice took too long to convert to PDF (over %(seconds)s seconds).")
                % {"seconds": timeout}
            ) from None
        output = folder / "van-ban.pdf"
        if not output.exists():
            detail = finished.stderr.decode("utf-8", "replace")[-300:]
            raise PdfError((_("LibreOffice could not convert the document to PDF.") + " " + detail).strip())
        return output.read_bytes()
