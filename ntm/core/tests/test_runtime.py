"""A web worker, once loaded, has every view imported and its objects out of the garbage collector's reach."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def test_a_loaded_web_worker_settles() -> None:
    """Importing the WSGI application (what gunicorn does) loads the URLconf and freezes what is loaded: a full
    collection during a request then leaves the application's objects alone."""
    code = (
        "import gc, sys; import config.wsgi; "
        "assert gc.get_freeze_count() > 10000, gc.get_freeze_count(); "
        "assert 'ntm.assessment.views.dashboards' in sys.modules; "
        "assert gc.isenabled()"  # the collector stays on: only what was loaded is frozen
    )
    environment = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"}
    for name in ("DATABASE_URL", "NTM_DATA_DIR", "HOME"):
        if value := os.environ.get(name):
            environment[name] = value
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
