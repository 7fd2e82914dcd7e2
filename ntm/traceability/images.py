"""The product image of a trace page, made fit to publish: decoded (a file that is not really a JPEG or PNG image is
refused), turned upright, scaled down to at most ``MAX_SIDE`` pixels and written again without its metadata — a
phone photo's EXIF can hold the place it was taken (GPS), the device and the time, which a public page must not
hand out. Pillow only; no Django."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from ntm.core.messages import gettext as _

MAX_SIDE = 800  # pixels: the trace page shows it at most 640 px wide on a phone
MAX_PIXELS = 40_000_000  # refused before decoding: a "decompression bomb" of a small file
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


class ImageError(ValueError):
    """The image cannot be used; the message says why."""


@dataclass(frozen=True)
class PublishedImage:
    data: bytes
    content_type: str
    width: int
    height: int


def publishable(data: bytes, content_type: str) -> PublishedImage:
    """``data`` (of ``content_type``, already sniffed) decoded, upright, at most ``MAX_SIDE`` px on its longer side,
    re-encoded in the same format with no metadata."""
    if content_type not in FORMATS:
        raise ImageError(_("Choose a JPEG or PNG image."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageError(_("The image is too large (more than 40 million pixels)."))
            probe.load()
            image = ImageOps.exif_transpose(probe)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ImageError(_("The file is not a readable JPEG or PNG image.")) from error
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if content_type == "image/jpeg":
        image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
    else:
        if image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    return PublishedImage(out.getvalue(), content_type, image.width, image.height)
