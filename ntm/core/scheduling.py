"""Periodic work run by ``manage.py run_scheduled``.

Each app adds its idempotent jobs to ``SCHEDULED_JOBS`` from its AppConfig.ready(): a name and a callable taking
the current time and returning a short report. Every job must be safe to run again at any moment (every few
minutes from cron or systemd, and from the run command's worker loop).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    run: Callable[[dt.datetime], str]


SCHEDULED_JOBS: list[ScheduledJob] = []


def register(name: str, run: Callable[[dt.datetime], str]) -> None:
    if any(job.name == name for job in SCHEDULED_JOBS):
        return
    SCHEDULED_JOBS.append(ScheduledJob(name, run))
