"""The engine's inputs gathered by one selector: entered and computed values, attributes, official level."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ntm.assessment.models import IndicatorSource
from ntm.assessment.selectors import dashboards
from ntm.assessment.selectors.assessments import set_version
from ntm.assessment.selectors.inputs import engine_inputs, entered_values, start_inputs_and_cache
from ntm.assessment.services import computed_value_set, value_set
from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.status.selectors import official_status_of
from ntm.status.services import status_record_create
from ntm.testing.factories import UnitFactory
from ntm.units.models import UnitYearAttribute

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"


def test_every_input_of_a_unit_in_a_fixed_number_of_queries(cast, django_assert_num_queries):
    criteria_sets_load_shipped()
    version = set_version(SET)
    unit = cast.commune_a
    UnitYearAttribute.objects.create(unit=unit, year=2025, region="DNB", disadvantaged=True)
    status_record_create(
        unit=unit,
        level="ntm",
        decision_number="QĐ 1/QĐ-UBND",
        decision_date=dt.date(2022, 3, 1),
        source="register",
    )
    value_set(unit=unit, year=2025, set_code=SET, indicator_code="3.2", value=True, actor=None)
    value_set(unit=unit, year=2025, set_code=SET, indicator_code="3.1", value=60, actor=None)
    IndicatorSource.objects.create(set_code=SET, indicator_code="3.1", source="irrigation")
    computed_value_set(
        unit=unit, year=2025, source="irrigation", value=85, description="Irrigation", reference="x:1"
    )
    inputs = engine_inputs([unit], [2025], version).of(unit.pk, 2025)
    assert inputs.values()["3.1"] == 85, "a computed indicator takes its source's figure, not the entered one"
    assert inputs.values()["3.2"] is True and inputs.revision == 2
    assert (
        inputs.official_level == "ntm" and inputs.context().disadvantaged and inputs.context().region == "DNB"
    )
    assert AuditEntry.objects.filter(action="computed_value.set").count() == 1
    others = [UnitFactory(code=f"2660{n}", name=f"Xã Thử {n}", parent=cast.province) for n in range(4)]
    with CaptureQueriesContext(connection) as one:
        engine_inputs([unit], [2024, 2025], version)
    with django_assert_num_queries(len(one.captured_queries)):
        engine_inputs([unit, *others], [2024, 2025], version)


def test_a_computed_value_without_a_figure_leaves_the_indicator_missing(cast):
    criteria_sets_load_shipped()
    version = set_version(SET)
    IndicatorSource.objects.create(set_code=SET, indicator_code="3.1", source="irrigation")
    value_set(unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.2", value=True, actor=None)
    computed_value_set(
        unit=cast.commune_a, year=2025, source="irrigation", value=None, description="Withheld"
    )
    inputs = engine_inputs([cast.commune_a], [2025], version).of(cast.commune_a.pk, 2025)
    assert "3.1" not in inputs.values()
    with pytest.raises(ServiceError, match="không nhập tay"):
        value_set(unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=90, actor=None)


def test_the_joined_read_gives_the_inputs_of_the_separate_reads_and_the_cache_rows(cast):
    """``start_inputs_and_cache`` (one query on PostgreSQL) equals ``engine_inputs`` without values: the same
    revision, attributes, computed values, sources, official status and fingerprint for every unit and year, and
    the cache rows as stored."""
    criteria_sets_load_shipped()
    version = set_version(SET)
    with_all, bare, computed_only = (
        cast.commune_a,
        cast.commune_b,
        UnitFactory(code="26610", name="Xã Chỉ Có Số Liệu Tính", parent=cast.province),
    )
    UnitYearAttribute.objects.create(
        unit=with_all, year=2025, region="DNB", commune_group=2, disadvantaged=True
    )
    UnitYearAttribute.objects.create(unit=bare, year=2024, region="TDMNPB")
    status_record_create(
        unit=with_all,
        level="ntm",
        decision_number="QĐ 2/QĐ-UBND",
        decision_date=dt.date(2022, 3, 1),
        source="register",
    )
    value_set(unit=with_all, year=2025, set_code=SET, indicator_code="3.2", value=True, actor=None)
    IndicatorSource.objects.create(set_code=SET, indicator_code="3.1", source="irrigation")
    IndicatorSource.objects.create(set_code=SET, indicator_code="17.1", source="water")
    computed_value_set(
        unit=computed_only, year=2025, source="irrigation", value=81.5, description="Irrigation"
    )
    computed_value_set(unit=computed_only, year=2024, source="water", value={"sach": 60}, description="Water")
    computed_value_set(unit=with_all, year=2025, source="not_mapped", value=1, description="Other")
    units, years = [with_all, bare, computed_only], [2024, 2025]
    dashboards.summaries(units[:1], [2025], version)  # one cache row
    official = official_status_of(units)
    joined, cached, values_read = start_inputs_and_cache(
        units, years, version, official=official, columns=("unit_id", "year", "inputs", "has_data")
    )()
    separate = engine_inputs(units, years, version, with_values=False, models=False)
    # On PostgreSQL the entered values come with the read where the cache cannot answer (no row, or another values
    # revision): every key but the cached one, equal to the values read apart. Elsewhere they are read apart.
    uncached = set(separate.units) - {(with_all.pk, 2025)}
    assert values_read == (uncached if connection.vendor == "postgresql" else set())
    entered_values(separate, list(values_read))
    for key in values_read:
        assert joined.units[key].entered == separate.units[key].entered, key
        joined.units[key].entered.clear()
        separate.units[key].entered.clear()
    assert joined.of(with_all.pk, 2025).entered == {}
    assert joined.sources == separate.sources == {"3.1": "irrigation", "17.1": "water"}
    assert joined.units.keys() == separate.units.keys()
    for key, unit_inputs in separate.units.items():
        assert joined.units[key] == unit_inputs, key
        assert joined.fingerprint(*key) == separate.fingerprint(*key), key
    assert joined.of(computed_only.pk, 2024).computed == {"17.1": {"sach": 60}}
    assert joined.of(with_all.pk, 2025).context().commune_group == 2
    assert cached == {
        (with_all.pk, 2025): (with_all.pk, 2025, separate.fingerprint(with_all.pk, 2025), True),
    }
