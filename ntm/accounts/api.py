from datetime import datetime

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ntm.accounts.selectors import api_token_of, api_tokens_of
from ntm.accounts.services import api_token_create, api_token_revoke
from ntm.core.api import BoundedPagination, ErrorOut

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    role_label: str
    unit_code: str
    unit_name: str
    structure: str
    organisation: str | None


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)


class TokenCreatedOut(TokenOut):
    token: str


@router.get("/me", response=MeOut)
def me(request):
    user = request.auth
    roles = [
        RoleOut(
            role=a.role,
            role_label=a.get_role_display(),
            unit_code=a.unit.code,
            unit_name=a.unit.name,
            structure=a.unit.structure,
            organisation=a.organisation.short_name if a.organisation_id else None,
        )
        for a in user.active_roles()
    ]
    return MeOut(username=user.username, full_name=user.full_name, roles=roles)


@router.get("/tokens", response=list[TokenOut])
@paginate(BoundedPagination)
def list_tokens(request):
    return api_tokens_of(request.auth)


@router.post("/tokens", response={201: TokenCreatedOut, 400: ErrorOut})
def create_token(request, payload: ApiTokenIn):
    token, raw = api_token_create(user=request.auth, name=payload.name)
    return Status(201, TokenCreatedOut(**TokenOut.from_orm(token).dict(), token=raw))


@router.post("/tokens/{token_id}/revoke", response={200: TokenOut, 404: ErrorOut})
def revoke_token(request, token_id: int):
    return api_token_revoke(token=api_token_of(request.auth, token_id))
