# Shared helpers for the setup, run and test scripts. Sourced, not executed.

UV_VERSION="0.13.9"
DEBIAN_PACKAGES=(chromium fonts-liberation2 poppler-utils gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libreoffice-writer-nogui)

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

# Python >= 3.12: $PYTHON, then python3.12/python3.13 on PATH, then pyenv's versions directory. A candidate
# counts only if it really runs (a pyenv shim for a version that is not selected does not).
python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }

find_python() {
  local candidate pyenv_root
  if [ -n "${PYTHON:-}" ]; then
    python_ok "$PYTHON" || die "PYTHON=$PYTHON is not a working Python 3.12 or newer."
    echo "$PYTHON"; return
  fi
  for candidate in python3.12 python3.13; do
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      "$candidate" -c 'import sys; print(sys.executable)'; return
    fi
  done
  pyenv_root="${PYENV_ROOT:-}"
  if [ -z "$pyenv_root" ] && command -v pyenv >/dev/null 2>&1; then pyenv_root="$(pyenv root)"; fi
  [ -n "$pyenv_root" ] || pyenv_root="$HOME/.pyenv"
  for candidate in $(ls -d "$pyenv_root"/versions/3.12* "$pyenv_root"/versions/3.13* 2>/dev/null); do
    if python_ok "$candidate/bin/python"; then echo "$candidate/bin/python"; return; fi
  done
  die "No Python 3.12 or newer found. Install one (or set PYTHON=/path/to/python3.12) and run again."
}

ensure_debian_packages() {
  local missing=() pkg
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  $sudo apt-get update -qq || die "apt-get update failed; install ${missing[*]} by hand."
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || die "Could not install ${missing[*]}."
}

# uv comes from PyPI into a private tools environment, so nothing global is touched.
ensure_uv() {
  local python="$1"
  UV="$PWD/.tools/bin/uv"
  if [ ! -x "$UV" ] || ! "$UV" --version 2>/dev/null | grep -q "$UV_VERSION"; then
    say "Installing uv $UV_VERSION"
    "$python" -m venv .tools
    .tools/bin/pip install --quiet "uv==$UV_VERSION" || die "Could not install uv from PyPI."
  fi
  export UV UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT="$PWD/.venv"
}
