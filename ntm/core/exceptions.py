"""Domain exceptions that views and the API translate into user-facing answers."""

from __future__ import annotations


class ServiceError(Exception):
    """A write was refused for a reason the user can act on (answered as 400 / a form error)."""

    def __init__(self, message: str, *, detail: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class StateConflict(ServiceError):
    """The object's state forbids the action (answered as 409)."""

    def __init__(self, message: str, *, expected_state: str | None = None, actual_state: str | None = None):
        super().__init__(message, detail={"expected_state": expected_state, "actual_state": actual_state})
        self.expected_state = expected_state
        self.actual_state = actual_state
