"""Household coverage shares against hand-worked examples."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm.environment.coverage import HouseholdCounts, Target, meets_target, rate, share, shares

DONG_NAI_2024 = Target(Decimal("84.5"), Decimal("40"), "source", "confirmed")


def test_hand_worked_commune():
    # 2,400 households: 2,376 hygienic, 2,040 clean (85.0 %), 984 piped (41.0 %)
    result = shares(HouseholdCounts(total=2400, hygienic=2376, clean=2040, clean_piped=984))
    assert (result.hygienic, result.clean, result.clean_piped) == (
        Decimal("99.0"),
        Decimal("85.0"),
        Decimal("41.0"),
    )
    assert meets_target(result, DONG_NAI_2024)


def test_rounding_half_up_to_one_decimal():
    assert share(845, 1000) == Decimal("84.5")
    assert share(2, 3) == Decimal("66.7")
    assert share(1, 8) == Decimal("12.5")
    assert share(1, 16) == Decimal("6.3")  # 6.25 rounds up


def test_piped_short_fails_even_with_enough_clean_water():
    result = shares(HouseholdCounts(total=1000, hygienic=1000, clean=900, clean_piped=399))
    assert result.clean_piped == Decimal("39.9")
    assert not meets_target(result, DONG_NAI_2024)


def test_clean_just_under_fails():
    result = shares(HouseholdCounts(total=1000, hygienic=1000, clean=844, clean_piped=500))
    assert not meets_target(result, DONG_NAI_2024)


@pytest.mark.parametrize(
    "counts",
    [
        HouseholdCounts(0, 0, 0, 0),
        HouseholdCounts(10, 11, 0, 0),
        HouseholdCounts(10, 5, 6, 0),
        HouseholdCounts(10, 8, 6, 7),
        HouseholdCounts(10, -1, 0, 0),
    ],
)
def test_inconsistent_counts_are_refused(counts):
    assert counts.problems()
    with pytest.raises(ValueError):
        shares(counts)


def test_rate():
    assert rate(0, 0) is None
    assert rate(3, 4) == Decimal("75.0")
    with pytest.raises(ValueError):
        rate(5, 4)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 10**6), st.data())
def test_shares_are_ordered(total, data):
    hygienic = data.draw(st.integers(0, total))
    clean = data.draw(st.integers(0, hygienic))
    piped = data.draw(st.integers(0, clean))
    result = shares(HouseholdCounts(total, hygienic, clean, piped))
    assert Decimal(0) <= result.clean_piped <= result.clean <= result.hygienic <= Decimal(100)


def test_shipped_province_targets_are_read_with_their_source():
    from pathlib import Path

    from ntm.environment.coverage import read_targets

    targets = read_targets((Path(__file__).resolve().parents[1] / "water_targets.toml").read_bytes())
    assert targets[2024] == Target(Decimal("84.5"), Decimal("40"), targets[2024].source, "confirmed")
    assert targets[2025].clean_min == Decimal("85") and targets[2025].piped_min == Decimal("45")
    assert all("dongnai.gov.vn" in target.source for target in targets.values())


def test_quantity_rate():
    from ntm.environment.coverage import quantity_rate

    assert quantity_rate(Decimal("0"), Decimal("0")) is None
    assert quantity_rate(Decimal("9.5"), Decimal("10")) == Decimal("95.0")
    assert quantity_rate(Decimal("1"), Decimal("3")) == Decimal("33.3")
