"""Rural tourism points (OCOP group VI): the site record and its on-site inspection, which must pass before the
council scores the point (a service has no samples; it is assessed on site)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.core.permissions import CHANGE, OCOP
from ntm.ocop.models import Producer, Product, SiteInspection, TourismPoint
from ntm.ocop.selectors import owns

SERVICE_GROUP = "VI"
POINT_FIELDS = ("name", "address", "services", "capacity", "latitude", "longitude")


def _staff(actor, point_or_producer, *roles: str) -> bool:
    model = type(point_or_producer)
    return (
        model.objects.restrict(actor, CHANGE, area=OCOP, roles=set(roles))
        .filter(pk=point_or_producer.pk)
        .exists()
    )


@transaction.atomic
def tourism_point_create(
    *, actor, producer: Producer, data: dict, product: Product | None = None
) -> TourismPoint:
    """The operator (or the commune, or the coordinator) records a tourism point."""
    if not (
        owns(actor, producer) or _staff(actor, producer, Role.COMMUNE_OFFICER, Role.PROVINCE_COORDINATOR)
    ):
        raise PermissionDenied(
            _("Only the operator, its commune or the province coordinator records a tourism point.")
        )
    if product is not None and (
        product.producer_id != producer.pk or product.category.group.code != SERVICE_GROUP
    ):
        raise ServiceError(_("The linked product must be this operator's product of group VI."))
    if not (data.get("name") or "").strip() or not (data.get("services") or "").strip():
        raise ServiceError(_("Give the name and the services of the tourism point."))
    point = TourismPoint.objects.create(
        producer=producer,
        unit=producer.unit,
        product=product,
        **{k: data.get(k) for k in POINT_FIELDS if k in data},
    )
    audit_record(action="ocop.tourism_point.create", instance=point, after=snapshot(point), actor=actor)
    return point


@transaction.atomic
def site_inspection_record(
    *, actor, point: TourismPoint, inspected_on: dt.date, findings: str, passed: bool
) -> SiteInspection:
    """The on-site inspection by the council or the coordinator."""
    if not _staff(actor, point, Role.OCOP_COUNCIL_MEMBER, Role.PROVINCE_COORDINATOR):
        raise PermissionDenied(
            _("Only the OCOP council or the province coordinator inspects a tourism point.")
        )
    if not findings.strip():
        raise ServiceError(_("Write what the inspection found."))
    inspection = SiteInspection.objects.create(
        point=point, inspected_on=inspected_on, inspector=actor, findings=findings.strip(), passed=passed
    )
    audit_record(
        action="ocop.site_inspection.record", instance=inspection, after=snapshot(inspection), actor=actor
    )
    return inspection


def inspection_required(product: Product) -> str | None:
    """Why a group VI product cannot be scored yet, or None."""
    if product.category.group.code != SERVICE_GROUP:
        return None
    point = getattr(product, "tourism_point", None)
    if point is None or point.passed_inspection() is None:
        return _(
            "A service (group VI) is scored only after a passed on-site inspection of its tourism point."
        )
    return None
