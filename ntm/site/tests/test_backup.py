"""Backup and restore drills: back up a loaded database and its files, restore into an empty one, compare."""

from __future__ import annotations

import json
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from ntm.accounts.models import User
from ntm.site.backup import BackupError, file_digest, restore_backup, row_counts
from ntm.testing.cast import make_cast

pytestmark = pytest.mark.django_db(transaction=True)


def load_and_back_up(tmp_path: Path, settings) -> Path:
    """The cast plus one stored file, backed up through the command; returns the backup directory."""
    make_cast()
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "uploads").mkdir(parents=True)
    (tmp_path / "media" / "uploads" / "bien-ban.txt").write_text("Biên bản họp", encoding="utf-8")
    backup_dir = tmp_path / "backup"
    out = StringIO()
    call_command("backup", str(backup_dir), stdout=out)
    assert str(backup_dir) in out.getvalue()
    return backup_dir


def check_backup(backup_dir: Path) -> dict:
    manifest = json.loads((backup_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["created_at"] and manifest["version"]
    for name, recorded in manifest["files"].items():
        assert file_digest(backup_dir / name) == recorded
    assert manifest["row_counts"]["accounts_user"] == User.objects.count() == 5
    assert manifest["row_counts"] == row_counts(connection)
    return manifest


def drill(backup_dir: Path, manifest: dict, target, settings, tmp_path: Path) -> None:
    """Restore into the empty ``target``, compare, then show a second restore and a tampered one are refused."""
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    report = restore_backup(backup_dir, target)
    assert report.mismatches == {}
    assert report.rows == sum(manifest["row_counts"].values())
    assert row_counts(target) == manifest["row_counts"]
    restored_file = tmp_path / "restored-media" / "uploads" / "bien-ban.txt"
    assert restored_file.read_text(encoding="utf-8") == "Biên bản họp"

    with pytest.raises(BackupError, match="--force"):
        restore_backup(backup_dir, target)

    tampered = tmp_path / "tampered"
    shutil.copytree(backup_dir, tampered)
    with (tampered / manifest["database_file"]).open("r+b") as handle:
        handle.seek(200)
        byte = handle.read(1)
        handle.seek(200)
        handle.write(bytes([byte[0] ^ 0xFF]))
    restored_file.unlink()
    with pytest.raises(CommandError, match="không khớp mã kiểm tra"):
        call_command("restore", str(tampered), "--force")
    assert not restored_file.exists()  # nothing was touched
    assert row_counts(connection) == manifest["row_counts"]


@pytest.mark.postgres_only
def test_backup_and_restore_drill_on_postgresql(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL drill")
    backup_dir = load_and_back_up(tmp_path, settings)
    manifest = check_backup(backup_dir)
    assert (backup_dir / "database.dump").read_bytes()[:5] == b"PGDMP"

    name = f"{connection.settings_dict['NAME']}_restore"
    server = [
        f"--host={connection.settings_dict['HOST']}",
        f"--port={connection.settings_dict['PORT'] or 5432}",
    ]
    server.append(f"--username={connection.settings_dict['USER']}")
    subprocess.run(["dropdb", *server, "--if-exists", name], check=True)
    subprocess.run(["createdb", *server, name], check=True)
    target = type(connections["default"])({**connection.settings_dict, "NAME": name}, alias="restore")
    try:
        drill(backup_dir, manifest, target, settings, tmp_path)
    finally:
        target.close()
        subprocess.run(["dropdb", *server, "--if-exists", name], check=True)


@pytest.mark.sqlite_journey
def test_backup_and_restore_drill_on_sqlite(tmp_path, settings):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite drill")
    backup_dir = load_and_back_up(tmp_path, settings)
    manifest = check_backup(backup_dir)
    assert (backup_dir / "database.sqlite3").read_bytes()[:15] == b"SQLite format 3"

    target_file = tmp_path / "restored" / "ntm.sqlite3"
    target = type(connections["default"])(
        {**connection.settings_dict, "NAME": str(target_file)}, alias="restore"
    )
    try:
        drill(backup_dir, manifest, target, settings, tmp_path)
    finally:
        target.close()


def test_a_directory_without_manifest_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"manifest\.json"):
        call_command("restore", str(tmp_path))
