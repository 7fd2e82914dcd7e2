"""The one check for every uploaded file: a size limit and the type judged by content, never by file name.

``check_document`` checks an upload against a set of allowed types (``DOCUMENT_TYPES`` by default, or one of
``PDF_TYPES``, ``IMAGE_TYPES``, ``DOCX_TYPES``, ``EXCEL_TYPES``); ``attach`` checks an upload and fills an ``Attachment`` row
with it. Imports that read the whole file use ``read_upload`` (size before reading) and then ``check_workbook``
(an .xlsx by content) or ``check_text`` (CSV, GeoJSON: UTF-8 text, not a binary file under a text name).
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ntm.core.exceptions import ServiceError

if TYPE_CHECKING:
    from ntm.core.models import Attachment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    DOCX: "Word",
    XLSX: "Excel",
    "application/zip": "Office",  # some Office files are detected only as a zip container
}
PDF_TYPES = {"application/pdf": "PDF"}
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}  # photos shown on pages
DOCX_TYPES = {DOCX: "Word (.docx)", "application/zip": "Word (.docx)"}
EXCEL_TYPES = {XLSX: "Excel", "application/zip": "Excel"}
NOT_A_WORKBOOK = gettext_noop("The file is not an Excel workbook (.xlsx).")  # translated where it is raised


def _limit_mb(limit: int) -> int:
    return limit // (1024 * 1024)


def check_size(size: int, *, name: str = "", limit: int | None = None) -> None:
    """Refuse a file of ``size`` bytes over ``limit`` (default ``settings.NTM_MAX_UPLOAD_BYTES``)."""
    limit = settings.NTM_MAX_UPLOAD_BYTES if limit is None else limit
    if size > limit:
        if name:
            raise ServiceError(
                _("The file is too large (at most %(mb)s MB): “%(name)s”.")
                % {"mb": _limit_mb(limit), "name": name}
            )
        raise ServiceError(_("The file is too large (at most %(mb)s MB).") % {"mb": _limit_mb(limit)})


def check_document(upload: UploadedFile, *, allowed: dict[str, str] = DOCUMENT_TYPES) -> str:
    """The detected MIME type of ``upload``; refuses a file that is too large or of a type not in ``allowed``."""
    check_size(upload.size, name=upload.name)
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


def attach(
    attachment: Attachment, upload: UploadedFile, *, allowed: dict[str, str] = DOCUMENT_TYPES
) -> Attachment:
    """Check ``upload`` (``check_document``) and put it in ``attachment``: the file (saved to storage, the row
    not saved), its original name, detected MIME type and size."""
    attachment.mime_type = check_document(upload, allowed=allowed)
    attachment.original_name = upload.name[:255]
    attachment.size = upload.size
    attachment.file.save(upload.name, upload, save=False)
    return attachment


def read_upload(upload: UploadedFile) -> bytes:
    """The content of ``upload``, refused before reading it when it is too large."""
    check_size(upload.size, name=upload.name)
    return upload.read()


def check_workbook(data: bytes, *, limit: int | None = None) -> None:
    """Refuse ``data`` that is too large or is not an .xlsx workbook (a zip detected by content)."""
    check_size(len(data), limit=limit)
    kind = filetype.guess(data)
    if kind is None or kind.mime not in EXCEL_TYPES or not zipfile.is_zipfile(io.BytesIO(data)):
        raise ServiceError(_(NOT_A_WORKBOOK))


def check_text(data: bytes, *, name: str = "", what: str = "CSV") -> str:
    """``data`` decoded as UTF-8 text (a byte-order mark dropped); refuses a binary file (one ``filetype``
    recognises, or with NUL bytes) and text in another encoding."""
    check_size(len(data), name=name)
    if filetype.guess(data) is not None or b"\x00" in data[:8192]:
        if name:
            raise ServiceError(
                _("File “%(name)s” is not of an allowed type (%(types)s).") % {"name": name, "types": what}
            )
        raise ServiceError(_("The file is not of an allowed type (%(types)s).") % {"types": what})
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if name:
            raise ServiceError(
                _("File “%(name)s” is not UTF-8 text (%(types)s).") % {"name": name, "types": what}
            ) from None
        raise ServiceError(_("The file is not UTF-8 text (%(types)s).") % {"types": what}) from None
