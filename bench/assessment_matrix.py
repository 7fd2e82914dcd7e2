"""Benchmark: the province compliance matrix and the national roll-up of self-assessed levels, on PostgreSQL over
every unit of the country with five years of synthetic indicator values, against a floor measured in the same run.

Run: ``.venv/bin/python bench/assessment_matrix.py`` (``make bench`` runs every bench script).

What it does:

1. Makes a fresh PostgreSQL database ``BENCH_ASSESS_DATABASE_URL`` (default
   ``postgres://postgres@127.0.0.1:5432/ntm_bench_assess``; dropped and created again) and builds in it the
   seeded national data set of ``bench/_national.py`` (every administrative unit of the country, the shipped
   criteria sets, synthetic values written with COPY: for 2021-2025 every rural commune (xã) of the 2025 structure
   for the commune NTM set and the advanced set, every legacy xã for the commune NTM set 2021-2023, plus the
   revisions and attributes; ``BENCH_SCALE=province`` for a small run). ``make bench`` builds that data set once
   and runs this bench on it (``BENCH_ASSESS_REUSE=1``). The real row count is printed in "scale".
3. Measures, each as the median of several runs:
   - the floor: ONE raw SQL query that only reads the same values as the matrix (Đồng Nai's xã, 2025, the commune
     NTM set);
   - the province matrix: ``dashboards.matrix(dashboards.matrix_units(coordinator), 2025, set)``, cold (cache of
     evaluations emptied before each run, in a process that has drawn the matrix once) and warm. Budgets: warm
     within 1.5x the floor, cold within 5x;
   - the national roll-up: ``dashboards.level_counts(every 2025 xã, 2025)`` (communes per self-assessed level
     over the ladder's three sets), cold (three times) and warm. Its baseline is the raw read of the values it summarises.
     Budgets: cold within 3x that read, warm under 1 s;
   - the engine alone, in µs per commune-evaluation over every 2025 xã (the commune NTM set, inputs already in
     memory): the set's compiled plan over all of them (``EvaluationPlan.summaries``, what the dashboards run),
     against ``engine.evaluate`` one unit at a time (its baseline; informational).

The cache of evaluations (``EvaluationCache``) is keyed by unit, set version, year and the fingerprint of every
input of the engine (``ntm.assessment.selectors.inputs.EngineInputs.fingerprint``: the values revision, attributes, official
level, computed values, …); ntm/assessment/tests/test_dashboards.py proves a cached summary always equals a fresh
evaluation. Prints one JSON object per measure (design.md §6).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _national as national_data  # noqa: E402 (the bench folder is on the path only from here)
from _common import fresh_postgres  # noqa: E402

PG_URL = os.environ.get("BENCH_ASSESS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ntm_bench_assess")
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
# Budgets: the goals of issue 22 (ratios to a raw read of the same values in the same run).
MATRIX_RATIO_BUDGET = 1.5  # warm province matrix / floor
MATRIX_COLD_RATIO_BUDGET = 5.0  # cold province matrix (no cached evaluation) / floor
ROLLUP_COLD_RATIO_BUDGET = 3.0  # cold national roll-up / raw read of the values it summarises
ROLLUP_BUDGET_MS = 1000.0  # warm national roll-up, absolute


def log(message: str) -> None:
    print(f"[assessment bench] {message}", file=sys.stderr, flush=True)


def setup_django() -> None:
    os.environ["DATABASE_URL"] = PG_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("NTM_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from ntm.core.runtime import settle

    settle()  # as a web worker does once loaded (config/wsgi.py)


def median_ms(function, runs: int = RUNS, before=None) -> float:
    timings = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def measure(data: dict) -> list[dict]:
    from django.db import connection

    from ntm.assessment.models import EvaluationCache
    from ntm.assessment.selectors import dashboards
    from ntm.assessment.selectors.assessments import set_version
    from ntm.units.models import AdministrativeUnit, Level

    version = set_version("xa-ntm-2021-2025")
    coordinator = data["coordinator"]
    province_units = list(dashboards.matrix_units(coordinator))
    unit_ids = [unit.pk for unit in province_units]

    def floor() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_id, indicator_code, value FROM assessment_indicatorvalue "
                "WHERE set_code = %s AND year = %s AND unit_id = ANY(%s)",
                [version.code, 2025, unit_ids],
            )
            return len(cursor.fetchall())

    def province_matrix() -> None:
        matrix = dashboards.matrix(dashboards.matrix_units(coordinator), 2025, version)
        assert len(matrix.rows) == len(province_units)

    def empty_province_cache() -> None:
        EvaluationCache.objects.filter(unit_id__in=unit_ids).delete()

    values_read = floor()  # also warms the connection and the buffers alike for both sides
    province_matrix()  # a process that has drawn a matrix before: "cold" is the evaluation cache, not the process
    cold_ms = median_ms(province_matrix, RUNS, before=empty_province_cache)
    province_matrix()
    # Interleaved, so that load from other processes hits both sides alike.
    floor_runs, warm_runs = [], []
    for _ in range(RUNS * 5):
        floor_runs.append(median_ms(floor, 1))
        warm_runs.append(median_ms(province_matrix, 1))
    floor_ms, warm_ms = statistics.median(floor_runs), statistics.median(warm_runs)

    national = list(
        AdministrativeUnit.objects.filter(structure="2025", level=Level.COMMUNE, unit_type="xa").order_by(
            "pk"
        )
    )
    national_ids = [unit.pk for unit in national]
    ladder = [v.code for v in dashboards.ladder_versions(2025)]

    def national_floor() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_id, set_code, indicator_code, value FROM assessment_indicatorvalue "
                "WHERE set_code = ANY(%s) AND year = %s AND unit_id = ANY(%s)",
                [ladder, 2025, national_ids],
            )
            cursor.fetchall()

    national_floor_ms = median_ms(national_floor, RUNS)
    cold_runs = []
    for _ in range(3):  # cold three times (median), each beside its own floor read: load hits both alike
        EvaluationCache.objects.all().delete()
        started = time.perf_counter()
        counts = dashboards.level_counts(national, 2025)
        cold_runs.append((time.perf_counter() - started) * 1000)
    rollup_cold_ms = statistics.median(cold_runs)
    rollup_warm_ms = median_ms(lambda: dashboards.level_counts(national, 2025), RUNS)
    log(f"national roll-up: {counts}")
    batch_us, single_us = engine_alone(national, version)

    scale = {
        "values": data["values"],
        "years": len(national_data.YEARS),
        "communes_2025": data["new_xa"],
        "communes_legacy": data["legacy_xa"],
        "province_communes": len(province_units),
        "province_values_read": values_read,
        "national_communes": len(national),
        "ladder_sets": ladder,
        "database": "postgresql",
    }

    def line(bench, value, baseline, budget, ok, **extra):
        return {
            "bench": bench,
            "value": round(value, 2),
            "unit": "ms",
            "baseline": round(baseline, 2),
            "ratio": round(value / baseline, 2) if baseline else None,
            "budget": budget,
            "ok": ok,
            "scale": {**scale, **extra},
        }

    return [
        line(
            "assessment.province_matrix",
            warm_ms,
            floor_ms,
            MATRIX_RATIO_BUDGET,
            warm_ms <= MATRIX_RATIO_BUDGET * floor_ms,
            cache="warm",
            budget_kind="ratio to the floor",
        ),
        line(
            "assessment.province_matrix.cold",
            cold_ms,
            floor_ms,
            MATRIX_COLD_RATIO_BUDGET,
            cold_ms <= MATRIX_COLD_RATIO_BUDGET * floor_ms,
            cache="cold",
            budget_kind="ratio to the floor",
        ),
        line(
            "assessment.national_rollup",
            rollup_warm_ms,
            national_floor_ms,
            ROLLUP_BUDGET_MS,
            rollup_warm_ms < ROLLUP_BUDGET_MS,
            cache="warm",
            budget_kind="absolute ms",
            counts=counts,
        ),
        line(
            "assessment.national_rollup.cold",
            rollup_cold_ms,
            national_floor_ms,
            ROLLUP_COLD_RATIO_BUDGET,
            rollup_cold_ms <= ROLLUP_COLD_RATIO_BUDGET * national_floor_ms,
            cache="cold",
            budget_kind="ratio to the raw read",
        ),
        {
            **line(
                "assessment.engine_per_commune",
                batch_us,
                single_us,
                None,
                True,
                engine="EvaluationPlan.summaries over every 2025 xã; baseline: engine.evaluate one unit at a time",
                budget_kind="informational",
            ),
            "unit": "µs",
        },
    ]


def engine_alone(national, version) -> tuple[float, float]:
    """µs per commune-evaluation of the engine alone (inputs in memory): the batch plan, and one unit at a time."""
    from ntm.assessment.selectors.inputs import engine_inputs
    from ntm.criteria.engine import evaluate

    inputs = engine_inputs(national, [2025], version, models=False)
    items = [(unit.context(), unit.values()) for unit in inputs.units.values()]
    plan = inputs.plan
    batch_ms = median_ms(lambda: plan.summaries(items, 2025), 5)
    sample = items[:500]
    single_ms = median_ms(
        lambda: [
            evaluate(inputs.criteria_set, context, 2025, values, references=inputs.references)
            for context, values in sample
        ],
        3,
    )
    return batch_ms * 1000 / len(items), single_ms * 1000 / len(sample)


def reuse_data() -> dict:
    """``BENCH_ASSESS_REUSE=1``: measure again on the database a previous run loaded (developer convenience)."""
    from ntm.accounts.models import User
    from ntm.assessment.models import IndicatorValue
    from ntm.units.models import AdministrativeUnit, Level

    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE, unit_type="xa")
    return {
        "coordinator": User.objects.get(username="bench.dieuphoi"),
        "values": IndicatorValue.objects.count(),
        "new_xa": communes.filter(structure="2025").count(),
        "legacy_xa": communes.filter(structure="legacy").count(),
    }


def main() -> int:
    reuse = os.environ.get("BENCH_ASSESS_REUSE") == "1"
    if not reuse:
        fresh_postgres(PG_URL)
    setup_django()
    if not reuse:
        national_data.build()  # the same seeded data set ``make bench`` builds once for every bench
    data = reuse_data()
    results = measure(data)
    for result in results:
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0 if all(result["ok"] for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
