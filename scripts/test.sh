#!/usr/bin/env bash
# `make test`: every suite from a fresh clone, in this order:
#   backend (pytest on real PostgreSQL), deployment files, the generated contract
#   (make schema's output is current), frontend (Vitest),
#   then end to end: the built SPA behind nginx -> gunicorn -> a fresh database, in Chromium,
#   then the scale tests (make test-scale): primary and replica, PgBouncer, two instances.
# Every suite runs even if an earlier one failed; the exit status is non-zero if any did.
# On a host with Docker but without Python or Node, it runs the suite in compose instead.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if ! command -v python3 >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if command -v docker >/dev/null 2>&1; then
        say "No Python or Node here: running the end-to-end suite in Docker (make test-docker)"
        exec "$ROOT/scripts/docker.sh" test
    fi
    die "make test needs python3 and npm (or Docker for make test-docker)"
fi

set -e
ensure_system_packages --with-browser
ensure_venv
ensure_node_modules
set +e

failed=()
run_suite() {  # name, command...
    local name="$1"; shift
    say "Suite: $name"
    if "$@"; then
        say "Suite $name: passed"
    else
        failed+=("$name")
        say "Suite $name: FAILED"
    fi
}

E2E_PORT="${E2E_PORT:-8089}"
E2E_BACKEND_PORT="${E2E_BACKEND_PORT:-8009}"
export DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1,testserver"

started_db=""
cleanup() {
    STACK_NAME=e2e "$ROOT/scripts/stack.sh" down >/dev/null 2>&1 || true
    [ -n "$started_db" ] && database_url_for stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ -z "${DATABASE_URL:-}" ]; then
    DATABASE_URL="$(database_url_for url)" || die "could not start the embedded PostgreSQL"
    export DATABASE_URL
    started_db=1
fi

run_suite backend bash -c "cd '$ROOT/backend' && '$PY' -m pytest -q -n 2 -p no:randomly"
run_suite deploy-files "$PY" -m pytest -q "$ROOT/tests"
# The checked-in OpenAPI schema and the SPA's types must be what the code generates.
run_suite contract "$ROOT/scripts/schema.sh" --check
run_suite frontend bash -c "cd '$ROOT/frontend' && npm test --silent"

e2e() {
    build_frontend || return 1
    local url
    url="$(database_url_for database jobs_e2e --fresh)" || return 1
    (
        export DATABASE_URL="$url" DJANGO_DEBUG=0 DJANGO_SECRET_KEY="e2e-only-$RANDOM$RANDOM"
        export JOBS_WRITE_THROTTLE_RATE="${JOBS_WRITE_THROTTLE_RATE:-100000/minute}"
        manage migrate --noinput -v0 && manage collectstatic --noinput -v0 || exit 1
        # One user per role, with a password (browser sign-in) and a token (API).
        mkdir -p "$RUN_DIR/e2e"
        "$ROOT/scripts/e2e-users.sh" "$PY" "$ROOT/backend/manage.py" > "$RUN_DIR/e2e/users.json" \
            || exit 1
        PORT="$E2E_PORT" BACKEND_PORT="$E2E_BACKEND_PORT" STACK_NAME=e2e GUNICORN_WORKERS=3 \
            "$ROOT/scripts/stack.sh" up || exit 1
        if [ -n "$started_db" ]; then
            # The fault tests stop and restart the embedded PostgreSQL under the stack.
            export E2E_DB_STOP_CMD="cd '$ROOT/backend' && env -u DATABASE_URL '$PY' -m config.dbtool stop"
            export E2E_DB_START_CMD="cd '$ROOT/backend' && env -u DATABASE_URL '$PY' -m config.dbtool url"
        fi
        cd "$ROOT/e2e" && E2E_BASE_URL="http://127.0.0.1:$E2E_PORT" \
            E2E_CHROMIUM_PATH="${E2E_CHROMIUM_PATH:-/usr/bin/chromium}" \
            E2E_STACK_DIR="$RUN_DIR/e2e" E2E_DATABASE_URL="$url" E2E_USERS="$RUN_DIR/e2e/users.json" \
            "$PY" -m pytest -q
    )
    local status=$?
    STACK_NAME=e2e "$ROOT/scripts/stack.sh" down
    return $status
}
run_suite e2e e2e
# Its own databases (.run/scale-test) and ports (E2E_PORT + 2, E2E_BACKEND_PORT + 2 ...).
run_suite scale "$ROOT/scripts/test-scale.sh"

if [ ${#failed[@]} -gt 0 ]; then
    say "FAILED suites: ${failed[*]}"
    exit 1
fi
say "All suites passed"
