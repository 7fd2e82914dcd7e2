"""The shared reading of ``?year=``: junk and out-of-range years are a 404 (or clamped where asked), never a 500."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from ntm.core.params import YEAR_MAX, YEAR_MIN, parse_year, year_param


def test_empty_year_is_the_default():
    assert parse_year(None, 2025) == 2025
    assert parse_year("", 2025) == 2025


def test_a_year_in_range_is_read():
    assert parse_year("2023", 2025) == 2023
    assert parse_year(str(YEAR_MIN), 2025) == YEAR_MIN
    assert parse_year(str(YEAR_MAX), 2025) == YEAR_MAX


@pytest.mark.parametrize("value", ["abc", "-1", "1999", "2101", "99999999999", "1" * 5000, "2025.5"])
def test_junk_or_out_of_range_year_is_a_404(value):
    with pytest.raises(Http404):
        parse_year(value, 2025)


def test_clamp_brings_a_year_into_range_and_junk_to_the_default():
    assert parse_year("1990", 2026, low=2021, high=2026, clamp=True) == 2021
    assert parse_year("99999999999", 2026, low=2021, high=2026, clamp=True) == 2026
    assert parse_year("abc", 2024, low=2021, high=2026, clamp=True) == 2024


def test_year_param_reads_the_query_string():
    assert year_param(RequestFactory().get("/", {"year": "2022"}), 2025) == 2022
    with pytest.raises(Http404):
        year_param(RequestFactory().get("/", {"year": "-1"}), 2025)
