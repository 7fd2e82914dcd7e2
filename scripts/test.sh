#!/usr/bin/env bash
# Set up everything and run the whole test suite: lint, checks, the full suite on PostgreSQL, the marked main
# journeys on SQLite, and start-up checks of the run command and of the production settings. Any failure (or a
# pytest run that collects no test, exit 5) fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

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
# 0 for one process). Each worker has its own test database (test_ntm_gw0, ...); worksteal keeps both busy to the
# end when a few long browser journeys land on one of them.
WORKERS="${NTM_TEST_WORKERS:-auto}"
XDIST=(-n "$WORKERS" --dist worksteal)
[ "$WORKERS" = "0" ] && XDIST=(-p no:xdist)

say "Whole suite on PostgreSQL"
DATABASE_URL="$PG_URL" .venv/bin/python -m pytest --create-db -p no:cacheprovider "${XDIST[@]}" "$@"

say "Main journeys on SQLite"
SQLITE_DIR="$(mktemp -d)"
trap 'rm -rf "$SQLITE_DIR"' EXIT
env -u DATABASE_URL NTM_DATA_DIR="$SQLITE_DIR" .venv/bin/python -m pytest -m sqlite_journey -p no:cacheprovider -q \
  "${XDIST[@]}"

# The two start-up checks are independent (each its own data directory, free port and static root) and mostly
# one process each: they run side by side, each into its own log, printed when both are done.
say "Start-up checks of the run command (SQLite) and of the production settings (gunicorn, DEBUG off)"
env -u DATABASE_URL NTM_DATA_DIR="$SQLITE_DIR/run" scripts/run.sh --check > "$SQLITE_DIR/run-check.log" 2>&1 &
RUN_CHECK=$!
prod_status=0
scripts/prod_check.sh > "$SQLITE_DIR/prod-check.log" 2>&1 || prod_status=$?
run_status=0
wait "$RUN_CHECK" || run_status=$?
cat "$SQLITE_DIR/run-check.log" "$SQLITE_DIR/prod-check.log"
[ "$run_status" -eq 0 ] || die "The start-up check of the run command failed (exit $run_status)."
[ "$prod_status" -eq 0 ] || die "The start-up check with the production settings failed (exit $prod_status)."
