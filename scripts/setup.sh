#!/usr/bin/env bash
# Set up everything on a fresh machine: Debian packages, the Python environment (uv, locked), npm assets,
# compiled translations. Safe to run again: each step does nothing when it is already done.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

PY="$(find_python)"
say "Python: $PY ($("$PY" --version))"
ensure_debian_packages
ensure_uv "$PY"
say "Python packages (uv sync --locked)"
"$UV" sync --locked --python "$PY" --quiet

if [ -f package.json ]; then
  command -v npm >/dev/null 2>&1 || die "npm is needed for the front-end assets; install Node.js and npm."
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    say "Front-end packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  .venv/bin/python scripts/copy_assets.py
fi

mkdir -p "${NTM_DATA_DIR:-var}"
say "Translations"
.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=.tools -v0
