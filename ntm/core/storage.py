"""Where stored files go: random, unguessable names under a per-kind prefix.

Every ``FileField`` uses ``RandomPath(prefix)`` as its ``upload_to``: a file lands at
``<prefix>/<year>/<month>/<uuid4 hex>.<ext>``. The name says nothing about the unit, the person or the original
file name (those stay in the database row), and it cannot be guessed from another one. The extension comes from
the type detected by content when the row carries one (``Attachment.mime_type``), else from the given name when
it is one of a few harmless extensions, else ``bin``: a file named ``.html`` never keeps that extension.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.utils import timezone
from django.utils.deconstruct import deconstructible

from ntm.core.uploads import DOCX, XLSX

EXTENSION_OF_TYPE = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    DOCX: "docx",
    XLSX: "xlsx",
    "application/zip": "zip",
}
SAFE_EXTENSIONS = frozenset({"pdf", "jpg", "jpeg", "png", "docx", "xlsx", "zip", "csv"})


def safe_extension(filename: str, mime_type: str = "") -> str:
    """The extension a stored file gets: from ``mime_type`` when known, else from ``filename`` if harmless."""
    if mime_type in EXTENSION_OF_TYPE:
        return EXTENSION_OF_TYPE[mime_type]
    suffix = PurePosixPath(filename).suffix.lower().lstrip(".")
    return suffix if suffix in SAFE_EXTENSIONS else "bin"


def random_name(prefix: str, filename: str, mime_type: str = "") -> str:
    """``<prefix>/<year>/<month>/<uuid4 hex>.<ext>`` for a file called ``filename`` (of ``mime_type``)."""
    now = timezone.now()
    return f"{prefix}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{safe_extension(filename, mime_type)}"


@deconstructible
class RandomPath:
    """An ``upload_to`` giving each stored file a random name under ``prefix`` (see ``random_name``); the row's
    ``type_field`` holds the detected type when it is set before the file is saved (empty: the field's file is
    not the one that type describes, so only the given name's extension counts)."""

    def __init__(self, prefix: str, type_field: str = "mime_type") -> None:
        self.prefix = prefix.strip("/")
        self.type_field = type_field

    def __call__(self, instance, filename: str) -> str:
        mime_type = getattr(instance, self.type_field, "") if self.type_field else ""
        return random_name(self.prefix, filename, mime_type or "")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomPath) and (other.prefix, other.type_field) == (
            self.prefix,
            self.type_field,
        )

    def __hash__(self) -> int:
        return hash((self.prefix, self.type_field))
