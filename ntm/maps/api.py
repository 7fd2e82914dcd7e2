from datetime import date

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination
from ntm.maps import colouring
from ntm.maps.exports import row_record
from ntm.maps.forms import MapQueryForm
from ntm.maps.selectors import map_view
from ntm.units.models import Structure

router = Router(tags=["map"])


class MapQueryIn(Schema):
    structure: Structure = Structure.REFORM_2025
    year: int | None = None
    colouring: str = colouring.STATUS
    criterion: str = ""


class MapUnitOut(Schema):
    code: str
    name: str
    unit_type: str
    structure: str
    applicable: bool
    status: str
    status_label: str
    decision_number: str | None
    decision_date: date | None
    status_on: date
    self_assessed_year: int
    criteria_met: int | None
    criteria_total: int | None
    self_assessed_provisional: bool
    formed_from: list[str]
    part_of: list[str]
    has_boundary: bool
    url: str


def _rows(request, params: MapQueryIn, user):
    form = MapQueryForm(params.dict(exclude_none=True))
    view = map_view(form.to_query(), user=user)
    base_url = request.build_absolute_uri("/").rstrip("/")
    return [row_record(row, view, base_url) for row in view.rows]


@router.get(
    "/units",
    response=list[MapUnitOut],
    auth=None,
    summary="The public map's data: official status (register) and self-assessed criteria met, per unit",
)
@paginate(BoundedPagination)
def map_units(request, params: Query[MapQueryIn]):
    return _rows(request, params, None)


@router.get(
    "/internal/units",
    response=list[MapUnitOut],
    summary="The internal map's data (unpublished included) for the units in the caller's scope",
)
@paginate(BoundedPagination)
def internal_map_units(request, params: Query[MapQueryIn]):
    return _rows(request, params, request.auth)
