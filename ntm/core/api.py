"""Shapes every app's API router shares: the error answer (the `api` app only mounts the routers)."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    error: str
    detail: Any = None
