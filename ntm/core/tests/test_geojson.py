"""The guarded GeoJSON reader: size, nesting depth (checked on the raw text), features and coordinates bounded."""

from __future__ import annotations

import json

import pytest

from ntm.core.geojson import GeoJSONError, GeoJSONLimits, nesting_depth, read_feature_collection

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}


def collection(count: int, geometry: dict = SQUARE) -> bytes:
    feature = {"type": "Feature", "properties": {"code": "1"}, "geometry": geometry}
    return json.dumps({"type": "FeatureCollection", "features": [feature] * count}).encode()


def refusal(data: bytes, limits: GeoJSONLimits | None = None) -> str:
    with pytest.raises(GeoJSONError) as caught:
        read_feature_collection(data, limits=limits)
    return str(caught.value)


def test_depth_is_measured_on_the_raw_text_skipping_strings() -> None:
    assert nesting_depth('{"a": [[1, 2], {"b": "[[[{{{"}], "c": "\\"]]"}') == 3
    assert nesting_depth("1") == 0


def test_a_collection_is_read() -> None:
    assert len(read_feature_collection(collection(3))) == 3


def test_nesting_ten_thousand_deep_is_refused_not_a_recursion_error() -> None:
    deep = b'{"type": "FeatureCollection", "features": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    assert "64" in refusal(deep)
    unclosed = b"[" * 100_000
    assert "64" in refusal(unclosed)


def test_too_many_features_and_too_many_coordinates_are_refused() -> None:
    assert "6" in refusal(collection(6), GeoJSONLimits(max_features=5))
    ring = [[index / 1000, 0] for index in range(200)] + [[0, 1], [0, 0]]
    big = collection(1, {"type": "Polygon", "coordinates": [ring]})
    assert "features[0]" in refusal(big, GeoJSONLimits(max_coordinates=100))
    assert read_feature_collection(big, limits=GeoJSONLimits(max_coordinates=1000))


def test_size_syntax_and_encoding_are_refused() -> None:
    assert refusal(collection(1), GeoJSONLimits(max_bytes=10)).startswith("Tệp quá lớn")
    assert "dòng 1" in refusal(b'{"type": ')
    assert "UTF-8" in refusal(b'{"name": "\xff"}')
