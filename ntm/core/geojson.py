"""Reading user-supplied GeoJSON safely: size-limited, nesting depth checked before parsing, bounded features.

The one GeoJSON reader of the project (no Django import: the limits are passed in, ``ntm.core.messages`` translates).
``read_feature_collection`` refuses a file over ``GeoJSONLimits.max_bytes``, and text not in UTF-8, then measures the
nesting depth of the raw text (strings skipped, so a bracket inside a name does not count) and refuses one deeper than ``max_depth``
before ``json.loads`` sees it (so a file of 10,000 nested brackets is an error message, not a RecursionError), then
parses it and refuses a collection of more than ``max_features`` features or a feature with more than
``max_coordinates`` positions. Every problem is a ``GeoJSONError`` whose message says what to fix.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Final

from ntm.core.messages import gettext as _

_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")
_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}


class GeoJSONError(ValueError):
    """The GeoJSON text cannot be used; the message says why."""


@dataclass(frozen=True)
class GeoJSONLimits:
    """How much of a GeoJSON file the reader accepts (settings ``NTM_MAX_UPLOAD_BYTES``, ``NTM_GEOJSON_*``)."""

    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 64
    max_features: int = 5000
    max_coordinates: int = 500_000  # positions in one feature's geometry


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text``, strings skipped (no parsing, no recursion)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(_STEP[char] for char in brackets), default=0)


def count_positions(coordinates: Any, limit: int) -> int:
    """The number of positions (innermost arrays of numbers) in GeoJSON ``coordinates``, counted up to
    ``limit + 1`` without recursion."""
    count = 0
    stack = [coordinates]
    while stack and count <= limit:
        item = stack.pop()
        if isinstance(item, list):
            if item and not isinstance(item[0], list):
                count += 1
            else:
                stack.extend(item)
    return count


def _positions(geometry: Any, limit: int) -> int:
    if not isinstance(geometry, dict):
        return 0
    if geometry.get("type") == "GeometryCollection":
        parts = geometry.get("geometries")
        return (
            sum(_positions(part, limit) for part in parts if isinstance(part, dict))
            if isinstance(parts, list)
            else 0
        )
    return count_positions(geometry.get("coordinates"), limit)


def read_feature_collection(data: bytes, *, limits: GeoJSONLimits | None = None) -> list[Any]:
    """The ``features`` list of a UTF-8 GeoJSON FeatureCollection, within ``limits``; raises ``GeoJSONError``."""
    limits = limits or GeoJSONLimits()
    if len(data) > limits.max_bytes:
        raise GeoJSONError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": limits.max_bytes // (1024 * 1024)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GeoJSONError(_("The GeoJSON file is not UTF-8 text.")) from error
    if nesting_depth(text) > limits.max_depth:
        raise GeoJSONError(
            _("The GeoJSON file is nested more than %(max)s levels deep; it is not a boundary export.")
            % {"max": limits.max_depth}
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise GeoJSONError(
            _("The GeoJSON file has a JSON syntax error (line %(line)s, column %(column)s): %(problem)s.")
            % {"line": error.lineno, "column": error.colno, "problem": error.msg}
        ) from error
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise GeoJSONError(_("The GeoJSON file must be a FeatureCollection."))
    features = document.get("features")
    if not isinstance(features, list):
        raise GeoJSONError(_("The FeatureCollection lacks the «features» list."))
    if len(features) > limits.max_features:
        raise GeoJSONError(
            _("The GeoJSON file has %(count)s features, more than %(max)s; split the file.")
            % {"count": len(features), "max": limits.max_features}
        )
    for index, feature in enumerate(features):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if _positions(geometry, limits.max_coordinates) > limits.max_coordinates:
            raise GeoJSONError(
                _("Feature %(number)s (features[%(index)s]) has more than %(max)s coordinates; simplify it.")
                % {"number": index + 1, "index": index, "max": limits.max_coordinates}
            )
    return features
