"""The environment API: water points, their samples and judged results (scoped by unit), and the public list of
points with their latest published result."""

from datetime import date

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination, ErrorOut
from ntm.environment import selectors
from ntm.environment.models import WaterPoint

router = Router(tags=["environment"])


class ResultOut(Schema):
    parameter: str
    name: str
    unit: str
    value: str
    limit: str
    outcome: str


class SampleOut(Schema):
    id: int
    sampled_on: date
    laboratory: str
    catalogue: str
    outcome: str
    published: bool
    corrects: int | None
    results: list[ResultOut]


class PointOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    unit_code: str
    unit_name: str
    operator: str
    households_served: int | None
    latitude: float | None
    longitude: float | None
    status: str
    latest_outcome: str | None


class PointFilterIn(Schema):
    q: str | None = None
    kind: str | None = None
    status: str | None = None


def _sample_out(item: selectors.JudgedSample, through: date) -> dict:
    sample = item.sample
    return {
        "id": sample.pk,
        "sampled_on": sample.sampled_on,
        "laboratory": sample.laboratory,
        "catalogue": f"{sample.catalogue.code} v{sample.catalogue.version}",
        "outcome": item.outcome,
        "published": selectors.is_published(sample, through),
        "corrects": sample.corrects_id,
        "results": [
            {
                "parameter": j.parameter.code,
                "name": j.parameter.name,
                "unit": j.parameter.unit,
                "value": j.raw,
                "limit": j.parameter.limit_text(),
                "outcome": j.outcome,
            }
            for j in item.judgements
            if j.raw
        ],
    }


def _point_out(point: WaterPoint, latest: dict) -> dict:
    item = latest.get(point.pk)
    return {
        "id": point.pk,
        "code": point.code,
        "name": point.name,
        "kind": point.kind,
        "unit_code": point.unit.code,
        "unit_name": point.unit.name,
        "operator": point.operator,
        "households_served": point.households_served,
        "latitude": float(point.latitude) if point.latitude is not None else None,
        "longitude": float(point.longitude) if point.longitude is not None else None,
        "status": point.status,
        "latest_outcome": item.outcome if item else None,
    }


@router.get(
    "/water-points",
    response={200: list[PointOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Water points in the caller's scope, with their latest result",
)
@paginate(BoundedPagination)
def list_points(request, filters: Query[PointFilterIn]):
    points, _filter = selectors.points_for(request.auth, filters.dict(exclude_none=True))
    points = list(points[:5000])
    latest = selectors.latest_outcomes(points)
    return [_point_out(point, latest) for point in points]


@router.get(
    "/water-points/{point_id}/samples",
    response={200: list[SampleOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="A water point's samples, each result judged against its catalogue version",
)
@paginate(BoundedPagination)
def point_samples(request, point_id: int):
    point = selectors.point_for(request.auth, point_id)
    through = selectors.published_through()
    return [_sample_out(item, through) for item in selectors.samples_of(point)]


@router.get(
    "/public/water-points",
    response={200: list[PointOut], 422: ErrorOut},
    auth=None,
    summary="Operating water points with their latest published result (public)",
)
@paginate(BoundedPagination)
def public_points(request):
    points, latest = selectors.public_points()
    return [_point_out(point, latest) for point in points]
