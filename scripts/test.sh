#!/usr/bin/env bash
# Set up everything and run the whole test suite: lint, checks, the full suite on PostgreSQL, the marked main
# journeys on SQLite, and start-up checks of the run command and of the production settings. Any failure (or a
# pytest run that collects no test, exit 5) fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# Python keeps its bytecode cache (__pycache__, ignored by git) and pytest its rewritten test modules: with
# PYTHONDONTWRITEBYTECODE set, as some containers set it, every Python process of the run compiled the code it
# imports again, and every pytest worker rewrote every test module again (about ten seconds each).
unset PYTHONDONTWRITEBYTECODE

scripts/setup.sh

PG_HOST=127.0.0.1
PG_PORT=5432
if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then
  command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] \
    || die "PostgreSQL is not running on $PG_HOST:$PG_PORT and is not installed here; the suite needs it."
  say "Starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start \
    || die "Could not start PostgreSQL."
  for _ in $(seq 1 30); do pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && break; sleep 1; done
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || die "PostgreSQL did not come up on $PG_HOST:$PG_PORT."
fi
PG_URL="${TEST_DATABASE_URL:-postgres://postgres@$PG_HOST:$PG_PORT/ntm}"
if [ -z "${TEST_DATABASE_URL:-}" ] && ! psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -Atc \
    "SELECT 1 FROM pg_database WHERE datname = 'ntm'" postgres 2>/dev/null | grep -q 1; then
  say "Creating the PostgreSQL database ntm"
  createdb -h "$PG_HOST" -p "$PG_PORT" -U postgres ntm || die "Could not create the database ntm."
fi

say "Lint (ruff), layering contracts (import-linter) and Django checks"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports --no-cache
DATABASE_URL="$PG_URL" DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py check
DATABASE_URL="$PG_URL" DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py makemigrations --check --dry-run

# Both pytest runs spread the tests over one worker process per CPU (pytest-xdist; NTM_TEST_WORKERS=N to choose,
# 0 for one process). Each worker has its own test database (test_ntm_gw0, ...), a copy of one template migrated
# once per run (ntm/testing/databases.py); worksteal keeps both busy to the end when a few long browser journeys
# land on one of them.
WORKERS="${NTM_TEST_WORKERS:-auto}"
XDIST=(-n "$WORKERS" --dist worksteal)
[ "$WORKERS" = "0" ] && XDIST=(-p no:xdist)

# The start-up checks of the run command and of the production settings do not depend on the suite nor on each
# other (each its own data directory, free port, static root and log). They take a minute and a half one after
# the suite, mostly one process at a time; they run in the background beside the two pytest runs instead, whose
# workers leave a core idle now and then (browser round trips, LibreOffice, the last long journey). Their logs are
# printed once both runs are done.
CHECK_DIR="$(mktemp -d)"
CHECKS=()
trap 'for pid in "${CHECKS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait; rm -rf "$CHECK_DIR"' EXIT
say "Start-up checks of the run command (SQLite) and of the production settings (gunicorn, DEBUG off), in the background"
env -u DATABASE_URL NTM_DATA_DIR="$CHECK_DIR/run" scripts/run.sh --check > "$CHECK_DIR/run-check.log" 2>&1 &
RUN_CHECK=$!
scripts/prod_check.sh > "$CHECK_DIR/prod-check.log" 2>&1 &
PROD_CHECK=$!
CHECKS=("$RUN_CHECK" "$PROD_CHECK")

say "Whole suite on PostgreSQL"
DATABASE_URL="$PG_URL" .venv/bin/python -m pytest --create-db -p no:cacheprovider "${XDIST[@]}" "$@"

say "Main journeys on SQLite"
mkdir -p "$CHECK_DIR/journeys"
env -u DATABASE_URL NTM_DATA_DIR="$CHECK_DIR/journeys" .venv/bin/python -m pytest -m sqlite_journey -p no:cacheprovider \
  -q "${XDIST[@]}"

say "Start-up checks of the run command and of the production settings"
run_status=0
wait "$RUN_CHECK" || run_status=$?
prod_status=0
wait "$PROD_CHECK" || prod_status=$?
CHECKS=()
cat "$CHECK_DIR/run-check.log" "$CHECK_DIR/prod-check.log"
[ "$run_status" -eq 0 ] || die "The start-up check of the run command failed (exit $run_status)."
[ "$prod_status" -eq 0 ] || die "The start-up check with the production settings failed (exit $prod_status)."
