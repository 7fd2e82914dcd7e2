"""Links between domain apps of the same layer, resolved here above both: the OCOP star on a trace page.

An OCOP product whose producer account owns the lot, whose "trace page" field names the lot's trace page
(``/truy-xuat/<code>/``), and which holds a certificate in force gives the lot its star (``ntm.traceability.links``).
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ntm.ocop.models import Product
from ntm.ocop.selectors import current_certificate
from ntm.traceability.links import OcopStar


def ocop_star_for_lot(lot_code: str, owner_id: int) -> OcopStar | None:
    path = reverse("traceability:trace", args=[lot_code])
    named = Q(trace_url__endswith=path) | Q(trace_url__endswith=path.rstrip("/"))
    products = Product.objects.filter(named, producer__owner_id=owner_id).order_by("pk")
    today = timezone.localdate()
    for product in products:
        certificate = current_certificate(product, today)
        if certificate is not None:
            return {
                "star": certificate.star,
                "product": product.name,
                "url": reverse("ocop:product", args=[product.pk]),
            }
    return None
