"""Shared helpers of the bench scripts (design.md §6): one JSON object per measure on stdout, the machine the
measures were taken on, a progress bar on stderr, a fresh PostgreSQL database.

Every bench script prints one JSON object per measure on stdout with at least ``bench``, ``value``, ``unit``,
``baseline``, ``ratio``, ``budget`` and ``ok`` (and usually ``scale``); :func:`measure` builds one and
:func:`emit` prints it. ``bench/run_all.py`` gathers them into one report. No Django import here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterable, Iterator
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def measure(
    bench: str,
    value: float,
    unit: str,
    baseline: float | None,
    budget: float | None,
    ok: bool,
    *,
    budget_kind: str = "",
    digits: int = 2,
    **extra: Any,
) -> dict[str, Any]:
    """One measure as the suite reads it. ``budget_kind`` says what ``budget`` bounds (e.g. "ratio ≤", "ms ≤")."""
    line: dict[str, Any] = {
        "bench": bench,
        "value": round(value, digits),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, digits),
        "ratio": round(value / baseline, 3) if baseline else None,
        "budget": budget,
        "ok": bool(ok),
    }
    if budget_kind:
        line["budget_kind"] = budget_kind
    line.update(extra)
    return line


def emit(line: dict[str, Any]) -> None:
    print(json.dumps(line, ensure_ascii=False), flush=True)


def log(prefix: str, message: str) -> None:
    print(f"[{prefix}] {message}", file=sys.stderr, flush=True)


def progress(items: Iterable, *, total: int | None = None, description: str = "") -> Iterator:
    """``items`` with a progress bar on stderr: rich's when it is installed (it is, through the dev tools),
    otherwise a plain line every 5 %."""
    try:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
    except ImportError:  # pragma: no cover - plain fallback
        yield from _plain_progress(items, total, description)
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    from rich.console import Console

    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)


def _plain_progress(items: Iterable, total: int | None, description: str) -> Iterator:
    started, step = time.perf_counter(), max(1, (total or 0) // 20)
    for done, item in enumerate(items, start=1):
        yield item
        if done % step == 0 or done == total:
            print(
                f"{description}: {done}/{total or '?'} ({time.perf_counter() - started:.0f} s)",
                file=sys.stderr,
                flush=True,
            )


def fresh_postgres(url: str) -> None:
    """Drop (forcing out other sessions) and create the database named in ``url``."""
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def postgres_ready(url: str) -> bool:
    """Something answers on the host and port of ``url`` (the PostgreSQL benches fall back or stop otherwise)."""
    parsed = urllib.parse.urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), timeout=2):
            return True
    except OSError:
        return False


def postgres_version(url: str) -> str | None:
    try:
        import psycopg

        parsed = urllib.parse.urlparse(url)
        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, connect_timeout=3) as connection:
            return str(connection.execute("SHOW server_version").fetchone()[0])
    except Exception:
        return None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_commit() -> str | None:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def machine(database_url: str) -> dict[str, Any]:
    """Where and when the measures were taken (the report's header)."""
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": cpu_model(),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "postgresql": postgres_version(database_url),
        "os": platform.platform(),
        "git_commit": git_commit(),
    }


# --- A real web server on the loopback -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_request(
    port: int, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request to 127.0.0.1:``port`` on a connection of its own (``body``: a urlencoded form); status, headers
    and body."""
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        all_headers = {"Host": "127.0.0.1", **(headers or {})}
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Gunicorn:
    """gunicorn serving ``config.wsgi`` (what production runs) with ``workers`` sync workers on a free loopback
    port, in the environment ``env``, its output in ``log_path``."""

    def __init__(self, env: dict[str, str], log_path: Path, *, workers: int, timeout: int = 60) -> None:
        self.port = free_port()
        self.log = log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603
            [
                GUNICORN,
                "config.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                str(timeout),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait(self, path: str, seconds: float = 60) -> None:
        """Until ``GET path`` answers 200; stops the bench if gunicorn exits or never answers."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {self.log.name}")
            try:
                if http_request(self.port, "GET", path)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise SystemExit(f"gunicorn did not answer {path} in {seconds:.0f} s; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
