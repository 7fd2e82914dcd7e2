"""Checks for uploaded evidence and documents: size limit and type by content, never by file name."""

from __future__ import annotations

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from ntm.core.exceptions import ServiceError

DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/zip": "Office",  # some Office files are detected only as a zip container
}


def check_document(upload: UploadedFile, *, allowed: dict[str, str] = DOCUMENT_TYPES) -> str:
    """The detected MIME type of ``upload``; refuses a file that is too large or of a type not in ``allowed``."""
    if upload.size > settings.NTM_MAX_UPLOAD_BYTES:
        raise ServiceError(
            f"Tệp “{upload.name}” quá lớn (tối đa {settings.NTM_MAX_UPLOAD_BYTES // 1048576} MB)."
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed:
        names = ", ".join(sorted(set(allowed.values()) - {"Office"}))
        raise ServiceError(f"Tệp “{upload.name}” không đúng loại cho phép ({names}).")
    return kind.mime
