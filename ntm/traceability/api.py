"""Traceability API: growing areas, their codes' history, lots and events (scoped like the pages: officers by unit,
producers their own rows, 404 otherwise), a lot's EPCIS 2.0 document; public: a lot's trace data by trace code
(what its label prints) and the code rules."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination, ErrorOut
from ntm.traceability import codes, exports, selectors

router = Router(tags=["traceability"])


class AreaOut(Schema):
    id: int
    name: str
    unit_code: str
    producer_name: str
    crop: str
    variety: str
    crop_kind: str
    area_ha: Decimal
    standard: str
    status: str
    code: str
    code_rule: str
    code_provenance: str
    code_issued_on: date | None
    boundary: dict[str, Any] | None

    @staticmethod
    def resolve_unit_code(area) -> str:
        return area.unit.code


class CodeActionOut(Schema):
    kind: str
    code: str
    rule: str
    provenance: str
    reason: str
    decision_ref: str
    created_at: datetime


class AreaDetailOut(AreaOut):
    history: list[CodeActionOut]

    @staticmethod
    def resolve_history(area) -> list:
        return list(area.code_actions.all())


class TraceEventOut(Schema):
    id: str
    stage: str
    occurred_at: datetime
    place: str
    place_code: str
    quantity: Decimal | None
    package: str
    document: str
    receiver: str
    corrects: str | None

    @staticmethod
    def resolve_id(event) -> str:
        return str(event.pk)

    @staticmethod
    def resolve_corrects(event) -> str | None:
        return str(event.corrects_id) if event.corrects_id else None


class LotOut(Schema):
    id: int
    code: str
    product_name: str
    area_code: str
    gtin: str
    quantity: Decimal
    quantity_unit: str
    produced_on: date
    expires_on: date | None
    events: list[TraceEventOut]

    @staticmethod
    def resolve_area_code(lot) -> str:
        return lot.area.code if lot.area else ""

    @staticmethod
    def resolve_events(lot) -> list:
        return list(lot.events.all())


class AreaQuery(Schema):
    status: str | None = None
    q: str | None = None


class CodeRuleOut(Schema):
    key: str
    label: str
    segments: list[str]
    serial_digits: int
    valid_from: date
    valid_to: date | None
    provenance: str
    legal_symbol: str
    source: str


class TraceOut(Schema):
    code: str
    suspended: bool
    fields: dict[str, Any]


@router.get("/areas", response={200: list[AreaOut], 403: ErrorOut}, summary="Growing areas in your scope")
@paginate(BoundedPagination)
def list_areas(request, filters: Query[AreaQuery]):
    return selectors.area_list(request.user, status=filters.status or "", query=(filters.q or "")[:100])


@router.get("/areas/{area_id}", response={200: AreaDetailOut, 404: ErrorOut}, summary="One growing area")
def get_area(request, area_id: int):
    return selectors.area_for_view(request.user, area_id)


@router.get("/lots/{lot_id}", response={200: LotOut, 404: ErrorOut}, summary="One lot with its events")
def get_lot(request, lot_id: int):
    return selectors.lot_for_view(request.user, lot_id)


@router.get(
    "/lots/{lot_id}/epcis",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="A lot's events as EPCIS 2.0",
)
def get_lot_epcis(request, lot_id: int):
    lot = selectors.lot_for_view(request.user, lot_id)
    return exports.epcis_for_lot(lot, request.build_absolute_uri("/"))


@router.get("/code-rules", response=list[CodeRuleOut], auth=None, summary="Growing-area code rules (public)")
def list_code_rules(request):
    return [rule.__dict__ | {"segments": list(rule.segments)} for rule in codes.shipped_rules()]


@router.get(
    "/trace/{code}",
    response={200: TraceOut, 404: ErrorOut},
    auth=None,
    summary="A lot's public trace data: the ten TT 02/2024/TT-BKHCN fields (public)",
)
def get_trace(request, code: str):
    lot = selectors.lot_public(code)
    fields = exports.ten_fields(lot, request.build_absolute_uri("/"))
    return {
        "code": lot.code,
        "suspended": bool(lot.area and lot.area.is_suspended),
        "fields": {f["key"]: f["value"] for f in fields},
    }
