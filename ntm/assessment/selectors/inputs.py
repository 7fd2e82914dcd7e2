"""The criteria engine's inputs for (units, years, set version), gathered in one place.

Everything the engine reads about a unit and year comes from :func:`engine_inputs`, and only from it:

- the entered values (``IndicatorValue``) and their revision (``UnitYearRevision``, bumped by every write);
- the computed values (``ComputedValue``, written by apps above assessment through
  ``ntm.assessment.services.computed_value_set``) of the indicators that an ``IndicatorSource`` row maps to a
  source; for those indicators an entered value is ignored;
- the unit's attributes for the year (``UnitYearAttribute``: region, ĐBKK flag, commune group);
- its official level today, from the register (``official_status_of``, imported here and nowhere else in this
  app);
- the set version, the latest versions of the sets its thresholds refer to, and the engine's own code.

:meth:`EngineInputs.fingerprint` hashes all of them: the evaluation cache (``ntm.assessment.selectors.dashboards``) is keyed
by it, so an input added here is part of the key at once. The facts that do not depend on the set (attributes,
official level) can be fetched once with :func:`unit_facts` and shared by several sets. Every
call costs a fixed number of queries whatever the number of units and years.

``EngineInputs.plan`` is the set version compiled for evaluating many units in one pass
(``ntm.criteria.plan``); ``models=False`` reads the entered values as plain values (no model instance per value)
and ``entered_values`` adds them later to inputs read without values: what the dashboards' cold path needs.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.db import connection

from ntm.assessment.models import (
    ComputedValue,
    EvaluationCache,
    IndicatorSource,
    IndicatorValue,
    UnitYearRevision,
)
from ntm.core.queries import in_ids, int_array, prepared_cursor
from ntm.core.vocabulary import NONE
from ntm.criteria import engine, plan, setfile
from ntm.criteria.engine import UnitContext
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.plan import EvaluationPlan, plan_for
from ntm.criteria.selectors import references_for
from ntm.criteria.setfile import CriteriaSet
from ntm.status.selectors import OfficialStatus, official_status_of
from ntm.units.models import AdministrativeUnit, UnitYearAttribute

# Bump when the evaluation cache's stored summary changes shape (ntm.assessment.selectors.dashboards.encode_*).
SUMMARY_FORMAT = "3"
# The engine's code is an input too: a change to the rules changes every fingerprint.
ENGINE_DIGEST = hashlib.sha256(
    b"".join(Path(module.__file__).read_bytes() for module in (engine, plan, setfile))
    + SUMMARY_FORMAT.encode()
).hexdigest()


@dataclass(frozen=True)
class UnitAttributes:
    """What the engine reads of a unit's ``UnitYearAttribute`` for a year."""

    region: str
    commune_group: int | None
    disadvantaged: bool


def unit_context(attributes: UnitAttributes | None, official_level: str | None) -> UnitContext:
    """The engine's view of a unit in a year: its recorded attributes and its official level ("none" = no level)."""
    official = official_level if official_level and official_level != NONE else None
    if attributes is None:
        return UnitContext(official_level=official)
    return UnitContext(
        region=attributes.region or None,
        commune_group=attributes.commune_group,
        disadvantaged=attributes.disadvantaged,
        official_level=official,
    )


@dataclass(frozen=True)
class UnitFacts:
    """What the engine reads about units whatever the set: attributes by year and official level."""

    years: frozenset[int]
    attributes: dict[tuple[int, int], UnitAttributes]  # (unit id, year) →
    official: dict[int, OfficialStatus]  # unit id →


def unit_facts(units: Sequence[AdministrativeUnit], years: Iterable[int]) -> UnitFacts:
    """The set-independent inputs of ``units`` for ``years``: one query plus the register's."""
    years = frozenset(years)
    return UnitFacts(years, _attributes(units, years), official_status_of(units))


def _attributes(
    units: Sequence[AdministrativeUnit], years: Iterable[int]
) -> dict[tuple[int, int], UnitAttributes]:
    return {
        (unit_id, year): UnitAttributes(region, commune_group, disadvantaged)
        for unit_id, year, region, commune_group, disadvantaged in UnitYearAttribute.objects.filter(
            in_ids("unit_id", [unit.pk for unit in units]), year__in=list(years)
        )
        .order_by()  # the model's ordering joins the units table and sorts: not needed for a dict
        .values_list("unit_id", "year", "region", "commune_group", "disadvantaged")
    }


@dataclass(frozen=True)
class UnitInputs:
    """Everything the engine reads for one unit and year."""

    unit: AdministrativeUnit
    year: int
    revision: int  # of the entered values (0 when nothing was ever written)
    stored: dict[
        str, IndicatorValue
    ]  # indicator code → entered value (empty when read without values or models)
    computed: dict[str, object]  # indicator code → computed value (sources without a figure left out)
    sources: dict[str, str]  # indicator code → computed-value source, for every computed indicator of the set
    attributes: UnitAttributes | None
    official: OfficialStatus
    entered: dict[str, object] = field(default_factory=dict)  # indicator code → entered value (plain)

    @property
    def official_level(self) -> str:
        return self.official.level

    def context(self) -> UnitContext:
        return unit_context(self.attributes, self.official.level)

    def values(self) -> dict[str, object]:
        """The values the engine evaluates: entered ones, with computed indicators taken from their source."""
        values = {code: value for code, value in self.entered.items() if code not in self.sources}
        values.update(self.computed)
        return values


def _computed(sources: dict[str, str], by_source: dict[str, object] | None) -> dict[str, object]:
    """Indicator code → computed value, from a unit-year's ``{source: value}`` (sources without a figure left out)."""
    if not by_source:
        return {}
    return {code: by_source[source] for code, source in sources.items() if source in by_source}


@dataclass
class EngineInputs:
    """The inputs of one set version for several units and years (``of(unit id, year)``)."""

    version: CriteriaSetVersion
    criteria_set: CriteriaSet
    references: dict[str, CriteriaSet]
    sources: dict[str, str]  # indicator code → computed-value source
    units: dict[tuple[int, int], UnitInputs] = field(default_factory=dict)
    _memo: dict[tuple, str] = field(default_factory=dict, repr=False)  # the hash of what units share

    def of(self, unit_id: int, year: int) -> UnitInputs:
        return self.units[(unit_id, year)]

    @property
    def plan(self) -> EvaluationPlan:
        """The set version compiled for evaluating many units (once per version and process)."""
        return plan_for(self.criteria_set, self.references)

    def fingerprint(self, unit_id: int, year: int) -> str:
        """The hash of every input of the engine for the unit and year: the evaluation cache's key."""
        unit = self.units[(unit_id, year)]
        computed = (
            tuple(sorted((code, repr(value)) for code, value in unit.computed.items()))
            if unit.computed
            else ()
        )
        shared = (unit.official.level, unit.attributes, computed)  # most units share these: hash them once
        base = self._memo.get(shared)
        if base is None:
            text = "|".join(
                [
                    ENGINE_DIGEST,
                    str(self.version.pk),
                    self.version.content_hash,
                    repr(sorted((code, s.version) for code, s in self.references.items())),
                    repr(sorted(self.sources.items())),
                    repr(shared),
                ]
            )
            base = self._memo[shared] = hashlib.sha256(text.encode()).hexdigest()
        return hashlib.sha256(f"{base}|{unit.revision}".encode()).hexdigest()


def engine_inputs(
    units: Iterable[AdministrativeUnit],
    years: Iterable[int],
    version: CriteriaSetVersion,
    *,
    facts: UnitFacts | None = None,
    with_values: bool = True,
    codes: Sequence[str] | None = None,
    models: bool = True,
) -> EngineInputs:
    """The engine's inputs of ``units`` for ``years`` against ``version``, in a fixed number of queries.

    ``facts`` (of these units or more) shares the set-independent inputs between sets (fetched here when absent
    or not covering ``years``); ``with_values=False`` leaves the entered values out (their revision stands for them: enough to
    check a cached evaluation); ``codes`` reads the entered values of those indicators only; ``models=False``
    reads them as plain values (``UnitInputs.stored`` stays empty). The revisions are read before the values, so
    a write in between can only make a stored fingerprint stale, never wrong.
    """
    units = list(units)
    years = sorted(set(years))
    if facts is None or not facts.years.issuperset(years):
        facts = unit_facts(units, years)
    criteria_set = version.criteria_set()
    sources = dict(
        IndicatorSource.objects.filter(set_code=version.code).values_list("indicator_code", "source")
    )
    result = EngineInputs(version, criteria_set, references_for(criteria_set), sources)
    if not units or not years:
        return result
    in_units = in_ids("unit_id", [unit.pk for unit in units])
    revisions = {
        (unit_id, year): revision
        for unit_id, year, revision in UnitYearRevision.objects.filter(
            in_units, set_code=version.code, year__in=years
        ).values_list("unit_id", "year", "revision")
    }
    # (unit id, year) → {source: value}; a source without a figure (None) is left out
    computed: dict[tuple[int, int], dict[str, object]] = defaultdict(dict)
    if sources:
        for unit_id, year, source, value in ComputedValue.objects.filter(
            in_units, year__in=years, source__in=set(sources.values()), value__isnull=False
        ).values_list("unit_id", "year", "source", "value"):
            computed[(unit_id, year)][source] = value
    for year in years:
        for unit in units:
            key = (unit.pk, year)
            by_source = computed.get(key)
            result.units[key] = UnitInputs(
                unit=unit,
                year=year,
                revision=revisions.get(key, 0),
                stored={},
                computed=_computed(sources, by_source),
                sources=sources,
                attributes=facts.attributes.get(key),
                official=facts.official[unit.pk],
            )
    if with_values:
        entered_values(result, list(result.units), codes=codes, models=models)
    return result


class InputsAndCache(NamedTuple):
    inputs: EngineInputs  # without entered values, except for the keys in ``values_read``
    cached: dict[tuple[int, int], tuple]  # (unit id, year) → the cache row's columns asked for
    values_read: set[tuple[int, int]]  # (unit id, year) whose entered values are in ``inputs`` already


def start_inputs_and_cache(
    units: Sequence[AdministrativeUnit],
    years: Sequence[int],
    version: CriteriaSetVersion,
    *,
    official: dict[int, OfficialStatus],
    columns: Sequence[str],
) -> Callable[[], InputsAndCache]:
    """``engine_inputs(units, years, version, with_values=False)`` (with the units' ``official`` status given) and
    the ``columns`` of their ``EvaluationCache`` rows, ``{(unit id, year): row}`` (the first two columns are the
    unit id and the year).

    On PostgreSQL in ONE query (attributes, revisions, the set's computed sources and values, and the cache rows
    joined over the units and years): what a dashboard read from a warm cache costs is then two reads, the units
    and their official status, besides this one. The same query reads the entered values (as one JSON object per
    unit and year) where the cache cannot hold the answer, no row or a row of another values revision: a cold
    read costs no extra query for them. Elsewhere in the reads of ``unit_facts``/``engine_inputs``, without
    values. Both give equal inputs (``ntm/assessment/tests/test_inputs.py``).

    The query is sent here and its answer taken by calling what this returns: in a pipeline
    (``ntm.core.queries.pipeline``) the database runs it while the caller goes on."""
    units = list(units)
    years = sorted(set(years))
    if connection.vendor != "postgresql":
        facts = UnitFacts(frozenset(years), _attributes(units, years), official)
        inputs = engine_inputs(units, years, version, facts=facts, with_values=False)
        cached = {
            (row[0], row[1]): row
            for row in EvaluationCache.objects.filter(
                in_ids("unit_id", [unit.pk for unit in units]), version=version, year__in=years
            ).values_list(*columns)
        }
        return lambda: InputsAndCache(inputs, cached, set())
    criteria_set = version.criteria_set()
    cache_columns = ", ".join(f"c.{EvaluationCache._meta.get_field(name).column}" for name in columns)
    tables = {
        "attributes": UnitYearAttribute._meta.db_table,
        "revisions": UnitYearRevision._meta.db_table,
        "sources": IndicatorSource._meta.db_table,
        "computed": ComputedValue._meta.db_table,
        "values": IndicatorValue._meta.db_table,
        "cache": EvaluationCache._meta.db_table,
    }
    stale = "(c.unit_id IS NULL OR c.revision IS DISTINCT FROM COALESCE(r.revision, 0))"
    # Table and column names from the models' meta; every value is a parameter.
    sql = (
        "SELECT u.id, y.year, a.unit_id IS NOT NULL, a.region, a.commune_group, a.disadvantaged, r.revision,"  # noqa: S608
        " (SELECT json_agg(json_build_array(cv.source, cv.value))::text FROM {computed} cv"
        "   WHERE cv.unit_id = u.id AND cv.year = y.year AND cv.value IS NOT NULL"
        "   AND cv.source IN (SELECT source FROM {sources} WHERE set_code = %(set)s)),"
        " (SELECT json_agg(json_build_array(s.indicator_code, s.source))::text FROM {sources} s"
        "   WHERE s.set_code = %(set)s),"
        f" {stale}, CASE WHEN {stale} THEN"
        "   (SELECT json_object_agg(v.indicator_code, v.value)::text FROM {values} v"
        "     WHERE v.unit_id = u.id AND v.set_code = %(set)s AND v.year = y.year) END,"
        f" {cache_columns}"
        " FROM unnest(%(units)s::bigint[]) AS u(id) CROSS JOIN unnest(%(years)s::integer[]) AS y(year)"
        # LATERAL … LIMIT 1 (each row is unique): read by the unique index for each unit, where a join would scan
        # the rows of every unit of the country for a province's 72, or, planned on the statistics of a table
        # analysed while empty (a new installation, the cache after a migration), compare every row with every
        # unit (a quarter of a second for the country)
        " LEFT JOIN LATERAL (SELECT unit_id, region, commune_group, disadvantaged FROM {attributes}"
        "   WHERE unit_id = u.id AND year = y.year LIMIT 1) a ON true"
        " LEFT JOIN LATERAL (SELECT revision FROM {revisions}"
        "   WHERE unit_id = u.id AND set_code = %(set)s AND year = y.year LIMIT 1) r ON true"
        " LEFT JOIN LATERAL (SELECT * FROM {cache}"
        "   WHERE unit_id = u.id AND version_id = %(version)s AND year = y.year LIMIT 1) c ON true"
    ).format(**tables)
    by_id = {unit.pk: unit for unit in units}
    cursor = prepared_cursor()
    try:
        cursor.execute(
            sql, {"set": version.code, "units": int_array(by_id), "years": years, "version": version.pk}
        )
    except BaseException:
        cursor.close()
        raise

    def answer() -> InputsAndCache:
        try:
            rows = cursor.fetchall()
        finally:
            cursor.close()
        return _inputs_and_cache(version, criteria_set, by_id, official, rows)

    return answer


def _inputs_and_cache(
    version: CriteriaSetVersion,
    criteria_set: CriteriaSet,
    by_id: dict[int, AdministrativeUnit],
    official: dict[int, OfficialStatus],
    rows: list[tuple],
) -> InputsAndCache:
    sources_text = rows[0][8] if rows else None
    sources = dict(json.loads(sources_text)) if sources_text else {}
    result = EngineInputs(version, criteria_set, references_for(criteria_set), sources)
    cached: dict[tuple[int, int], tuple] = {}
    values_read: set[tuple[int, int]] = set()
    for (
        unit_id,
        year,
        has_attributes,
        region,
        group,
        disadvantaged,
        revision,
        computed,
        _s,
        read,
        values,
        *row,
    ) in rows:
        by_source = dict(json.loads(computed)) if computed else None
        key = (unit_id, year)
        result.units[key] = UnitInputs(
            unit=by_id[unit_id],
            year=year,
            revision=revision or 0,
            stored={},
            computed=_computed(sources, by_source),
            sources=sources,
            attributes=UnitAttributes(region, group, disadvantaged) if has_attributes else None,
            official=official[unit_id],
            entered=json.loads(values) if values else {},
        )
        if read:
            values_read.add(key)
        if row[0] is not None:
            cached[key] = tuple(row)
    return InputsAndCache(result, cached, values_read)


def entered_values(
    inputs: EngineInputs,
    keys: Sequence[tuple[int, int]],
    *,
    codes: Sequence[str] | None = None,
    models: bool = False,
) -> None:
    """Read the entered values of the (unit id, year) ``keys`` of ``inputs`` into them, in one query (the revisions
    of ``inputs`` were read before, so the fingerprint can only be stale, never wrong). ``models`` keeps each
    value's model too (``UnitInputs.stored``)."""
    if not keys:
        return
    wanted = set(keys)
    years = sorted({year for _unit_id, year in wanted})
    unit_ids = sorted({unit_id for unit_id, _year in wanted})
    values = IndicatorValue.objects.filter(
        in_ids("unit_id", unit_ids), set_code=inputs.version.code, year__in=years
    )
    if codes is not None:
        values = values.filter(indicator_code__in=codes)
    units = inputs.units
    if models:
        for value in values:
            key = (value.unit_id, value.year)
            if key in wanted:
                unit = units[key]
                unit.stored[value.indicator_code] = value
                unit.entered[value.indicator_code] = value.value
        return
    # Read with the cursor and decoded like ``JSONField.from_db_value`` but remembering scalars (a share or
    # true/false recurs over thousands of units): the Django row machinery costs more than the read itself here.
    sql, params = values.values_list("unit_id", "year", "indicator_code", "value").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    decode = _json_value
    if len(years) == 1:  # every row read is of a wanted unit: no check per row
        entered = {unit_id: units[(unit_id, year)].entered for unit_id, year in wanted}
        for unit_id, _year, code, value in rows:
            entered[unit_id][code] = decode(value)
        return
    for unit_id, year, code, value in rows:
        key = (unit_id, year)
        if key in wanted:
            units[key].entered[code] = decode(value)


_SCALARS: dict[str, object] = {}  # JSON text → its scalar value
_MISSING = object()


def _json_value(text: object) -> object:
    """``JSONField.from_db_value`` of a stored value, remembering scalars (never a list or dict: each read gets
    its own)."""
    if not isinstance(text, str):
        return text  # NULL, or a backend that decodes itself
    found = _SCALARS.get(text, _MISSING)
    if found is not _MISSING:
        return found
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return text
    if not isinstance(value, dict | list):
        if len(_SCALARS) > 100_000:
            _SCALARS.clear()
        _SCALARS[text] = value
    return value
