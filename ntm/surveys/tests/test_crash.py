"""Crash safety on PostgreSQL: the whole gunicorn process group is killed (SIGKILL) while households submit their
answers through the public API; after a restart every submission that got no acknowledgement is sent again.
Every answer acknowledged with 201 is stored, none twice, and a code whose answer was stored before the crash
(acknowledged or not) is refused with 409 instead of being stored a second time."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count

from ntm.surveys.models import Answer, AnswerItem, Receipt
from ntm.surveys.tests.factories import all_satisfied, make_survey

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WORKERS = 2
CLIENTS = 8
PER_HAMLET = 67  # three hamlets: 201 households
KILL_AFTER = 70  # acknowledged answers before the kill
ANSWERS_URL = "/api/v1/surveys/answers"
AIM_SECONDS = 3
NO_ANSWER = 0  # status recorded when the connection failed or broke before a response


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    """The test database (data committed by the transactional test), for the server processes."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _post(port: int, body: bytes, timeout: float = 30) -> int:
    """POST one submission; its status, or ``NO_ANSWER`` when no response came back."""
    conn = HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", ANSWERS_URL, body=body, headers={"Content-Type": "application/json"})
        return conn.getresponse().status
    except (OSError, HTTPException):  # refused, reset, or cut off mid-response
        return NO_ANSWER
    finally:
        conn.close()


def _send(port: int, bodies: dict[str, bytes], codes: list[str]) -> dict[str, int]:
    """Submit ``codes`` from ``CLIENTS`` threads; the status each got."""
    with ThreadPoolExecutor(CLIENTS) as pool:
        return dict(zip(codes, pool.map(lambda code: _post(port, bodies[code]), codes), strict=True))


class Gunicorn:
    """gunicorn (``WORKERS`` sync workers) in its own process group, so one signal reaches master and workers."""

    def __init__(self, database_url: str, port: int, log_path: Path):
        root = Path(settings.BASE_DIR)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ntm.surveys.tests.crash_settings",
            "PYTHONPATH": str(root),
            "DATABASE_URL": database_url,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_DEBUG": "false",
            "NTM_LOG_LEVEL": "WARNING",
        }
        self.port = port
        self.log_path = log_path
        self._log = log_path.open("a")
        self.process = subprocess.Popen(
            [
                *(str(Path(sys.executable).parent / "gunicorn"), "config.wsgi"),
                *("-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--timeout", "60"),
            ],
            cwd=root,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn stopped:\n{self.tail()}"
            conn = HTTPConnection("127.0.0.1", self.port, timeout=5)
            try:
                conn.request("GET", "/suc-khoe/")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            finally:
                conn.close()
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer in 30 s:\n{self.tail()}")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once; no handler, no graceful shutdown."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # the group ended between poll and kill
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._log.close()

    def tail(self) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])


def _first_round(port: int, bodies: dict[str, bytes], server: Gunicorn) -> dict[str, int]:
    """Submit every code from ``CLIENTS`` threads. Once ``KILL_AFTER`` are acknowledged, kill the server the
    moment the database holds more receipts than the clients hold acknowledgements (an answer committed whose
    201 is still on its way), or after ``AIM_SECONDS`` at the latest."""
    pending: queue.Queue[str] = queue.Queue()
    for code in bodies:
        pending.put(code)
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    enough = threading.Event()

    def client() -> None:
        while True:
            try:
                code = pending.get_nowait()
            except queue.Empty:
                return
            status = _post(port, bodies[code])
            with lock:
                statuses[code] = status
                if sum(1 for s in statuses.values() if s == 201) >= KILL_AFTER:
                    enough.set()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    assert enough.wait(timeout=40), f"only {Counter(statuses.values())} before the kill:\n{server.tail()}"
    aim_until = time.monotonic() + AIM_SECONDS
    while time.monotonic() < aim_until:
        receipts = Receipt.objects.count()
        with lock:
            acknowledged = sum(1 for s in statuses.values() if s == 201)
        if receipts > acknowledged:
            break
    server.kill()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_sigkill_under_submission_load_loses_no_acknowledged_answer_and_stores_none_twice(
    live_cast, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.fail("This test must run on PostgreSQL (DATABASE_URL).")
    survey = make_survey(live_cast, per_hamlet=PER_HAMLET)
    responses = {key: "hai_long" for key in all_satisfied(survey.campaign)}
    bodies = {
        household.code: json.dumps(
            {"token": household.token(), "responses": responses, "comments": {}}
        ).encode()
        for household in survey.households
    }
    database_url, log_path = _database_url(), tmp_path / "gunicorn.log"

    server = Gunicorn(database_url, _free_port(), log_path)
    try:
        server.wait_ready()
        first = _first_round(server.port, bodies, server)
    finally:
        server.kill()
    assert set(first) == set(bodies) and set(first.values()) <= {201, NO_ANSWER}, Counter(first.values())
    unacknowledged = [code for code, status in first.items() if status != 201]
    assert unacknowledged, "the kill came after every submission was answered"

    server = Gunicorn(database_url, _free_port(), log_path)
    try:
        server.wait_ready()
        retried = _send(server.port, bodies, unacknowledged)
        again = _send(server.port, bodies, [code for code, status in first.items() if status == 201][:20])
    finally:
        server.kill()

    # A retry is stored (201) or refused because the crash came after its commit (409); only a request a worker
    # was handling at the kill can have been committed unacknowledged, so at most one per worker.
    assert set(retried.values()) <= {201, 409}, (Counter(retried.values()), server.tail())
    assert Counter(retried.values())[409] <= WORKERS, Counter(retried.values())
    assert set(again.values()) == {409}  # an acknowledged code sent again is not stored twice

    acknowledged = {code for code, status in first.items() if status == 201}
    acknowledged |= {code for code, status in retried.items() if status == 201}
    stored = set(Receipt.objects.values_list("household__code", flat=True))
    assert acknowledged <= stored  # every acknowledged answer is stored
    assert stored == set(bodies)  # and every other one was stored once, before the crash or on its retry
    assert Receipt.objects.count() == len(stored)  # no code has two receipts
    assert Answer.objects.filter(campaign=survey.campaign).count() == Receipt.objects.count() == len(bodies)
    per_answer = AnswerItem.objects.values("answer").annotate(n=Count("pk")).values_list("n", flat=True)
    assert set(per_answer) == {len(responses)}  # no half-written answer survived the kill
