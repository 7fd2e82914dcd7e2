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
