"""Reads of OCOP data, scoped: staff through the unit choke point (area ``ocop``), a producer to what it owns.

Public reads (the catalogue) show only products with a certificate in force, and nothing else about them than
the catalogue needs.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from ntm.core.choices import Role
from ntm.core.permissions import CHANGE, OCOP, VIEW, area_roles
from ntm.ocop.models import (
    REEVALUATION_WINDOW_DAYS,
    Category,
    Certificate,
    Decision,
    DossierFile,
    Evaluation,
    EvaluationState,
    Producer,
    ProducerStatus,
    Product,
    ScoreSheet,
    TourismPoint,
)
from ntm.ocop.sheetfile import TAXONOMY_SYMBOL
from ntm.units.models import AdministrativeUnit

# The roles of the area that read by unit; the producer reads only what it owns.
STAFF_VIEW = area_roles(OCOP, VIEW) - {Role.PRODUCER}
STAFF_CHANGE = area_roles(OCOP, CHANGE) - {Role.PRODUCER}


def _owned(user, lookup: str) -> Q:
    if not user.is_authenticated or not user.has_role(Role.PRODUCER):
        return Q(pk__in=[])
    return Q(**{lookup: user.pk})


def producers_visible(user):
    staff = Producer.objects.restrict(user, VIEW, area=OCOP, roles=STAFF_VIEW)
    return Producer.objects.filter(Q(pk__in=staff.values("pk")) | _owned(user, "owner_id")).select_related(
        "unit"
    )


def products_visible(user):
    staff = Product.objects.restrict(user, VIEW, area=OCOP, roles=STAFF_VIEW)
    return Product.objects.filter(
        Q(pk__in=staff.values("pk")) | _owned(user, "producer__owner_id")
    ).select_related("producer__unit", "category")


def evaluations_visible(user):
    staff = Evaluation.objects.restrict(user, VIEW, area=OCOP, roles=STAFF_VIEW)
    return Evaluation.objects.filter(
        Q(pk__in=staff.values("pk")) | _owned(user, "product__producer__owner_id")
    ).select_related("product__producer__unit", "product__category", "sheet")


def certificates_visible(user):
    staff = Certificate.objects.restrict(user, VIEW, area=OCOP, roles=STAFF_VIEW)
    return Certificate.objects.filter(
        Q(pk__in=staff.values("pk")) | _owned(user, "product__producer__owner_id")
    ).select_related("product__producer__unit", "product__category", "decision")


def tourism_points_visible(user):
    staff = TourismPoint.objects.restrict(user, VIEW, area=OCOP, roles=STAFF_VIEW)
    return TourismPoint.objects.filter(
        Q(pk__in=staff.values("pk")) | _owned(user, "producer__owner_id")
    ).select_related("unit", "producer", "product")


def evaluation_for(user, evaluation_id: int) -> Evaluation:
    return get_object_or_404(evaluations_visible(user), pk=evaluation_id)


def dossier_file_for(user, file_id: int) -> DossierFile:
    """A dossier file of an evaluation the user sees (404 otherwise)."""
    return get_object_or_404(DossierFile.objects.filter(evaluation__in=evaluations_visible(user)), pk=file_id)


def evaluation_minutes_for(user, evaluation_id: int) -> Evaluation:
    """An evaluation whose council minutes the user may read: staff of its scope (404 for the producer)."""
    staff = Evaluation.objects.restrict(user, VIEW, area=OCOP, roles=STAFF_VIEW)
    return get_object_or_404(staff.select_related("product__producer__unit", "sheet"), pk=evaluation_id)


def decision_for(user, decision_id: int) -> Decision:
    """A decision with a certificate the user sees (the producer's own included)."""
    return get_object_or_404(
        Decision.objects.filter(certificates__in=certificates_visible(user)).distinct(), pk=decision_id
    )


def evaluation_to_score(user, evaluation_id: int) -> Evaluation:
    """An evaluation the user may score: OCOP council members only (404 for anyone else)."""
    scorable = Evaluation.objects.restrict(user, CHANGE, area=OCOP, roles={Role.OCOP_COUNCIL_MEMBER})
    return get_object_or_404(scorable.select_related("product", "sheet"), pk=evaluation_id)


def producer_for(user, producer_id: int) -> Producer:
    return get_object_or_404(producers_visible(user), pk=producer_id)


def may_change_producer(user, producer: Producer) -> bool:
    """The commune officer of the producer's commune or the coordinator (approves an account request)."""
    return (
        Producer.objects.restrict(
            user, CHANGE, area=OCOP, roles={Role.COMMUNE_OFFICER, Role.PROVINCE_COORDINATOR}
        )
        .filter(pk=producer.pk)
        .exists()
    )


def owns(user, producer: Producer) -> bool:
    return user.is_authenticated and producer.owner_id == user.pk and user.has_role(Role.PRODUCER)


def pending_producers(user):
    return producers_visible(user).filter(status=ProducerStatus.REQUESTED)


def own_producers(user):
    return (
        Producer.objects.filter(owner=user, status=ProducerStatus.APPROVED)
        if user.is_authenticated
        else Producer.objects.none()
    )


def leaf_categories(legal_symbol: str = TAXONOMY_SYMBOL):
    return (
        Category.objects.filter(legal_symbol=legal_symbol)
        .annotate(n=Count("children"))
        .filter(n=0)
        .select_related("parent__parent")
        .order_by("pk")
    )


def groups(legal_symbol: str = TAXONOMY_SYMBOL):
    return Category.objects.filter(legal_symbol=legal_symbol, parent__isnull=True).order_by("pk")


def sheet_for(category: Category) -> ScoreSheet | None:
    """The newest active sheet that names ``category``, else the newest one for every sub-group."""
    sheets = list(
        ScoreSheet.objects.filter(is_active=True, legal_symbol=category.legal_symbol).order_by(
            "-loaded_at", "-pk"
        )
    )
    specific = [s for s in sheets if category.code in s.categories]
    general = [s for s in sheets if "*" in s.categories]
    return (specific or general or [None])[0]


# --- public catalogue ------------------------------------------------------------------------------------------------


def catalogue(
    *, today: dt.date, star: int | None = None, group: str = "", commune: int | None = None, q: str = ""
):
    """Products with a certificate in force today, with that certificate's star."""
    in_force = Certificate.objects.in_force(today).filter(product=OuterRef("pk"))
    products = (
        Product.objects.filter(Exists(in_force))
        .select_related("producer__unit", "category__parent__parent")
        .prefetch_related("certificates")
        .order_by("name")
    )
    if star:
        products = products.filter(Exists(in_force.filter(star=star)))
    if group:
        products = products.filter(
            Q(category__code=group)
            | Q(category__parent__code=group)
            | Q(category__parent__parent__code=group)
        )
    if commune:
        products = products.filter(producer__unit_id=commune)
    if q:
        products = products.filter(Q(name__icontains=q) | Q(producer__name__icontains=q))
    return products


def current_certificate(product: Product, today: dt.date) -> Certificate | None:
    return (
        Certificate.objects.in_force(today)
        .filter(product=product)
        .select_related("decision")
        .order_by("-star", "-issued_on")
        .first()
    )


def current_certificates(products, today: dt.date) -> dict[int, Certificate | None]:
    """:func:`current_certificate` of every product in ``products``, in one query (the catalogue lists a page
    of them): ``{product id: certificate or None}``."""
    products = list(products)
    found: dict[int, Certificate | None] = dict.fromkeys((p.pk for p in products), None)
    in_force = (
        Certificate.objects.in_force(today)
        .filter(product__in=products)
        .select_related("decision")
        .order_by("product_id", "-star", "-issued_on")
    )
    for certificate in in_force:
        if found[certificate.product_id] is None:
            found[certificate.product_id] = certificate
    return found


def public_tourism_points(today: dt.date):
    """Tourism points whose OCOP product has a certificate in force (recognised points)."""
    in_force = Certificate.objects.in_force(today).filter(product=OuterRef("product"))
    return (
        TourismPoint.objects.filter(product__isnull=False)
        .filter(Exists(in_force))
        .select_related("unit", "producer", "product")
        .order_by("name")
    )


def public_product(product_id: int, today: dt.date) -> tuple[Product, Certificate]:
    product = get_object_or_404(
        Product.objects.select_related("producer__unit", "category__parent__parent"), pk=product_id
    )
    certificate = current_certificate(product, today)
    if certificate is None:
        raise Http404
    return product, certificate


def catalogue_communes(today: dt.date):
    return (
        AdministrativeUnit.objects.filter(
            ocop_producers__products__certificates__in=Certificate.objects.in_force(today)
        )
        .distinct()
        .order_by("name")
    )


def reevaluation_due(user, today: dt.date, *, window_days: int = REEVALUATION_WINDOW_DAYS):
    """Certificates the user sees that expire within the window or have expired, not revoked, that are the
    product's newest and are not being renewed yet (a re-evaluation not ranked lets it come back)."""
    newer = Certificate.objects.filter(product=OuterRef("product"), issued_on__gt=OuterRef("issued_on"))
    renewing = Evaluation.objects.filter(renews=OuterRef("pk")).exclude(state=EvaluationState.NOT_RANKED)
    return (
        certificates_visible(user)
        .filter(revoked_on__isnull=True, expires_on__lte=today + dt.timedelta(days=window_days))
        .exclude(Exists(newer))
        .exclude(Exists(renewing))
        .order_by("expires_on", "pk")
    )


def product_history(evaluation: Evaluation):
    """Every evaluation of the evaluation's product, newest first (the re-evaluations keep the earlier ones)."""
    return evaluation.product.evaluations.select_related("sheet", "renews").order_by("-pk")


# --- dashboards ------------------------------------------------------------------------------------------------------


def dashboard(user, today: dt.date, *, soon_days: int = 90) -> dict:
    certificates = certificates_visible(user)
    in_force = certificates.filter(revoked_on__isnull=True, issued_on__lte=today, expires_on__gte=today)
    by_star = {row["star"]: row["n"] for row in in_force.values("star").annotate(n=Count("pk"))}
    by_group: dict[str, int] = {}
    for certificate in in_force:
        group = certificate.product.category.group
        by_group[f"{group.code}. {group.name}"] = by_group.get(f"{group.code}. {group.name}", 0) + 1
    by_unit = list(
        in_force.values("product__producer__unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "product__producer__unit__name")
    )
    by_year = list(certificates.values("issued_on__year").annotate(n=Count("pk")).order_by("issued_on__year"))
    expiring = in_force.filter(expires_on__lte=today + dt.timedelta(days=soon_days)).order_by("expires_on")
    return {
        "by_star": [(star, by_star.get(star, 0)) for star in (3, 4, 5)],
        "by_group": sorted(by_group.items()),
        "by_unit": by_unit,
        "by_year": by_year,
        "expiring": expiring,
        "total": in_force.count(),
        "evaluations": evaluations_visible(user).exclude(
            state__in=[EvaluationState.DECIDED, EvaluationState.NOT_RANKED]
        ),
    }
