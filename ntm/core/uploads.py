"""Checks for uploaded evidence and documents: size limit and type by content, never by file name."""

from __future__ import annotations

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

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
            _("File “%(name)s” is too large (at most %(mb)s MB).")
            % {"name": upload.name, "mb": settings.NTM_MAX_UPLOAD_BYTES // 1048576}
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed:
        names = ", ".join(sorted(set(allowed.values()) - {"Office"}))
        raise ServiceError(
            _("File “%(name)s” is not of an allowed type (%(types)s).")
            % {"name": upload.name, "types": names}
        )
    return kind.mime
