"""Tests of the criteria-set file format, its validator and the shipped set files (no Django)."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from ntm.core.tomlfile import parse
from ntm.core.vocabulary import PROVENANCE_MARKS
from ntm.criteria import engine
from ntm.criteria.engine import MET, NO_THRESHOLD, NOT_APPLICABLE, NOT_MET, UnitContext
from ntm.criteria.setfile import SETFILES_DIR, CriteriaSet, SetFileError, dumps
from ntm.criteria.setload import (
    content_hash,
    from_dict,
    load_bytes,
    load_path,
    reference_problems,
    shipped_set_paths,
)

EXPECTED_FILES = {
    # code: (criteria, indicators in criteria or None when the total is not known, conditions)
    "xa-ntm-2021-2025": (19, 57, 0),
    "xa-nang-cao-2021-2025": (19, 75, 1),
    "xa-kieu-mau-2021-2025": (0, 0, 4),
    "huyen-ntm-2021-2025": (9, None, 4),
    "huyen-nang-cao-2021-2025": (9, None, 4),
    "xa-ntm-2026-2030": (10, 47, 0),
    "xa-ntm-hien-dai-2026-2030": (1, 1, 0),
    "ap-kieu-mau-2021-2025": (1, 1, 0),
    "ap-thong-minh-2021-2025": (1, 1, 0),
}


@pytest.fixture(scope="module")
def sets() -> dict[str, CriteriaSet]:
    return {path.stem: load_path(path) for path in shipped_set_paths()}


def all_provenances(cs: CriteriaSet) -> list[tuple[str, Any]]:
    found = [("bộ", cs.provenance)]
    if cs.revocation:
        found.append(("thu hồi", cs.revocation.provenance))
    for group in (*cs.conditions, *cs.criteria):
        found.append((group.code, group.provenance))
        for indicator in group.indicators:
            found.append((indicator.code, indicator.provenance))
            found.append((f"{indicator.code} đơn vị", indicator.department.provenance))
            found.extend((f"{indicator.code} ngưỡng", rule.provenance) for rule in indicator.thresholds)
    return found


# --- Shipped files -------------------------------------------------------------------------------------------


def test_the_shipped_sets_are_named_after_their_code(sets: dict[str, CriteriaSet]) -> None:
    assert set(sets) == set(EXPECTED_FILES)
    assert all(cs.code == stem for stem, cs in sets.items())


@pytest.mark.parametrize("code", ["ap-kieu-mau-2021-2025", "ap-thong-minh-2021-2025"])
def test_the_hamlet_sets_assess_an_ap_and_invent_no_threshold(
    sets: dict[str, CriteriaSet], code: str
) -> None:
    """The province's ấp sets were not found: a hamlet subject, unconfirmed, every threshold a placeholder."""
    cs = sets[code]
    assert cs.subject == "hamlet" and cs.grants_level == code.rsplit("-", 2)[0].replace("-", "_")
    assert cs.provenance.status == "unconfirmed"
    rules = [rule for group in cs.criteria for indicator in group.indicators for rule in indicator.thresholds]
    assert rules and all(rule.provenance.status == "placeholder" and rule.expected is None for rule in rules)


def test_the_modern_commune_pilot_is_a_placeholder_of_annex_ii(sets: dict[str, CriteriaSet]) -> None:
    cs = sets["xa-ntm-hien-dai-2026-2030"]
    assert (cs.subject, cs.grants_level, cs.year_from, cs.year_to) == ("commune", "hien_dai", 2026, 2030)
    assert "Phụ lục II" in cs.legal_source
    indicators = [indicator for group in cs.criteria for indicator in group.indicators]
    assert all(i.kind == "unknown" and i.provenance.status == "placeholder" for i in indicators)


@pytest.mark.parametrize("code", sorted(EXPECTED_FILES))
def test_totals_match(sets: dict[str, CriteriaSet], code: str) -> None:
    criteria, indicators, conditions = EXPECTED_FILES[code]
    cs = sets[code]
    assert len(cs.criteria) == criteria
    assert len(cs.conditions) == conditions
    if indicators is not None:
        assert cs.indicator_count == indicators


PUBLIC_DOCUMENT = re.compile(r"\b(QĐ|KH|NĐ|TT|HD|NQ|CV)\b|Nghị định|https?://")
TEAM_NOTES = re.compile(r"domain\.md|domain-ocop|đề bài|issue \d", re.IGNORECASE)
NO_ASSIGNMENT = (
    "Chưa có văn bản phân công"  # a department assignment no public text makes: said so, not invented
)


@pytest.mark.parametrize("code", sorted(EXPECTED_FILES))
def test_every_item_has_provenance_and_a_source_citing_a_public_document(
    sets: dict[str, CriteriaSet], code: str
) -> None:
    for place, provenance in all_provenances(sets[code]):
        assert provenance.status in PROVENANCE_MARKS, place
        assert not TEAM_NOTES.search(provenance.source + provenance.note), place
        assert provenance.source == NO_ASSIGNMENT or PUBLIC_DOCUMENT.search(provenance.source), place


@pytest.mark.parametrize("code", sorted(EXPECTED_FILES))
def test_no_placeholder_has_a_threshold_value(sets: dict[str, CriteriaSet], code: str) -> None:
    for _, indicator in sets[code].iter_indicators():
        for rule in indicator.thresholds:
            assert rule.provenance.is_placeholder is not rule.has_value, indicator.code
        if indicator.provenance.is_placeholder:
            assert not any(rule.has_value for rule in indicator.thresholds), indicator.code


@pytest.mark.parametrize("code", sorted(EXPECTED_FILES))
def test_every_indicator_row_is_complete(sets: dict[str, CriteriaSet], code: str) -> None:
    for _, indicator in sets[code].iter_indicators():
        assert indicator.code and indicator.name and indicator.kind and indicator.legal_source
        assert indicator.department.code == "" or indicator.department.code.isupper()
        if indicator.kind in ("percentage", "number", "count"):
            assert indicator.measure_unit, indicator.code


@pytest.mark.parametrize("path", shipped_set_paths(), ids=lambda p: p.name)
def test_files_are_utf8_nfc_with_vietnamese_diacritics(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert "tiêu chí" in text.lower()


@pytest.mark.parametrize("path", shipped_set_paths(), ids=lambda p: p.name)
def test_files_are_in_canonical_form_and_round_trip(path: Path) -> None:
    cs = load_path(path)
    assert from_dict(cs.to_dict()) == cs
    assert from_dict(json.loads(json.dumps(cs.to_dict(), ensure_ascii=False))) == cs
    assert load_bytes(dumps(cs).encode()) == cs
    text = path.read_text(encoding="utf-8")
    body = text[text.index("\nschema = ") + 1 :]  # after the header comment
    assert body == dumps(cs), "the file is not in the canonical form that dumps() writes"


def test_confirmed_facts_of_the_commune_set(sets: dict[str, CriteriaSet]) -> None:
    cs = sets["xa-ntm-2021-2025"]
    rule_31 = cs.find_indicator("3.1").thresholds[0]
    assert (rule_31.value, rule_31.provenance.status) == (80, "confirmed")
    assert [cs.find_indicator(f"8.{i}").provenance.status for i in range(1, 5)] == ["confirmed"] * 4
    assert (
        cs.find_indicator("8.4").name
        == "Xã có ứng dụng công nghệ thông tin trong công tác quản lý, điều hành"
    )
    assert cs.key_criteria == ("10", "17", "19")
    assert cs.find_indicator("13.4").applies_if == "lang_nghe"
    assert cs.disadvantaged_region == "TDMNPB"
    assert (cs.revocation.lower_share, cs.revocation.upper_share) == (30, 50)


def test_income_thresholds_are_partial_for_2022_and_placeholders_after(sets: dict[str, CriteriaSet]) -> None:
    income = sets["xa-ntm-2021-2025"].find_indicator("10")
    by_key = {(rule.region, rule.year): rule for rule in income.thresholds}
    assert (by_key["DNB", 2022].value, by_key["DNB", 2022].provenance.status) == (59, "partial")
    assert (by_key["TDMNPB", 2022].value, by_key["TDMNPB", 2022].provenance.status) == (39, "partial")
    for year in (2023, 2024, 2025):
        assert by_key["DNB", year].provenance.is_placeholder
        assert by_key["DNB", year].value is None


def test_advanced_set_health_indicators_and_departments(sets: dict[str, CriteriaSet]) -> None:
    cs = sets["xa-nang-cao-2021-2025"]
    health = [cs.find_indicator(f"14.{i}").thresholds[0] for i in range(1, 5)]
    assert [(rule.value, rule.provenance.status) for rule in health] == [
        (95, "confirmed"),
        (90, "confirmed"),
        (40, "confirmed"),
        (70, "confirmed"),
    ]
    assert cs.key_criteria == ("10", "18", "19")
    for code in ("1.1", "9.1", "17.9", "17.10"):
        department = cs.find_indicator(code).department
        assert (department.code, department.provenance.status) == ("SXD", "confirmed"), code
    assert cs.find_indicator("2.3").department.code == "SGTVT"
    assert cs.find_indicator("15.2").provenance.is_placeholder


def test_model_commune_references_resolve_against_the_shipped_sets(sets: dict[str, CriteriaSet]) -> None:
    model = sets["xa-kieu-mau-2021-2025"]
    assert reference_problems(model, sets) == []
    assert model.group_of("DK2").name.startswith("Thu nhập cao hơn")
    assert reference_problems(model, {}) == [
        "Chỉ tiêu DK2: bộ tiêu chí tham chiếu 'xa-nang-cao-2021-2025' chưa được nạp"
    ]
    rule = model.find_indicator("DK2").thresholds[0]
    assert (rule.ref_set, rule.ref_indicator, rule.factor) == ("xa-nang-cao-2021-2025", "10", 1.1)


def test_2026_set_selects_by_commune_group(sets: dict[str, CriteriaSet]) -> None:
    cs = sets["xa-ntm-2026-2030"]
    assert sorted(cs.groups) == [1, 2, 3]
    assert not cs.regions
    assert cs.criteria[6].name == "Khoa học công nghệ và chuyển đổi số"
    result = engine.evaluate(cs, UnitContext(commune_group=2), 2026, {})
    assert {r.status for c in result.criteria for r in c.indicators} == {NO_THRESHOLD}


def test_district_set_conditions(sets: dict[str, CriteriaSet]) -> None:
    cs = sets["huyen-ntm-2021-2025"]
    derived = {
        indicator.code: (indicator.derive, indicator.thresholds[0].value)
        for c in cs.conditions
        for indicator in c.indicators
    }
    assert derived == {
        "DK1": ("communes_level_share", 100),
        "DK2": ("communes_level_share", 10),
        "DK3": ("townships_civilised_share", 100),
        "DK4.1": ("district_satisfaction", 90),
        "DK4.2": ("min_commune_content_satisfaction", 80),
    }
    assert cs.find_indicator("9.5") is not None


def test_content_hash() -> None:
    data = (SETFILES_DIR / "xa-ntm-2021-2025.toml").read_bytes()
    assert content_hash(data) == hashlib.sha256(data).hexdigest()
    assert len(content_hash(data)) == 64
    assert content_hash(data + b"\n") != content_hash(data)


# --- Validation messages -------------------------------------------------------------------------------------

MINIMAL = """
schema = 1
code = "bo-thu"
version = 1
name = "Bộ thử"
subject = "commune"
grants_level = "ntm"
year_from = 2021
year_to = 2025
legal_source = "QĐ 318/QĐ-TTg (kiểm thử)"
provenance = "confirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[regions]
DNB = "Đông Nam Bộ"

[[criteria]]
code = "8"
name = "Thông tin và Truyền thông"
provenance = "confirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators]]
code = "8.4"
name = "Xã có ứng dụng công nghệ thông tin trong công tác quản lý, điều hành"
measure_unit = "Đạt/Không"
kind = "boolean"
legal_source = "QĐ 318/QĐ-TTg (kiểm thử)"
provenance = "confirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"
department = ""
department_provenance = "placeholder"
department_source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators.thresholds]]
expected = true
provenance = "confirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"
"""


def minimal() -> dict[str, Any]:
    return parse(MINIMAL)


def first_indicator(data: dict[str, Any]) -> dict[str, Any]:
    return data["criteria"][0]["indicators"][0]


def errors_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(SetFileError) as caught:
        from_dict(data)
    return caught.value.errors


def test_minimal_file_loads() -> None:
    cs = load_bytes(MINIMAL.encode())
    assert cs.find_indicator("8.4").thresholds[0].expected is True


def test_missing_provenance_names_the_indicator() -> None:
    data = minimal()
    del first_indicator(data)["provenance"]
    assert "Chỉ tiêu 8.4: thiếu nguồn (provenance)" in errors_of(data)


def test_missing_source_and_bad_status() -> None:
    data = minimal()
    first_indicator(data)["source"] = ""
    first_indicator(data)["thresholds"][0]["provenance"] = "guess"
    errors = errors_of(data)
    assert "Chỉ tiêu 8.4: thiếu trích dẫn nguồn (source)" in errors
    assert any(e.startswith("Chỉ tiêu 8.4, ngưỡng thứ 1: provenance 'guess' không hợp lệ") for e in errors)


def numeric(data: dict[str, Any], **threshold: Any) -> dict[str, Any]:
    row = first_indicator(data)
    row.update({"kind": "percentage", "op": ">=", "measure_unit": "%"})
    row["thresholds"] = [{**threshold, "source": "kiểm thử"}]
    return data


@pytest.mark.parametrize(
    ("threshold", "message"),
    [
        (
            {"value": 80, "provenance": "placeholder"},
            "Chỉ tiêu 8.4, ngưỡng thứ 1: ngưỡng placeholder không được có giá trị",
        ),
        ({"provenance": "unconfirmed"}, "Chỉ tiêu 8.4, ngưỡng thứ 1: thiếu giá trị ngưỡng"),
        (
            {"value": 140, "provenance": "confirmed"},
            "Chỉ tiêu 8.4, ngưỡng thứ 1: ngưỡng tỷ lệ phải trong khoảng 0-100%",
        ),
        ({"value": 80, "region": "XYZ", "provenance": "confirmed"}, "vùng 'XYZ' không có trong [regions]"),
        ({"value": 80, "group": 2, "provenance": "confirmed"}, "nhóm xã 2 không có trong [groups]"),
        ({"value": 80, "year": 2026, "provenance": "confirmed"}, "năm 2026 nằm ngoài giai đoạn 2021-2025"),
        (
            {"expected": True, "provenance": "confirmed"},
            "cần đúng các trường value hoặc factor+ref_indicator+ref_set",
        ),
        ({"value": 80, "min": 1, "provenance": "confirmed"}, "nhận được min+value"),
        ({"value": 80, "disadvantaged": False, "provenance": "confirmed"}, "disadvantaged chỉ nhận true"),
        ({"value": "80", "provenance": "confirmed"}, "'value' phải là số"),
        ({"value": 80, "provenance": "confirmed", "thresold": 1}, "trường 'thresold' không được hỗ trợ"),
    ],
)
def test_threshold_problems_are_named(threshold: dict[str, Any], message: str) -> None:
    errors = errors_of(numeric(minimal(), **threshold))
    assert any(message in error for error in errors), errors


def test_problems_carry_their_place_as_data_in_any_language() -> None:
    data = numeric(minimal(), value=140, provenance="confirmed", region="XYZ")
    with translation.override("en"):
        errors = errors_of(data)
    by_field = {problem.field: problem for problem in errors}
    share, region = by_field["value"], by_field["region"]
    assert share == "Indicator 8.4, threshold no. 1: a share threshold must be within 0-100%"
    assert (share.indicator, share.threshold, share.text) == (
        "8.4",
        1,
        "a share threshold must be within 0-100%",
    )
    assert (region.indicator, region.threshold) == ("8.4", 1)
    for copied in (copy.copy(share), copy.deepcopy(share)):
        assert copied == share and (copied.indicator, copied.threshold, copied.field) == ("8.4", 1, "value")


def test_placeholder_indicator_cannot_carry_a_valued_threshold() -> None:
    data = numeric(minimal(), value=80, provenance="unconfirmed")
    first_indicator(data)["provenance"] = "placeholder"
    assert "Chỉ tiêu 8.4: chỉ tiêu placeholder không được có giá trị ngưỡng" in errors_of(data)


def test_missing_department_is_named() -> None:
    data = minimal()
    del first_indicator(data)["department"]
    assert 'Chỉ tiêu 8.4: thiếu đơn vị phụ trách (department; để "" nếu chưa rõ)' in errors_of(data)


def test_duplicate_code_undeclared_flag_and_op_on_boolean() -> None:
    data = minimal()
    row = first_indicator(data)
    row.update({"applies_if": "lang_nghe", "op": ">="})
    data["criteria"][0]["indicators"].append(dict(row))
    errors = errors_of(data)
    assert "Bộ tiêu chí bo-thu: mã chỉ tiêu '8.4' bị trùng" in errors
    assert "Chỉ tiêu 8.4: applies_if 'lang_nghe' chưa được khai báo trong [flags]" in errors
    assert "Chỉ tiêu 8.4: kiểu 'boolean' không dùng op" in errors


def test_kind_op_and_department_problems() -> None:
    data = minimal()
    first_indicator(data).update({"kind": "ratio", "department": "SXD"})
    assert any("kind 'ratio' không hợp lệ" in e for e in errors_of(data))
    data = minimal()
    first_indicator(data).update({"kind": "percentage", "op": "=="})
    assert any("op '==' không hợp lệ" in e for e in errors_of(data))
    data = minimal()
    first_indicator(data)["department"] = "SXD"
    assert (
        "Chỉ tiêu 8.4: đã ghi đơn vị phụ trách thì department_provenance không được là placeholder"
        in errors_of(data)
    )
    data = minimal()
    first_indicator(data)["department"] = "Sở Xây dựng"
    assert any("mã đơn vị phụ trách 'Sở Xây dựng'" in e for e in errors_of(data))


def test_duplicate_selectors_are_rejected() -> None:
    data = minimal()
    rule = {"expected": True, "region": "DNB", "provenance": "confirmed", "source": "kiểm thử"}
    first_indicator(data)["thresholds"] = [rule, dict(rule)]
    assert "Chỉ tiêu 8.4: có hai ngưỡng cùng điều kiện chọn (vùng DNB)" in errors_of(data)


def test_set_level_problems_are_collected_together() -> None:
    data = minimal()
    data.update(
        {"schema": 2, "expected_criteria": 19, "expected_indicators": 57, "disadvantaged_region": "TDMNPB"}
    )
    del data["name"]
    errors = errors_of(data)
    assert "Bộ tiêu chí bo-thu: thiếu trường bắt buộc 'name'" in errors
    assert any("schema = 2 không được hỗ trợ" in e for e in errors)
    data = minimal()
    data.update(
        {
            "expected_criteria": 19,
            "expected_indicators": 57,
            "disadvantaged_region": "TDMNPB",
            "year_from": 2030,
        }
    )
    errors = errors_of(data)
    assert "Bộ tiêu chí bo-thu: expected_criteria = 19 nhưng tệp có 1 tiêu chí" in errors
    assert "Bộ tiêu chí bo-thu: expected_indicators = 57 nhưng tệp có 1 chỉ tiêu" in errors
    assert "Bộ tiêu chí bo-thu: disadvantaged_region 'TDMNPB' không có trong [regions]" in errors
    assert "Bộ tiêu chí bo-thu: year_from (2030) lớn hơn year_to (2025)" in errors


def test_criterion_problems() -> None:
    data = minimal()
    data["criteria"].append(
        {"code": "9", "name": "Nhà ở", "provenance": "confirmed", "source": "x", "indicators": []}
    )
    data["revocation"] = {
        "lower_share": 50,
        "upper_share": 30,
        "legal_source": "x",
        "provenance": "partial",
        "source": "x",
    }
    errors = errors_of(data)
    assert "Tiêu chí 9: phải có ít nhất một chỉ tiêu (thêm dòng placeholder nếu chưa biết)" in errors
    assert "Quy tắc thu hồi (revocation): cần 0 < lower_share < upper_share ≤ 100" in errors


def test_syntax_and_encoding_errors() -> None:
    with pytest.raises(SetFileError, match="cú pháp TOML"):
        load_bytes(b"schema = = 1")
    with pytest.raises(SetFileError, match="UTF-8"):
        load_bytes("name = 'Bộ'".encode("cp1258", errors="replace") + b"\xff")


def test_criterion_department_is_inherited_by_its_indicators() -> None:
    data = minimal()
    row = first_indicator(data)
    for key in ("department", "department_provenance", "department_source"):
        del row[key]
    data["criteria"][0].update(
        {"department": "STTTT", "department_provenance": "unconfirmed", "department_source": "x"}
    )
    cs = from_dict(data)
    assert cs.find_indicator("8.4").department.code == "STTTT"
    assert "department" not in cs.to_dict()["criteria"][0]
    assert cs.to_dict()["criteria"][0]["indicators"][0]["department"] == "STTTT"


# --- A third, invented set with a different structure: no code change needed ---------------------------------

INVENTED = """
# Bộ tiêu chí BỊA RA cho kiểm thử: "ấp kiểu mẫu" của một tỉnh giả định. Không phải văn bản thật.
schema = 1
code = "ap-kieu-mau-tinh-thu"
version = 3
name = "Bộ tiêu chí ấp nông thôn mới kiểu mẫu (tỉnh thử nghiệm)"
subject = "village"
grants_level = "ap_kieu_mau"
year_from = 2024
year_to = 2027
legal_source = "QĐ 318/QĐ-TTg (Quyết định giả định dùng cho kiểm thử)"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (Bộ tiêu chí dựng trong kiểm thử, không phải văn bản thật)"
disadvantaged_region = "NUI"
expected_criteria = 2
expected_indicators = 4
expected_conditions = 1

[regions]
DONG_BANG = "Vùng đồng bằng của tỉnh"
NUI = "Vùng núi của tỉnh"

[groups]
1 = "Ấp ven đô"
2 = "Ấp thuần nông"

[flags]
co_ben_do = "Ấp có bến đò"

[revocation]
lower_share = 20
upper_share = 40
legal_source = "QĐ 318/QĐ-TTg (giả định)"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[conditions]]
code = "A"
name = "Ấp đã đạt chuẩn NTM"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"
department = "UBNDXA"
department_provenance = "unconfirmed"
department_source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[conditions.indicators]]
code = "A"
name = "Ấp đã được công nhận ấp NTM"
kind = "official_level"
legal_source = "QĐ 318/QĐ-TTg (giả định)"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[conditions.indicators.thresholds]]
levels = ["ap_ntm", "ap_kieu_mau"]
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria]]
code = "I"
name = "Cảnh quan"
key = true
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"
department = "SNNMT"
department_provenance = "unconfirmed"
department_source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators]]
code = "I.a"
name = "Độ che phủ cây xanh trên tuyến đường chính"
measure_unit = "%"
kind = "percentage"
op = "range"
legal_source = "QĐ 318/QĐ-TTg (giả định)"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators.thresholds]]
min = 30
max = 70
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators.thresholds]]
group = 1
year = 2025
min = 20
max = 60
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators]]
code = "I.b"
name = "Số điểm tập kết rác tự phát"
measure_unit = "điểm"
kind = "count"
op = "<"
legal_source = "QĐ 318/QĐ-TTg (giả định)"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators.thresholds]]
value = 1
provenance = "confirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria]]
code = "II"
name = "Giao thông thủy"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators]]
code = "II.a"
name = "Bến đò bảo đảm an toàn (nếu có)"
measure_unit = "Đạt/Không"
kind = "boolean"
legal_source = "QĐ 318/QĐ-TTg (giả định)"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"
department = ""
department_provenance = "placeholder"
department_source = "QĐ 318/QĐ-TTg (kiểm thử)"
applies_if = "co_ben_do"

[[criteria.indicators.thresholds]]
expected = true
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators]]
code = "II.b"
name = "Thu nhập bình quân của ấp"
measure_unit = "triệu đồng/người/năm"
kind = "number"
op = ">"
legal_source = "QĐ 318/QĐ-TTg (giả định)"
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"
department = ""
department_provenance = "placeholder"
department_source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators.thresholds]]
region = "DONG_BANG"
value = 80
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators.thresholds]]
region = "NUI"
value = 50
provenance = "unconfirmed"
source = "QĐ 318/QĐ-TTg (kiểm thử)"

[[criteria.indicators.thresholds]]
region = "DONG_BANG"
year = 2027
provenance = "placeholder"
source = "QĐ 318/QĐ-TTg (kiểm thử)"
"""


def test_an_invented_province_set_loads_and_evaluates_with_no_code_change(tmp_path: Path) -> None:
    path = tmp_path / "ap-kieu-mau-tinh-thu.toml"
    path.write_text(INVENTED, encoding="utf-8")
    cs = load_path(path)
    assert (cs.subject, cs.grants_level, cs.version) == ("village", "ap_kieu_mau", 3)
    assert cs.groups == {1: "Ấp ven đô", 2: "Ấp thuần nông"}

    hamlet = UnitContext(
        region="DONG_BANG", commune_group=2, flags={"co_ben_do": False}, official_level="ap_ntm"
    )
    values = {"I.a": 70, "I.b": 0, "II.b": 80.5}
    result = engine.evaluate(cs, hamlet, 2025, values)
    assert result.level_reached == "ap_kieu_mau"
    assert result.indicator("II.a").status == NOT_APPLICABLE
    assert result.indicator("I.a").threshold.describe("%") == "từ 30 đến 70%"

    # group 1 in 2025 has its own range; the hill region and a disadvantaged hamlet use the "NUI" level
    suburban = UnitContext(
        region="DONG_BANG", commune_group=1, flags={"co_ben_do": True}, official_level="ap_ntm"
    )
    result = engine.evaluate(cs, suburban, 2025, {**values, "II.a": True})
    assert result.indicator("I.a").status == NOT_MET
    assert result.indicator("I.a").threshold.selected_by == "group+year"
    poor = UnitContext(
        region="DONG_BANG", disadvantaged=True, flags={"co_ben_do": False}, official_level="ap_ntm"
    )
    assert engine.evaluate(cs, poor, 2025, {**values, "II.b": 50.5}).indicator("II.b").status == MET
    assert engine.evaluate(cs, hamlet, 2027, values).indicator("II.b").status == NO_THRESHOLD

    # one of two criteria failing is 50%: at risk under this set's own 20%/40% rule
    failing = engine.evaluate(cs, hamlet, 2025, {**values, "II.b": 80})
    assert failing.indicator("II.b").status == NOT_MET
    assert failing.revocation.at_risk
    assert failing.indicator("I.b").status == MET
    assert (
        engine.validate_values(cs, {"I.b": 2.5})[0].message
        == "Chỉ tiêu I.b: số lượng phải là số nguyên, nhận được 2,5"
    )


def test_invented_set_round_trips_through_dumps(tmp_path: Path) -> None:
    cs = load_bytes(INVENTED.encode())
    path = tmp_path / "roundtrip.toml"
    path.write_text(dumps(cs, header="Bản xuất lại"), encoding="utf-8")
    assert load_path(path) == cs
    assert path.read_text(encoding="utf-8").startswith("# Bản xuất lại\n")
    assert (
        engine.evaluate(load_path(path), UnitContext(region="NUI"), 2024, {"I.b": 0}).indicator("I.b").status
        == MET
    )
