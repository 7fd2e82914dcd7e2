"""PDF from a Word document with LibreOffice headless (Debian's libreoffice-writer-nogui), so the PDF and the .docx
never drift. Each conversion uses a private profile directory, so parallel conversions do not share a lock."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


class PdfError(RuntimeError):
    """The PDF could not be made (LibreOffice missing, failed or too slow)."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, *, timeout: int = 180) -> bytes:
    soffice = soffice_path()
    if soffice is None:
        raise PdfError("Không tìm thấy LibreOffice (soffice) trên máy chủ: chưa tạo được bản PDF.")
    with tempfile.TemporaryDirectory(prefix="ntm-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "bao-cao.docx"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout)  # noqa: S603
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise PdfError(f"LibreOffice không chuyển được sang PDF: {exc}") from exc
        result = folder / "bao-cao.pdf"
        if not result.exists():
            raise PdfError("LibreOffice không tạo ra tệp PDF.")
        return result.read_bytes()
