"""Plug-in points of the map: the self-assessment provider and the registry of extra point layers.

The map never computes anything about NTM itself. Official status comes from the register
(``ntm.status.selectors.official_status_of``); self-assessed results come from whichever app evaluates
indicator values, through the provider hook below; extra layers (OCOP producers, growing areas, monitoring
points, infrastructure) come from their own apps through :func:`register_layer`. Apps register in their
``AppConfig.ready()``::

    from ntm.maps.layers import register_layer, register_self_assessment_provider

    register_self_assessment_provider(criteria_met_by_unit)
    register_layer("ocop", _("OCOP producers"), ocop_points)

**Self-assessment provider**: ``fn(units, year, *, published_only) -> {unit_id: SelfAssessment}`` for the
commune-level units given (a list of ``AdministrativeUnit``), for one calendar year. ``published_only=True``
for the public map (only results the commune has posted publicly), ``False`` on the internal map (callers have
already restricted ``units`` to the user's scope). Units the provider knows nothing about are left out of the
answer. Each value is a :class:`SelfAssessment` dict::

    {"criteria_met": 17, "criteria_total": 19, "provisional": True, "level": "ntm",
     "by_criterion": {"8": {"met": True, "provisional": False}, ...},
     "url": "/danh-gia/2025/26413/"}            # optional: the internal evidence page

``provisional`` is true when the result depends on a threshold that is not yet confirmed; the map marks it.

**Point layers**: ``provider(user, bbox) -> GeoJSON FeatureCollection`` where ``bbox`` is
``(min_lon, min_lat, max_lon, max_lat)`` or ``None`` and ``user`` is the signed-in user (the provider scopes its
own data through its selectors). Each feature's ``properties`` should carry ``name`` and, if it has a page,
``url``. Point layers are shown on the internal map only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict


class CriterionResult(TypedDict):
    met: bool
    provisional: bool


class SelfAssessment(TypedDict):
    criteria_met: int
    criteria_total: int
    provisional: bool
    level: str
    by_criterion: dict[str, CriterionResult]
    url: NotRequired[str]


SelfAssessmentProvider = Callable[..., dict[int, SelfAssessment]]
PointLayerProvider = Callable[[Any, tuple[float, float, float, float] | None], dict[str, Any]]


@dataclass(frozen=True)
class PointLayer:
    """An extra layer of points drawn over the units on the internal map."""

    key: str
    label: str
    provider: PointLayerProvider


_self_assessment: list[SelfAssessmentProvider] = []
_layers: dict[str, PointLayer] = {}


def register_self_assessment_provider(fn: SelfAssessmentProvider) -> None:
    """Make ``fn`` the source of self-assessed results (one provider; a second registration replaces it)."""
    _self_assessment[:] = [fn]


def unregister_self_assessment_provider() -> None:
    _self_assessment.clear()


def has_self_assessment_provider() -> bool:
    return bool(_self_assessment)


def self_assessment_of(units: Sequence, year: int, *, published_only: bool) -> dict[int, SelfAssessment]:
    """Self-assessed results of ``units`` in ``year`` from the registered provider; ``{}`` when there is none."""
    if not _self_assessment or not units:
        return {}
    return dict(_self_assessment[0](list(units), year, published_only=published_only))


@contextmanager
def self_assessment_provider(fn: SelfAssessmentProvider) -> Iterator[None]:
    """Use ``fn`` as the provider inside the block, then restore the previous one (for tests and scripts)."""
    previous = list(_self_assessment)
    register_self_assessment_provider(fn)
    try:
        yield
    finally:
        _self_assessment[:] = previous


def register_layer(key: str, label: str, provider: PointLayerProvider) -> None:
    """Add a point layer. Keys are short slugs ("ocop", "vung-trong"); registering a key twice is an error."""
    if not key or not key.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"Layer key {key!r} must be a short slug (letters, digits, '-' or '_').")
    if key in _layers:
        raise ValueError(f"A map layer with the key {key!r} is already registered.")
    _layers[key] = PointLayer(key, label, provider)


def unregister_layer(key: str) -> None:
    _layers.pop(key, None)


def registered_layers() -> list[PointLayer]:
    return sorted(_layers.values(), key=lambda layer: layer.key)


def layer(key: str) -> PointLayer | None:
    return _layers.get(key)


def layer_features(point_layer: PointLayer, user, bbox) -> dict[str, Any]:
    """The layer's FeatureCollection for ``user``; refuses anything that is not one."""
    collection = point_layer.provider(user, bbox)
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise TypeError(f"Map layer {point_layer.key!r} did not return a GeoJSON FeatureCollection.")
    return collection
