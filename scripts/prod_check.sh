#!/usr/bin/env bash
# Start-up check of the production settings (config.settings.prod, DEBUG off), used by scripts/test.sh: gunicorn on
# SQLite in a temporary directory, with the secret key and allowed hosts from the environment. Checks that
# `manage.py check --deploy` is clean, WhiteNoise serves the static files, a 404 page shows no traceback or settings,
# GET /suc-khoe/ answers {"status": "ok", "database": "ok", "cache": "ok"}, log lines are JSON carrying the request
# id, and the health endpoint answers 503 naming the database when the database is unreachable.
# Run scripts/setup.sh first (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

WORK="$(mktemp -d)"
WEB=""
stop_web() { if [ -n "$WEB" ]; then kill "$WEB" 2>/dev/null || true; wait "$WEB" 2>/dev/null || true; WEB=""; fi; }
trap 'stop_web; rm -rf "$WORK"' EXIT INT TERM

unset DATABASE_URL CACHE_URL DJANGO_DEBUG
export DJANGO_SETTINGS_MODULE=config.settings.prod
export NTM_DATA_DIR="$WORK/data"
export DJANGO_SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
mkdir -p "$NTM_DATA_DIR"
MANAGE=(.venv/bin/python manage.py)
PY=.venv/bin/python

say "Production settings: check --deploy, migrate, collectstatic"
"${MANAGE[@]}" check --deploy --fail-level WARNING
"${MANAGE[@]}" migrate --no-input -v0
"${MANAGE[@]}" createcachetable
"${MANAGE[@]}" collectstatic --no-input -v0

PORT="$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
# Behind the reverse proxy every request arrives as HTTPS; without the header the settings redirect to https://.
CURL=(curl -s -H "X-Forwarded-Proto: https")

start_web() {  # $1: log file; the environment decides the database and the cache
  .venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 1 > "$1" 2>&1 &
  WEB=$!
  for _ in $(seq 1 60); do
    "${CURL[@]}" -o /dev/null "$URL/suc-khoe/" 2>/dev/null && return 0
    kill -0 "$WEB" 2>/dev/null || { cat "$1"; die "gunicorn did not start with the production settings."; }
    sleep 0.5
  done
  cat "$1"; die "gunicorn did not answer on $URL."
}

say "gunicorn with the production settings on $URL"
start_web "$WORK/web.log"

code="$("${CURL[@]}" -o "$WORK/health.json" -w '%{http_code}' "$URL/suc-khoe/")"
[ "$code" = "200" ] || die "GET /suc-khoe/ answered $code: $(cat "$WORK/health.json")"
$PY -c 'import json, sys; body = json.load(open(sys.argv[1])); sys.exit(body != {"status": "ok", "database": "ok", "cache": "ok"})' \
  "$WORK/health.json" || die "GET /suc-khoe/ answered $(cat "$WORK/health.json")"

"${CURL[@]}" -o "$WORK/home.html" "$URL/"
css="$(grep -o '/static/css/app\.[0-9a-f]*\.css' "$WORK/home.html" | head -1)"
[ -n "$css" ] || die "The home page links no hashed stylesheet (collectstatic with the manifest storage)."
"${CURL[@]}" -D "$WORK/css.headers" -o /dev/null "$URL$css"
grep -q '^HTTP/[0-9.]* 200' "$WORK/css.headers" || die "GET $css did not answer 200."
grep -qi '^cache-control:.*max-age=315360000' "$WORK/css.headers" \
  || die "GET $css is not served by WhiteNoise as a long-lived immutable file."

request_id="prodcheck-$($PY -c 'import secrets; print(secrets.token_hex(8))')"
code="$("${CURL[@]}" -H "X-Request-ID: $request_id" -o "$WORK/404.html" -w '%{http_code}' "$URL/khong-ton-tai/")"
[ "$code" = "404" ] || die "GET /khong-ton-tai/ answered $code, not 404."
if grep -q -e 'Traceback' -e 'DEBUG = True' -e 'SECRET_KEY' -e 'DJANGO_SETTINGS_MODULE' "$WORK/404.html"; then
  die "The 404 page shows a traceback or the settings."
fi

# The "Not Found" warning of that request: one JSON object per line, stamped with its request id.
sleep 0.5
$PY - "$WORK/web.log" "$request_id" <<'PY' || { tail -20 "$WORK/web.log"; die "No JSON log line carries the request id."; }
import json, sys
path, request_id = sys.argv[1:]
for line in open(path, encoding="utf-8"):
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    if entry.get("request_id") == request_id and {"time", "level", "logger", "message"} <= entry.keys():
        sys.exit(0)
sys.exit(1)
PY
stop_web

say "The health endpoint when the database is unreachable"
DATABASE_URL="postgres://nobody@127.0.0.1:1/unreachable" CACHE_URL="locmem://" start_web "$WORK/web-down.log"
code="$("${CURL[@]}" -o "$WORK/health-down.json" -w '%{http_code}' "$URL/suc-khoe/")"
[ "$code" = "503" ] || die "GET /suc-khoe/ with the database down answered $code, not 503."
$PY -c 'import json, sys; body = json.load(open(sys.argv[1])); sys.exit(body != {"status": "error", "database": "error", "cache": "ok"})' \
  "$WORK/health-down.json" || die "GET /suc-khoe/ with the database down answered $(cat "$WORK/health-down.json")"
stop_web

say "Production check passed: check --deploy, WhiteNoise, 404 without traceback, /suc-khoe/, JSON logs with request ids"
