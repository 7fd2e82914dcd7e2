"""Settings are parsed loudly: a bad environment variable stops the app and names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import cache_from_url, database_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parents[3]


def django_check(settings_module: str, **env) -> subprocess.CompletedProcess:
    inherited = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env = {**inherited, "DJANGO_SETTINGS_MODULE": settings_module, **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check", *(["--deploy"] if settings_module.endswith("prod") else [])],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_env_parsers_name_the_variable(monkeypatch):
    monkeypatch.setenv("NTM_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="NTM_X"):
        env_bool("NTM_X", False)
    monkeypatch.setenv("NTM_Y", "12abc")
    with pytest.raises(ImproperlyConfigured, match="NTM_Y"):
        env_int("NTM_Y", 1)
    monkeypatch.setenv("NTM_Y", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("NTM_Y", 1, minimum=1)


def test_database_and_cache_urls(tmp_path):
    sqlite = database_from_url(f"sqlite:///{tmp_path}/x.sqlite3", base_dir=tmp_path)
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]
    assert database_from_url("postgres://u@h:5432/db", base_dir=tmp_path)["ENGINE"].endswith("postgresql")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url("mysql://u@h/db", base_dir=tmp_path)
    assert cache_from_url("")["BACKEND"].endswith("DatabaseCache")
    assert cache_from_url("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcached://x")


def test_app_refuses_to_start_with_a_bad_variable():
    result = django_check("config.settings.dev", DJANGO_DEBUG="perhaps")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_production_requires_a_real_secret_key():
    result = django_check("config.settings.prod", DJANGO_SECRET_KEY="short")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = django_check(
        "config.settings.prod",
        DJANGO_SECRET_KEY="k" * 20 + "-Xy9$Qw2!zR7&uP4^mN1@bV6*cT3#eL8%",
        DJANGO_ALLOWED_HOSTS="ntm.dongnai.example",
        NTM_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
