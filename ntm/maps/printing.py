"""The printed map for reports: one SVG with title, legend, date and source, then PDF (WeasyPrint) and PNG
(poppler's ``pdftoppm``, which setup installs). No Django import.

The map drawing itself is :func:`ntm.units.svg.render_svg` (the same projection as the unit pages), nested in a
page-sized SVG. Colours are written as attributes through a small stylesheet inside the SVG, so the file looks
the same in a browser, in WeasyPrint and in any SVG editor; wards and townships are hatched, units whose
self-assessed value rests on a provisional threshold get a dashed outline, and every class has a text label.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ntm.maps.colouring import FILL, NOT_APPLICABLE
from ntm.units.svg import Shape, render_svg

PAGE_WIDTH = 1123  # A4 landscape at 96 px per inch
PAGE_HEIGHT = 794
MAP_WIDTH = 760
MAP_HEIGHT = 640
FONT = "'Liberation Sans', Arial, sans-serif"


@dataclass(frozen=True)
class PrintLegendEntry:
    css: str
    label: str
    count: int


@dataclass(frozen=True)
class PrintedMap:
    """The texts around the drawing; every string is shown as given (already translated)."""

    title: str
    subtitle: str
    legend_title: str
    legend: Sequence[PrintLegendEntry]
    date_line: str
    source_lines: Sequence[str]
    notes: Sequence[str] = ()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _stylesheet() -> str:
    fills = "".join(f".fill-{css}{{fill:{colour}}}" for css, colour in FILL.items() if css != NOT_APPLICABLE)
    return (
        "<style>"
        f"text{{font-family:{FONT};fill:#1b1f23}}"
        ".shape{stroke:#4d4d4d;stroke-width:.5;stroke-linejoin:round}"
        f".fill-{NOT_APPLICABLE}{{fill:url(#hatch)}}"
        ".provisional{stroke:#1b1f23;stroke-width:1.2;stroke-dasharray:3 2}"
        f"{fills}"
        "</style>"
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#9e9e9e" stroke-width="1.5"/></pattern></defs>'
    )


def _wrapped(text: str, width: int) -> list[str]:
    """Split ``text`` into lines of at most ``width`` characters (SVG has no text wrapping)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def map_svg(shapes: Sequence[Shape], texts: PrintedMap) -> str:
    """A landscape page: title on top, the map on the left, legend and sources on the right."""
    drawing = render_svg(shapes, width=MAP_WIDTH, height=MAP_HEIGHT, padding=8, title=texts.title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {PAGE_WIDTH} {PAGE_HEIGHT}" '
        f'width="{PAGE_WIDTH}" height="{PAGE_HEIGHT}" role="img">',
        f"<title>{_escape(texts.title)}</title>",
        _stylesheet(),
        f'<rect width="{PAGE_WIDTH}" height="{PAGE_HEIGHT}" fill="#ffffff"/>',
        f'<text x="24" y="40" font-size="24" font-weight="bold">{_escape(texts.title)}</text>',
        f'<text x="24" y="66" font-size="15">{_escape(texts.subtitle)}</text>',
        f'<rect x="24" y="84" width="{MAP_WIDTH}" height="{MAP_HEIGHT}" fill="#f4f7f5" stroke="#d8dee4"/>',
        f'<g transform="translate(24 84)">{drawing}</g>',
    ]
    x, y = 24 + MAP_WIDTH + 24, 100
    parts.append(f'<text x="{x}" y="{y}" font-size="15" font-weight="bold">')
    for number, line in enumerate(_wrapped(texts.legend_title, 36)):
        parts.append(f'<tspan x="{x}" dy="{0 if number == 0 else 18}">{_escape(line)}</tspan>')
    parts.append("</text>")
    y += 18 * len(_wrapped(texts.legend_title, 36)) + 8
    for entry in texts.legend:
        parts.append(
            f'<rect x="{x}" y="{y}" width="22" height="16" class="shape fill-{entry.css}" stroke="#4d4d4d"/>'
        )
        label_lines = _wrapped(f"{entry.label} ({entry.count})", 40)
        parts.append(f'<text x="{x + 30}" y="{y + 13}" font-size="13">')
        for number, line in enumerate(label_lines):
            parts.append(f'<tspan x="{x + 30}" dy="{0 if number == 0 else 16}">{_escape(line)}</tspan>')
        parts.append("</text>")
        y += max(24, 16 * len(label_lines) + 8)
    y += 12
    for note in texts.notes:
        for line in _wrapped(note, 40):
            parts.append(f'<text x="{x}" y="{y}" font-size="12">{_escape(line)}</text>')
            y += 15
        y += 6
    footer = [texts.date_line, *texts.source_lines]
    y_footer = PAGE_HEIGHT - 16 * sum(len(_wrapped(line, 150)) for line in footer) - 8
    for line in footer:
        for piece in _wrapped(line, 150):
            parts.append(f'<text x="24" y="{y_footer}" font-size="12" fill="#5a6472">{_escape(piece)}</text>')
            y_footer += 16
    parts.append("</svg>")
    return "".join(parts)


def svg_to_pdf(svg: str) -> bytes:
    """One A4 landscape page holding the SVG (WeasyPrint draws SVG natively, with the page's fonts)."""
    # Imported here: WeasyPrint is heavy to load and only this download needs it.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from weasyprint import HTML

    html = (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "@page{size:A4 landscape;margin:6mm}body{margin:0}svg{width:100%;height:auto}"
        f"</style></head><body>{svg}</body></html>"
    )
    return HTML(string=html).write_pdf()


def pdf_to_png(pdf: bytes, *, dpi: int = 110) -> bytes:
    """The first page of ``pdf`` as PNG, through poppler's ``pdftoppm``."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "map.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 (fixed program and arguments, no shell)
            ["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(source), str(Path(folder) / "map")],  # noqa: S607
            check=True,
            capture_output=True,
            timeout=60,
        )
        return (Path(folder) / "map.png").read_bytes()


def rendered(svg: str, fmt: str) -> tuple[bytes, str]:
    """The printed map in ``fmt`` ("svg", "pdf" or "png") and its content type."""
    if fmt == "svg":
        return svg.encode(), "image/svg+xml"
    if fmt == "pdf":
        return svg_to_pdf(svg), "application/pdf"
    return pdf_to_png(svg_to_pdf(svg)), "image/png"
