# Shared shell functions for the scripts behind the Makefile. Source it; don't run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
RUN_DIR="$ROOT/.run"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages the native stack needs: nginx always, wrk for the benchmark's
# throughput test (it runs in make test too), chromium for the e2e suite.
ensure_system_packages() {
    local missing=()
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
    command -v envsubst >/dev/null 2>&1 || missing+=(gettext-base)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    if [ "${1:-}" = "--with-browser" ] && [ -z "${E2E_CHROMIUM_PATH:-}" ]; then
        [ -x /usr/bin/chromium ] || missing+=(chromium)
    fi
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing ${missing[*]} with apt-get"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        die "please install: ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]})"
    fi
}

# The virtualenv with the locked backend, test and e2e dependencies. Reinstalls only
# when a lock file changed since the last install.
ensure_venv() {
    command -v python3 >/dev/null 2>&1 || die "python3 (3.11+) is required"
    [ -x "$PY" ] || { say "Creating .venv"; python3 -m venv "$VENV"; }
    local stamp="$VENV/.installed" locks=("$ROOT/backend/requirements-dev.txt" "$ROOT/e2e/requirements.txt")
    local sum
    sum="$(cat "${locks[@]}" | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
        say "Installing Python dependencies (locked)"
        "$PY" -m pip install -q --disable-pip-version-check --upgrade pip
        "$PY" -m pip install -q --disable-pip-version-check -r "$ROOT/backend/requirements-dev.txt" -r "$ROOT/e2e/requirements.txt"
        echo "$sum" > "$stamp"
    fi
}

ensure_node_modules() {
    command -v npm >/dev/null 2>&1 || die "Node.js 20+ with npm is required"
    local stamp="$ROOT/frontend/node_modules/.installed" sum
    sum="$(sha256sum "$ROOT/frontend/package-lock.json" | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
        say "Installing frontend dependencies (npm ci)"
        (cd "$ROOT/frontend" && npm ci --no-audit --no-fund --loglevel=error)
        echo "$sum" > "$stamp"
    fi
}

build_frontend() {
    ensure_node_modules
    say "Building the SPA"
    (cd "$ROOT/frontend" && npm run --silent build >/dev/null)
}

manage() { (cd "$ROOT/backend" && "$PY" manage.py "$@"); }

# Print a DATABASE_URL for database NAME on the server of DATABASE_URL, or of the
# embedded PostgreSQL when DATABASE_URL is unset. --fresh drops and recreates it.
database_url_for() { (cd "$ROOT/backend" && "$PY" -m config.dbtool "$@"); }

# Print the content of FILE, a secret made once with mode 0600 (and made now if missing).
ensure_secret_key() {
    local file="$1"
    if [ ! -s "$file" ]; then
        mkdir -p "$(dirname "$file")"
        (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' > "$file")
    fi
    cat "$file"
}

# Where the stack is and how to sign in, from .run/credentials.json (see ensure_admin).
print_credentials() {  # base_url, credentials file
    "$PY" - "$1" "$2" <<'PY'
import json, sys
url, path = sys.argv[1], sys.argv[2]
c = json.load(open(path))
print(f"""
  Dashboard   {url}    (Ctrl-C stops)
  API docs    {url}/api/docs/
  Sign in     {c['username']} / {c['password']}
  API token   {c['token']}
              curl -H "Authorization: Token {c['token']}" {url}/api/jobs/stats/
  (kept in {path}; `jq -r .token {path}` prints the token)
""")
PY
}

# Stop the process whose pid FILE holds (TERM, then KILL after 10 s) and remove FILE.
stop_pidfile() {  # file
    local file="$1" pid
    [ -f "$file" ] || return 0
    pid="$(cat "$file" 2>/dev/null || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}
