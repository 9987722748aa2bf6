#!/usr/bin/env bash
# `make scale-demo`: the scaled-out topology on this host (scripts/scale.sh): a
# PostgreSQL primary and a streaming replica, PgBouncer in transaction mode, two app
# instances (gunicorn) behind nginx at http://localhost:$PORT (8080). Installs what is
# missing, builds the SPA, makes the databases the first time (data in .run/scale/),
# migrates, loads demo data into an empty database, makes sure the superuser `admin`
# exists (.run/scale/credentials.json), then serves until Ctrl-C, which stops everything
# it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export PORT="${PORT:-8080}" STACK_NAME=scale
ensure_system_packages
ensure_venv
build_frontend

tail_pid=""
cleanup() {
    trap - INT TERM EXIT
    say "Stopping"
    [ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null || true
    "$ROOT/scripts/scale.sh" down || true
}
trap cleanup INT TERM EXIT

"$ROOT/scripts/scale.sh" up
"$ROOT/scripts/scale.sh" env | sed 's/^/  /'
print_credentials "http://localhost:$PORT" "$RUN_DIR/scale/credentials.json"
tail -n 0 -F "$RUN_DIR"/scale/gunicorn-*[0-9].log "$RUN_DIR/scale/nginx-error.log" \
    "$RUN_DIR/scale/pgbouncer/pgbouncer.log" 2>/dev/null &
tail_pid=$!
wait "$tail_pid"
