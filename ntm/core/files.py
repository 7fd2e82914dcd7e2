"""The one way a stored file leaves the server: ``serve_file``, called by a view that has checked scope and role.

Nothing under the media root has a URL of its own. The Content-Type comes from the stored record (what the upload
check detected, or the type of a generated file), never from the file name or content; the browser is told not to
sniff (``X-Content-Type-Options: nosniff``), and anything but a PDF or a PNG/JPEG image is sent as an attachment.
``settings.NTM_FILE_SERVING`` chooses who sends the bytes: ``django`` (streamed by the app), ``x-accel-redirect``
(nginx reads ``/protected-media/<name>`` from an ``internal`` location) or ``x-sendfile`` (Apache/lighttpd read the
absolute path).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils._os import safe_join
from django.utils.http import content_disposition_header

from ntm.core.uploads import DOCX, XLSX

INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
FALLBACK_TYPE = "application/octet-stream"
ACCEL_LOCATION = "/protected-media/"
# The types of files the app itself generates, by the extension of the name it gives them.
GENERATED_TYPES = {
    "pdf": "application/pdf",
    "docx": DOCX,
    "xlsx": XLSX,
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}


def generated_type(filename: str) -> str:
    """The Content-Type of a file the app generated under ``filename`` (``application/octet-stream`` if unknown)."""
    return GENERATED_TYPES.get(PurePosixPath(filename).suffix.lower().lstrip("."), FALLBACK_TYPE)


def serve_file(
    request: HttpRequest,
    field_file: FieldFile,
    *,
    content_type: str,
    download_name: str,
    attachment: bool = False,
) -> HttpResponse:
    """The response sending ``field_file`` as ``content_type`` under ``download_name``: inline for a PDF or a
    PNG/JPEG image unless ``attachment``, otherwise as an attachment. 404 when the field holds no file."""
    if not field_file:
        raise Http404
    content_type = content_type or FALLBACK_TYPE
    as_attachment = attachment or content_type not in INLINE_TYPES
    mode = settings.NTM_FILE_SERVING
    if mode == "django":
        response = FileResponse(
            field_file.open("rb"),
            as_attachment=as_attachment,
            filename=download_name,
            content_type=content_type,
        )
    else:
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(as_attachment, download_name)
        if mode == "x-accel-redirect":
            response["X-Accel-Redirect"] = ACCEL_LOCATION + quote(field_file.name)
        else:
            response["X-Sendfile"] = safe_join(settings.MEDIA_ROOT, field_file.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    """Bytes the app generated (an export, a template, a report) sent as a download named ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
