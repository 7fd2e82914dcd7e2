from datetime import date

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination, ErrorOut
from ntm.units import selectors
from ntm.units.models import Level, Structure

router = Router(tags=["units"])


class UnitOut(Schema):
    code: str
    name: str
    type: str
    level: str
    parent_code: str | None
    structure: str
    valid_from: date | None
    valid_to: date | None

    @staticmethod
    def resolve_type(obj) -> str:
        return obj.unit_type

    @staticmethod
    def resolve_parent_code(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class UnitRef(Schema):
    structure: str
    code: str
    name: str
    partial: bool = False


class HamletOut(Schema):
    name: str
    kind: str
    code: str


class UnitDetailOut(UnitOut):
    predecessors: list[UnitRef]
    successors: list[UnitRef]
    hamlets: list[HamletOut]

    @staticmethod
    def resolve_predecessors(obj) -> list[dict]:
        return [_ref(link.old_unit, link.partial) for link in obj.lineage.predecessors]

    @staticmethod
    def resolve_successors(obj) -> list[dict]:
        return [_ref(link.new_unit, link.partial) for link in obj.lineage.successors]

    @staticmethod
    def resolve_hamlets(obj) -> list[dict]:
        return [{"name": h.name, "kind": h.kind, "code": h.code} for h in selectors.hamlets_of(obj)]


def _ref(unit, partial: bool) -> dict:
    return {"structure": unit.structure, "code": unit.code, "name": unit.name, "partial": partial}


class UnitQuery(Schema):
    structure: Structure | None = None
    level: Level | None = None
    parent: str | None = None
    q: str | None = None


@router.get("", response=list[UnitOut], auth=None, summary="List administrative units (public)")
@paginate(BoundedPagination)
def list_units(request, filters: Query[UnitQuery]):
    units, _filter = selectors.units_filtered(filters.dict(exclude_none=True))
    return units


@router.get(
    "/{structure}/{code}",
    response={200: UnitDetailOut, 404: ErrorOut},
    auth=None,
    summary="One administrative unit with its lineage and hamlets (public)",
)
def get_unit(request, structure: Structure, code: str):
    unit = selectors.unit_public(structure, code)
    unit.lineage = selectors.lineage_of(unit)
    return unit
