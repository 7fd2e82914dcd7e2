"""The parameter rules against QCVN 01-1:2018/BYT's group-A limits: boundaries, ranges, absence, typed numbers."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm.environment.parameters import (
    FAIL,
    NOT_MEASURED,
    PASS,
    CatalogueFileError,
    catalogue_as_data,
    catalogue_from_data,
    judge,
    judge_sample,
    parse_number,
    read_catalogue,
    sample_outcome,
)

SHIPPED = Path(__file__).resolve().parents[1] / "catalogues" / "qcvn-01-1-2018.toml"


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue(SHIPPED.read_bytes())


def outcome(catalogue, code, raw):
    return judge(catalogue.parameter(code), raw).outcome


def test_shipped_catalogue_holds_the_eight_group_a_parameters(catalogue):
    assert catalogue.codes == (
        "coliform",
        "e_coli",
        "arsenic",
        "free_chlorine",
        "turbidity",
        "colour",
        "odour_taste",
        "ph",
    )
    assert {p.group for p in catalogue.parameters} == {"A"}
    assert all(p.source for p in catalogue.parameters)


@pytest.mark.parametrize(
    ("code", "raw", "expected"),
    [
        # coliform < 3 CFU/100 mL: 3 itself fails
        ("coliform", 2, PASS),
        ("coliform", 3, FAIL),
        ("coliform", "<1", PASS),
        # E. coli < 1: any count fails
        ("e_coli", 0, PASS),
        ("e_coli", 1, FAIL),
        ("e_coli", "<1", PASS),
        # arsenic ≤ 0,01 mg/L: the limit itself passes
        ("arsenic", "0,01", PASS),
        ("arsenic", "0.011", FAIL),
        ("arsenic", "<0,001", PASS),
        # free chlorine 0,2 to 1,0 mg/L: both ends included
        ("free_chlorine", "0,2", PASS),
        ("free_chlorine", "1,0", PASS),
        ("free_chlorine", "0,19", FAIL),
        ("free_chlorine", "1,01", FAIL),
        # turbidity ≤ 2 NTU, colour ≤ 15 TCU
        ("turbidity", 2, PASS),
        ("turbidity", "2,1", FAIL),
        ("colour", 15, PASS),
        ("colour", 16, FAIL),
        # pH 6,0 to 8,5
        ("ph", "6,0", PASS),
        ("ph", "8,5", PASS),
        ("ph", "5,9", FAIL),
        ("ph", "8,6", FAIL),
        # odour and taste: none
        ("odour_taste", "không", PASS),
        ("odour_taste", "Đạt", PASS),
        ("odour_taste", "có", FAIL),
        # blank: not measured
        ("ph", "", NOT_MEASURED),
        ("ph", None, NOT_MEASURED),
    ],
)
def test_limits(catalogue, code, raw, expected):
    assert outcome(catalogue, code, raw) == expected


@pytest.mark.parametrize("raw", ["khoảng 7", "abc", "-1", "1e400000", "nan", "7,5,1"])
def test_unreadable_values_are_refused(catalogue, raw):
    with pytest.raises(ValueError):
        judge(catalogue.parameter("ph"), raw)


def test_absence_needs_a_word_it_knows(catalogue):
    with pytest.raises(ValueError, match="không"):
        judge(catalogue.parameter("odour_taste"), "hơi tanh")


def test_a_failed_result_says_the_limit(catalogue):
    judgement = judge(catalogue.parameter("arsenic"), "0,05")
    assert judgement.failed
    assert "≤ 0,01" in judgement.message and "mg/L" in judgement.message


def test_sample_outcome_and_unknown_codes(catalogue):
    judgements = judge_sample(catalogue, {"ph": "7", "coliform": 0})
    assert sample_outcome(judgements) == PASS
    assert sample_outcome(judge_sample(catalogue, {"ph": "9"})) == FAIL
    assert sample_outcome(judge_sample(catalogue, {})) == NOT_MEASURED
    with pytest.raises(ValueError, match="lead"):
        judge_sample(catalogue, {"lead": 1})
    with pytest.raises(ValueError, match="pH"):
        judge_sample(catalogue, {"ph": "abc"})


def test_round_trip_through_stored_data(catalogue):
    assert catalogue_from_data(catalogue_as_data(catalogue)) == catalogue


def test_catalogue_file_errors_are_listed_together():
    bad = b"""
schema = 1
code = "x"
version = 1
name = "x"
valid_from = 2020-01-01
provenance = "confirmed"
source = "s"
[[parameters]]
code = "a"
name = "A"
group = "C"
kind = "range"
low = 5
high = 1
provenance = "confirmed"
source = "s"
[[parameters]]
code = "a"
name = "A2"
group = "A"
kind = "max"
provenance = "maybe"
source = "s"
"""
    with translation.override("en"), pytest.raises(CatalogueFileError) as caught:
        read_catalogue(bad)
    text = "\n".join(caught.value.errors)
    assert "group" in text and "low" in text and "twice" in text and "limit" in text and "provenance" in text


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.decimals(min_value=0, max_value=20, places=3))
def test_ph_range_matches_the_inequality(value):
    from ntm.environment.parameters import Parameter

    ph = Parameter("ph", "pH", "A", "", "range", low=Decimal("6.0"), high=Decimal("8.5"))
    expected = PASS if Decimal("6.0") <= value <= Decimal("8.5") else FAIL
    assert judge(ph, str(value).replace(".", ",")).outcome == expected


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.decimals(min_value=0, max_value=1000, places=4))
def test_typed_numbers_read_either_way(value):
    assert parse_number(str(value)) == value
    assert parse_number(str(value).replace(".", ",")) == value
