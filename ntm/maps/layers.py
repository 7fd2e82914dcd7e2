"""What the map pulls from the domain apps: self-assessed results and extra point layers.

The map never computes anything about NTM itself, and no app registers into it: the map sits above the domain
apps and imports from each one that offers map data a module ``ntm/<app>/map_layers.py`` of plain functions, the
shape every app follows. The apps the map pulls from are listed here, explicitly:

- ``ntm.assessment.map_layers.self_assessment`` — self-assessed results (:func:`self_assessment_of`), and
  ``criteria_set`` — the set they are evaluated against (:func:`criteria_set_of`);
- point layers: ``ntm.environment.map_layers.water_points`` (water points by latest result),
  ``ntm.traceability.map_layers.growing_areas`` (growing areas with their codes), ``ntm.ocop.map_layers.producers``
  and ``tourism_points`` (with a location), ``ntm.infrastructure.map_layers.digital_infrastructure`` (wifi,
  internet, radio and loudspeakers by status) and ``planning_maps`` (the uploaded planning maps: polygons),
  ``ntm.feedback.map_layers.feedback_points`` (citizen feedback with a location, by state). An app that offers one exposes ``fn(user, bbox) -> GeoJSON
  FeatureCollection`` in its ``map_layers.py`` and gets a line in :data:`POINT_LAYERS`.

Official status comes from the register (``ntm.recognition.selectors.official_status_of``), read by
``ntm.maps.selectors``.

**Self-assessment**: ``self_assessment(units, year, *, published_only) -> {unit_id: SelfAssessment}`` for the
commune-level units given (a list of ``AdministrativeUnit``), for one calendar year. ``published_only=True``
for the public map (only results the commune has posted publicly), ``False`` on the internal map (callers have
already restricted ``units`` to the user's scope). Units without values are left out of the answer (the map
says "no self-assessment data"). Each value is a :class:`SelfAssessment` dict::

    {"criteria_met": 17, "criteria_total": 19, "provisional": True, "level": "ntm",
     "by_criterion": {"8": {"met": True, "provisional": False}, ...},
     "url": "/danh-gia/2025/26413/"}            # optional: the internal evidence page

``provisional`` is true when the result depends on a threshold that is not yet confirmed; the map marks it.

**Point layers**: ``fn(user, bbox) -> GeoJSON FeatureCollection`` where ``bbox`` is
``(min_lon, min_lat, max_lon, max_lat)`` or ``None`` and ``user`` is the signed-in user (the app scopes its own
data through its selectors). Keys are short slugs ("ocop", "vung-trong"). Each feature's ``properties`` should
carry ``name`` and, if it has a page, ``url``. Point layers are shown on the internal map; a layer that also has a
``public`` function ``fn(bbox) -> FeatureCollection`` (no user: only data meant for everyone, e.g. growing areas
with an issued code, ``ntm.traceability.map_layers.public_growing_areas``) is offered on the public map too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

from django.utils.translation import gettext_lazy as _

from ntm.assessment import map_layers as assessment_map_layers
from ntm.environment import map_layers as environment_map_layers
from ntm.feedback import map_layers as feedback_map_layers
from ntm.infrastructure import map_layers as infrastructure_map_layers
from ntm.ocop import map_layers as ocop_map_layers
from ntm.traceability import map_layers as traceability_map_layers


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


PointLayerFeatures = Callable[[Any, tuple[float, float, float, float] | None], dict[str, Any]]
PublicLayerFeatures = Callable[[tuple[float, float, float, float] | None], dict[str, Any]]


@dataclass(frozen=True)
class PointLayer:
    """An extra layer of points drawn over the units on the internal map."""

    key: str
    label: str
    features: PointLayerFeatures  # an app's map_layers function: (user, bbox) -> FeatureCollection
    public: PublicLayerFeatures | None = None  # (bbox) -> FeatureCollection for the public map, if any


# The point layers of the apps the map pulls from (see the module docstring), in the order the map lists them.
POINT_LAYERS: tuple[PointLayer, ...] = (
    PointLayer("nuoc-sach", _("Water points (latest result)"), environment_map_layers.water_points),
    PointLayer(
        "vung-trong",
        _("Growing areas (codes)"),
        traceability_map_layers.growing_areas,
        public=traceability_map_layers.public_growing_areas,
    ),
    PointLayer("ocop", _("OCOP producers"), ocop_map_layers.producers),
    PointLayer("du-lich", _("Rural tourism points"), ocop_map_layers.tourism_points),
    PointLayer(
        "ha-tang-so",
        _("Digital infrastructure (wifi, internet, radio, loudspeakers)"),
        infrastructure_map_layers.digital_infrastructure,
    ),
    PointLayer("quy-hoach", _("Commune planning maps"), infrastructure_map_layers.planning_maps),
    PointLayer("phan-anh", _("Citizen feedback with a location"), feedback_map_layers.feedback_points),
)


def self_assessment_of(units: Sequence, year: int, *, published_only: bool) -> dict[int, SelfAssessment]:
    """Self-assessed results of ``units`` in ``year`` (``ntm.assessment.map_layers``); ``{}`` for no units."""
    if not units:
        return {}
    return dict(assessment_map_layers.self_assessment(list(units), year, published_only=published_only))


def self_assessments_of(
    units: Sequence, years: Sequence[int], *, published_only: bool
) -> dict[int, dict[int, SelfAssessment]]:
    """:func:`self_assessment_of` for several years at once: ``{year: {unit_id: SelfAssessment}}``
    (``ntm.assessment.map_layers.self_assessments``, which reads the years together)."""
    if not units:
        return {year: {} for year in years}
    found = assessment_map_layers.self_assessments(list(units), list(years), published_only=published_only)
    return {year: dict(found.get(year, {})) for year in years}


def criteria_set_of(year: int):
    """The criteria set version the self-assessed results of ``year`` use (``ntm.assessment.map_layers``), or
    ``None``: the map shows its "no thresholds yet" notice (``{% threshold_notice %}``)."""
    return assessment_map_layers.criteria_set(year)


def point_layers() -> list[PointLayer]:
    return list(POINT_LAYERS)


def public_point_layers() -> list[PointLayer]:
    """The point layers the public map offers (those with a ``public`` function)."""
    return [point_layer for point_layer in POINT_LAYERS if point_layer.public is not None]


def layer(key: str) -> PointLayer | None:
    return next((point_layer for point_layer in POINT_LAYERS if point_layer.key == key), None)


def layer_features(point_layer: PointLayer, user, bbox, *, public: bool = False) -> dict[str, Any]:
    """The layer's FeatureCollection for ``user`` (``public``: its public function, no user); refuses anything
    that is not one."""
    collection = point_layer.public(bbox) if public else point_layer.features(user, bbox)
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise TypeError(f"Map layer {point_layer.key!r} did not return a GeoJSON FeatureCollection.")
    return collection
