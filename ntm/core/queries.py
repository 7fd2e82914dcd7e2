"""Query helpers the apps share (no app model here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Field, ForeignObject, Lookup, Model, Q, QuerySet
from django.db.models.query import ModelIterable


class AnyOfIds(Lookup):
    """``field__any_id=[…]``: ``field = ANY(%s::bigint[])``, the ids as one array parameter (PostgreSQL only; see
    :func:`in_ids`)."""

    lookup_name = "any_id"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [int_array(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs}::bigint[])", [*lhs_params, *rhs_params]


Field.register_lookup(AnyOfIds)
ForeignObject.register_lookup(AnyOfIds)  # a relation's lookups come from ForeignObject down, not from Field


def int_array(ids: Iterable[int]) -> str:
    """The integers (ids) as the text of a PostgreSQL array (``{1,2,3}``), for a ``%s::bigint[]`` or
    ``%s::integer[]`` parameter: the driver quotes it as one string, where a list is quoted element by element
    (a third of the cost of reading a province's official status)."""
    return "{" + ",".join(str(int(item)) for item in ids) + "}"


def text_array(texts: Iterable[str]) -> str:
    """The texts as the text of a PostgreSQL array, for a ``%s::text[]`` parameter (see :func:`int_array`)."""
    return "{" + ",".join('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"' for text in texts) + "}"


def bool_array(flags: Iterable[bool]) -> str:
    """The flags as the text of a PostgreSQL array, for a ``%s::boolean[]`` parameter (see :func:`int_array`)."""
    return "{" + ",".join("t" if flag else "f" for flag in flags) + "}"


def in_ids(field: str, ids: Iterable[int]) -> Q:
    """``field IN ids``; on PostgreSQL ``field = ANY(array)`` with one parameter: thousands of placeholders cost
    more to build, send and plan than the read itself (the national roll-up reads by every commune of the
    country), and unlike ``IN (SELECT unnest(…))`` the planner reads it through the field's index."""
    ids = list(ids)
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__any_id": ids})
    return Q(**{f"{field}__in": ids})


class ByIds[M: Model]:
    """A read of a model's rows chosen by one list of ids, the rest of its SQL fixed: ``build(ids)`` gives the
    queryset. On PostgreSQL it is compiled once per process, then sent with the ids as its one array parameter
    (``in_ids``) and each row made an instance by ``Model.from_db``: building, compiling and iterating a queryset
    cost more than the query itself for the few dozen rows of a page (the official status of a province's
    communes on every dashboard). Elsewhere, the queryset itself. ``build`` may read nothing but ``ids``, and its
    queryset selects the model's own fields only (no related, deferred or annotated ones): checked when compiled.
    """

    _MARKER = -7_777_777  # an id no row has, to find the ids' parameter among the compiled ones

    def __init__(self, build: Callable[[list[int]], QuerySet[M]]) -> None:
        self._build = build
        self._compiled: tuple[_Compiled, int] | None = None

    def __call__(self, ids: Iterable[int]) -> list[M]:
        if connection.vendor != "postgresql":
            return list(self._build(list(ids)))
        if self._compiled is None:
            compiled = _compile(self._build([self._MARKER]))
            found = [
                index for index, param in enumerate(compiled.params) if param == int_array([self._MARKER])
            ]
            if len(found) != 1:
                raise ValueError(f"ByIds needs the ids as one in_ids() parameter: {compiled.sql}")
            self._compiled = compiled, found[0]
        compiled, index = self._compiled
        params = list(compiled.params)
        params[index] = int_array(ids)
        return _instances(compiled, params)


class ByKey[M: Model]:
    """Reads of a model whose SQL and parameters follow from a key alone (a user's scope, as tree paths): each
    key's queryset, ``build()``, is compiled once per process (the last ``size`` keys kept), then sent as is and
    its rows made instances by ``Model.from_db`` (see :class:`ByIds`). The key must hold everything the queryset
    depends on; its queryset selects the model's own fields only."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._compiled: dict[tuple, _Compiled | None] = {}  # None: a queryset that can match nothing

    def __call__(self, key: tuple, build: Callable[[], QuerySet[M]]) -> list[M]:
        key = (connection.vendor, *key)
        if key not in self._compiled:
            if len(self._compiled) >= self._size:
                self._compiled.clear()
            try:
                self._compiled[key] = _compile(build())
            except EmptyResultSet:  # e.g. a scope of no unit: Django does not even send it
                self._compiled[key] = None
        compiled = self._compiled[key]
        return [] if compiled is None else _instances(compiled, compiled.params)


class _Compiled(NamedTuple):
    model: type[Model]
    sql: str
    params: tuple
    names: list[str]


def _compile(queryset: QuerySet) -> _Compiled:
    query = queryset.query
    names = [field.attname for field in queryset.model._meta.concrete_fields]
    compiler = query.get_compiler(connection.alias)
    compiler.setup_query()
    plain = (
        queryset._iterable_class is ModelIterable
        and not query.select_related
        and not query.annotations
        and not query.extra
        and query.deferred_loading == (frozenset(), True)
        and len(compiler.select) == len(names)
    )
    if not plain:
        raise ValueError(f"A compiled read takes a model's own fields only: {query}")
    sql, params = query.sql_with_params()
    return _Compiled(queryset.model, sql, tuple(params), names)


def _instances(compiled: _Compiled, params: Sequence) -> list:
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    alias, from_db, names = connection.alias, compiled.model.from_db, compiled.names
    return [from_db(alias, names, row) for row in rows]


@contextmanager
def pipeline() -> Iterator[None]:
    """On PostgreSQL, a pipeline (psycopg's): a statement is sent without waiting for its answer, which is read
    when its rows are asked for, or at the end of the block, where a failed write raises. The database works
    while this process goes on: reads sent ahead, writes left to finish. Only single statements (no
    ``SET LOCAL …; …``, see :func:`in_pipeline`). Elsewhere, nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


def in_pipeline() -> bool:
    return (
        connection.vendor == "postgresql"
        and connection.connection is not None
        and connection.connection.pgconn.pipeline_status != 0  # psycopg.pq.PipelineStatus.OFF
    )


def prepared_cursor():
    """A cursor whose statements PostgreSQL prepares once per connection: parsed and planned at their first
    execution, then only executed (the plan of a complex read costs as much as running it for a province). Its
    parameters are bound by the server, so each needs a type from its statement (a cast where it is not
    compared with a column). Elsewhere, the usual cursor. For the few reads every dashboard sends: a connection
    keeps at most 100 prepared statements (psycopg's ``prepared_max``), and a pooler in transaction mode needs
    its prepared-statement support (PgBouncer ≥ 1.21, ``max_prepared_statements``)."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_preparing_cursor_class()(connection.connection))


@cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor
