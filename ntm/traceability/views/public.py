"""The public trace page (no account, no script, small) and the GS1 Digital Link entry that QR codes of products
with a GTIN open."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from ntm.core.files import serve_file
from ntm.core.models import InstanceState
from ntm.legal.selectors import legal_document_by_symbol
from ntm.traceability import exports, geometry, gs1, links, selectors
from ntm.traceability.models import Lot


def trace(request, code: str):
    lot = selectors.lot_public(code)
    area = lot.area
    fields = exports.ten_fields(lot, request.build_absolute_uri("/"))
    return render(
        request,
        "traceability/trace.html",
        {
            "lot": lot,
            "area": area,
            "fields": fields,
            "by_key": {f["key"]: f["value"] for f in fields},
            "inputs": list(lot.inputs.all()),
            "outputs": list(lot.outputs.all()),
            "shipments": [e for e in exports.current_events(lot) if e.stage == "shipping"],
            "outline": geometry.outline_svg(area.boundary) if area else "",
            "locator": geometry.locator_svg(area.boundary, selectors.commune_geometry(area)) if area else "",
            "demo_mode": InstanceState.is_demo(),
            "ocop": links.ocop_star(lot.code, lot.owner_id),
            "tt02": legal_document_by_symbol("TT 02/2024/TT-BKHCN"),
        },
    )


def trace_image(request, code: str):
    """The product image of a lot's trace page (public, like the page); 404 when the lot has none."""
    lot = get_object_or_404(Lot.objects.only("code", "image", "image_type"), code=code)
    extension = "png" if lot.image_type == "image/png" else "jpg"
    response = serve_file(
        request, lot.image, content_type=lot.image_type, download_name=f"{lot.code}.{extension}"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


def digital_link(request, gtin: str, lot: str):
    """``/01/<GTIN>/10/<lot>``: the lot of that GTIN, or 404."""
    try:
        normalised = gs1.normalise_gtin(gtin)
    except gs1.GtinError as error:
        raise Http404 from error
    found = get_object_or_404(Lot, gtin=normalised, code=lot)
    return redirect("traceability:trace", code=found.code)
