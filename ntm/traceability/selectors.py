"""Reads of the traceability app, scoped. Officers see the areas and lots of the communes in their unit scope
(``ScopedQuerySet.restrict`` with the ``traceability`` area); a producer sees only the rows it owns; anything else is
a 404. The public trace page reads a lot by its trace code (what its label prints), with no account."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from ntm.core.choices import Role
from ntm.core.permissions import CHANGE, TRACEABILITY, VIEW, area_roles, require_area
from ntm.traceability.models import AreaStatus, GrowingArea, Lot, TraceEvent
from ntm.units.models import UnitBoundary

# Officers reach rows through their unit scope; producers through ownership.
ISSUING_ROLES = frozenset({Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER})
INSPECTING_ROLES = ISSUING_ROLES | {Role.COMMUNE_OFFICER}


def _officer_roles(action: str) -> frozenset[str]:
    return area_roles(TRACEABILITY, action) - {Role.PRODUCER}


def _is_producer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active and user.has_role(Role.PRODUCER)


def areas_for(user, action: str = VIEW) -> QuerySet[GrowingArea]:
    scoped = GrowingArea.objects.restrict(user, action, area=TRACEABILITY, roles=_officer_roles(action))
    if _is_producer(user):
        scoped = scoped | GrowingArea.objects.filter(owner=user)
    return scoped.select_related("unit", "owner")


def lots_for(user, action: str = VIEW) -> QuerySet[Lot]:
    scoped = Lot.objects.restrict(user, action, area=TRACEABILITY, roles=_officer_roles(action))
    if _is_producer(user):
        scoped = scoped | Lot.objects.filter(owner=user)
    return scoped.select_related("unit", "owner", "area")


def area_list(user, *, status: str = "", query: str = "") -> QuerySet[GrowingArea]:
    """The list page: 403 for a role the area never admits."""
    require_area(user, TRACEABILITY, VIEW)
    areas = areas_for(user)
    if status in AreaStatus.values:
        areas = areas.filter(status=status)
    if query:
        areas = (
            areas.filter(name__icontains=query)
            | areas.filter(code__icontains=query)
            | areas.filter(crop__icontains=query)
        )
    return areas.order_by("unit__name", "name")


def area_for_view(user, pk: int) -> GrowingArea:
    return get_object_or_404(areas_for(user), pk=pk)


def area_for_change(user, pk: int) -> GrowingArea:
    return get_object_or_404(areas_for(user, CHANGE), pk=pk)


def may_issue(user, area: GrowingArea) -> bool:
    return (
        GrowingArea.objects.restrict(user, CHANGE, area=TRACEABILITY, roles=ISSUING_ROLES)
        .filter(pk=area.pk)
        .exists()
    )


def may_inspect(user, area: GrowingArea) -> bool:
    return (
        GrowingArea.objects.restrict(user, CHANGE, area=TRACEABILITY, roles=INSPECTING_ROLES)
        .filter(pk=area.pk)
        .exists()
    )


def may_edit(user, area: GrowingArea) -> bool:
    """The producer who owns the area, an officer who may inspect it, or a superuser corrects its details."""
    return user.is_superuser or owns(user, area) or may_inspect(user, area)


def may_export_portal(user) -> bool:
    """The department and the coordinator send data to the national portal (the export of ``portal.py``)."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or any(user.has_role(role) for role in ISSUING_ROLES)
    )


def owns(user, record) -> bool:
    return _is_producer(user) and record.owner_id == user.pk


def lot_for_view(user, pk: int) -> Lot:
    return get_object_or_404(lots_for(user), pk=pk)


def lot_for_change(user, pk: int) -> Lot:
    """A lot its owner may add events to, print labels of (officers read, producers write their own lots)."""
    lot = get_object_or_404(lots_for(user, CHANGE), pk=pk)
    if not (owns(user, lot) or user.is_superuser):
        raise Http404
    return lot


def events_of(lot: Lot) -> list[TraceEvent]:
    return list(
        lot.events.select_related("corrects")
        .prefetch_related("corrections")
        .order_by("occurred_at", "recorded_at")
    )


def lot_public(code: str) -> Lot:
    """The lot a label names, for the public page (no account): 404 for an unknown code."""
    return get_object_or_404(
        Lot.objects.select_related("area", "unit", "owner").prefetch_related(
            Prefetch("inputs", queryset=Lot.objects.select_related("area")),
            Prefetch("outputs", queryset=Lot.objects.only("code", "product_name")),
        ),
        code=code,
    )


def owned_lots(user) -> QuerySet[Lot]:
    """The lots a producer may process into a new one: its own, newest first (a page lists at most 300)."""
    return Lot.objects.filter(owner=user).select_related("area").order_by("-produced_on", "-pk")[:300]


def owned_active_areas(user) -> QuerySet[GrowingArea]:
    return GrowingArea.objects.filter(owner=user, status=AreaStatus.ACTIVE)


def area_counts(user) -> dict[str, list[dict]]:
    """Counts of the growing areas the user sees, by crop and by commune: areas, hectares (declared), areas with a
    code in force, and lots recorded. 403 for a role the area never admits."""
    require_area(user, TRACEABILITY, VIEW)
    areas = GrowingArea.objects.filter(pk__in=areas_for(user).values("pk"))
    measures = {
        "areas": Count("pk", distinct=True),
        "hectares": Sum("area_ha"),
        "coded": Count("pk", filter=Q(status=AreaStatus.ACTIVE), distinct=True),
        "suspended": Count("pk", filter=Q(status=AreaStatus.SUSPENDED), distinct=True),
    }
    by_crop = list(areas.values("crop").annotate(**measures).order_by("-areas", "crop"))
    by_unit = list(
        areas.values("unit__name", "unit__code").annotate(**measures).order_by("unit__name", "unit__code")
    )
    lots = dict(
        Lot.objects.filter(area__in=areas)
        .values("area__crop")
        .annotate(n=Count("pk"))
        .values_list("area__crop", "n")
    )
    for row in by_crop:
        row["lots"] = lots.get(row["crop"], 0)
    return {"by_crop": by_crop, "by_unit": by_unit}


def commune_geometry(area: GrowingArea):
    """The GeoJSON boundary of the area's commune from the unit register, or None when it has none."""
    return UnitBoundary.objects.filter(unit_id=area.unit_id).values_list("geometry", flat=True).first()


def commune_frames(units) -> dict[str, dict]:
    """``{unit id: {"code": unit code, "bbox": [min lon, min lat, max lon, max lat]}}`` of the communes offered by
    the area form that have a stored boundary: where the drawing map goes when a commune is chosen (no geometry, the
    map loads the public boundary layer for the outlines)."""
    frames = UnitBoundary.objects.filter(unit__in=units).values_list(
        "unit_id", "unit__code", "min_lon", "min_lat", "max_lon", "max_lat"
    )
    return {
        str(unit_id): {"code": code, "bbox": [min_lon, min_lat, max_lon, max_lat]}
        for unit_id, code, min_lon, min_lat, max_lon, max_lat in frames
    }
