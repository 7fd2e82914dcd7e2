"""QR labels of a lot, rendered by WeasyPrint in a background job: an A4 sheet of 24 labels (3 by 8) or single
labels (one 70 by 40 mm label per page).

The QR code holds a GS1 Digital Link URI on this site's domain (``/01/<GTIN>/10/<lot>``, which redirects to the
trace page) when the product has a GTIN, else the trace page's URL (``/truy-xuat/<code>/``). Each label prints what
the trace page shows first: product, producer, trace code, the growing-area code, dates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ntm.core.models import InstanceState
from ntm.traceability import gs1
from ntm.traceability.models import Lot

PER_SHEET = 24


def trace_url(lot: Lot, base_url: str) -> str:
    """What the label's QR code holds."""
    base = base_url.rstrip("/")
    if lot.gtin:
        return gs1.digital_link(lot.gtin, lot=lot.code, expiry=lot.expires_on, domain=base)
    return base + reverse("traceability:trace", kwargs={"code": lot.code})


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=3, border=2, dark="#000")


def labels_pdf(
    *, lot: Lot, base_url: str, layout: str, copies: int, progress: Callable[[int, str], None] | None = None
) -> bytes:
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from weasyprint import HTML  # only the task worker renders PDFs (see ntm.surveys.slips)

    url = trace_url(lot, base_url)
    label = {"lot": lot, "url": url, "qr": qr_data_uri(url)}
    per_page = PER_SHEET if layout == "sheet" else 1
    labels = [label] * copies
    pages = [labels[i : i + per_page] for i in range(0, len(labels), per_page)]
    if progress is not None:
        progress(30, "")
    with translation.override("vi"):
        html = render_to_string(
            "traceability/labels.html",
            {"pages": pages, "layout": layout, "demo_mode": InstanceState.is_demo(), "lot": lot},
        )
    pdf = HTML(string=html, base_url=base_url).write_pdf()
    if progress is not None:
        progress(95, "")
    return pdf
