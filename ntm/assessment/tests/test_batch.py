"""The dashboards' batch evaluation (the set's compiled plan over every unit, values read in one query, cache
rows written in one statement) equals the engine run unit by unit, and costs the same number of queries whatever
the number of units."""

import random
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ntm.assessment.models import EvaluationCache, IndicatorValue
from ntm.assessment.selectors import assessments, dashboards
from ntm.assessment.selectors.inputs import engine_inputs
from ntm.criteria.engine import evaluate
from ntm.criteria.plan import summarise
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.testing.factories import UnitFactory
from ntm.units.models import UnitYearAttribute

pytestmark = pytest.mark.django_db
YEAR = 2025
REGIONS = ("DNB", "TDMNPB", "DBSCL", "")


def _values(criteria_set, rng):
    values = {}
    for _group, indicator in criteria_set.iter_indicators():
        if not indicator.is_entered or rng.random() < 0.2:
            continue
        if indicator.kind == "boolean":
            values[indicator.code] = rng.random() < 0.8
        elif indicator.kind == "percentage":
            values[indicator.code] = round(rng.uniform(40, 100), 1)
        elif indicator.kind in ("number", "count"):
            values[indicator.code] = rng.randint(0, 200)
    return values


@pytest.fixture
def communes(cast):
    """Ten rural communes of the province with attributes (regions, groups, ĐBKK) and random values of the
    ladder's sets."""
    criteria_sets_load_shipped()
    rng = random.Random(2025)
    units = [cast.commune_a] + [
        UnitFactory(code=f"2660{number}", name=f"Xã Lô {number}", parent=cast.province) for number in range(9)
    ]
    now = timezone.now()
    rows = []
    for index, unit in enumerate(units):
        if index != 3:  # one commune without attributes for the year
            UnitYearAttribute.objects.update_or_create(
                unit=unit,
                year=YEAR,
                defaults={"region": REGIONS[index % len(REGIONS)], "disadvantaged": index % 4 == 1},
            )
        for code in ("xa-ntm-2021-2025", "xa-nang-cao-2021-2025"):
            if index == 5 and code == "xa-ntm-2021-2025":
                continue  # and one with no value of the NTM set
            for indicator_code, value in _values(assessments.set_version(code).criteria_set(), rng).items():
                rows.append(
                    IndicatorValue(
                        unit=unit,
                        year=YEAR,
                        set_code=code,
                        indicator_code=indicator_code,
                        value=value,
                        entered_at=now,
                    )
                )
    IndicatorValue.objects.bulk_create(rows)
    return units


def _one_by_one(units, version):
    """The engine run unit by unit on the same inputs (no plan, no cache)."""
    result = {}
    for unit in units:
        inputs = engine_inputs([unit], [YEAR], version)
        unit_inputs = inputs.of(unit.pk, YEAR)
        evaluation = evaluate(
            inputs.criteria_set,
            unit_inputs.context(),
            YEAR,
            unit_inputs.values(),
            references=inputs.references,
        )
        result[unit.pk] = summarise(evaluation)
    return result


@pytest.mark.parametrize("code", ["xa-ntm-2021-2025", "xa-nang-cao-2021-2025", "xa-kieu-mau-2021-2025"])
def test_the_cold_matrix_equals_the_engine_unit_by_unit(communes, code):
    version = assessments.set_version(code)
    EvaluationCache.objects.all().delete()
    cold = dashboards.matrix(communes, YEAR, version)
    warm = dashboards.matrix(communes, YEAR, version)
    expected = _one_by_one(communes, version)
    assert {row.unit.pk: row.summary for row in cold.rows} == expected
    # the matrix reads the criteria of a cached row, not every indicator
    assert {row.unit.pk: row.summary for row in warm.rows} == {
        unit_id: replace(summary, indicators={}) for unit_id, summary in expected.items()
    }
    assert EvaluationCache.objects.filter(version=version, year=YEAR).count() == len(communes)
    full = dashboards.summaries(communes, [YEAR], version)  # every indicator's status, from the cache
    assert {unit_id: summary for (unit_id, _year), summary in full.items()} == expected


def test_assess_units_equals_the_engine_unit_by_unit(communes):
    version = assessments.set_version("xa-ntm-2021-2025")
    for assessment in assessments.assess_units(communes, YEAR, version):
        inputs = engine_inputs([assessment.unit], [YEAR], version)
        unit_inputs = inputs.of(assessment.unit.pk, YEAR)
        single = evaluate(
            inputs.criteria_set,
            unit_inputs.context(),
            YEAR,
            unit_inputs.values(),
            references=inputs.references,
        )
        assert assessment.evaluation == single
        assert set(assessment.stored) == set(unit_inputs.stored)  # the values' models are still there


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def test_cold_matrix_and_roll_up_queries_do_not_grow_with_the_units(communes):
    version = assessments.set_version("xa-ntm-2021-2025")
    few, many = communes[:2], communes

    def cold_matrix(units):
        EvaluationCache.objects.all().delete()
        return _queries(lambda: dashboards.matrix(units, YEAR, version))

    def cold_roll_up(units):
        EvaluationCache.objects.all().delete()
        return _queries(lambda: dashboards.level_counts(units, YEAR))

    assert cold_matrix(few) == cold_matrix(many)
    assert cold_roll_up(few) == cold_roll_up(many)
    warm = _queries(lambda: dashboards.level_counts(many, YEAR))
    assert warm == _queries(lambda: dashboards.level_counts(few, YEAR))
    assert warm < cold_roll_up(many)  # the cold path reads the values and writes the rows: a few more
