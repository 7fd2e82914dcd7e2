"""What other modules say about a lot or an area, asked without importing them: the OCOP star of a lot's product,
and the production-linkage models (programme registry) that point to a growing area.

Traceability and OCOP sit in the same layer (pyproject's import-linter contract) and must not import each other.
The link is a stored reference the OCOP side already holds: an OCOP product's "trace page" (``trace_url``) naming
this lot's trace page. A higher layer (``ntm.site``, in its AppConfig.ready) registers the function that reads it
through OCOP's selectors; without one, the trace page shows no star.

The programme app sits above this one and holds the link (``LinkageModel.growing_areas``); it registers, in its
AppConfig.ready, the function that lists an area's linkage models, which the area page shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict


class OcopStar(TypedDict):
    star: int
    product: str
    url: str  # the product's public OCOP page


# (lot code, lot owner's user id) -> the star of the OCOP product of that owner pointing to the lot, or None
OcopResolver = Callable[[str, int], OcopStar | None]
_resolvers: list[OcopResolver] = []


def register_ocop_resolver(resolver: OcopResolver) -> None:
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def ocop_star(lot_code: str, owner_id: int) -> OcopStar | None:
    for resolver in _resolvers:
        found = resolver(lot_code, owner_id)
        if found:
            return found
    return None


class LinkageRef(TypedDict):
    name: str
    unit: str
    key_product: str
    partner: str


# (growing area id) -> the production-linkage models pointing to it
LinkageResolver = Callable[[int], list[LinkageRef]]
_linkage_resolvers: list[LinkageResolver] = []


def register_linkage_resolver(resolver: LinkageResolver) -> None:
    if resolver not in _linkage_resolvers:
        _linkage_resolvers.append(resolver)


def linkage_models(area_id: int) -> list[LinkageRef]:
    return [ref for resolver in _linkage_resolvers for ref in resolver(area_id)]
