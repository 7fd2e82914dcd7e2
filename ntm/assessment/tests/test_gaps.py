"""Gap analysis, pure: next level by official status, shortfalls, the unmet and "no threshold" lists, ranking."""

from fractions import Fraction

import pytest

from ntm.assessment import gaps
from ntm.criteria.engine import AppliedThreshold, IndicatorResult, Selection, UnitContext, evaluate
from ntm.criteria.setfile import SETFILES_DIR, Provenance, ThresholdRule
from ntm.criteria.setload import load_path

NTM_TARGET = gaps.Target("ntm", gaps.NTM_SET)
CONTEXT = UnitContext(region="DNB", flags={"lang_nghe": False})


@pytest.fixture(scope="module")
def ntm_set():
    return load_path(SETFILES_DIR / "xa-ntm-2021-2025.toml")


def all_met_values(criteria_set):
    """Values meeting every indicator with a threshold of the commune NTM set (DNB region)."""
    values = {}
    for _group, indicator in criteria_set.iter_indicators():
        if not indicator.is_entered:
            continue
        if indicator.kind == "boolean":
            rules = [rule for rule in indicator.thresholds if rule.expected is not None]
            values[indicator.code] = rules[0].expected if rules else True
        elif indicator.kind in ("percentage", "number", "count"):
            values[indicator.code] = 0 if indicator.op in ("<=", "<") else 100
    return values


@pytest.mark.parametrize(
    ("official", "year", "level", "set_code", "note"),
    [
        ("none", 2024, "ntm", gaps.NTM_SET, ""),
        ("thu_hoi", 2025, "ntm", gaps.NTM_SET, ""),
        ("ntm", 2023, "nang_cao", gaps.ADVANCED_SET, ""),
        ("nang_cao", 2025, "kieu_mau", gaps.MODEL_SET, ""),
        ("kieu_mau", 2025, None, None, "highest_level"),
        ("none", 2026, "ntm", gaps.NTM_SET_2026, "single_national_set"),
        ("nang_cao", 2027, "ntm", gaps.NTM_SET_2026, "single_national_set"),
        (None, 2022, "ntm", gaps.NTM_SET, ""),
    ],
)
def test_next_level_follows_the_official_status(official, year, level, set_code, note):
    assert gaps.next_target(official, year) == gaps.Target(level, set_code, note)


def test_shortfalls_for_each_kind_of_threshold(ntm_set):
    values = all_met_values(ntm_set)
    values["3.1"] = 60  # >= 80: shortfall 20, relative 0.25
    values["3.2"] = False  # boolean: relative 1
    del values["2.1"]  # missing: relative 1, "no data yet"
    evaluation = evaluate(ntm_set, CONTEXT, 2025, values)
    gap = gaps.unit_gap(
        unit_id=1,
        unit_name="Xã A",
        official_level="none",
        target=gaps.next_target("none", 2025),
        evaluation=evaluation,
    )
    by_code = {item.code: item for item in gap.unmet}
    assert by_code["3.1"].reason == "not_met"
    assert (
        by_code["3.1"].threshold == 80 and by_code["3.1"].shortfall == 20 and by_code["3.1"].relative == 0.25
    )
    assert by_code["3.1"].department == "SNNMT" and by_code["3.1"].criterion == "3"
    assert (
        by_code["3.2"].reason == "not_met"
        and by_code["3.2"].relative == 1.0
        and by_code["3.2"].shortfall is None
    )
    assert by_code["2.1"].reason == "missing" and by_code["2.1"].relative == 1.0
    assert set(by_code) == {"2.1", "3.1", "3.2"}
    # The "no threshold" indicators are listed apart and never given a shortfall.
    assert gap.no_threshold and all(
        item.relative is None and item.threshold is None for item in gap.no_threshold
    )
    assert not {item.code for item in gap.no_threshold} & set(by_code)
    assert gap.total_relative == pytest.approx(sum(item.relative for item in gap.unmet))


def _result(op, observed, **bounds):
    rule = ThresholdRule(provenance=Provenance("confirmed", "test"))
    applied = AppliedThreshold(
        op=op, selection=Selection(rule, "general"), provenance=rule.provenance, **bounds
    )
    return IndicatorResult(
        "11", "Tỷ lệ nghèo", "11", "not_met", "", "SLDTBXH", value=observed, threshold=applied
    )


def test_at_most_and_range_thresholds_count_the_excess():
    item = gaps.indicator_gap(_result("<=", 5, value=Fraction(4)))
    assert item.shortfall == 1 and item.relative == 0.25 and item.threshold == 4
    item = gaps.indicator_gap(_result("<=", 20, value=Fraction(4)))
    assert item.shortfall == 16 and item.relative == 1.0  # capped
    item = gaps.indicator_gap(_result("range", 7, min=Fraction(10), max=Fraction(20)))
    assert item.threshold == 10 and item.shortfall == 3 and item.relative == pytest.approx(0.3)
    assert gaps.indicator_gap(_result("in", "ntm", levels=("nang_cao",))).relative == 1.0


def test_relative_shortfall_is_capped_and_a_zero_threshold_counts_as_one():
    assert gaps._relative(Fraction(5), Fraction(2)) == 1.0
    assert gaps._relative(Fraction(1), Fraction(0)) == 1.0
    assert gaps._relative(Fraction(1), Fraction(4)) == 0.25


def test_met_unit_has_no_unmet_indicator(ntm_set):
    evaluation = evaluate(ntm_set, CONTEXT, 2025, all_met_values(ntm_set))
    gap = gaps.unit_gap(
        unit_id=1,
        unit_name="A",
        official_level="none",
        target=gaps.next_target("none", 2025),
        evaluation=evaluation,
    )
    assert gap.unmet_count == 0 and gap.total_relative == 0


def _gap(name, *relatives, target=NTM_TARGET, evaluated=True, criterion="1", department="SXD"):
    unmet = tuple(
        gaps.IndicatorGap(
            f"{criterion}.{i}",
            "x",
            criterion,
            department,
            "not_met",
            ">=",
            1,
            2,
            1,
            r,
        )
        for i, r in enumerate(relatives)
    )
    return gaps.UnitGap(len(name), name, "none", target, unmet, evaluated=evaluated)


def test_ranking_fewest_unmet_then_smallest_total_relative_shortfall():
    a = _gap("A", 1.0, 1.0)
    b = _gap("B", 0.1, 0.2)
    c = _gap("C", 0.5)
    d = _gap("D", target=gaps.Target(None, None, "highest_level"))
    e = _gap("E", target=NTM_TARGET, evaluated=False)
    ranked = gaps.rank([a, b, c, d, e])
    assert [g.unit_name for g in ranked] == ["C", "B", "A", "D", "E"]


def test_filter_by_criterion_or_department():
    a = _gap("A", 0.5, criterion="3", department="SNNMT")
    b = _gap("B", 0.2, criterion="8", department="STTTT")
    assert [g.unit_name for g in gaps.only([a, b], criterion="3")] == ["A"]
    assert [g.unit_name for g in gaps.only([a, b], department="STTTT")] == ["B"]
    assert len(gaps.only([a, b])) == 2
