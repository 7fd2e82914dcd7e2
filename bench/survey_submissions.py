"""Benchmark: survey submissions per second through the real answer view, against a bare Django view doing the
same insert, in the same run; zero lost or duplicated answers; and the answer page's transfer size.

Run: ``.venv/bin/python bench/survey_submissions.py`` (``make bench`` runs every bench script).

What it does:

1. Makes a fresh database: PostgreSQL ``BENCH_DATABASE_URL`` (default
   ``postgres://postgres@127.0.0.1:5432/ntm_bench_surveys``, dropped and created again), or SQLite in a
   temporary directory when PostgreSQL is not reachable (``"database": "sqlite"`` in the output). The cache is
   the project's default shared cache (the database cache; ``BENCH_CACHE_URL=redis://…`` runs with Redis
   instead). The rate limits count in the database (``surveys.RateCounter``) whatever the cache, so they cost
   what they cost in production. Migrates, collects static files, creates the data (one open campaign,
   households with tokens).
2. Starts gunicorn (``BENCH_WORKERS`` sync workers, default 2 x CPUs) on 127.0.0.1 with the production settings
   (``bench/_survey_bench_settings.py``), plus the bare view (``bench/_survey_bench_urls.py``).
3. Sends ``BENCH_SUBMISSIONS`` (default 1500) answers to each view from ``BENCH_CONCURRENCY`` (default 8)
   client threads, alternating the two views in rounds so drift hits both alike. The real view's load also
   carries 5% duplicate submissions of tokens in flight at the same time, which must be refused (409).
4. Checks the tables: answers = receipts = successful submissions, 20 items per answer, each real-view token
   answered once; then measures the answer page (HTML + stylesheet, gzip as a phone would ask) against the
   signed-out landing page, which loads the full stylesheet and htmx.

Prints one JSON object per measure (design.md §6).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from _common import Gunicorn, fresh_postgres, http_request, postgres_ready  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ntm_bench_surveys")
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "1500"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1))))
ROUNDS = 4
DUPLICATE_SHARE = 0.05
RATIO_BUDGET = 0.7
PAGE_BUDGET_KB = 30.0
WARMUP = 60


def log(message: str) -> None:
    print(f"[survey bench] {message}", file=sys.stderr, flush=True)


def run_load(port: int, jobs: list[tuple[str, str]], form: str) -> tuple[float, Counter]:
    """POST every (kind, token) with ``CONCURRENCY`` threads; returns elapsed seconds and status counts."""
    statuses: Counter = Counter()
    lock = threading.Lock()

    def one(job):
        kind, token = job
        if kind == "real":  # the code goes in the body, as the answer page's hidden field sends it
            status, _h, _b = http_request(port, "POST", "/ks/gui/", f"{form}&ma={token}")
        else:
            status, _h, _b = http_request(port, "POST", f"/bench/bare/{token}/", form)
        with lock:
            statuses[status] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(one, jobs))
    return time.perf_counter() - started, statuses


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout if capture else ""


def page_weight(port: int, path: str, form: str | None = None) -> tuple[int, int, int]:
    """Bytes transferred (gzip accepted) and uncompressed for a page (posted when ``form`` is given) and the
    CSS/JS it links; request count."""
    headers = {"Accept-Encoding": "gzip"}
    status, response_headers, body = http_request(
        port, "POST" if form else "GET", path, form, headers=headers
    )
    assert status == 200, (path, status)
    html = gzip.decompress(body) if response_headers.get("Content-Encoding") == "gzip" else body
    transferred, raw, count = len(body), len(html), 1
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        status, asset_headers, data = http_request(port, "GET", asset.decode(), headers=headers)
        assert status == 200, (asset, status)
        transferred += len(data)
        raw += len(gzip.decompress(data)) if asset_headers.get("Content-Encoding") == "gzip" else len(data)
        count += 1
    return transferred, raw, count


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="ntm-survey-bench-"))
    if postgres_ready(PG_URL):
        fresh_postgres(PG_URL)
        database_url, database = PG_URL, "postgresql"
    else:
        database_url, database = f"sqlite:///{workdir / 'bench.sqlite3'}", "sqlite"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "_survey_bench_settings",
        "PYTHONPATH": f"{BENCH}{os.pathsep}{ROOT}",
        "DATABASE_URL": database_url,
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", ""),
        "NTM_DATA_DIR": str(workdir),
        "DJANGO_SECRET_KEY": "bench-" + "k" * 60,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "false",
    }
    log(f"database: {database}; preparing in {workdir}")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--no-input", "-v0")
    duplicates = int(SUBMISSIONS * DUPLICATE_SHARE)
    setup = subprocess.run(  # noqa: S603
        [
            PYTHON,
            str(BENCH / "_survey_bench_setup.py"),
            f"real={SUBMISSIONS + WARMUP + 1}",
            f"bare={SUBMISSIONS + WARMUP}",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    form = urllib.parse.urlencode(dict.fromkeys(data["fields"], "1"))
    page_token = data["real"].pop()
    warm_real, real = data["real"][:WARMUP], data["real"][WARMUP:]
    warm_bare, bare = data["bare"][:WARMUP], data["bare"][WARMUP:]

    server = Gunicorn(env, workdir / "gunicorn.log", workers=WORKERS)
    port = server.port
    try:
        server.wait("/ks/", 30)
        run_load(port, [("real", t) for t in warm_real] + [("bare", t) for t in warm_bare], form)
        rng = random.Random(924)
        elapsed = {"real": 0.0, "bare": 0.0}
        statuses = {"real": Counter(), "bare": Counter()}
        size = len(real) // ROUNDS
        for index in range(ROUNDS):
            chunk_real = real[index * size : (index + 1) * size if index < ROUNDS - 1 else None]
            chunk_bare = bare[index * size : (index + 1) * size if index < ROUNDS - 1 else None]
            jobs = [("real", token) for token in chunk_real]
            jobs += [("real", token) for token in rng.sample(chunk_real, duplicates // ROUNDS)]
            rng.shuffle(jobs)
            for kind, batch in (("real", jobs), ("bare", [("bare", t) for t in chunk_bare]))[
                :: 1 if index % 2 == 0 else -1
            ]:
                seconds, counts = run_load(port, batch, form)
                elapsed[kind] += seconds
                statuses[kind].update(counts)
        sent_duplicates = (duplicates // ROUNDS) * ROUNDS
        answer_weight = page_weight(port, "/ks/", f"ma={page_token}")
        landing_weight = page_weight(port, "/")
    finally:
        server.stop()

    check = subprocess.run(  # noqa: S603
        [PYTHON, "-c", _CHECK, str(data["campaign_id"])],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    tables = json.loads(check.stdout.strip().splitlines()[-1])
    stored_real = statuses["real"][302] + WARMUP
    stored_bare = statuses["bare"][204] + WARMUP
    lost = (stored_real + stored_bare) - tables["answers"]
    duplicated = max(0, tables["answers"] - tables["receipts"]) + max(
        0, tables["real_receipts"] - stored_real
    )
    integrity = (
        lost == 0
        and duplicated == 0
        and tables["answers"] == tables["receipts"]
        and tables["real_receipts"] == stored_real
        and tables["items"] == tables["answers"] * len(data["fields"])
        and statuses["real"][302] == len(real)
        and statuses["real"][409] == sent_duplicates
        and statuses["bare"][204] == len(bare)
    )
    rate_real = (len(real) + sent_duplicates) / elapsed["real"]  # every POST handled, refused duplicates too
    rate_bare = len(bare) / elapsed["bare"]
    ratio = rate_real / rate_bare
    print(
        json.dumps(
            {
                "bench": "survey_submissions",
                "value": round(rate_real, 1),
                "unit": "req/s",
                "baseline": round(rate_bare, 1),
                "ratio": round(ratio, 3),
                "budget": RATIO_BUDGET,
                "ok": ratio >= RATIO_BUDGET and integrity,
                "scale": {
                    "submissions_per_view": len(real),
                    "rate_counts": "real view: stored + refused duplicate POSTs; bare view: stored",
                    "ratio_stored_only": round(len(real) / elapsed["real"] / rate_bare, 3),
                    "concurrent_duplicates": sent_duplicates,
                    "refused_duplicates": statuses["real"][409],
                    "lost": lost,
                    "duplicated": duplicated,
                    "statuses": {k: dict(v) for k, v in statuses.items()},
                    "answers_in_db": tables["answers"],
                    "concurrency": CONCURRENCY,
                    "workers": WORKERS,
                    "database": database,
                    "cache": "redis" if env["CACHE_URL"].startswith("redis") else "database",
                    "rate_limit_counters": "database (surveys.RateCounter, one upsert per count)",
                    "cpus": os.cpu_count(),
                },
            }
        ),
        flush=True,
    )
    transferred, raw, count = answer_weight
    landing_transferred, landing_raw, landing_count = landing_weight
    print(
        json.dumps(
            {
                "bench": "survey_answer_page_size",
                "value": round(transferred / 1024, 1),
                "unit": "KB",
                "baseline": round(landing_transferred / 1024, 1),
                "ratio": round(transferred / landing_transferred, 3),
                "budget": PAGE_BUDGET_KB,
                "ok": transferred / 1024 <= PAGE_BUDGET_KB and raw / 1024 <= PAGE_BUDGET_KB,
                "scale": {
                    "requests": count,
                    "uncompressed_kb": round(raw / 1024, 1),
                    "baseline_page": "/ (signed-out landing, base.html with app.css and htmx)",
                    "baseline_requests": landing_count,
                    "baseline_uncompressed_kb": round(landing_raw / 1024, 1),
                    "questions": len(data["fields"]) + 1,
                },
            }
        ),
        flush=True,
    )
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


_CHECK = """
import json, sys
import django
django.setup()
from ntm.surveys.models import Answer, AnswerItem, Receipt
campaign = int(sys.argv[1])
print(json.dumps({
    "answers": Answer.objects.filter(campaign_id=campaign).count(),
    "receipts": Receipt.objects.filter(household__campaign_id=campaign).count(),
    "real_receipts": Receipt.objects.filter(household__campaign_id=campaign, household__code__startswith="real-").count(),
    "items": AnswerItem.objects.filter(answer__campaign_id=campaign).count(),
}))
"""


if __name__ == "__main__":
    sys.exit(main())
