"""The administrative-unit registry read from ``vietnam-provinces`` (no database, no Django)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from ntm.units.registry import (
    LEGACY,
    REFORM_2025,
    LineageLink,
    RegistryError,
    RegistrySnapshot,
    RegistryUnit,
    build_snapshot,
    format_code,
    load_all,
    load_province,
)

OLD_DONG_NAI_DISTRICTS = {"731", "732", "734", "735", "736", "737", "738", "739", "740", "741", "742"}


@pytest.fixture(scope="module")
def dong_nai() -> RegistrySnapshot:
    return load_province()


@pytest.fixture(scope="module")
def country() -> RegistrySnapshot:
    return load_all()


def _communes_under(snapshot: RegistrySnapshot, structure: str, code: str) -> list[RegistryUnit]:
    root = snapshot.get(structure, code)
    assert root is not None
    return [unit for unit in snapshot.descendants(root) if unit.level == "commune"]


def _unit(code: str, level: str = "commune", parent: str | None = "731", **changes: object) -> RegistryUnit:
    values: dict[str, object] = {
        "structure": LEGACY,
        "code": code,
        "name": f"Xã Thử {code}",
        "short_name": f"Thử {code}",
        "unit_type": {"province": "tinh", "district": "huyen", "commune": "xa"}[level],
        "level": level,
        "parent_code": parent,
        "valid_from": None,
        "valid_to": date(2025, 6, 30),
    }
    values.update(changes)
    return RegistryUnit(**values)  # type: ignore[arg-type]


def _small_tree() -> list[RegistryUnit]:
    return [
        _unit("75", "province", None, name="Tỉnh Thử", short_name="Thử"),
        _unit("731", "district", "75", name="Huyện Thử", short_name="Thử"),
        _unit("26041"),
    ]


# --- Đồng Nai from 1/7/2025 -------------------------------------------------------------------------------------


def test_new_dong_nai_has_95_communes_72_xa_23_phuong(dong_nai: RegistrySnapshot) -> None:
    communes = _communes_under(dong_nai, REFORM_2025, "75")
    assert len(communes) == 95
    assert Counter(unit.unit_type for unit in communes) == {"xa": 72, "phuong": 23}
    assert {unit.parent_code for unit in communes} == {"75"}
    assert all(unit.valid_from == date(2025, 7, 1) and unit.valid_to is None for unit in communes)


def test_only_one_2025_province_is_loaded(dong_nai: RegistrySnapshot) -> None:
    provinces = dong_nai.select(REFORM_2025, "province")
    assert [unit.code for unit in provinces] == ["75"]
    assert provinces[0].short_name == "Đồng Nai"


# --- Before 1/7/2025: old Đồng Nai and old Bình Phước --------------------------------------------------------------


def test_legacy_provinces_come_from_the_package_mapping(dong_nai: RegistrySnapshot) -> None:
    provinces = {unit.code: unit.name for unit in dong_nai.select(LEGACY, "province")}
    assert provinces == {"70": "Tỉnh Bình Phước", "75": "Tỉnh Đồng Nai"}
    assert {link.old_code for link in dong_nai.links_to("75")} == {"70", "75"}


def test_old_dong_nai_has_11_district_units_731_to_742(dong_nai: RegistrySnapshot) -> None:
    province = dong_nai.get(LEGACY, "75")
    assert province is not None
    districts = dong_nai.children(province)
    assert {unit.code for unit in districts} == OLD_DONG_NAI_DISTRICTS  # 733 is not used
    assert Counter(unit.unit_type for unit in districts) == {"huyen": 9, "thanh_pho": 2}
    assert {unit.short_name for unit in districts if unit.unit_type == "thanh_pho"} == {
        "Biên Hòa",
        "Long Khánh",
    }


def test_old_dong_nai_has_159_communes(dong_nai: RegistrySnapshot) -> None:
    communes = _communes_under(dong_nai, LEGACY, "75")
    assert len(communes) == 159
    assert Counter(unit.unit_type for unit in communes) == {"xa": 117, "phuong": 33, "thi_tran": 9}
    assert all(unit.valid_to == date(2025, 6, 30) and unit.valid_from is None for unit in communes)


def test_old_binh_phuoc_units_are_present(dong_nai: RegistrySnapshot) -> None:
    province = dong_nai.get(LEGACY, "70")
    assert province is not None and province.name == "Tỉnh Bình Phước"
    assert len(dong_nai.children(province)) == 11
    communes = _communes_under(dong_nai, LEGACY, "70")
    assert len(communes) == 111
    assert Counter(unit.unit_type for unit in communes) == {"xa": 86, "phuong": 20, "thi_tran": 5}


# --- Lineage ----------------------------------------------------------------------------------------------------


def test_every_new_unit_has_predecessors_that_exist(dong_nai: RegistrySnapshot) -> None:
    for unit in _communes_under(dong_nai, REFORM_2025, "75"):
        links = dong_nai.links_to(unit.code)
        assert links, unit.name
        for link in links:
            predecessor = dong_nai.get(LEGACY, link.old_code)
            assert predecessor is not None and predecessor.level == "commune"
            assert link.source.startswith("vietnam-provinces ")


def test_every_old_commune_has_a_successor(dong_nai: RegistrySnapshot) -> None:
    for code in ("75", "70"):
        for unit in _communes_under(dong_nai, LEGACY, code):
            assert dong_nai.successors(unit.code), unit.name


def test_split_commune_links_are_partial(dong_nai: RegistrySnapshot) -> None:
    # Xã Xuân Tâm (old Xuân Lộc) was divided between Xã Xuân Đông and Xã Xuân Hòa.
    successors = {unit.name for unit in dong_nai.successors("26449")}
    assert successors == {"Xã Xuân Đông", "Xã Xuân Hòa"}
    assert all(
        link.partial
        for code in ("26359", "26446")
        for link in dong_nai.links_to(code)
        if link.old_code == "26449"
    )


def test_codes_can_repeat_across_structures(dong_nai: RegistrySnapshot) -> None:
    old, new = dong_nai.get(LEGACY, "25195"), dong_nai.get(REFORM_2025, "25195")
    assert old is not None and new is not None
    assert (old.name, new.name) == ("Phường Tân Phú", "Phường Bình Phước")


def test_legacy_selection_can_be_overridden(dong_nai: RegistrySnapshot) -> None:
    snapshot = load_province("75", include_legacy_provinces=["75"])
    assert {unit.code for unit in snapshot.select(LEGACY, "province")} == {"75"}
    assert all(snapshot.get(LEGACY, link.old_code) for link in snapshot.lineage)
    assert any("25195" in warning for warning in snapshot.warnings)


# --- Names and search -------------------------------------------------------------------------------------------


def test_fold_search_finds_long_phuoc(dong_nai: RegistrySnapshot) -> None:
    found = dong_nai.search("long phuoc", structure=REFORM_2025)
    assert [unit.name for unit in found] == ["Xã Long Phước"]
    assert found[0].short_name == "Long Phước" and found[0].unit_type == "xa"
    assert {unit.name for unit in dong_nai.search("LONG PHƯỚC", structure=LEGACY)} == {
        "Xã Long Phước",
        "Phường Long Phước",
    }


def test_names_carry_their_type_prefix(dong_nai: RegistrySnapshot) -> None:
    unit = dong_nai.get(LEGACY, "26326")
    assert unit is not None
    assert (unit.name, unit.short_name, unit.unit_type, unit.parent_code) == (
        "Thị trấn Dầu Giây",
        "Dầu Giây",
        "thi_tran",
        "738",
    )


def test_format_code_pads_to_the_official_width() -> None:
    assert format_code(1, "province") == "01"
    assert format_code("1", "district") == "001"
    assert format_code(4, "commune") == "00004"


# --- Errors -----------------------------------------------------------------------------------------------------


def test_unknown_province_is_refused() -> None:
    with pytest.raises(RegistryError, match="Không có tỉnh/thành phố mã 99"):
        load_province("99")
    with pytest.raises(RegistryError, match="không hợp lệ"):
        load_province("Đồng Nai")
    with pytest.raises(RegistryError, match="Không có tỉnh mã 03"):
        load_province("75", include_legacy_provinces=["3"])


def test_valid_data_builds_a_snapshot() -> None:
    snapshot = build_snapshot(reversed(_small_tree()), [])
    assert [unit.level for unit in snapshot.units] == ["province", "district", "commune"]


def test_duplicate_code_is_refused() -> None:
    with pytest.raises(RegistryError, match="Mã 26041 bị trùng") as caught:
        build_snapshot([*_small_tree(), _unit("26041", name="Xã Khác", short_name="Khác")], [])
    assert len(caught.value.problems) == 1


def test_missing_parent_is_refused() -> None:
    with pytest.raises(RegistryError, match="đơn vị cấp trên mã 999 không tồn tại"):
        build_snapshot([*_small_tree(), _unit("26044", parent="999")], [])


def test_empty_name_is_refused() -> None:
    with pytest.raises(RegistryError, match="tên đơn vị bị trống"):
        build_snapshot([*_small_tree(), _unit("26044", name=" ", short_name="")], [])


def test_dangling_lineage_is_refused() -> None:
    with pytest.raises(RegistryError, match="không có đơn vị mới mã 26001"):
        build_snapshot(_small_tree(), [LineageLink("26001", "26041", "thử")])


def test_lineage_between_levels_is_refused() -> None:
    units = [
        *_small_tree(),
        _unit("75", "province", None, structure=REFORM_2025, name="Tỉnh Mới", short_name="Mới"),
    ]
    with pytest.raises(RegistryError, match="nối hai đơn vị khác cấp"):
        build_snapshot(units, [LineageLink("75", "26041", "thử")])


def test_all_problems_are_reported_together() -> None:
    bad = [
        *_small_tree(),
        _unit("26041"),
        _unit("26044", parent="999"),
        _unit("26047", name="", short_name=""),
    ]
    with pytest.raises(RegistryError) as caught:
        build_snapshot(bad, [])
    assert len(caught.value.problems) == 3
    assert "(và 2 lỗi khác)" in str(caught.value)


# --- The whole country ------------------------------------------------------------------------------------------


def test_load_all_counts(country: RegistrySnapshot) -> None:
    snapshot = country
    counts = Counter((unit.structure, unit.level) for unit in snapshot.units)
    assert counts[(REFORM_2025, "province")] == 34
    assert counts[(REFORM_2025, "commune")] == 3321
    assert Counter(unit.unit_type for unit in snapshot.select(REFORM_2025, "commune")) == {
        "xa": 2621,
        "phuong": 687,
        "dac_khu": 13,
    }
    assert counts[(LEGACY, "province")] == 63
    assert counts[(LEGACY, "district")] == 696
    # The package's legacy list (10,051 in 2026.9.0) still holds 28 communes dissolved before 1/7/2025.
    assert 10_000 < counts[(LEGACY, "commune")] < 10_100
    assert len(snapshot.lineage) > 10_000


def test_load_all_is_self_consistent(country: RegistrySnapshot) -> None:
    snapshot = country
    assert snapshot.get(LEGACY, "01") is not None and snapshot.get(LEGACY, "00004") is not None
    assert all(snapshot.get(REFORM_2025, link.new_code) for link in snapshot.lineage)
    assert all(snapshot.get(LEGACY, link.old_code) for link in snapshot.lineage)
    # A few package names have a lower-case prefix; they are rewritten and reported.
    assert any("«xã Bắc Sơn»" in warning for warning in snapshot.warnings)
    assert all(unit.name.split()[0][0].isupper() for unit in snapshot.units)
