"""Query helpers the apps share (no app model here)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Field, ForeignObject, Lookup, Q


class AnyOfIds(Lookup):
    """``field__any_id=[…]``: ``field = ANY(%s::bigint[])``, the ids as one array parameter (PostgreSQL only; see
    :func:`in_ids`)."""

    lookup_name = "any_id"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [[int(item) for item in value]]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs}::bigint[])", [*lhs_params, *rhs_params]


Field.register_lookup(AnyOfIds)
ForeignObject.register_lookup(AnyOfIds)  # a relation's lookups come from ForeignObject down, not from Field


def in_ids(field: str, ids: Iterable[int]) -> Q:
    """``field IN ids``; on PostgreSQL ``field = ANY(array)`` with one parameter: thousands of placeholders cost
    more to build, send and plan than the read itself (the national roll-up reads by every commune of the
    country), and unlike ``IN (SELECT unnest(…))`` the planner reads it through the field's index."""
    ids = list(ids)
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__any_id": ids})
    return Q(**{f"{field}__in": ids})
