#!/usr/bin/env bash
# Start or stop the native stack in the production topology: nginx -> gunicorn -> PostgreSQL.
#
#   scripts/stack.sh up     start gunicorn and nginx in the background (pids in .run/NAME/)
#   scripts/stack.sh down   stop them
#   scripts/stack.sh start PORT   start the gunicorn of PORT again (one of several)
#
# Environment: PORT (nginx, 8080), BACKEND_PORT (gunicorn, 8000; several ports separated
# by commas start one gunicorn, an app instance, on each: gunicorn-PORT.pid and .log, all
# of them in nginx's upstream), GUNICORN_WORKERS (3 per instance),
# STACK_NAME (folder under .run/, "run"), DATABASE_URL (the embedded PostgreSQL when unset),
# JOBS_WRITE_THROTTLE_RATE (nginx's write throttle, 600/minute).
# The database must be migrated already; scripts/run.sh and scripts/test.sh do that.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${PORT:-8080}"
BACKEND_PORT="${BACKEND_PORT:-8000}"
GUNICORN_WORKERS="${GUNICORN_WORKERS:-3}"
DIR="$RUN_DIR/${STACK_NAME:-run}"
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"


wait_for() {  # url, seconds
    local url="$1" tries=$(( $2 * 10 ))
    for _ in $(seq "$tries"); do
        curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

IFS=, read -r -a PORTS <<< "$BACKEND_PORT"

# The file names of the instance on port $1: gunicorn.* alone, gunicorn-PORT.* among several.
instance_name() { if [ ${#PORTS[@]} -eq 1 ]; then echo gunicorn; else echo "gunicorn-$1"; fi; }

# Start the gunicorn of one port, or of every port, and wait until it answers.
start_instances() {
    local port name ports=("$@")
    [ $# -gt 0 ] || ports=("${PORTS[@]}")
    for port in "${ports[@]}"; do
        name="$(instance_name "$port")"
        (cd "$ROOT/backend" && exec "$VENV/bin/gunicorn" config.wsgi:application \
            --bind "127.0.0.1:$port" --workers "$GUNICORN_WORKERS" \
            --pid "$DIR/$name.pid" --control-socket "$DIR/$name.ctl" \
            --access-logfile "$DIR/$name-access.log" \
            --error-logfile "$DIR/$name.log" --capture-output --graceful-timeout 5 --daemon)
    done
    for port in "${ports[@]}"; do
        name="$(instance_name "$port")"
        wait_for "http://127.0.0.1:$port/health/" 30 \
            || { tail -n 30 "$DIR/$name.log" >&2; die "gunicorn on port $port did not become healthy"; }
    done
}

up() {
    mkdir -p "$DIR/nginx-temp"
    [ -f "$ROOT/frontend/dist/index.html" ] || die "frontend/dist is missing: build the SPA first"

    start_instances
    local upstream
    upstream="$(printf '127.0.0.1:%s,' "${PORTS[@]}")"
    "$ROOT/scripts/nginx-site.sh" "$PORT" "${upstream%,}" "$ROOT/frontend/dist" \
        > "$DIR/site.conf" || die "could not render nginx.conf (JOBS_WRITE_THROTTLE_RATE?)"
    cat > "$DIR/nginx.conf" <<CONF
worker_processes 2;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $DIR/nginx-access.log;
    sendfile on;
    client_body_temp_path $DIR/nginx-temp/body;
    proxy_temp_path $DIR/nginx-temp/proxy;
    fastcgi_temp_path $DIR/nginx-temp/fastcgi;
    uwsgi_temp_path $DIR/nginx-temp/uwsgi;
    scgi_temp_path $DIR/nginx-temp/scgi;
    include $DIR/site.conf;
}
CONF
    "$NGINX_BIN" -q -t -c "$DIR/nginx.conf" -p "$DIR" 2>/dev/null \
        || "$NGINX_BIN" -t -c "$DIR/nginx.conf" -p "$DIR"
    "$NGINX_BIN" -c "$DIR/nginx.conf" -p "$DIR"
    wait_for "http://127.0.0.1:$PORT/health/" 10 || die "nginx did not answer on port $PORT"
}

down() {
    local file
    stop_pidfile "$DIR/nginx.pid"
    for file in "$DIR"/gunicorn*.pid; do stop_pidfile "$file"; done
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    # One instance (of several) again, after a test stopped it: scripts/stack.sh start PORT
    start) [ $# -eq 2 ] || die "usage: scripts/stack.sh start PORT"; start_instances "$2" ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
esac
