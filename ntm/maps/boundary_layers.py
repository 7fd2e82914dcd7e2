"""The boundary layers the map draws: TopoJSON built from the stored boundaries, cached, served with an ETag.

A layer is every commune-level unit of one structure in the installation's area that has a stored boundary. It
is built by :func:`ntm.maps.topology.build_topology` (shared borders, simplified on the grid, every unit measured
against its stored boundary), then kept in the Django cache (database or Redis, so every process shares it) under
a key that includes the boundaries' revision (count and latest change) and the build options: importing or
editing a boundary makes a new key, so nothing ever needs invalidating. The Đồng Nai layers build in a few seconds
at most (7 s measured on a 2-core machine under a load of 12); the whole country's commune layer in 45 s to
2.5 min, so ``manage.py warm_map_layers`` builds layers ahead of the first visitor.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from ntm.maps.selectors import layer_units
from ntm.maps.topology import OBJECT_NAME, TopologyOptions, build_topology, decode_topology
from ntm.units.models import UnitBoundary

LAYER_OPTIONS = TopologyOptions(tolerance=0.00092, quantum=0.0003, sliver_width=0.0003, max_distance=0.00098)
"""Simplification 0.00092° measured on a grid of 0.0003° (about 33 m), slivers under 0.0003°, and every unit
measured against its stored boundary and refined until it is within 0.00098° (under the 0.001°, about 110 m, the
issue allows). The whole country's communes come to about 760 KB gzipped (``bench/map_layers.py``)."""
_VERSION = "2"


@dataclass(frozen=True)
class BuiltLayer:
    """One layer ready to serve: the TopoJSON bytes, gzipped bytes, and its entity tag."""

    etag: str
    body: bytes
    gzipped: bytes
    units: int
    arcs: int


def layer_boundaries(structure: str):
    return UnitBoundary.objects.filter(unit__in=layer_units(structure)).select_related("unit")


def _cache_key(structure: str) -> str:
    revision = layer_boundaries(structure).aggregate(count=Count("pk"), latest=Max("updated_at"))
    latest = revision["latest"].timestamp() if revision["latest"] else 0
    options = f"{LAYER_OPTIONS.tolerance}-{LAYER_OPTIONS.quantum}-{LAYER_OPTIONS.sliver_width}-{LAYER_OPTIONS.max_distance}"
    return f"maps:layer:{_VERSION}:{structure}:{revision['count']}:{latest}:{options}"


def build_layer(geometries: dict[str, BaseGeometry], options: TopologyOptions = LAYER_OPTIONS) -> BuiltLayer:
    """Build and encode a layer from ``{code: geometry}`` (also used by the benchmark on the whole country)."""
    topology = build_topology(geometries, options=options)
    body = json.dumps(topology, separators=(",", ":"), ensure_ascii=False).encode()
    return BuiltLayer(
        etag=hashlib.sha256(body).hexdigest()[:32],
        body=body,
        gzipped=gzip.compress(body, compresslevel=9, mtime=0),
        units=len(topology["objects"][OBJECT_NAME]["geometries"]),
        arcs=len(topology["arcs"]),
    )


def boundary_layer(structure: str) -> BuiltLayer:
    """The layer of ``structure``, from the cache or built now (and cached)."""
    key = _cache_key(structure)
    built = cache.get(f"{key}:layer")
    if built is None:
        geometries = {b.unit.code: shape(b.geometry) for b in layer_boundaries(structure)}
        built = build_layer(geometries)
        cache.set(f"{key}:layer", built, timeout=None)
        cache.set(f"{key}:etag", built.etag, timeout=None)
    return built


def layer_etag(structure: str) -> str:
    """The current layer's entity tag without loading the layer (what a conditional request needs)."""
    key = _cache_key(structure)
    etag = cache.get(f"{key}:etag")
    if etag is None:
        etag = boundary_layer(structure).etag
    return etag


def served_geometries(structure: str) -> dict[str, BaseGeometry]:
    """``{code: geometry}`` exactly as the map draws them (for the printed map and the GeoJSON download)."""
    return decode_topology(json.loads(boundary_layer(structure).body))
