"""Test databases of a parallel run: migrated once per run, then copied into every pytest-xdist worker.

Without this, every worker built its own test database by running every migration (half a minute or more each,
the workers competing for the same cores while they also collect the suite). Now the xdist controller starts one
builder process as the run starts (``python -m ntm.testing.databases DIR``), while the workers start and collect.
The builder makes a test database exactly as Django's runner makes one (``create_test_db``: every migration with
``run_syncdb``, then ``createcachetable``) under a template name; each worker then waits for it and copies it:

- PostgreSQL: ``CREATE DATABASE test_ntm_gw0 WITH TEMPLATE test_ntm_template`` (a file copy, well under a second);
- SQLite (one in-memory test database per worker): the builder's database saved to a file with SQLite's backup
  API and loaded into each worker's database the same way.

The template is built afresh by every run, so a changed migration is never served from an earlier run, and it is
dropped when the run ends (the builder waits for the controller to close its standard input, then drops it). A
run without xdist, with ``--reuse-db`` or ``--nomigrations``, or with more than one database configured creates
its databases as pytest-django always did. The root conftest's ``django_db_setup`` calls ``setup`` below.

On PostgreSQL the database is also emptied faster after a transactional test (see "emptying the database" below).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKER_KEY = "ntm_template"  # the workerinput entry: {"dir": ..., "pid": ...}
READY, FAILED, LOG = "ready.json", "failed.txt", "build.log"
WAIT_SECONDS = 30 * 60  # a builder that is alive is waited for; this only bounds a hung one


# --- the controller -------------------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, directory: Path, process: subprocess.Popen) -> None:
        self.directory, self.process = directory, process


def _template_applies(config: pytest.Config) -> bool:
    """Whether this process is an xdist controller whose workers would each migrate the one test database."""
    if not config.pluginmanager.has_plugin("dsession") or not config.pluginmanager.has_plugin("django"):
        return False
    if config.getoption("reuse_db", False) or config.getoption("nomigrations", False):
        return False
    from django.conf import settings

    if not settings.configured or set(settings.DATABASES) != {"default"}:
        return False
    engine = settings.DATABASES["default"].get("ENGINE", "")
    return engine in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}


def pytest_configure(config: pytest.Config) -> None:
    _install_fast_flush()


def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    if hasattr(config, "workerinput") or not _template_applies(config):
        return
    from django.conf import settings

    directory = Path(tempfile.mkdtemp(prefix="ntm-test-template-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    with (directory / LOG).open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 (this interpreter, this module)
            [sys.executable, "-m", "ntm.testing.databases", str(directory)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    config._ntm_template_builder = _Builder(directory, process)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    builder = getattr(node.config, "_ntm_template_builder", None)
    if builder is not None:
        node.workerinput[WORKER_KEY] = {"dir": str(builder.directory), "pid": builder.process.pid}


def pytest_unconfigure(config: pytest.Config) -> None:
    _uninstall_fast_flush()
    builder = getattr(config, "_ntm_template_builder", None)
    if builder is None:
        return
    process = builder.process
    if process.poll() is None:
        if not (builder.directory / READY).exists():
            process.send_signal(signal.SIGTERM)  # still migrating: no worker needs it any more
        with contextlib.suppress(OSError):
            process.stdin.close()  # the signal to drop the template and exit
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    shutil.rmtree(builder.directory, ignore_errors=True)


# --- a worker -------------------------------------------------------------------------------------------------------


def setup(request, django_db_blocker, *, use_migrations: bool, keepdb: bool, createdb: bool):
    """pytest-django's ``django_db_setup``, the test database copied from the run's template when there is one."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    template = getattr(request.config, "workerinput", {}).get(WORKER_KEY)
    kwargs = {}
    if not use_migrations:
        _disable_migrations()
    if keepdb and not createdb:
        kwargs["keepdb"] = True
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        copying = _copying(template, verbosity) if template and use_migrations else contextlib.nullcontext()
        with copying:
            db_cfg = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                **kwargs,
            )
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            try:
                teardown_databases(db_cfg, verbosity=verbosity)
            except Exception as exc:  # reported as pytest-django does
                request.node.warn(
                    pytest.PytestWarning(f"Error when trying to teardown test databases: {exc!r}")
                )


def _wait_for_template(template: dict) -> dict:
    directory, pid = Path(template["dir"]), template["pid"]
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if (directory / READY).exists():
            return json.loads((directory / READY).read_text(encoding="utf-8"))
        if (directory / FAILED).exists() or not _alive(pid) or time.monotonic() > deadline:
            time.sleep(0.2)  # a builder that just finished writes its file before it exits
            if (directory / READY).exists():
                continue
            raise RuntimeError(f"The test database template was not built.\n{_report(directory)}")
        time.sleep(0.1)


def _report(directory: Path) -> str:
    for name in (FAILED, LOG):
        if (directory / name).exists():
            return (directory / name).read_text(encoding="utf-8", errors="replace")[-5000:]
    return "(the builder left no report)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _copying(template: dict, verbosity: int):
    """While Django's ``setup_databases`` runs, its ``create_test_db`` copies the template instead of migrating."""
    from django.db import connections

    ready = _wait_for_template(template)
    connection = connections["default"]
    creation = connection.creation

    def create_test_db(verbosity=1, autoclobber=False, serialize=None, keepdb=False):
        return _copy_into_test_db(connection, ready, verbosity)

    with _patched(creation, "create_test_db", create_test_db):
        yield


@contextlib.contextmanager
def _patched(obj, name, value):
    setattr(obj, name, value)
    try:
        yield
    finally:
        delattr(obj, name)


def _copy_into_test_db(connection, ready: dict, verbosity: int) -> str:
    """What ``create_test_db`` leaves behind (the test database, the connection and settings pointing at it), made
    by copying the template."""
    from django.conf import settings

    creation = connection.creation
    name = creation._get_test_db_name()
    if verbosity >= 1:
        creation.log(f"Copying the test database template into {name}...")
    if connection.vendor == "postgresql":
        _pg_clone(connection, ready["template"], name)
    else:
        creation._create_test_db(verbosity, autoclobber=True, keepdb=False)  # removes a file left behind
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(ready["template"])
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.ensure_connection()
    return name


def _pg_clone(connection, template: str, name: str) -> None:
    from django.db import DatabaseError

    creation, quote = connection.creation, connection.ops.quote_name
    connection.close()
    for attempt in range(10):
        try:
            with creation._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
                cursor.execute(f"CREATE DATABASE {quote(name)} WITH TEMPLATE {quote(template)}")
            return
        except DatabaseError:  # e.g. "source database is being accessed by other users" for a moment
            if attempt == 9:
                raise
            time.sleep(0.5)


# --- emptying the database after a transactional test (PostgreSQL) ------------------------------------------------

# Django empties every table after a transactional test (browser journeys, concurrency tests) with one TRUNCATE of
# all ~130 tables, which PostgreSQL makes by giving each table and index new files: over a second each time, most
# of it for tables the test never wrote. Here the tables that hold rows get a DELETE instead, in the same
# transaction, with the foreign keys (all deferrable) checked at commit; the result is the same (every table empty,
# sequences left as they are, as with Django's TRUNCATE). TRUNCATE is kept for a table a DELETE trigger guards (the
# append-only audit table) with the tables that reference it, and for everything when the tables hold many rows,
# when sequences are reset or when a flush cascades.
FLUSH_DELETE_LIMIT = 5_000  # rows in all tables together; above it TRUNCATE is faster than DELETE
_ORIGINAL_SQL_FLUSH = None


def _install_fast_flush() -> None:
    global _ORIGINAL_SQL_FLUSH
    try:
        from django.db.backends.postgresql.operations import DatabaseOperations
    except ImportError:  # no psycopg: no PostgreSQL run
        return
    if _ORIGINAL_SQL_FLUSH is None:
        _ORIGINAL_SQL_FLUSH = DatabaseOperations.sql_flush
        DatabaseOperations.sql_flush = _sql_flush


def _uninstall_fast_flush() -> None:
    global _ORIGINAL_SQL_FLUSH
    if _ORIGINAL_SQL_FLUSH is not None:
        from django.db.backends.postgresql.operations import DatabaseOperations

        DatabaseOperations.sql_flush = _ORIGINAL_SQL_FLUSH
        _ORIGINAL_SQL_FLUSH = None


def _sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    def truncate(names):
        return _ORIGINAL_SQL_FLUSH(
            self, style, names, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )

    tables = list(tables)
    if not tables or reset_sequences or allow_cascade:
        return truncate(tables)
    quote = self.quote_name
    with self.connection.cursor() as cursor:
        counts = ", ".join(
            f"(SELECT count(*) FROM (SELECT 1 FROM {quote(table)} LIMIT {FLUSH_DELETE_LIMIT + 1}) AS t)"  # noqa: S608
            for table in tables
        )
        cursor.execute(f"SELECT {counts}")
        rows = dict(zip(tables, cursor.fetchone(), strict=True))
        if sum(rows.values()) > FLUSH_DELETE_LIMIT:
            return truncate(tables)
        cursor.execute(
            """SELECT child.relname, parent.relname, con.condeferrable
                 FROM pg_constraint con
                 JOIN pg_class child ON child.oid = con.conrelid
                 JOIN pg_class parent ON parent.oid = con.confrelid
                WHERE con.contype = 'f' AND pg_table_is_visible(child.oid)"""
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            """SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE NOT t.tgisinternal AND t.tgtype & 8 <> 0 AND pg_table_is_visible(c.oid)"""
        )
        guarded = {name for (name,) in cursor.fetchall() if name in rows}
    if any(not deferrable and child in rows and parent in rows for child, parent, deferrable in foreign_keys):
        return truncate(tables)  # a foreign key checked at once would make the DELETEs depend on their order
    # A guarded table with rows is truncated, with every table that references it (TRUNCATE requires them).
    truncated = {name for name in guarded if rows[name]}
    while True:
        more = {
            child for child, parent, _ in foreign_keys if parent in truncated and child in rows
        } - truncated
        if not more:
            break
        truncated |= more
    statements = truncate([name for name in tables if name in truncated]) if truncated else []
    statements.append("SET CONSTRAINTS ALL DEFERRED")
    deleted = [name for name in tables if rows[name] and name not in truncated]
    statements += [f"DELETE FROM {quote(name)}" for name in deleted]  # noqa: S608 (names from introspection)
    return statements


# --- the builder (a process of its own, started by the controller) ------------------------------------------------


def build(directory: Path) -> None:
    """Create the template, report it, keep it until standard input closes, then drop it."""
    import django

    django.setup()
    from django.db import connections
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)
    connection = connections["default"]
    creation = connection.creation
    pg_template, failed = None, False
    try:
        if connection.vendor == "postgresql":
            pg_template = template = f"{creation._get_test_db_name()}_template"
            if len(template) > 63:
                raise RuntimeError(f"The template name {template!r} is longer than PostgreSQL allows.")
            connection.settings_dict["TEST"]["NAME"] = template
            creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
            connection.close()
        else:
            creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
            template = str(directory / "template.sqlite3")
            target = sqlite3.connect(template)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        _write(directory / READY, json.dumps({"vendor": connection.vendor, "template": template}))
        sys.stdin.read()  # until the controller closes it: the run is over
    except BaseException:
        if not _terminated:  # a failure (a migration, or Django's sys.exit on a database error): report it
            failed = True  # the workers read the report; the controller removes the directory
            _write(directory / FAILED, traceback.format_exc())
        raise
    finally:
        if pg_template is not None:
            _pg_drop(connection, pg_template)
        if not failed:  # the controller removes it too, unless it was killed
            shutil.rmtree(directory, ignore_errors=True)


def _pg_drop(connection, name: str) -> None:
    connection.close()
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        force = " WITH (FORCE)" if int(cursor.fetchone()[0]) >= 130000 else ""  # PostgreSQL 13+
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}{force}")


def _write(path: Path, text: str) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


_terminated = False


def _terminate(signum, frame):
    global _terminated
    _terminated = True
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    build(Path(sys.argv[1]))
