"""Infrastructure API, scoped like the pages (area ``infrastructure``: a commune officer its commune, the province
every commune; another commune's id answers 404): the communes with their inventory counts and computed 8.3 and
1.1, and one commune's inventory (items with their latest status, loudspeaker clusters and mobile coverage per ấp).
Nothing of it is public: the public map does not show the inventory."""

from datetime import date

from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination, ErrorOut, QueryYear
from ntm.infrastructure import selectors

router = Router(tags=["infrastructure"])


class InventoryYearIn(Schema):
    year: QueryYear | None = None


class CommuneOut(Schema):
    id: int
    code: str
    name: str
    counts: dict[str, int]
    broken: int
    radio_met: bool | None
    plan_met: bool | None


def _year(value: int | None) -> int:
    return value or timezone.localdate().year


@router.get(
    "/communes",
    response={200: list[CommuneOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Communes in the caller's scope: items in service by kind, items not working, 8.3 and 1.1 for the year",
)
@paginate(BoundedPagination)
def list_communes(request, filters: Query[InventoryYearIn]):
    return [
        {
            "id": row.unit.pk,
            "code": row.unit.code,
            "name": row.unit.name,
            "counts": row.counts,
            "broken": row.broken,
            "radio_met": row.radio_met,
            "plan_met": row.plan_met,
        }
        for row in selectors.summaries(request.auth, _year(filters.year))
    ]


class AssetOut(Schema):
    id: int
    kind: str
    name: str
    hamlet: str | None
    place_kind: str
    operator: str
    speakers: int | None
    latitude: float | None
    longitude: float | None
    status: str
    status_on: date


class HamletInventoryOut(Schema):
    id: int
    name: str
    loudspeakers_working: bool
    coverage: dict[str, bool | None]


class RadioOut(Schema):
    met: bool | None
    station_working: bool
    hamlets: int
    hamlets_covered: int
    hamlets_missing: list[str]


class InventoryOut(Schema):
    id: int
    code: str
    name: str
    year: int
    assets: list[AssetOut]
    hamlets: list[HamletInventoryOut]
    coverage_surveyed_on: date | None
    radio: RadioOut
    plan_met: bool | None


@router.get(
    "/communes/{unit_id}",
    response={200: InventoryOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="One commune's digital infrastructure inventory, coverage per hamlet and computed 8.3 and 1.1",
)
def get_commune(request, unit_id: int, filters: Query[InventoryYearIn]):
    page = selectors.commune_page(request.auth, unit_id, _year(filters.year))
    return {
        "id": page.unit.pk,
        "code": page.unit.code,
        "name": page.unit.name,
        "year": page.year,
        "assets": [
            {
                "id": asset.pk,
                "kind": asset.kind,
                "name": asset.name,
                "hamlet": asset.hamlet.name if asset.hamlet_id else None,
                "place_kind": asset.place_kind,
                "operator": asset.operator,
                "speakers": asset.speakers,
                "latitude": float(asset.latitude) if asset.latitude is not None else None,
                "longitude": float(asset.longitude) if asset.longitude is not None else None,
                "status": asset.status,
                "status_on": asset.status_on,
            }
            for asset in page.assets
        ],
        "hamlets": [
            {
                "id": row.hamlet.pk,
                "name": row.hamlet.name,
                "loudspeakers_working": row.loudspeakers_working,
                "coverage": row.coverage,
            }
            for row in page.hamlets
        ],
        "coverage_surveyed_on": page.surveyed_on,
        "radio": {
            "met": page.radio.met,
            "station_working": page.radio.station_working,
            "hamlets": page.radio.hamlets,
            "hamlets_covered": page.radio.hamlets_covered,
            "hamlets_missing": list(page.radio.hamlets_missing),
        },
        "plan_met": page.plan_met,
    }
