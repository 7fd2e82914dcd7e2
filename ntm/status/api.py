"""The register's public API: a unit's official status history."""

from datetime import date

from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination, ErrorOut
from ntm.status.selectors import public_history
from ntm.units.models import Structure
from ntm.units.selectors import unit_public

router = Router(tags=["status"])


class StatusRecordOut(Schema):
    id: int
    level: str
    level_label: str
    criteria_set: str
    decision_number: str
    decision_date: date
    signer: str
    issuing_body: str
    source: str
    revokes: int | None
    document_url: str | None

    @staticmethod
    def resolve_level_label(obj) -> str:
        return obj.get_level_display()

    @staticmethod
    def resolve_revokes(obj) -> int | None:
        return obj.revokes_id

    @staticmethod
    def resolve_document_url(obj) -> str | None:
        return reverse("status:document", args=[obj.pk]) if obj.document else None


@router.get(
    "/units/{structure}/{code}/status-history",
    response={200: list[StatusRecordOut], 404: ErrorOut},
    auth=None,
    summary="A unit's official status history: published decisions (public)",
)
@paginate(BoundedPagination)
def status_history(request, structure: Structure, code: str):
    return public_history(unit_public(structure, code))
