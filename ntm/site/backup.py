"""Backup and restore of the database and the stored files (the ``backup`` and ``restore`` commands).

A backup directory holds ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or ``database.sqlite3``
(SQLite, made with the online backup API), ``media.tar.gz`` (the media root) and ``manifest.json``: when and from
which version it was made, the database vendor, the SHA-256 and size of each file and the row count of each model
table. :func:`create_backup` writes one; :func:`restore_backup` checks every checksum before it touches anything,
refuses a database that already holds data unless forced, restores, then compares row counts with the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core import tomlfile
from ntm.core.exceptions import ServiceError

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FORMAT_VERSION = 1


class BackupError(ServiceError):
    """A backup could not be made or a restore was refused; nothing was changed by the refusal."""


@dataclass
class RestoreReport:
    """What a restore did: the tables whose row counts differ from the manifest (empty when all match)."""

    tables: int
    rows: int
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)


def model_tables() -> list[str]:
    """The database tables of every installed, managed model (auto-created many-to-many tables included)."""
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables)


def row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows per model table present in ``connection``'s database (absent tables are left out)."""
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in model_tables():
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
    return counts


def file_digest(path: Path) -> dict[str, object]:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return {"sha256": sha.hexdigest(), "size": path.stat().st_size}


def app_version() -> dict[str, str]:
    """The package version and, when the code is a git checkout (or NTM_COMMIT is set), the commit."""
    try:
        pyproject = tomlfile.parse((Path(settings.BASE_DIR) / "pyproject.toml").read_bytes())
        version = str(pyproject["project"]["version"])
    except (OSError, KeyError, tomlfile.DataFileError):
        version = ""
    commit = os.environ.get("NTM_COMMIT", "")
    if not commit:
        try:
            commit = subprocess.run(
                ["git", "rev-parse", "HEAD"],  # noqa: S607
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                check=True,
                timeout=10,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            commit = ""
    return {"version": version, "commit": commit}


def _pg_command(program: str, settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """``program`` with the connection arguments of a PostgreSQL ``settings_dict`` (password via PGPASSWORD)."""
    args = [program, "--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args.append(f"{flag}={settings_dict[key]}")
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(args: list[str], env: dict[str, str] | None = None) -> None:
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except OSError as exc:
        raise BackupError(
            _("Could not run %(program)s: %(error)s") % {"program": args[0], "error": exc}
        ) from exc
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": args[0], "error": result.stderr.strip()[-2000:]}
        )


def _dump_postgresql(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    """``pg_dump`` under a snapshot exported by a repeatable-read transaction that also counts the rows."""
    args, env = _pg_command("pg_dump", connection.settings_dict)
    connection.ensure_connection()
    raw = connection.connection
    previous_autocommit = raw.autocommit
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = row_counts(connection)
            _run(
                [
                    *args,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    connection.settings_dict["NAME"],
                ],
                env,
            )
        raw.rollback()
    finally:
        raw.autocommit = previous_autocommit
    return counts


def _copy_sqlite(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    """The SQLite online backup API: a consistent copy while the application keeps running."""
    import sqlite3

    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    copy = connection.__class__(
        {**connection.settings_dict, "NAME": str(target), "OPTIONS": {}}, alias="backup"
    )
    try:
        return row_counts(copy)
    finally:
        copy.close()


def create_backup(destination: Path, connection: BaseDatabaseWrapper | None = None) -> dict:
    """Write a backup of the database and the media root into ``destination`` (created; must be empty)."""
    connection = connection or connections["default"]
    destination.mkdir(parents=True, exist_ok=True)
    if any(destination.iterdir()):
        raise BackupError(_("The backup directory %(path)s is not empty.") % {"path": destination})
    vendor = connection.vendor
    if vendor == "postgresql":
        database_file = PG_DUMP
        counts = _dump_postgresql(connection, destination / database_file)
    elif vendor == "sqlite":
        database_file = SQLITE_COPY
        counts = _copy_sqlite(connection, destination / database_file)
    else:
        raise BackupError(_("Backups of a %(vendor)s database are not supported.") % {"vendor": vendor})
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(destination / MEDIA_ARCHIVE, "w:gz") as archive:
        if media_root.is_dir():
            for child in sorted(media_root.iterdir()):
                archive.add(child, arcname=child.name)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        **app_version(),
        "database_vendor": vendor,
        "database_file": database_file,
        "files": {name: file_digest(destination / name) for name in (database_file, MEDIA_ARCHIVE)},
        "row_counts": counts,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def verify_backup(source: Path) -> dict:
    """The manifest of ``source`` once every file it lists is present with its recorded size and SHA-256."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        manifest["database_vendor"], manifest["database_file"], manifest["row_counts"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(
            _("%(path)s is not a readable backup (manifest.json missing or damaged).") % {"path": source}
        ) from exc
    if manifest["database_file"] not in files or MEDIA_ARCHIVE not in files:
        raise BackupError(_("The backup manifest does not list the database and the media archive."))
    for name, expected in files.items():
        path = source / name
        if not path.is_file():
            raise BackupError(_("The backup file %(name)s is missing.") % {"name": name})
        if file_digest(path) != expected:
            raise BackupError(
                _(
                    "The backup file %(name)s does not match its checksum: the backup is damaged or was altered."
                )
                % {"name": name}
            )
    return manifest


def holds_data(connection: BaseDatabaseWrapper) -> bool:
    """Whether any model table of ``connection``'s database has a row, or the media root holds a file."""
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(media_root.iterdir()):
        return True
    sqlite_file = connection.vendor == "sqlite" and not connection.is_in_memory_db()
    if sqlite_file and not Path(connection.settings_dict["NAME"]).exists():
        return False  # connecting would create the file (and fails when its directory is missing)
    return any(count for count in row_counts(connection).values())


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> None:
    args, env = _pg_command("pg_restore", connection.settings_dict)
    connection.close()
    _run(
        [
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env,
    )


def _restore_sqlite(connection: BaseDatabaseWrapper, copy: Path) -> None:
    """Replace the database file while no connection is open (the WAL and shared-memory files go with it)."""
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(target.name + ".restoring")
    shutil.copyfile(copy, staged)
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    os.replace(staged, target)


def _restore_media(archive_path: Path) -> None:
    """Unpack the media archive beside the media root, then swap it in place of the current one."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(staged, filter="data")
    if media_root.exists():
        shutil.rmtree(media_root)
    os.replace(staged, media_root)


def restore_backup(
    source: Path, connection: BaseDatabaseWrapper | None = None, *, force: bool = False
) -> RestoreReport:
    """Check ``source``, restore its database into ``connection`` and its files into the media root."""
    connection = connection or connections["default"]
    manifest = verify_backup(source)
    if manifest["database_vendor"] != connection.vendor:
        raise BackupError(
            _("The backup is of a %(backup)s database; this database is %(current)s.")
            % {"backup": manifest["database_vendor"], "current": connection.vendor}
        )
    if not force and holds_data(connection):
        raise BackupError(
            _("The database or the media directory already holds data: use --force to replace it.")
        )
    database_file = source / manifest["database_file"]
    if connection.vendor == "postgresql":
        _restore_postgresql(connection, database_file)
    else:
        _restore_sqlite(connection, database_file)
    _restore_media(source / MEDIA_ARCHIVE)
    restored = row_counts(connection)
    expected: dict[str, int] = manifest["row_counts"]
    mismatches = {
        table: (count, restored.get(table, 0))
        for table, count in expected.items()
        if restored.get(table, 0) != count
    }
    return RestoreReport(tables=len(expected), rows=sum(expected.values()), mismatches=mismatches)
