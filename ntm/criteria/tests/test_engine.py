"""Tests of the pure evaluation engine (no Django, no database)."""

from __future__ import annotations

import json
import operator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm.criteria import engine
from ntm.criteria.engine import (
    MET,
    MISSING,
    NO_THRESHOLD,
    NOT_APPLICABLE,
    NOT_MET,
    InvalidValuesError,
    UnitContext,
    evaluate,
    validate_values,
)
from ntm.criteria.setfile import SETFILES_DIR, CriteriaSet, Provenance, RevocationRule
from ntm.criteria.setload import from_dict, load_path

DNB = UnitContext(region="DNB")
SRC = "kiểm thử"

# --- Builders: small sets written as plain dicts (the file format) -------------------------------------------


def rule(value: Any = None, *, status: str = "confirmed", **fields: Any) -> dict[str, Any]:
    data = dict(fields)
    if value is not None:
        data["value"] = value
    data.update({"provenance": status, "source": SRC})
    return data


def placeholder_rule(**selectors: Any) -> dict[str, Any]:
    return {**selectors, "provenance": "placeholder", "source": SRC}


def indicator(
    code: str, *thresholds: dict[str, Any], kind: str = "percentage", op: str | None = ">=", **extra: Any
):
    data: dict[str, Any] = {
        "code": code,
        "name": f"Chỉ tiêu thử {code}",
        "measure_unit": "%" if kind == "percentage" else "",
        "kind": kind,
        "legal_source": SRC,
        "provenance": "confirmed",
        "source": SRC,
        "department": "",
        "department_provenance": "placeholder",
        "department_source": SRC,
        "thresholds": list(thresholds),
        **extra,
    }
    if op is not None and kind in ("percentage", "number", "count"):
        data["op"] = op
    return data


def boolean(code: str, expected: bool = True, **extra: Any) -> dict[str, Any]:
    return indicator(code, rule(expected=expected), kind="boolean", op=None, **extra)


def criterion(code: str, *indicators: dict[str, Any], key: bool = False) -> dict[str, Any]:
    return {"code": code, "name": f"Tiêu chí thử {code}", "key": key, "provenance": "confirmed", "source": SRC,
            "indicators": list(indicators)}  # fmt: skip


def make_set(
    *criteria: dict[str, Any], conditions: tuple[dict[str, Any], ...] = (), **top: Any
) -> CriteriaSet:
    data: dict[str, Any] = {
        "schema": 1,
        "code": "bo-thu",
        "version": 1,
        "name": "Bộ tiêu chí thử",
        "subject": "commune",
        "grants_level": "ntm",
        "year_from": 2021,
        "year_to": 2025,
        "legal_source": SRC,
        "provenance": "confirmed",
        "source": SRC,
        "regions": {"TDMNPB": "Trung du và miền núi phía Bắc", "DNB": "Đông Nam Bộ", "DBSCL": "ĐBSCL"},
        "groups": {"1": "Nhóm 1", "2": "Nhóm 2", "3": "Nhóm 3"},
        "disadvantaged_region": "TDMNPB",
        "flags": {"lang_nghe": "Xã có làng nghề"},
        "conditions": list(conditions),
        "criteria": list(criteria),
    }
    data.update(top)
    return from_dict(data)


def single(ind: dict[str, Any]) -> CriteriaSet:
    return make_set(criterion("1", ind))


def status_of(cs: CriteriaSet, code: str, value: object, unit: UnitContext = DNB, year: int = 2022) -> str:
    return evaluate(cs, unit, year, {code: value}).indicator(code).status


def shipped(name: str) -> CriteriaSet:
    return load_path(SETFILES_DIR / f"{name}.toml")


# --- Comparisons and rule types ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        (">=", 80, MET),
        (">=", 79.99, NOT_MET),
        (">", 80, NOT_MET),
        (">", 80.01, MET),
        ("<=", 80, MET),
        ("<=", 80.01, NOT_MET),
        ("<", 80, NOT_MET),
        ("<", 79.99, MET),
    ],
)
def test_comparison_at_and_around_the_threshold(op: str, value: float, expected: str) -> None:
    cs = single(indicator("1.1", rule(80), op=op))
    assert status_of(cs, "1.1", value) == expected


def test_exact_decimal_comparison_with_decimal_and_fraction_inputs() -> None:
    cs = single(indicator("1.1", rule(64.9), kind="number"))
    assert status_of(cs, "1.1", Decimal("64.9")) == MET
    assert status_of(cs, "1.1", Fraction(649, 10)) == MET
    assert status_of(cs, "1.1", 64.9) == MET
    assert status_of(cs, "1.1", Decimal("64.89")) == NOT_MET


@pytest.mark.parametrize(
    ("value", "expected"), [(10, MET), (20, MET), (15, MET), (9.99, NOT_MET), (20.01, NOT_MET)]
)
def test_range_includes_both_ends(value: float, expected: str) -> None:
    cs = single(indicator("1.1", rule(min=10, max=20), kind="number", op="range"))
    assert status_of(cs, "1.1", value) == expected


def test_boolean_expected_true_and_false() -> None:
    cs = make_set(criterion("1", boolean("1.1"), boolean("1.2", expected=False)))
    result = evaluate(cs, DNB, 2022, {"1.1": True, "1.2": False})
    assert result.indicator("1.1").status == MET
    assert result.indicator("1.2").status == MET
    result = evaluate(cs, DNB, 2022, {"1.1": False, "1.2": True})
    assert result.indicator("1.1").status == NOT_MET
    assert result.indicator("1.2").status == NOT_MET
    assert result.indicator("1.2").threshold.describe() == "Không"


def test_count_threshold() -> None:
    cs = single(indicator("1.1", rule(1), kind="count"))
    assert status_of(cs, "1.1", 1) == MET
    assert status_of(cs, "1.1", 0) == NOT_MET


def test_missing_value_leaves_the_criterion_not_met() -> None:
    cs = make_set(criterion("1", indicator("1.1", rule(80)), indicator("1.2", rule(50))))
    result = evaluate(cs, DNB, 2022, {"1.1": 90})
    assert result.indicator("1.2").status == MISSING
    assert result.indicator("1.2").reason == "Chưa có giá trị"
    assert result.indicator("1.2").threshold is not None
    assert not result.criteria[0].met
    assert not result.criteria[0].failing
    assert evaluate(cs, DNB, 2022, {"1.1": 90, "1.2": None}).indicator("1.2").status == MISSING


# --- Applicability ("nếu có") --------------------------------------------------------------------------------


def test_applies_if_flag_false_is_not_applicable_and_the_criterion_can_still_be_met() -> None:
    cs = make_set(criterion("13", boolean("13.1"), boolean("13.4", applies_if="lang_nghe")))
    unit = UnitContext(region="DNB", flags={"lang_nghe": False})
    result = evaluate(cs, unit, 2022, {"13.1": True})
    assert result.indicator("13.4").status == NOT_APPLICABLE
    assert "Xã có làng nghề" in result.indicator("13.4").reason
    assert result.criteria[0].met


def test_applies_if_flag_true_evaluates_the_indicator() -> None:
    cs = make_set(criterion("13", boolean("13.4", applies_if="lang_nghe")))
    unit = UnitContext(region="DNB", flags={"lang_nghe": True})
    assert evaluate(cs, unit, 2022, {"13.4": False}).indicator("13.4").status == NOT_MET
    assert evaluate(cs, unit, 2022, {"13.4": True}).indicator("13.4").status == MET


def test_applies_if_flag_absent_is_missing_not_a_silent_pass() -> None:
    cs = make_set(criterion("13", boolean("13.4", applies_if="lang_nghe")))
    result = evaluate(cs, DNB, 2022, {"13.4": True})
    assert result.indicator("13.4").status == MISSING
    assert result.indicator("13.4").reason.startswith("Chưa khai báo điều kiện áp dụng")
    assert not result.criteria[0].met


def test_criterion_whose_indicators_are_all_not_applicable_is_met() -> None:
    cs = make_set(criterion("13", boolean("13.4", applies_if="lang_nghe")))
    unit = UnitContext(region="DNB", flags={"lang_nghe": False})
    assert evaluate(cs, unit, 2022, {}).criteria[0].met


# --- No threshold --------------------------------------------------------------------------------------------


def test_placeholder_threshold_gives_no_threshold_even_with_a_value() -> None:
    cs = single(indicator("17.7", placeholder_rule()))
    result = evaluate(cs, DNB, 2022, {"17.7": 100})
    assert result.indicator("17.7").status == NO_THRESHOLD
    assert result.indicator("17.7").threshold is None
    assert "placeholder" in result.indicator("17.7").reason
    assert not result.criteria[0].met


def test_placeholder_indicator_of_unknown_kind_has_no_threshold() -> None:
    row = indicator("17.7", kind="unknown", op=None, provenance="placeholder")
    cs = single(row)
    assert status_of(cs, "17.7", None) == NO_THRESHOLD
    assert status_of(cs, "17.7", True) == NO_THRESHOLD
    assert status_of(cs, "17.7", 12.5) == NO_THRESHOLD


def test_no_matching_rule_gives_no_threshold() -> None:
    cs = single(indicator("2.2", rule(80, region="TDMNPB")))
    assert status_of(cs, "2.2", 90, UnitContext(region="DNB")) == NO_THRESHOLD
    assert status_of(cs, "2.2", 90, UnitContext()) == NO_THRESHOLD


def test_a_specific_placeholder_is_final_and_never_falls_back_to_the_general_value() -> None:
    cs = single(indicator("10", rule(50), placeholder_rule(region="DNB", year=2023), kind="number"))
    assert status_of(cs, "10", 60, year=2023) == NO_THRESHOLD
    assert status_of(cs, "10", 60, year=2022) == MET


# --- Threshold selection -------------------------------------------------------------------------------------


def income_set() -> CriteriaSet:
    return single(
        indicator(
            "10",
            rule(59, region="DNB", year=2022, status="partial"),
            rule(62, region="DNB", year=2023),
            rule(39, region="TDMNPB", year=2022, status="partial"),
            rule(45, region="DBSCL"),
            kind="number",
        )
    )


def test_year_dependent_threshold() -> None:
    cs = income_set()
    assert status_of(cs, "10", 60, year=2022) == MET
    assert status_of(cs, "10", 60, year=2023) == NOT_MET
    assert status_of(cs, "10", 62, year=2023) == MET
    assert status_of(cs, "10", 100, year=2021) == NO_THRESHOLD


def test_region_threshold() -> None:
    cs = income_set()
    result = evaluate(cs, UnitContext(region="DBSCL"), 2024, {"10": 45}).indicator("10")
    assert result.status == MET
    assert result.threshold.selected_by == "region"
    assert result.threshold.selection.region == "DBSCL"


def test_disadvantaged_commune_uses_the_tdmnpb_level() -> None:
    cs = income_set()
    unit = UnitContext(region="DNB", disadvantaged=True)
    result = evaluate(cs, unit, 2022, {"10": 40}).indicator("10")
    assert result.status == MET
    assert result.threshold.value == 39
    assert result.threshold.selected_by == "disadvantaged+region+year"
    assert result.threshold.selection.region == "TDMNPB"
    assert result.provisional
    # the same commune without the flag needs the ĐNB level
    assert status_of(cs, "10", 40, UnitContext(region="DNB")) == NOT_MET


def test_commune_group_threshold_and_group_year_beats_group() -> None:
    rules = (rule(90, group=1), rule(80, group=2), rule(85, group=2, year=2027), rule(60))
    cs = make_set(criterion("3", indicator("3.1", *rules)), year_from=2026, year_to=2030)
    assert status_of(cs, "3.1", 85, UnitContext(commune_group=1), 2026) == NOT_MET
    assert status_of(cs, "3.1", 80, UnitContext(commune_group=2), 2026) == MET
    assert status_of(cs, "3.1", 80, UnitContext(commune_group=2), 2027) == NOT_MET
    assert status_of(cs, "3.1", 60, UnitContext(commune_group=3), 2026) == MET
    assert status_of(cs, "3.1", 60, UnitContext(), 2026) == MET


LADDER = [
    ("disadvantaged+year", {"disadvantaged": True, "year": 2022}),
    ("disadvantaged", {"disadvantaged": True}),
    ("region+year", {"region": "DNB", "year": 2022}),
    ("region", {"region": "DNB"}),
    ("group+year", {"group": 2, "year": 2022}),
    ("group", {"group": 2}),
    ("year", {"year": 2022}),
    ("general", {}),
]


@pytest.mark.parametrize("start", range(len(LADDER)))
def test_precedence_ladder(start: int) -> None:
    """With every rule from ``start`` down the ladder present and matching, the first one wins."""
    rules = [rule(10 + i, **selectors) for i, (_, selectors) in enumerate(LADDER) if i >= start]
    cs = make_set(criterion("1", indicator("1.1", *rules)), disadvantaged_region=None)
    unit = UnitContext(region="DNB", commune_group=2, disadvantaged=True)
    selection = engine.select_threshold(cs, cs.find_indicator("1.1"), unit, 2022)
    assert selection is not None
    assert selection.selected_by == LADDER[start][0]
    assert selection.rule.value == 10 + start


def test_explicit_disadvantaged_rule_beats_the_tdmnpb_substitution() -> None:
    cs = single(
        indicator("2.2", rule(80, region="TDMNPB"), rule(70, disadvantaged=True), rule(95, region="DNB"))
    )
    unit = UnitContext(region="DNB", disadvantaged=True)
    result = evaluate(cs, unit, 2022, {"2.2": 75}).indicator("2.2")
    assert result.status == MET
    assert result.threshold.selected_by == "disadvantaged"


def test_substitution_does_not_apply_when_the_set_declares_no_disadvantaged_region() -> None:
    cs = make_set(criterion("1", indicator("2.2", rule(80, region="TDMNPB"), rule(95, region="DNB"))),
                  disadvantaged_region=None)  # fmt: skip
    unit = UnitContext(region="DNB", disadvantaged=True)
    assert engine.effective_region(cs, unit) == ("DNB", False)
    assert status_of(cs, "2.2", 90, unit) == NOT_MET


# --- Criterion, totals, level, provisional -------------------------------------------------------------------


def test_criterion_met_only_when_every_applicable_indicator_is_met() -> None:
    cs = make_set(
        criterion("1", indicator("1.1", rule(80)), boolean("1.2")),
        criterion("2", indicator("2.1", rule(50))),
    )
    result = evaluate(cs, DNB, 2022, {"1.1": 80, "1.2": True, "2.1": 10})
    assert [c.met for c in result.criteria] == [True, False]
    assert (result.criteria_met, result.criteria_total) == (1, 2)
    assert result.level_reached is None
    result = evaluate(cs, DNB, 2022, {"1.1": 80, "1.2": True, "2.1": 50})
    assert result.level_reached == "ntm"


def test_provisional_when_an_applied_threshold_is_not_confirmed() -> None:
    cs = make_set(
        criterion("1", indicator("1.1", rule(80))),
        criterion("2", indicator("2.1", rule(50, status="partial"))),
        criterion("3", indicator("3.1", rule(50, status="unconfirmed"))),
    )
    result = evaluate(cs, DNB, 2022, {"1.1": 90, "2.1": 90, "3.1": 90})
    assert [c.provisional for c in result.criteria] == [False, True, True]
    assert result.provisional
    assert result.level_reached == "ntm"
    assert result.indicator("2.1").threshold.provenance.status == "partial"


def test_conditions_gate_the_level_but_are_not_counted_as_criteria() -> None:
    official = indicator("DK1", rule(levels=["ntm", "nang_cao"]), kind="official_level", op=None)
    cs = make_set(
        criterion("1", boolean("1.1")), conditions=({**criterion("DK1", official)},), grants_level="nang_cao"
    )
    values = {"1.1": True}
    without = evaluate(cs, DNB, 2022, values)
    assert without.indicator("DK1").status == MISSING
    assert (without.criteria_met, without.criteria_total, without.conditions_total) == (1, 1, 1)
    assert without.level_reached is None
    recognised = UnitContext(region="DNB", official_level="ntm")
    assert evaluate(cs, recognised, 2022, values).level_reached == "nang_cao"
    other = UnitContext(region="DNB", official_level="kieu_mau")
    assert evaluate(cs, other, 2022, values).indicator("DK1").status == NOT_MET


def test_evaluation_to_dict_is_json_serialisable() -> None:
    cs = income_set()
    data = evaluate(cs, DNB, 2022, {"10": 64.9}).to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text)["criteria"][0]["indicators"][0]["threshold"]["value"] == 59
    assert data["criteria"][0]["indicators"][0]["value"] == 64.9


# --- Model commune (QĐ 319) with a reference to the advanced set ---------------------------------------------


def advanced_reference() -> CriteriaSet:
    """Stands in for the advanced set: the shipped one has no income thresholds yet (placeholders)."""
    income = indicator("10", rule(59, region="DNB", year=2022, status="partial"), kind="number")
    return make_set(criterion("10", income), code="xa-nang-cao-2021-2025", grants_level="nang_cao")


MODEL_OK = {"DK2": 64.9, "DK3": 1, "DK4": 1}


def test_model_commune_meets_all_four_conditions() -> None:
    model = shipped("xa-kieu-mau-2021-2025")
    unit = UnitContext(region="DNB", official_level="nang_cao")
    result = evaluate(model, unit, 2022, MODEL_OK, references={"xa-nang-cao-2021-2025": advanced_reference()})
    assert [c.met for c in result.conditions] == [True, True, True, True]
    assert result.level_reached == "kieu_mau"
    income = result.indicator("DK2").threshold
    assert income.value == Fraction(649, 10)  # 110% of 59, exactly
    assert income.provenance.status == "partial"  # the weaker of confirmed (319) and partial (the reference)
    assert "xa-nang-cao-2021-2025/10" in income.reference
    assert result.provisional


@pytest.mark.parametrize(
    ("change", "unit_level", "failing"),
    [
        ({"DK2": 64.8}, "nang_cao", "DK2"),
        ({"DK3": 0}, "nang_cao", "DK3"),
        ({"DK4": 0}, "nang_cao", "DK4"),
        ({}, "ntm", "DK1"),
    ],
)
def test_model_commune_fails_each_condition(change: dict[str, float], unit_level: str, failing: str) -> None:
    model = shipped("xa-kieu-mau-2021-2025")
    unit = UnitContext(region="DNB", official_level=unit_level)
    refs = {"xa-nang-cao-2021-2025": advanced_reference()}
    result = evaluate(model, unit, 2022, {**MODEL_OK, **change}, references=refs)
    assert [c.code for c in result.conditions if not c.met] == [failing]
    assert result.level_reached is None


def test_model_commune_income_has_no_threshold_without_the_reference_or_with_a_placeholder() -> None:
    model = shipped("xa-kieu-mau-2021-2025")
    unit = UnitContext(region="DNB", official_level="nang_cao")
    alone = evaluate(model, unit, 2022, MODEL_OK).indicator("DK2")
    assert alone.status == NO_THRESHOLD
    assert "xa-nang-cao-2021-2025" in alone.reason
    real = {"xa-nang-cao-2021-2025": shipped("xa-nang-cao-2021-2025")}
    assert evaluate(model, unit, 2022, MODEL_OK, references=real).indicator("DK2").status == NO_THRESHOLD
    other_year = evaluate(
        model, unit, 2023, MODEL_OK, references={"xa-nang-cao-2021-2025": advanced_reference()}
    )
    assert other_year.indicator("DK2").status == NO_THRESHOLD


def test_official_level_and_derived_values_cannot_be_typed_in() -> None:
    model = shipped("xa-kieu-mau-2021-2025")
    problems = validate_values(model, {"DK1": "nang_cao"})
    assert problems[0].code == "DK1"
    assert "trạng thái công nhận chính thức" in problems[0].message
    district = shipped("huyen-ntm-2021-2025")
    assert "dữ liệu các xã" in validate_values(district, {"DK1": 100})[0].message


# --- District over its communes (QĐ 320 Annex I) -------------------------------------------------------------


def commune(code: str, level: str | None = "ntm", contents: dict[str, float] | None = None) -> dict[str, Any]:
    return {"code": code, "official_level": level,
            "satisfaction": {"overall": 95, "by_content": contents or {"giao_thong": 90, "moi_truong": 85}}}  # fmt: skip


def district_inputs(**changes: Any) -> dict[str, Any]:
    communes = [commune(f"X{i}") for i in range(9)] + [commune("X9", "nang_cao")]
    data = {"satisfaction": 92, "communes": communes, "townships": [{"code": "TT1", "civilised": True}]}
    data.update(changes)
    return data


def district_result(**changes: Any) -> engine.Evaluation:
    return evaluate(
        shipped("huyen-ntm-2021-2025"), UnitContext(), 2023, {}, district_inputs=district_inputs(**changes)
    )


def test_district_overall_conditions_met_exactly_at_the_thresholds() -> None:
    result = district_result()
    assert [c.met for c in result.conditions] == [True, True, True, True]
    assert result.indicator("DK2").value == 10  # 1 of 10 communes advanced
    assert result.indicator("DK2").status == MET
    # the 9 district criteria are mostly placeholders, so the district does not reach the level
    assert result.level_reached is None


def test_district_needs_every_commune_ntm_and_ten_percent_advanced() -> None:
    communes = [commune(f"X{i}") for i in range(9)] + [commune("X9", None)]
    result = district_result(communes=communes)
    assert result.indicator("DK1").status == NOT_MET
    assert result.indicator("DK2").status == NOT_MET
    assert "0/10 xã" in result.indicator("DK2").reason


def test_district_townships() -> None:
    assert (
        district_result(townships=[{"code": "A", "civilised": True}, {"code": "B", "civilised": False}])
        .indicator("DK3")
        .status
        == NOT_MET
    )
    assert district_result(townships=[]).indicator("DK3").status == NOT_APPLICABLE
    assert district_result(townships=None).indicator("DK3").status == MISSING


@pytest.mark.parametrize(("overall", "expected"), [(90, MET), (89.9, NOT_MET), (None, MISSING)])
def test_district_satisfaction(overall: float | None, expected: str) -> None:
    assert district_result(satisfaction=overall).indicator("DK4.1").status == expected


def test_each_content_in_each_commune_must_reach_eighty_percent() -> None:
    at = [commune("A", contents={"giao_thong": 80, "y_te": 95}), commune("B", "nang_cao")]
    assert district_result(communes=at).indicator("DK4.2").status == MET
    below = [commune("A", contents={"giao_thong": 79.9, "y_te": 95}), commune("B", "nang_cao")]
    result = district_result(communes=below).indicator("DK4.2")
    assert result.status == NOT_MET
    assert "xã A" in result.reason
    assert "giao_thong" in result.reason
    lacking = [commune("A"), {"code": "B", "official_level": "ntm"}]
    assert "B" in district_result(communes=lacking).indicator("DK4.2").reason


def test_district_without_inputs_is_missing() -> None:
    result = evaluate(shipped("huyen-ntm-2021-2025"), UnitContext(), 2023, {})
    assert {r.status for c in result.conditions for r in c.indicators} == {MISSING}


def test_bad_district_inputs_are_refused() -> None:
    bad = district_inputs(satisfaction=140, townships=[{"code": "A", "civilised": "có"}])
    bad["communes"][0]["satisfaction"]["by_content"]["y_te"] = -5
    bad["communes"][1]["code"] = "X0"
    with pytest.raises(InvalidValuesError) as caught:
        evaluate(shipped("huyen-ntm-2021-2025"), UnitContext(), 2023, {}, district_inputs=bad)
    messages = [p.message for p in caught.value.problems]
    assert any("toàn huyện" in m and "140" in m for m in messages)
    assert any("y_te" in m and "0-100%" in m for m in messages)
    assert any("civilised" in m for m in messages)
    assert any("bị trùng" in m for m in messages)
    assert engine.validate_district_inputs(bad) == caught.value.problems


# --- Revocation risk (QĐ 18/2022 Art. 4) ---------------------------------------------------------------------

REVOCATION = {
    "lower_share": 30,
    "upper_share": 50,
    "legal_source": SRC,
    "provenance": "partial",
    "source": SRC,
}


def hundred_criteria() -> CriteriaSet:
    criteria = [criterion(str(i), boolean(f"{i}.1"), key=i == 1) for i in range(1, 101)]
    return make_set(*criteria, revocation=REVOCATION)


def failing_values(count: int, *, key: bool) -> dict[str, bool]:
    failing = set(range(1, count + 1)) if key else set(range(2, count + 2))
    return {f"{i}.1": i not in failing for i in range(1, 101)}


@pytest.mark.parametrize(
    ("failing", "key", "at_risk"),
    [
        (29, True, False),
        (30, True, True),
        (30, False, False),
        (49, True, True),
        (49, False, False),
        (50, False, True),
        (50, True, True),
        (0, False, False),
    ],
)
def test_revocation_risk_boundaries(failing: int, key: bool, at_risk: bool) -> None:
    result = evaluate(hundred_criteria(), DNB, 2022, failing_values(failing, key=key))
    assert result.revocation is not None
    assert result.revocation.at_risk is at_risk
    assert result.revocation.conclusive
    assert len(result.revocation.failing) == failing
    assert bool(result.revocation.failing_key) is (key and failing > 0)


def test_revocation_is_inconclusive_when_missing_data_could_change_it() -> None:
    values = failing_values(29, key=True)
    del values["50.1"]
    result = evaluate(hundred_criteria(), DNB, 2022, values)
    assert not result.revocation.at_risk
    assert not result.revocation.conclusive
    assert result.revocation.undetermined == ("50",)
    assert "chưa kết luận được" in result.revocation.reason


def test_revocation_on_the_shipped_commune_set_uses_its_key_criteria() -> None:
    cs = shipped("xa-ntm-2021-2025")
    assert cs.key_criteria == ("10", "17", "19")
    rule = cs.revocation
    assert engine.revocation_at_risk(rule, 6, 19, key_failing=True)  # 31,6% with income failing
    assert not engine.revocation_at_risk(rule, 6, 19, key_failing=False)
    assert not engine.revocation_at_risk(rule, 5, 19, key_failing=True)  # 26,3%
    assert engine.revocation_at_risk(rule, 10, 19, key_failing=False)  # 52,6%
    result = evaluate(cs, DNB, 2022, {"10": 30, "3.1": 10, "8.1": False, "8.2": False, "8.3": False})
    assert result.revocation.failing == ("3", "8", "10")
    assert result.revocation.failing_key == ("10",)
    assert "tiêu chí trọng yếu 10" in result.revocation.reason


def test_set_without_revocation_rule_reports_none() -> None:
    assert evaluate(single(boolean("1.1")), DNB, 2022, {}).revocation is None


# --- Bad input -----------------------------------------------------------------------------------------------


def mixed_set() -> CriteriaSet:
    return make_set(
        criterion("1", indicator("1.1", rule(80)), boolean("1.2")),
        criterion("2", indicator("2.1", rule(1), kind="count"), indicator("2.2", rule(10), kind="number")),
    )


@pytest.mark.parametrize(
    ("code", "value", "fragment"),
    [
        ("1.1", 140, "tỷ lệ phải trong khoảng 0-100%, nhận được 140%"),
        ("1.1", -1, "0-100%"),
        ("1.1", True, "phải là một số"),
        ("1.1", "80", "phải là một số, nhận được '80'"),
        ("1.1", float("nan"), "phải là một số"),
        ("1.1", Decimal("NaN"), "phải là một số"),
        ("1.2", 1, "phải là Đạt/Không"),
        ("1.2", "Đạt", "phải là Đạt/Không"),
        ("2.1", -2, "số lượng không được âm"),
        ("2.1", 1.5, "số lượng phải là số nguyên"),
        ("2.2", False, "phải là một số"),
        ("9.9", 1, "không có trong bộ tiêu chí bo-thu"),
    ],
)
def test_validate_values_names_the_indicator(code: str, value: object, fragment: str) -> None:
    problems = validate_values(mixed_set(), {code: value})
    assert len(problems) == 1
    assert problems[0].code == code
    assert problems[0].message.startswith(f"Chỉ tiêu {code}: ")
    assert fragment in problems[0].message


def test_valid_values_have_no_problems() -> None:
    assert validate_values(mixed_set(), {"1.1": 100, "1.2": False, "2.1": 3.0, "2.2": -4.5}) == []
    assert validate_values(mixed_set(), {"1.1": Decimal("99.5"), "2.1": 0, "1.2": None}) == []


def test_evaluate_refuses_bad_values_and_lists_every_problem() -> None:
    with pytest.raises(InvalidValuesError) as caught:
        evaluate(mixed_set(), DNB, 2022, {"1.1": 140, "1.2": "có", "x": 1})
    assert [p.code for p in caught.value.problems] == ["1.1", "1.2", "x"]
    assert "Dữ liệu không hợp lệ" in str(caught.value)


def test_evaluate_refuses_a_year_outside_the_period_and_unknown_region_or_group() -> None:
    with pytest.raises(InvalidValuesError) as caught:
        evaluate(mixed_set(), UnitContext(region="XYZ", commune_group=7), 2026, {})
    assert [p.code for p in caught.value.problems] == ["year", "region", "commune_group"]
    assert "Năm 2026 nằm ngoài giai đoạn 2021-2025" in caught.value.problems[0].message


def test_format_number_is_vietnamese() -> None:
    assert engine.format_number(59) == "59"
    assert engine.format_number(Fraction(649, 10)) == "64,9"
    assert engine.format_number(Fraction(100, 3)) == "33,33"
    assert engine.format_number(None) == "—"


# --- Properties ----------------------------------------------------------------------------------------------

percent = st.decimals(min_value=0, max_value=100, places=2)
OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}


@given(op=st.sampled_from(sorted(OPS)), threshold=percent, value=percent)
def test_property_status_matches_the_comparison(op: str, threshold: Decimal, value: Decimal) -> None:
    cs = single(indicator("1.1", rule(float(threshold)), op=op))
    expected = MET if OPS[op](value, threshold) else NOT_MET
    assert status_of(cs, "1.1", value) == expected


@given(threshold=percent)
def test_property_at_the_threshold_inclusive_passes_strict_fails(threshold: Decimal) -> None:
    for op, expected in ((">=", MET), ("<=", MET), (">", NOT_MET), ("<", NOT_MET)):
        cs = single(indicator("1.1", rule(float(threshold)), op=op))
        assert status_of(cs, "1.1", float(threshold)) == expected


@given(threshold=percent, value=percent, raise_by=percent)
def test_property_raising_a_value_under_ge_never_turns_met_into_not_met(
    threshold: Decimal, value: Decimal, raise_by: Decimal
) -> None:
    cs = single(indicator("1.1", rule(float(threshold)), op=">="))
    higher = min(value + raise_by, Decimal(100))
    if status_of(cs, "1.1", value) == MET:
        assert status_of(cs, "1.1", higher) == MET


@given(threshold=percent, value=percent, lower_by=percent)
def test_property_lowering_a_value_under_le_never_turns_met_into_not_met(
    threshold: Decimal, value: Decimal, lower_by: Decimal
) -> None:
    cs = single(indicator("1.1", rule(float(threshold)), op="<="))
    lower = max(value - lower_by, Decimal(0))
    if status_of(cs, "1.1", value) == MET:
        assert status_of(cs, "1.1", lower) == MET


def property_set() -> CriteriaSet:
    return make_set(
        criterion("1", indicator("1.1", rule(50)), boolean("1.2")),
        criterion("2", indicator("2.1", rule(20), op="<=")),
        criterion("3", boolean("3.1"), boolean("3.2"), indicator("3.3", rule(1), kind="count")),
        revocation=REVOCATION,
    )


MEETING = {"1.1": 50, "1.2": True, "2.1": 20, "3.1": True, "3.2": True, "3.3": 1}
NOT_MEETING = {"1.1": 49, "1.2": False, "2.1": 21, "3.1": False, "3.2": False, "3.3": 0}


@given(
    present=st.dictionaries(st.sampled_from(sorted(MEETING)), st.booleans()),
    added=st.sampled_from(sorted(MEETING)),
)
def test_property_adding_a_met_indicator_never_lowers_criteria_met(
    present: dict[str, bool], added: str
) -> None:
    cs = property_set()
    values = {code: MEETING[code] if good else NOT_MEETING[code] for code, good in present.items()}
    before = evaluate(cs, DNB, 2022, values)
    after = evaluate(cs, DNB, 2022, {**values, added: MEETING[added]})
    assert after.criteria_met >= before.criteria_met
    assert after.indicator(added).status == MET
    assert not (before.revocation.at_risk is False and after.revocation.at_risk is True)


@given(total=st.integers(1, 60), failing=st.integers(0, 60), key=st.booleans())
def test_property_revocation_risk_is_monotone(total: int, failing: int, key: bool) -> None:
    failing = min(failing, total)
    rule_ = RevocationRule(
        lower_share=30, upper_share=50, legal_source=SRC, provenance=Provenance("partial", SRC)
    )
    now = engine.revocation_at_risk(rule_, failing, total, key_failing=key)
    if failing < total:
        assert not now or engine.revocation_at_risk(rule_, failing + 1, total, key_failing=key)
    assert not now or engine.revocation_at_risk(rule_, failing, total, key_failing=True)
    share = Fraction(100 * failing, total)
    assert now == (share >= 50 or (key and share >= 30))
