"""Files made at demo-load time for the OCOP demo: placeholder photos (drawn with Pillow, marked "Ảnh minh họa")
and dossier papers (PDF rendered by WeasyPrint, marked "Tệp minh họa"). Nothing is downloaded; no third-party image
is used. Only the demo loader imports this module."""

from __future__ import annotations

import html
import io
import logging
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

LABEL = "ẢNH MINH HỌA"
PAPER_LABEL = "TỆP MINH HỌA — không phải giấy tờ thật"
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation2"))
_FONT_FILES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")


def _font(size: int):
    for folder in _FONT_DIRS:
        for name in _FONT_FILES:
            path = folder / name
            if path.exists():
                return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def placeholder_photo(title: str, *, colour: tuple[int, int, int] = (46, 125, 50)) -> bytes:
    """A 640 x 400 PNG: a flat colour, the word "ẢNH MINH HỌA" and the title. Small (flat colours compress)."""
    image = Image.new("RGB", (640, 400), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((16, 16, 623, 383), outline=(255, 255, 255), width=4)
    draw.text((320, 150), LABEL, fill=(255, 255, 255), font=_font(48), anchor="mm")
    lines = _wrap(title, 32)
    for index, line in enumerate(lines[:3]):
        draw.text((320, 230 + index * 36), line, fill=(255, 255, 255), font=_font(28), anchor="mm")
    draw.text(
        (320, 350),
        "Dữ liệu trình diễn — không phải ảnh thật",
        fill=(230, 230, 230),
        font=_font(18),
        anchor="mm",
    )
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def demo_paper(title: str, lines: list[str]) -> bytes:
    """A one-page PDF dossier paper, visibly marked as illustrative."""
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from weasyprint import HTML  # only the demo loader renders these

    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    page = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 2cm; }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 12pt; }}
.mark {{ border: 3px solid #b00020; color: #b00020; padding: .5em; font-weight: bold; text-align: center; }}
</style></head><body><p class="mark">{html.escape(PAPER_LABEL)}</p><h1>{html.escape(title)}</h1>{body}</body></html>"""
    return HTML(string=page).write_pdf()
