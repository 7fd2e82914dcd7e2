"""OCOP in the API: public read of certified products and their certificates; evaluations scoped like the pages."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination, ErrorOut
from ntm.core.permissions import OCOP, VIEW, require_area
from ntm.ocop import selectors

router = Router(tags=["OCOP"])


class CertificateOut(Schema):
    number: str
    star: int
    decision_number: str
    decision_level: str
    issued_on: dt.date
    expires_on: dt.date


class ProductOut(Schema):
    id: int
    name: str
    category_code: str
    category_name: str
    group: str
    producer: str
    producer_kind: str
    commune: str
    commune_code: str
    address: str
    phone: str
    where_to_buy: str
    shop_url: str
    is_demo: bool
    certificate: CertificateOut


class ProductQuery(Schema):
    star: int | None = None
    group: str | None = None
    q: str | None = None


def _certificate(certificate) -> dict:
    return {
        "number": certificate.number,
        "star": certificate.star,
        "decision_number": certificate.decision.number,
        "decision_level": certificate.decision.level,
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
    }


def _product(product, certificate) -> dict:
    return {
        "id": product.pk,
        "name": product.name,
        "category_code": product.category.code,
        "category_name": product.category.name,
        "group": product.category.group.name,
        "producer": product.producer.name,
        "producer_kind": product.producer.kind,
        "commune": product.producer.unit.name,
        "commune_code": product.producer.unit.code,
        "address": product.producer.address,
        "phone": product.producer.phone,
        "where_to_buy": product.where_to_buy,
        "shop_url": product.shop_url,
        "is_demo": product.is_demo or certificate.is_demo,
        "certificate": _certificate(certificate),
    }


@router.get("/products", response=list[ProductOut], auth=None, summary="Certified OCOP products (public)")
@paginate(BoundedPagination)
def list_products(request, filters: Query[ProductQuery]):
    today = timezone.localdate()
    star = filters.star if filters.star in (3, 4, 5) else None
    products = selectors.catalogue(
        today=today, star=star, group=(filters.group or "")[:20], q=(filters.q or "")[:100]
    )
    products = list(products)
    certificates = selectors.current_certificates(products, today)
    return [_product(p, certificates[p.pk]) for p in products]


@router.get(
    "/products/{product_id}",
    response={200: ProductOut, 404: ErrorOut},
    auth=None,
    summary="One certified OCOP product (public; 404 if not certified now)",
)
def get_product(request, product_id: int):
    product, certificate = selectors.public_product(product_id, timezone.localdate())
    return _product(product, certificate)


class EvaluationOut(Schema):
    id: int
    product: str
    producer: str
    commune: str
    year: int
    state: str
    average: Decimal | None
    star: int | None
    disagreement: bool
    propose_national: bool


@router.get(
    "/evaluations",
    response=list[EvaluationOut],
    summary="OCOP evaluations in your scope (a producer: its own)",
)
@paginate(BoundedPagination)
def list_evaluations(request):
    require_area(request.user, OCOP, VIEW)
    return [
        {
            "id": e.pk,
            "product": e.product.name,
            "producer": e.product.producer.name,
            "commune": e.product.producer.unit.name,
            "year": e.year,
            "state": e.state,
            "average": e.average,
            "star": e.star,
            "disagreement": e.disagreement,
            "propose_national": e.propose_national,
        }
        for e in selectors.evaluations_visible(request.user)
    ]


class TourismPointOut(Schema):
    id: int
    name: str
    commune: str
    address: str
    operator: str
    phone: str
    services: str
    capacity: int
    latitude: Decimal | None
    longitude: Decimal | None
    product_id: int
    is_demo: bool


@router.get(
    "/tourism-points",
    response=list[TourismPointOut],
    auth=None,
    summary="Recognised rural tourism points (public)",
)
@paginate(BoundedPagination)
def list_tourism_points(request):
    return [
        {
            "id": p.pk,
            "name": p.name,
            "commune": p.unit.name,
            "address": p.address,
            "operator": p.producer.name,
            "phone": p.producer.phone,
            "services": p.services,
            "capacity": p.capacity,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "product_id": p.product_id,
            "is_demo": p.is_demo,
        }
        for p in selectors.public_tourism_points(timezone.localdate())
    ]
