"""Shapes every endpoint shares: the error answer."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    error: str
    detail: Any = None
