#!/usr/bin/env bash
# `make test-scale`: the scaled-out topology of scripts/scale.sh from fresh databases, in
# its own folder (.run/scale-test) and on its own ports, then the scale tests (e2e/scale)
# against it: reads from the replica, read-your-writes, a lagging and a stopped replica,
# a killed app instance, the concurrency invariants across both instances. Stops
# everything it started; exits with pytest's status. Arguments go to pytest.
#
# Ports: nginx E2E_SCALE_PORT (E2E_PORT + 2, i.e. 8091), the app instances
# E2E_BACKEND_PORT + 2 and + 3 (8011, 8012), PostgreSQL and PgBouncer 20000 + those
# (28011 primary, 28012 replica, 28013 PgBouncer): below the kernel's ephemeral range
# (32768-60999), where any outgoing connection may be holding the port.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

set -e
ensure_system_packages
ensure_venv
build_frontend
set +e

base="${E2E_BACKEND_PORT:-8009}"
export STACK_NAME=scale-test SCALE_FRESH=1
export PORT="${E2E_SCALE_PORT:-$(( ${E2E_PORT:-8089} + 2 ))}"
export SCALE_APP_PORTS="$(( base + 2 )),$(( base + 3 ))"
export SCALE_PRIMARY_PORT=$(( 20000 + base + 2 )) SCALE_REPLICA_PORT=$(( 20000 + base + 3 ))
export SCALE_PGBOUNCER_PORT=$(( 20000 + base + 4 ))
export DJANGO_SECRET_KEY="e2e-only-$RANDOM$RANDOM" DJANGO_DEBUG=0
export DATABASE_REPLICA_MAX_LAG="${DATABASE_REPLICA_MAX_LAG:-3}"
export JOBS_WRITE_THROTTLE_RATE="${JOBS_WRITE_THROTTLE_RATE:-100000/minute}"
export GUNICORN_WORKERS=2

trap '"$ROOT/scripts/scale.sh" down >/dev/null 2>&1' EXIT
"$ROOT/scripts/scale.sh" up || die "the scale topology did not start"
DIR="$RUN_DIR/$STACK_NAME"
"$ROOT/scripts/e2e-users.sh" "$ROOT/scripts/scale.sh" manage > "$DIR/users.json" \
    || die "could not make the e2e users"
eval "$("$ROOT/scripts/scale.sh" env)"

say "Scale tests (e2e/scale) against http://127.0.0.1:$PORT"
cd "$ROOT/e2e" && E2E_SCALE=1 E2E_BASE_URL="http://127.0.0.1:$PORT" E2E_USERS="$DIR/users.json" \
    E2E_PRIMARY_URL="$SCALE_PRIMARY_URL" E2E_REPLICA_URL="$SCALE_REPLICA_URL" \
    E2E_SCALE_DIR="$SCALE_DIR" "$PY" -m pytest -q scale "$@"
status=$?
if [ $status -ne 0 ]; then
    for log in "$DIR"/gunicorn-*[0-9].log "$DIR/nginx-error.log" "$DIR/replica.log"; do
        echo "--- tail $log"; tail -n 15 "$log"
    done
fi
exit $status
