#!/usr/bin/env bash
# `make run`: the whole stack on this machine at http://localhost:$PORT (8080).
# Installs what is missing, builds the SPA, starts the embedded PostgreSQL unless
# DATABASE_URL is set, migrates, loads demo data into an empty database, makes sure the
# superuser `admin` exists (credentials in .run/credentials.json), then serves through
# gunicorn behind nginx until Ctrl-C, which stops everything it started.
# It serves in production mode (DEBUG off, a secret key kept in .run/secret_key);
# DJANGO_DEBUG=1 make run gives Django's debug pages.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export PORT="${PORT:-8080}" BACKEND_PORT="${BACKEND_PORT:-8000}" STACK_NAME=run
export DJANGO_DEBUG="${DJANGO_DEBUG:-0}"
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
    DJANGO_SECRET_KEY="$(ensure_secret_key "$RUN_DIR/secret_key")"
    export DJANGO_SECRET_KEY
fi
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1,[::1]}"
export DJANGO_CSRF_TRUSTED_ORIGINS="${DJANGO_CSRF_TRUSTED_ORIGINS:-http://localhost:$PORT,http://127.0.0.1:$PORT}"

ensure_system_packages
ensure_venv
build_frontend

started_db=""
tail_pid=""
cleanup() {
    trap - INT TERM EXIT
    say "Stopping"
    [ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null || true
    "$ROOT/scripts/stack.sh" down || true
    [ -n "$started_db" ] && database_url_for stop || true
}
trap cleanup INT TERM EXIT

if [ -z "${DATABASE_URL:-}" ]; then
    say "Starting the embedded PostgreSQL (backend/.pgdata)"
    DATABASE_URL="$(database_url_for url)"
    export DATABASE_URL
    started_db=1
fi
say "Migrating"
manage migrate --noinput -v0
manage collectstatic --noinput -v0
manage seed_demo --if-empty
manage ensure_admin --credentials "$RUN_DIR/credentials.json" >/dev/null
say "Starting gunicorn and nginx"
"$ROOT/scripts/stack.sh" up
print_credentials "http://localhost:$PORT" "$RUN_DIR/credentials.json"
tail -n 0 -F "$RUN_DIR/run/gunicorn.log" "$RUN_DIR/run/nginx-error.log" 2>/dev/null &
tail_pid=$!
wait "$tail_pid"
