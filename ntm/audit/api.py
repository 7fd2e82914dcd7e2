from datetime import datetime
from typing import Any

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ntm.audit.selectors import audit_entries_for
from ntm.core.api import BoundedPagination

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    timestamp: datetime
    actor_label: str
    request_id: str
    action: str
    object_type: str
    object_id: str
    object_label: str
    unit_code: str | None
    changes: dict[str, Any]

    @staticmethod
    def resolve_unit_code(obj) -> str | None:
        return obj.unit.code if obj.unit_id else None


class AuditFilterIn(Schema):
    action: str | None = None
    object_type: str | None = None
    actor: str | None = None
    request_id: str | None = None
    unit: str | None = None
    date_from: str | None = None
    date_to: str | None = None


@router.get("/entries", response=list[AuditEntryOut])
@paginate(BoundedPagination)
def list_entries(request, filters: Query[AuditFilterIn]):
    entries, _filter = audit_entries_for(request.auth, filters.dict(exclude_none=True))
    return entries
