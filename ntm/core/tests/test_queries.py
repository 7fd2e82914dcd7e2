"""The shared query helpers: compiled reads give what their queryset gives, array parameters keep every text."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ntm.core.queries import (
    ByIds,
    ByKey,
    bool_array,
    in_ids,
    int_array,
    prepared_cursor,
    text_array,
)
from ntm.testing.factories import ProvinceFactory, UnitFactory
from ntm.units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL arrays and prepared statements"
)


def fields(units) -> list[tuple]:
    return [
        tuple(getattr(unit, field.attname) for field in AdministrativeUnit._meta.concrete_fields)
        for unit in units
    ]


def test_a_read_by_ids_gives_the_queryset_s_instances_for_any_ids() -> None:
    province = ProvinceFactory()
    units = [UnitFactory(parent=province) for _ in range(3)]
    read = ByIds(lambda ids: AdministrativeUnit.objects.filter(in_ids("id", ids)).order_by("code"))
    for wanted in ([units[0].pk, units[2].pk], [units[1].pk], []):
        found = read(wanted)
        expected = AdministrativeUnit.objects.filter(pk__in=wanted).order_by("code")
        assert fields(found) == fields(expected)
        assert all(not unit._state.adding for unit in found)  # saved instances: an update, not an insert
    found = read([units[0].pk])[0]
    found.name = "Xã Đổi Tên"
    found.save()
    assert AdministrativeUnit.objects.get(pk=units[0].pk).name == "Xã Đổi Tên"


def test_a_read_by_key_is_compiled_once_per_key_and_follows_the_rows() -> None:
    province = ProvinceFactory()
    first = UnitFactory(parent=province, name="Xã An")
    read = ByKey()
    built = []

    def build(name):
        built.append(name)
        return AdministrativeUnit.objects.filter(name=name).order_by("pk")

    assert fields(read(("Xã An",), lambda: build("Xã An"))) == fields([first])
    second = UnitFactory(parent=province, name="Xã An")
    with CaptureQueriesContext(connection) as queries:
        found = read(("Xã An",), lambda: build("Xã An"))
    assert fields(found) == fields([first, second])  # the rows are read again, only the SQL is kept
    assert len(queries) == 1 and built == ["Xã An"]
    assert read(("Xã Bình",), lambda: build("Xã Bình")) == [] and built == ["Xã An", "Xã Bình"]


def test_a_read_by_key_of_a_queryset_that_matches_nothing_answers_an_empty_list() -> None:
    UnitFactory()
    read = ByKey()
    with CaptureQueriesContext(connection) as queries:
        assert read(("no scope",), lambda: AdministrativeUnit.objects.filter(pk__in=[])) == []
        assert read(("no scope",), lambda: AdministrativeUnit.objects.filter(pk__in=[])) == []
    assert len(queries) == 0


def test_a_compiled_read_refuses_a_queryset_with_more_than_the_model_s_own_fields() -> None:
    read = ByKey()
    with pytest.raises(ValueError, match="own fields"):
        read(("related",), lambda: AdministrativeUnit.objects.select_related("parent"))
    with pytest.raises(ValueError, match="own fields"):
        read(("deferred",), lambda: AdministrativeUnit.objects.only("name"))


@postgresql_only
def test_array_parameters_keep_every_value() -> None:
    texts = ['a"b', "c\\d", "e,f", "{g}", "h i", "", "Xã Đông; 1|met|0|", "NULL"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::text[], %s::bigint[], %s::boolean[], %s::integer[]",
            [text_array(texts), int_array([1, 2**40, -3]), bool_array([True, False]), int_array([])],
        )
        assert cursor.fetchone() == (texts, [1, 2**40, -3], [True, False], [])


@postgresql_only
def test_a_prepared_read_is_prepared_once_and_counted_like_any_query() -> None:
    sql = "SELECT count(*) FROM units_administrativeunit WHERE id = ANY(%s::bigint[])"
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            with prepared_cursor() as cursor:
                cursor.execute(sql, [int_array([1, 2])])
                assert cursor.fetchone() == (0,)
    assert len(queries) == 3
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), sum(generic_plans + custom_plans) FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ["%= ANY($1::bigint[])"],
        )
        assert cursor.fetchone() == (1, 3)  # prepared once, run three times
