"""Shapes every app's API router shares: the error answer (the `api` app only mounts the routers)."""

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from ntm.core.params import MAX_PAGE, YEAR_MAX, YEAR_MIN


class ErrorOut(Schema):
    error: str
    detail: Any = None


# A ``?year=`` an endpoint reads: out of range (or junk) answers 422 with the error shape.
QueryYear = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]


class BoundedPagination(PageNumberPagination):
    """Ninja's page-number pagination with ``page`` at most ``MAX_PAGE``: a huge page answers 422, not 500."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)
