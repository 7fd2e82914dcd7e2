"""Scale-out, shown (PostgreSQL): two ``manage.py db_worker`` processes and two web servers (gunicorn) on one
database. Jobs are queued while both workers poll; households answer through both servers at once, and some
answers are sent twice at the same moment, once to each server. No job runs twice, every job runs, no answer is
lost or stored twice, and a token's failure limit counts the refusals of both servers together."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from ntm.jobs.models import Job, JobStatus
from ntm.jobs.services import job_start
from ntm.site.tests.scaleout_tasks import counted_ping
from ntm.surveys.models import Answer, AnswerItem, Receipt
from ntm.surveys.tests.factories import all_satisfied, make_survey

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

JOBS = 60
HOUSEHOLDS = 60  # three hamlets of 20
DOUBLED = 12  # answers sent to both servers at once
CLIENTS = 6
SETTINGS_MODULE = "ntm.site.tests.scaleout_settings"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    """A child process in its own process group (stopped with its children), its output in a log file."""

    def __init__(self, args: list[str], log_path: Path):
        root = Path(settings.BASE_DIR)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "PYTHONPATH": str(root),
            "DATABASE_URL": _database_url(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_DEBUG": "false",
            "NTM_LOG_LEVEL": "WARNING",
        }
        self.log_path = log_path
        self._log = log_path.open("w")
        self.process = subprocess.Popen(
            args, cwd=root, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self._log.close()

    def tail(self) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-20:])


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _web(port: int, log_path: Path) -> Process:
    args = [_bin("gunicorn"), "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout", "60"]
    return Process(args, log_path)


def _worker(name: str, log_path: Path) -> Process:
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    args = [sys.executable, manage, "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"]
    return Process([*args, "--worker-id", name], log_path)


def _request(port: int, path: str, body: str, content_type: str) -> int:
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": content_type})
        return conn.getresponse().status
    finally:
        conn.close()


def _wait_ready(port: int, server: Process) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.process.poll() is None, f"gunicorn stopped:\n{server.tail()}"
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/suc-khoe/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer in 30 s:\n{server.tail()}")


def test_two_workers_and_two_web_servers_run_each_job_once_and_store_each_answer_once(live_cast, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("Two workers and two servers need a database server: PostgreSQL (DATABASE_URL).")
    survey = make_survey(live_cast, per_hamlet=HOUSEHOLDS // 3)
    choices = all_satisfied(survey.campaign)
    tokens = [household.token() for household in survey.households]

    def send(port_index: int, token: str) -> int:
        """Server 0 gets the API's JSON, server 1 the answer page's form."""
        if port_index == 0:
            body = json.dumps(
                {"token": token, "responses": dict.fromkeys(choices, "hai_long"), "comments": {}}
            )
            return _request(ports[0], "/api/v1/surveys/answers", body, "application/json")
        form = urllib.parse.urlencode({"ma": token, **{f"q_{key}": "1" for key in choices}})
        return _request(ports[1], "/ks/gui/", form, "application/x-www-form-urlencoded")

    ports = [_free_port(), _free_port()]
    processes = [_web(port, tmp_path / f"web{n}.log") for n, port in enumerate(ports)]
    processes += [_worker(f"worker-{n}", tmp_path / f"worker{n}.log") for n in (1, 2)]
    try:
        for port, server in zip(ports, processes[:2], strict=True):
            _wait_ready(port, server)
        # Jobs are queued while both workers poll the queue.
        with override_settings(TASKS=DATABASE_QUEUE):
            jobs = [
                job_start(
                    owner=live_cast.coordinator, kind="scaleout", label=f"{n}", task=counted_ping, params={}
                )
                for n in range(JOBS)
            ]
        # Answers through both servers at once; DOUBLED of them reach both servers at the same moment.
        sends = [(n % 2, token) for n, token in enumerate(tokens)]
        sends += [(1 - n % 2, tokens[n]) for n in range(DOUBLED)]
        order = sorted(
            range(len(sends)), key=lambda i: (i % len(tokens), i)
        )  # a token's two sends side by side
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            statuses = list(pool.map(lambda i: (sends[i][1], send(*sends[i])), order))
        answering = time.perf_counter() - started
        # The failure limit of one token counts the refusals of both servers: 5 allowed, the 6th is too many.
        replays = [send(n % 2, tokens[-1]) for n in range(6)]
        deadline = time.monotonic() + 30
        while Job.objects.filter(pk__in=[j.pk for j in jobs], status=JobStatus.SUCCEEDED).count() < JOBS:
            assert time.monotonic() < deadline, [p.tail() for p in processes[2:]]
            time.sleep(0.3)
        # Shown with -s (the README's deployment section quotes a run); nothing is asserted on time.
        print(f"\nscale-out: {len(sends)} answers through two servers in {answering:.1f} s; {JOBS} jobs done")
    finally:
        for process in processes:
            process.stop()

    # Every job ran exactly once: one execution mark, one claim by one worker, and both workers took jobs.
    runs = Job.objects.filter(kind="scaleout")
    assert sorted(set(runs.values_list("message", flat=True))) == ["x"]
    assert set(runs.values_list("status", flat=True)) == {JobStatus.SUCCEEDED}
    results = DBTaskResult.objects.filter(task_path__endswith="counted_ping")
    assert results.count() == JOBS
    assert {tuple(r.worker_ids) for r in results} <= {("worker-1",), ("worker-2",)}
    assert {r.status for r in results} == {"SUCCESSFUL"}
    assert len({r.worker_ids[0] for r in results}) == 2, "one worker took every job: nothing was shown"

    # Every household's answer is stored once; of two simultaneous sends of one token, exactly one is stored.
    by_token = Counter()
    for token, status in statuses:
        assert status in {201, 302, 409}, (status, [p.tail() for p in processes[:2]])
        by_token[token] += status in {201, 302}
    assert set(by_token.values()) == {1}
    assert Counter(status for _t, status in statuses)[409] == DOUBLED
    assert replays == [409] * 5 + [429]
    assert Receipt.objects.count() == Answer.objects.count() == HOUSEHOLDS
    per_answer = AnswerItem.objects.values("answer").annotate(n=Count("pk")).values_list("n", flat=True)
    assert set(per_answer) == {len(choices)}
