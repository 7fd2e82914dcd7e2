"""The national data set of the benchmark suite, built once per ``make bench`` run (seeded, so every run writes
the same rows), with a progress bar on stderr.

Run: ``.venv/bin/python bench/_national.py`` (``bench/run_all.py`` runs it first). Prints one JSON object on
stdout: the informational measure ``national_dataset.build`` (seconds) with the row counts in ``scale``.

Into a fresh PostgreSQL database ``BENCH_NATIONAL_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/ntm_bench_national``, dropped and created again): migrate, every
administrative unit of the country (``import_units --all``: the 2025 structure and the legacy one), the shipped
criteria sets, a province coordinator of Đồng Nai (``bench.dieuphoi``); then with COPY, for 2021-2025 every
entered indicator of the commune NTM set and of the advanced set for every xã of 2025, the commune NTM set for
every legacy xã in 2021-2023, the values' revisions and each 2025 xã's region per year. Values come from
``random.Random(2025)`` in the units' order (structure, code): the same rows, in the same order, as
``bench/assessment_matrix.py`` writes when it builds its own database, so that script measures on this one with
``BENCH_ASSESS_REUSE=1``.

``BENCH_SCALE=province`` (for iterating on the suite, not for the report) writes values only for Đồng Nai's
communes (2025 code 75 and the legacy provinces 75 and 70 it took over); every unit of the country is still there.
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import emit, fresh_postgres, log, measure, progress

DATABASE_URL = os.environ.get(
    "BENCH_NATIONAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ntm_bench_national"
)
SCALE = os.environ.get("BENCH_SCALE", "national")
SEED = 2025
YEARS = list(range(2021, 2026))
LEGACY_YEARS = list(range(2021, 2024))  # the legacy communes until the last full year before the reform
REGIONS = ["TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"]
COPY_EVERY = 200  # units per COPY batch


def synthetic_value(indicator, rng: random.Random):
    if indicator.kind == "boolean":
        return rng.random() < 0.85
    if indicator.kind == "percentage":
        return round(rng.uniform(55, 100), 1)
    if indicator.kind == "count":
        return rng.randint(0, 30)
    return round(rng.uniform(0, 120), 1)


def setup_django() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("NTM_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _communes(structure: str):
    from ntm.units.models import AdministrativeUnit, Level

    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE, unit_type="xa", structure=structure)
    if SCALE == "province":
        provinces = {"2025": ["75"], "legacy": ["75", "70"]}[structure]
        roots = AdministrativeUnit.objects.filter(
            structure=structure, level=Level.PROVINCE, code__in=provinces
        )
        paths = [root.tree_path for root in roots]
        communes = communes.filter(
            pk__in=[u.pk for p in paths for u in communes.filter(tree_path__startswith=p)]
        )
    return list(communes.order_by("structure", "code").values_list("pk", flat=True))


def build() -> dict:
    from django.core.management import call_command
    from django.db import connection

    from ntm.accounts.services import organisation_create, role_assign, user_create
    from ntm.assessment.bulk import entered_indicators
    from ntm.assessment.selectors.assessments import set_version
    from ntm.core.choices import Role
    from ntm.criteria.services import criteria_sets_load_shipped
    from ntm.units.models import AdministrativeUnit

    started = time.perf_counter()
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("migrate", verbosity=0, **quiet)
    call_command("createcachetable", verbosity=0)
    log("national", f"migrated in {time.perf_counter() - started:.0f} s; importing every unit of the country")
    call_command("import_units", all=True, verbosity=0, **quiet)
    criteria_sets_load_shipped()
    log("national", f"units and criteria sets loaded ({time.perf_counter() - started:.0f} s)")
    province = AdministrativeUnit.objects.get(structure="2025", code="75")
    coordinator = user_create(username="bench.dieuphoi", password=None)
    role_assign(user=coordinator, role=Role.PROVINCE_COORDINATOR, unit=province)
    organisation_create(name="Sở Nông nghiệp và Môi trường", short_name="SNNMT", unit=province)

    new_xa, legacy_xa = _communes("2025"), _communes("legacy")
    plan = [
        (set_version("xa-ntm-2021-2025"), new_xa, YEARS),
        (set_version("xa-nang-cao-2021-2025"), new_xa, YEARS),
        (set_version("xa-ntm-2021-2025"), legacy_xa, LEGACY_YEARS),
    ]
    rng = random.Random(SEED)
    values_started = time.perf_counter()
    total = 0
    revisions: set[str] = set()
    steps = [(version, unit_id, years) for version, unit_ids, years in plan for unit_id in unit_ids]
    indicators = {version.code: entered_indicators(version.criteria_set()) for version, _u, _y in plan}
    with connection.cursor() as cursor:
        buffer, pending = io.StringIO(), 0

        def flush() -> None:
            with cursor.copy(
                "COPY assessment_indicatorvalue (unit_id, year, set_code, indicator_code, value, note,"
                " department, source, status, entered_at) FROM STDIN"
            ) as copy:
                copy.write(buffer.getvalue())

        for version, unit_id, years in progress(steps, total=len(steps), description="values (unit x set)"):
            for year in years:
                for indicator in indicators[version.code]:
                    value = json.dumps(synthetic_value(indicator, rng))
                    buffer.write(
                        f"{unit_id}\t{year}\t{version.code}\t{indicator.code}\t{value}\t\t"
                        f"{indicator.department.code}\tentered\tentered\t2025-06-01 00:00:00+07\n"
                    )
                    total += 1
                revisions.add(f"{unit_id}\t{version.code}\t{year}\t1\n")
            pending += 1
            if pending == COPY_EVERY:
                flush()
                buffer, pending = io.StringIO(), 0
        if pending:
            flush()
        with cursor.copy(
            "COPY assessment_unityearrevision (unit_id, set_code, year, revision) FROM STDIN"
        ) as copy:
            copy.write("".join(sorted(revisions)))
        attributes = io.StringIO()
        for unit_id in new_xa:
            for year in YEARS:
                attributes.write(f"{unit_id}\t{year}\t{rng.choice(REGIONS)}\tf\t\t2025-01-01 00:00:00+07\n")
        with cursor.copy(
            "COPY units_unityearattribute (unit_id, year, region, disadvantaged, note, updated_at) FROM STDIN"
        ) as copy:
            copy.write(attributes.getvalue())
        cursor.execute("ANALYZE")
    log("national", f"{total} values written with COPY in {time.perf_counter() - values_started:.0f} s")
    return {
        "seconds": time.perf_counter() - started,
        "values": total,
        "communes_2025": len(new_xa),
        "communes_legacy": len(legacy_xa),
        "units": AdministrativeUnit.objects.count(),
    }


def main() -> int:
    fresh_postgres(DATABASE_URL)
    setup_django()
    data = build()
    emit(
        measure(
            "national_dataset.build",
            data.pop("seconds"),
            "s",
            None,
            None,
            True,
            digits=1,
            scale={**data, "seed": SEED, "scale": SCALE, "database": DATABASE_URL.rsplit("/", 1)[-1]},
            note="informational: building the shared data set (migrate, units, sets, values by COPY)",
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
