"""What the assessment app offers the map (ntm.maps pulls ``map_layers.self_assessment``)."""

import pytest

from ntm.assessment.map_layers import self_assessment
from ntm.assessment.services import value_set
from ntm.criteria.services import criteria_sets_load_shipped

pytestmark = pytest.mark.django_db


def test_map_gets_criteria_met_for_communes_with_values(cast):
    criteria_sets_load_shipped()
    value_set(
        unit=cast.commune_a,
        year=2025,
        set_code="xa-ntm-2021-2025",
        indicator_code="3.1",
        value=85,
        actor=None,
    )
    results = self_assessment([cast.commune_a, cast.commune_b], 2025, published_only=True)
    assert set(results) == {cast.commune_a.pk}, "a commune without values is left out (no data yet)"
    entry = results[cast.commune_a.pk]
    assert entry["criteria_total"] == 19 and "url" not in entry
    assert "3" in entry["by_criterion"]
    internal = self_assessment([cast.commune_a], 2025, published_only=False)
    assert internal[cast.commune_a.pk]["url"].startswith("/danh-gia/don-vi/2025/26413/")


def test_map_results_equal_a_fresh_evaluation_and_come_from_the_cache(cast):
    from ntm.assessment.map_layers import criteria_set
    from ntm.assessment.models import EvaluationCache
    from ntm.assessment.selectors.assessments import assess_units

    criteria_sets_load_shipped()
    for code, value in (("3.1", 85), ("17.1", 50)):
        value_set(
            unit=cast.commune_a,
            year=2025,
            set_code="xa-ntm-2021-2025",
            indicator_code=code,
            value=value,
            actor=None,
        )
    first = self_assessment([cast.commune_a], 2025, published_only=True)[cast.commune_a.pk]
    assert EvaluationCache.objects.filter(unit=cast.commune_a, year=2025).exists(), (
        "the map stores its evaluations"
    )
    evaluation = assess_units([cast.commune_a], 2025, criteria_set(2025))[0].evaluation
    assert first["criteria_met"] == evaluation.criteria_met
    assert first["by_criterion"] == {
        c.code: {"met": c.met, "provisional": c.provisional} for c in evaluation.criteria
    }
    assert self_assessment([cast.commune_a], 2025, published_only=True)[cast.commune_a.pk] == first


def test_several_years_read_together_equal_each_year_read_alone(cast, django_assert_max_num_queries):
    """A unit's public page reads six years at once (``self_assessments``): the same results as one year at a
    time, years without values left empty, and a number of queries that does not grow with the years."""
    from ntm.assessment.map_layers import self_assessments

    criteria_sets_load_shipped()
    for year, value in ((2022, 40), (2024, 85), (2025, 95)):
        for code in ("3.1", "17.1"):
            value_set(
                unit=cast.commune_a,
                year=year,
                set_code="xa-ntm-2021-2025",
                indicator_code=code,
                value=value,
                actor=None,
            )
    units = [cast.commune_a, cast.commune_b]
    years = [2026, 2025, 2024, 2023, 2022, 2021]
    alone = {year: self_assessment(units, year, published_only=False) for year in years}
    assert set(alone[2024]) == {cast.commune_a.pk} and alone[2023] == {} and alone[2026] == {}
    assert alone[2022][cast.commune_a.pk] != alone[2025][cast.commune_a.pk]
    with django_assert_max_num_queries(12):
        together = self_assessments(units, years, published_only=False)
    assert together == alone


def test_the_default_year_is_the_latest_year_with_values_up_to_this_one(cast):
    import datetime as dt
    from unittest import mock

    from ntm.assessment.selectors.assessments import latest_year_with_data

    criteria_sets_load_shipped()
    today = dt.date(2026, 3, 1)
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        assert latest_year_with_data(fallback=2020) == 2020, "no value at all: the fallback"
        assert latest_year_with_data() == 2026, "no value and no fallback: this year"
        for set_code, year in (("xa-ntm-2021-2025", 2023), ("xa-nang-cao-2021-2025", 2024)):
            value_set(
                unit=cast.commune_a, year=year, set_code=set_code, indicator_code="3.1", value=85, actor=None
            )
        assert latest_year_with_data() == 2024, "the latest year of any set"
        value_set(
            unit=cast.commune_a,
            year=2027,
            set_code="xa-ntm-2026-2030",
            indicator_code="3.1",
            value=85,
            actor=None,
        )
        assert latest_year_with_data() == 2024, "a year after this one is not offered by default"
