#!/usr/bin/env bash
# The scaled-out topology on this host, all on loopback (README, "Scaling out"):
#
#   nginx :PORT -> gunicorn :SCALE_APP_PORTS (two app instances)
#                    writes -> PgBouncer :SCALE_PGBOUNCER_PORT (transaction mode)
#                              -> PostgreSQL primary :SCALE_PRIMARY_PORT
#                    reads  -> PostgreSQL replica :SCALE_REPLICA_PORT (streaming, direct)
#
#   scripts/scale.sh up              start it all (making the databases the first time)
#   scripts/scale.sh down            stop everything it started
#   scripts/scale.sh replica-stop    stop the replica (fast shutdown)
#   scripts/scale.sh replica-start   start it again
#   scripts/scale.sh app-start PORT  start the app instance of PORT again
#   scripts/scale.sh manage ARGS...  manage.py with the app instances' environment
#   scripts/scale.sh env             print the stack's addresses as NAME=value lines
#
# Environment: STACK_NAME (folder under .run/, "scale"), PORT (8080), SCALE_APP_PORTS
# (8101,8102), SCALE_PRIMARY_PORT (15432), SCALE_REPLICA_PORT (15433),
# SCALE_PGBOUNCER_PORT (16432), GUNICORN_WORKERS (2 per instance),
# DATABASE_REPLICA_MAX_LAG (5), DJANGO_SECRET_KEY (kept in .run/NAME/secret_key),
# SCALE_FRESH=1 (delete the databases first).
# PostgreSQL is the pgserver wheel's; PgBouncer is Debian's (installed when missing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STACK_NAME="${STACK_NAME:-scale}"
DIR="$RUN_DIR/$STACK_NAME"
PORT="${PORT:-8080}"
SCALE_APP_PORTS="${SCALE_APP_PORTS:-8101,8102}"
PRIMARY_PORT="${SCALE_PRIMARY_PORT:-15432}"
REPLICA_PORT="${SCALE_REPLICA_PORT:-15433}"
PGBOUNCER_PORT="${SCALE_PGBOUNCER_PORT:-16432}"
DB="jobs"
SLOT=jobs_replica
PRIMARY="$DIR/primary"
REPLICA="$DIR/replica"
BOUNCER="$DIR/pgbouncer"

# PostgreSQL and PgBouncer refuse to run as root: as root they run as the account the
# embedded PostgreSQL uses (pgserver), which owns their folders.
PG_ACCOUNT=""
[ "$(id -u)" = 0 ] && PG_ACCOUNT=pgserver
as_pg() { if [ -n "$PG_ACCOUNT" ]; then runuser -u "$PG_ACCOUNT" -- "$@"; else "$@"; fi; }

pg_bin() {
    local dir
    dir="$("$PY" -c 'import os, warnings; warnings.simplefilter("ignore"); import pgserver; print(os.path.dirname(pgserver.__file__))')"
    echo "$dir/pginstall/bin"
}

primary_url() { echo "postgresql://postgres@127.0.0.1:$PRIMARY_PORT/$DB"; }
replica_url() { echo "postgresql://postgres@127.0.0.1:$REPLICA_PORT/$DB"; }
bouncer_url() { echo "postgresql://postgres@127.0.0.1:$PGBOUNCER_PORT/$DB"; }

ensure_pgbouncer() {
    command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing pgbouncer with apt-get"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pgbouncer >/dev/null
        # Debian starts its own pgbouncer service on port 6432; this stack runs its own.
        if command -v systemctl >/dev/null 2>&1; then systemctl disable --now pgbouncer >/dev/null 2>&1 || true; fi
        if [ -x /etc/init.d/pgbouncer ]; then /etc/init.d/pgbouncer stop >/dev/null 2>&1 || true; fi
    else
        die "please install pgbouncer (Debian/Ubuntu: sudo apt-get install pgbouncer)"
    fi
}

ensure_account() {
    [ -n "$PG_ACCOUNT" ] || return 0
    id "$PG_ACCOUNT" >/dev/null 2>&1 \
        || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_ACCOUNT"
    mkdir -p "$DIR"
    as_pg test -x "$DIR" \
        || die "$PG_ACCOUNT cannot reach $DIR: give the folders above it o+x"
}

pg_ctl_of() {  # data folder, pg_ctl arguments...
    local data="$1"; shift
    touch "$data.log"
    [ -z "$PG_ACCOUNT" ] || chown "$PG_ACCOUNT:" "$data.log"
    as_pg "$BIN/pg_ctl" -D "$data" -l "$data.log" "$@"
}

running() { [ -f "$1/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

start_pg() {  # data folder, what, port
    if ! running "$1"; then
        say "Starting the $2 on 127.0.0.1:$3"
        pg_ctl_of "$1" -w start >/dev/null
    fi
}

# A folder only the PostgreSQL account may read, as PostgreSQL requires of its data.
own_folder() {
    mkdir -p "$1"
    [ -z "$PG_ACCOUNT" ] || chown "$PG_ACCOUNT:" "$1"
    chmod 700 "$1"
}

# The primary: made once with initdb; replication from loopback is allowed by initdb's
# own pg_hba.conf (trust for local connections: this demo listens on 127.0.0.1 only).
make_primary() {
    say "Creating the primary (initdb, $PRIMARY)"
    own_folder "$PRIMARY"
    as_pg "$BIN/initdb" -D "$PRIMARY" --auth=trust --encoding=UTF8 -U postgres >/dev/null
    as_pg tee -a "$PRIMARY/postgresql.auto.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = ''
timezone = 'UTC'
shared_buffers = 256MB
work_mem = 16MB
max_connections = 100
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
random_page_cost = 1.1
CONF
}

start_primary() {
    [ -f "$PRIMARY/PG_VERSION" ] || make_primary
    start_pg "$PRIMARY" primary "$PRIMARY_PORT"
    as_pg "$BIN/psql" -q -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL
SELECT 'CREATE DATABASE $DB' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB')\gexec
SQL
}

# The replica: a base backup of the primary with -R (standby.signal and primary_conninfo)
# and a replication slot, so the primary keeps the WAL the replica has not received yet
# while it is stopped.
make_replica() {
    say "Creating the replica (pg_basebackup -R from the primary, $REPLICA)"
    as_pg "$BIN/psql" -q -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "SELECT pg_drop_replication_slot('$SLOT') FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
    own_folder "$REPLICA"
    as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$REPLICA" \
        -R -C -S "$SLOT" -X stream --checkpoint=fast
    as_pg tee -a "$REPLICA/postgresql.auto.conf" >/dev/null <<CONF
port = $REPLICA_PORT
# Queries on the replica hold back the primary's vacuum rather than being cancelled.
hot_standby_feedback = on
CONF
}

start_replica() {
    [ -f "$REPLICA/standby.signal" ] || make_replica
    start_pg "$REPLICA" replica "$REPLICA_PORT"
}

stop_pg() {  # data folder
    if [ -f "$1/postmaster.pid" ]; then pg_ctl_of "$1" -m fast -w stop >/dev/null 2>&1 || true; fi
}

# PgBouncer in transaction mode in front of the primary. The replica is reached
# directly: a replica that is down then refuses the connection at once, which is how
# the app notices it (config.db_router); through PgBouncer the connection would succeed
# and the failure come later, from PgBouncer's own retries.
start_pgbouncer() {
    mkdir -p "$BOUNCER"
    [ -z "$PG_ACCOUNT" ] || chown "$PG_ACCOUNT:" "$BOUNCER"
    echo '"postgres" ""' > "$BOUNCER/userlist.txt"
    cat > "$BOUNCER/pgbouncer.ini" <<INI
[databases]
$DB = host=127.0.0.1 port=$PRIMARY_PORT dbname=$DB

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $BOUNCER/userlist.txt
pool_mode = transaction
; Server connections per database and user: enough for every worker of both instances.
default_pool_size = 20
max_client_conn = 500
; A client waiting this long for a server connection gets an error (a 503 from the app).
query_wait_timeout = 10
admin_users = postgres
stats_users = postgres
logfile = $BOUNCER/pgbouncer.log
pidfile = $BOUNCER/pgbouncer.pid
INI
    chmod 644 "$BOUNCER/pgbouncer.ini" "$BOUNCER/userlist.txt"
    if [ -f "$BOUNCER/pgbouncer.pid" ] && kill -0 "$(cat "$BOUNCER/pgbouncer.pid")" 2>/dev/null; then
        return 0
    fi
    say "Starting PgBouncer (transaction mode) on 127.0.0.1:$PGBOUNCER_PORT"
    local bin
    bin="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"
    # Right after a stop, the port may still be held by connections in TIME_WAIT (up to
    # a minute): PgBouncer then cannot listen, and is started again.
    for attempt in $(seq 40); do
        as_pg "$bin" -d -q "$BOUNCER/pgbouncer.ini" || true
        for _ in $(seq 20); do
            as_pg "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PGBOUNCER_PORT" -d "$DB" && return 0
            sleep 0.1
        done
        [ "$attempt" = 1 ] && say "Waiting for port $PGBOUNCER_PORT to be free"
        sleep 1
    done
    tail -n 20 "$BOUNCER/pgbouncer.log" >&2
    die "PgBouncer did not start"
}

# The app instances' environment: writes through PgBouncer, reads from the replica.
app_env() {
    export DATABASE_URL DATABASE_REPLICA_URL DATABASE_PGBOUNCER=1
    DATABASE_URL="$(bouncer_url)"
    DATABASE_REPLICA_URL="$(replica_url)"
    export DATABASE_REPLICA_MAX_LAG="${DATABASE_REPLICA_MAX_LAG:-5}"
    export DJANGO_DEBUG="${DJANGO_DEBUG:-0}"
    if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
        DJANGO_SECRET_KEY="$(ensure_secret_key "$DIR/secret_key")"
        export DJANGO_SECRET_KEY
    fi
    export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1,[::1]}"
    export DJANGO_CSRF_TRUSTED_ORIGINS="${DJANGO_CSRF_TRUSTED_ORIGINS:-http://localhost:$PORT,http://127.0.0.1:$PORT}"
}

up() {
    ensure_pgbouncer
    ensure_account
    if [ "${SCALE_FRESH:-0}" = 1 ]; then
        down
        say "Deleting $PRIMARY and $REPLICA (SCALE_FRESH=1)"
        rm -rf "$PRIMARY" "$REPLICA" "$PRIMARY.log" "$REPLICA.log"
    fi
    start_primary
    # Migrations and data loads run against the primary itself, not through PgBouncer:
    # they may hold session state (seed_bulk's temporary tables and SET).
    say "Migrating"
    (
        export DATABASE_URL DJANGO_DEBUG=1
        DATABASE_URL="$(primary_url)"
        manage migrate --noinput -v0
        manage seed_demo --if-empty
    )
    start_replica
    start_pgbouncer
    app_env
    manage collectstatic --noinput -v0
    manage ensure_admin --credentials "$DIR/credentials.json" >/dev/null
    say "Starting two app instances (gunicorn on $SCALE_APP_PORTS) and nginx on $PORT"
    STACK_NAME="$STACK_NAME" BACKEND_PORT="$SCALE_APP_PORTS" GUNICORN_WORKERS="${GUNICORN_WORKERS:-2}" \
        PORT="$PORT" "$ROOT/scripts/stack.sh" up
}

down() {
    STACK_NAME="$STACK_NAME" BACKEND_PORT="$SCALE_APP_PORTS" "$ROOT/scripts/stack.sh" down || true
    stop_pidfile "$BOUNCER/pgbouncer.pid"
    stop_pg "$REPLICA"
    stop_pg "$PRIMARY"
}

[ -x "$PY" ] || die "$VENV is missing: run make setup"
# The PostgreSQL binaries (a Python start-up to find them): only what runs them asks.
case "${1:-}" in
    up | down | replica-stop | replica-start) BIN="$(pg_bin)" ;;
esac
case "${1:-}" in
    up) up ;;
    down) down ;;
    replica-stop) stop_pg "$REPLICA" ;;
    replica-start) start_replica ;;
    app-start)
        [ $# -eq 2 ] || die "usage: scripts/scale.sh app-start PORT"
        app_env
        STACK_NAME="$STACK_NAME" BACKEND_PORT="$SCALE_APP_PORTS" GUNICORN_WORKERS="${GUNICORN_WORKERS:-2}" \
            "$ROOT/scripts/stack.sh" start "$2"
        ;;
    manage) shift; app_env; manage "$@" ;;
    env)
        echo "SCALE_DIR=$DIR"
        echo "SCALE_PRIMARY_URL=$(primary_url)"
        echo "SCALE_REPLICA_URL=$(replica_url)"
        echo "SCALE_PGBOUNCER_URL=$(bouncer_url)"
        echo "SCALE_APP_PORTS=$SCALE_APP_PORTS"
        ;;
    *) sed -n '2,23p' "$0"; exit 2 ;;
esac
