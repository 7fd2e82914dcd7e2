"""Shapes every app's API router shares: the error answer (the `api` app only mounts the routers)."""

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from ntm.core.params import MAX_PAGE, YEAR_MAX, YEAR_MIN


class ErrorOut(Schema):
    error: str
    detail: Any = None


class FieldErrorOut(Schema):
    """One entry of a 422's ``detail`` when the request does not match the schema (pydantic's error shape)."""

    type: str
    loc: list[str | int]
    msg: str


# A ``?year=`` an endpoint reads: out of range (or junk) answers 422 with the error shape.
QueryYear = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]


class BoundedPagination(PageNumberPagination):
    """Ninja's page-number pagination with ``page`` at most ``MAX_PAGE``: a huge page answers 422, not 500."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)


# What each refusal means, in the words the OpenAPI document gives it.
ERROR_DESCRIPTIONS = {
    400: "Bad input: the body is not valid JSON, or a service refused the data (error shape).",
    401: "Not signed in, or the access token is not valid.",
    403: "The caller's role may not do this.",
    404: "Unknown, or outside the caller's scope (the two are not told apart).",
    409: "The object's state forbids this.",
    422: "A parameter or field is not valid (error shape, with the field errors in ``detail``).",
}
_WRITES = {"post", "put", "patch", "delete"}


def error_statuses(method: str, operation: dict) -> set[int]:
    """The refusals the API's error handlers can give for ``operation`` (an OpenAPI operation object).

    422 when it takes any input; 401 and 403 when it needs a caller; 404 when its path names an object; 400 and
    409 on writes (a body that is not JSON, a service's refusal, an object's state).
    """
    statuses: set[int] = set()
    parameters = operation.get("parameters") or []
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if operation.get("security"):
        statuses |= {401, 403}
    if any(parameter.get("in") == "path" for parameter in parameters):
        statuses.add(404)
    if method.lower() in _WRITES:
        statuses |= {400, 409}
    return statuses


def document_errors(schema: dict) -> dict:
    """Add the error answers (``ErrorOut``) every operation can give to an OpenAPI document, in place.

    The API's exception handlers (ntm/api/api.py) answer 400/401/403/404/409/422 from any endpoint; a route's
    own ``response=`` lists only what its view returns itself. Documented answers a route already lists are kept;
    a route adds others with ``openapi_extra=refuses(...)``.
    """
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}"))
    reference = {"$ref": "#/components/schemas/ErrorOut"}
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            statuses = error_statuses(method, operation) | set(operation.pop(REFUSES, []))
            for status in sorted(statuses):
                if status in responses or str(status) in responses:
                    continue
                responses[status] = {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": reference}},
                }
    return schema


REFUSES = "x-ntm-refuses"


def refuses(*statuses: int) -> dict:
    """``openapi_extra=`` for a route that also refuses with ``statuses`` beyond what ``error_statuses`` infers
    (a query parameter naming an object that may not exist answers 404, say)."""
    return {REFUSES: list(statuses)}
