"""Who is acting and under which request id, carried through the call stack by context variables."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_actor: ContextVar[Any] = ContextVar("audit_actor", default=None)
_request_id: ContextVar[str] = ContextVar("audit_request_id", default="")


def current_actor() -> Any:
    return _actor.get()


def current_request_id() -> str:
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def acting_as(actor: Any, request_id: str | None = None) -> Iterator[str]:
    """Run a block (a request, a task, a management command) on behalf of ``actor``."""
    rid = request_id or new_request_id()
    actor_token = _actor.set(actor)
    rid_token = _request_id.set(rid)
    try:
        yield rid
    finally:
        _actor.reset(actor_token)
        _request_id.reset(rid_token)


def set_actor(actor: Any) -> None:
    """Name the actor once authentication happens after the middleware ran (API tokens)."""
    _actor.set(actor)
