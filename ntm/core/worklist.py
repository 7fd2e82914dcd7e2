"""What waits for a signed-in user: the registry behind the "my work" home (/viec-cua-toi/).

Each app registers a provider in its ``AppConfig.ready`` (``register("assessment", provider)``); a provider takes
the user and returns ``WorkItem`` rows (a count, a label, a link, a few details). The registry lives in core so any
app can add items without importing the site layer; the site view only calls ``work_items_for``. A provider is
responsible for its own scoping (it goes through its app's selectors) and returns nothing for a role it does not
serve.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["WorkItem", "providers", "register", "work_items_for"]


@dataclass(frozen=True)
class WorkItem:
    """One line of "my work": ``count`` things of a kind, a link to the list that shows them, and up to a few
    ``details`` (short lines such as a return's reason) with their own links."""

    key: str
    label: str
    count: int
    url: str
    details: tuple[tuple[str, str], ...] = field(default=())  # (text, url)
    urgent: bool = False


Provider = Callable[[object], list[WorkItem]]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Register (or replace, on reload) the provider called ``name``."""
    _PROVIDERS[name] = provider


def providers() -> dict[str, Provider]:
    return dict(_PROVIDERS)


def work_items_for(user) -> list[WorkItem]:
    """Every provider's items for ``user``, in registration order; empty lists are dropped, zero counts kept
    out (a home that lists "0 things" hides what matters)."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[WorkItem] = []
    for provider in _PROVIDERS.values():
        items.extend(item for item in provider(user) if item.count)
    return items
