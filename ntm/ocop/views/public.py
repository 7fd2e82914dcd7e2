"""The public OCOP catalogue (no sign-in, no JavaScript): certified products by star, group and commune, each with
its producer's contact, where to buy it and a QR code; and the producer's account request."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from ntm.core.exceptions import ServiceError
from ntm.core.files import serve_file
from ntm.core.paging import paginate, querystring_without_page
from ntm.ocop import selectors
from ntm.ocop.forms import ProducerRequestForm
from ntm.ocop.services.producers import PRODUCER_FIELDS, producer_request

CATALOGUE_PAGE = 24


def int_param(value: str | None, *, minimum: int, maximum: int) -> int | None:
    """A filter's whole number in range, or None (junk and out-of-range values filter nothing)."""
    try:
        number = int((value or "").strip()[:12])
    except ValueError:
        return None
    return number if minimum <= number <= maximum else None


def catalogue(request):
    today = timezone.localdate()
    star = int_param(request.GET.get("sao"), minimum=3, maximum=5)
    commune = int_param(request.GET.get("xa"), minimum=1, maximum=2**31 - 1)
    group = (request.GET.get("nhom") or "")[:20]
    q = (request.GET.get("q") or "").strip()[:100]
    products = selectors.catalogue(today=today, star=star, group=group, commune=commune, q=q)
    page = paginate(request, products, CATALOGUE_PAGE)
    certificates = selectors.current_certificates(page.object_list, today)
    return render(
        request,
        "ocop/public/catalogue.html",
        {
            "page": page,
            "rows": [(p, certificates[p.pk]) for p in page.object_list],
            "groups": selectors.groups(),
            "communes": selectors.catalogue_communes(today),
            "star": star,
            "group": group,
            "commune": commune,
            "q": q,
            "querystring": querystring_without_page(request),
        },
    )


def tourism(request):
    points = selectors.public_tourism_points(timezone.localdate()).prefetch_related("photos")
    return render(request, "ocop/public/tourism.html", {"page": paginate(request, points, CATALOGUE_PAGE)})


def product(request, pk: int):
    product, certificate = selectors.public_product(pk, timezone.localdate())
    return render(
        request,
        "ocop/public/product.html",
        {
            "product": product,
            "certificate": certificate,
            "photos": product.photos.all()[:4],
            "qr_target": qr_target(request, product),
        },
    )


@cache_control(public=True, max_age=3600)
def product_photo(request, pk: int, photo_id: int):
    """A photo of a certified product (the only files served without sign-in; JPEG/PNG checked on upload)."""
    product, _certificate = selectors.public_product(pk, timezone.localdate())
    photo = get_object_or_404(product.photos, pk=photo_id)
    return serve_file(request, photo.file, content_type=photo.mime_type, download_name=photo.original_name)


@cache_control(public=True, max_age=3600)
def tourism_photo(request, pk: int, photo_id: int):
    """A photo of a recognised tourism point (served without sign-in only while the point is recognised)."""
    point = get_object_or_404(selectors.public_tourism_points(timezone.localdate()), pk=pk)
    photo = get_object_or_404(point.photos, pk=photo_id)
    return serve_file(request, photo.file, content_type=photo.mime_type, download_name=photo.original_name)


def qr_target(request, product) -> str:
    """The trace page once the product has one, else its catalogue page."""
    return product.trace_url or request.build_absolute_uri(reverse("ocop:product", args=[product.pk]))


@cache_control(public=True, max_age=3600)
def product_qr(request, pk: int):
    product, _certificate = selectors.public_product(pk, timezone.localdate())
    buffer = io.BytesIO()
    segno.make(qr_target(request, product), error="m").save(buffer, kind="svg", scale=4, border=2)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


def producer_register(request):
    form = ProducerRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data.get(key) or "" for key in PRODUCER_FIELDS}
        try:
            producer_request(
                data=data,
                unit=form.cleaned_data["unit"],
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Your request was sent. The commune will approve your account; then you can sign in."),
            )
            return redirect("ocop:catalogue")
    return render(request, "ocop/public/register.html", {"form": form})
