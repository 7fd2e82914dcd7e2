"""Read settings from the environment, loudly.

A value that cannot be parsed raises ``ImproperlyConfigured`` naming the variable, so the app refuses to start
instead of running with a silently wrong configuration.
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"Environment variable {name}={raw!r} is not a boolean (use true/false, 1/0).")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name}={raw!r} is not an integer.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={value} must be at least {minimum}.")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(
            f"Environment variable {name}={raw!r} must be one of: {', '.join(choices)}."
        )
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str, *, base_dir: os.PathLike | str) -> dict:
    """Build a DATABASES entry from ``DATABASE_URL``; SQLite gets WAL, a busy timeout and IMMEDIATE writes."""
    import dj_database_url

    scheme = urlparse(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {scheme!r} is not supported: use sqlite:///path or postgres://user@host/db."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60 if scheme != "sqlite" else 0)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL could not be parsed: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = sqlite_options()
    else:
        # The ORM's cursors bind client-side and never prepare; ``ntm.core.queries.prepared_cursor`` prepares the
        # few reads every dashboard sends (parsed once per connection), which psycopg allows only with a
        # threshold set (Django's default, None, turns prepared statements off for the connection).
        options = config.setdefault("OPTIONS", {})
        options["prepare_threshold"] = 5
        # No JIT compilation: the planner's cost of a dashboard's joined read (a subquery per unit) passes the
        # threshold of JIT, whose compiling then takes longer than the read itself (20 to 30 ms for a 40 ms read).
        options["options"] = (
            f"{options.get('options', '')} -c jit=off -c plan_cache_mode=force_generic_plan".strip()
        )
    return config


def sqlite_options() -> dict:
    return {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }


def cache_from_url(url: str) -> dict:
    """``CACHE_URL``: empty → database cache (shared across processes); redis://… → Redis; locmem:// for tests."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ntm_cache"}
    scheme = urlparse(url).scheme
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(f"CACHE_URL scheme {scheme!r} is not supported: use redis://host:port/db.")
