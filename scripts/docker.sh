#!/usr/bin/env bash
# The Docker side of the Makefile: build | up | stop | clean | test.
#
#   scripts/docker.sh build          build the backend and frontend images
#   scripts/docker.sh up             start db, backend and nginx detached; wait until healthy
#   scripts/docker.sh stop           stop the stack, keeping containers and data
#   scripts/docker.sh clean          remove containers, networks and volumes (data included)
#   scripts/docker.sh test [ARGS]    run the e2e suite in compose against a throwaway stack;
#                                    ARGS go to pytest; exits with the suite's status
#
# Secrets come from .env (see .env.example). Only `up` needs real ones: build, stop and
# clean never start a container, and `test` makes random ones for its throwaway stack.
# Without .env (and without the secrets in the environment), `up` writes one with
# random secrets.
# COMPOSE_PROJECT_NAME (default jobs-dashboard) names the stack; the test stack is
# NAME-e2e, so a run under another name (CI) leaves a stack started by `make up` alone.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly MIN_COMPOSE=2.24  # additional_contexts and `!reset` in compose files
readonly PROJECT=${COMPOSE_PROJECT_NAME:-jobs-dashboard}
readonly TEST_PROJECT=$PROJECT-e2e
readonly SECRETS=(DJANGO_SECRET_KEY POSTGRES_PASSWORD)
# The test stack: its project and files (compose_test).
readonly TEST_FILES=(-p "$TEST_PROJECT" -f docker-compose.yml -f docker/compose.e2e.yml --profile e2e)
# Where the e2e container asks for the fault tests' steps (docker/compose.e2e.yml).
readonly CONTROL_DIR=.run/e2e-control
COMPOSE=()

die() {
    echo "docker.sh: $*" >&2
    exit 1
}

usage() {  # the comment at the top of this file
    sed -n '2,/^[^#]/p' "$0" | sed -n 's/^# \{0,1\}//p'
}

version_at_least() {
    [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

find_compose() {
    command -v docker >/dev/null 2>&1 ||
        die "docker is not installed. Install Docker Engine (with the compose plugin): https://docs.docker.com/engine/install/"
    local version
    if version=$(docker compose version --short 2>/dev/null); then
        COMPOSE=(docker compose)
    elif command -v docker-compose >/dev/null 2>&1 &&
        version=$(docker-compose version --short 2>/dev/null) && [ "${version%%.*}" = 2 ]; then
        COMPOSE=(docker-compose)
    else
        die "'docker compose' is not available. Install the Docker Compose v2 plugin (docker-compose-plugin)."
    fi
    version=${version#v}
    version_at_least "$version" "$MIN_COMPOSE" ||
        die "Docker Compose $version is too old; $MIN_COMPOSE or newer is needed."
    docker info >/dev/null 2>&1 ||
        die "cannot reach the Docker engine. Is the daemon running, and may this user use it?"
}

compose() {
    "${COMPOSE[@]}" -p "$PROJECT" "$@"
}

compose_test() {
    "${COMPOSE[@]}" "${TEST_FILES[@]}" "$@"
}

# True when NAME is set in the environment or assigned in .env.
is_configured() {
    [ -n "${!1:-}" ] || { [ -f .env ] && grep -Eq "^[[:space:]]*(export[[:space:]]+)?$1=.+" .env; }
}

random_secret() {
    od -An -N32 -tx1 /dev/urandom | tr -d ' \n'
}

# Compose interpolates every ${VAR:?} even for commands that start nothing.
placeholder_secrets() {
    local name
    for name in "${SECRETS[@]}"; do
        is_configured "$name" || export "$name=unused-by-this-command"
    done
}

cmd_build() {
    placeholder_secrets
    compose build "$@"
}

# The first `make up` of a clone, with neither .env nor the secrets in the environment:
# .env from .env.example with random secrets, readable only by its owner. Not when the
# database volume exists: it keeps the password of the .env that was lost.
create_env_file() {
    if docker volume inspect "${PROJECT}_pgdata" >/dev/null 2>&1; then
        die "there is no .env, but the database volume ${PROJECT}_pgdata exists and keeps its password. Restore that .env, or 'make clean' to start afresh (deletes the data)."
    fi
    (
        umask 077
        sed -e "s/^DJANGO_SECRET_KEY=.*/DJANGO_SECRET_KEY=$(random_secret)/" \
            -e "s/^POSTGRES_PASSWORD=.*/POSTGRES_PASSWORD=$(random_secret)/" .env.example >.env
    )
    echo "Created .env with a random DJANGO_SECRET_KEY and POSTGRES_PASSWORD. Keep it: the database takes that password on its first start."
}

# True when NAME comes from .env with the placeholder value of .env.example.
is_placeholder() {
    [ -z "${!1:-}" ] && [ -f .env ] && grep -Eq "^[[:space:]]*(export[[:space:]]+)?$1=change-me" .env
}

cmd_up() {
    local name missing=()
    [ -f .env ] || is_configured DJANGO_SECRET_KEY || is_configured POSTGRES_PASSWORD || create_env_file
    for name in "${SECRETS[@]}"; do
        is_configured "$name" || missing+=("$name")
        ! is_placeholder "$name" || die "$name in .env is still the example's placeholder: put a real value there (see .env.example)."
    done
    [ ${#missing[@]} -eq 0 ] ||
        die "${missing[*]} not set. Put real values in .env (see .env.example)."
    if ! compose up --detach --wait "$@"; then
        compose ps >&2 || true
        die "the stack did not become healthy; see '${COMPOSE[*]} logs backend frontend'."
    fi
    local port
    port=$(compose port frontend 8080 2>/dev/null | sed 's/.*://') || true
    if [ -z "$port" ] || [ "$port" = 80 ]; then
        echo "Dashboard running at http://localhost"
    else
        echo "Dashboard running at http://localhost:$port"
    fi
    if is_configured DJANGO_ADMIN_PASSWORD; then
        echo "Sign in as admin with DJANGO_ADMIN_PASSWORD from .env (the backend creates or updates that user at each start)."
    else
        echo "No DJANGO_ADMIN_PASSWORD in .env, so no user was created. Set it and run 'make up' again,"
        echo "or: ${COMPOSE[*]} exec backend python manage.py createsuperuser"
    fi
}

cmd_stop() {
    placeholder_secrets
    compose --profile e2e stop "$@"
}

cmd_clean() {
    placeholder_secrets
    compose --profile e2e down --volumes --remove-orphans
    compose_test down --volumes --remove-orphans
}

# One step the fault tests ask for (e2e/stack/conftest.py, ComposeStack): each acts on
# another container of the test stack, which the e2e container cannot reach but by HTTP
# and SQL. Only these steps exist; anything else is refused.
control_step() {  # step [argument]
    case "$1" in
        workers) compose_test exec -T backend gunicornc -j -c "show workers" ;;
        kill-worker)
            [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "kill-worker needs a pid, got '${2:-}'"; return 2; }
            compose_test exec -T backend sh -c "kill -KILL $2"
            ;;
        db-stop) compose_test stop db ;;
        db-start) compose_test start db ;;
        *) echo "unknown step '$1'"; return 2 ;;
    esac
}

# Answers NAME.request files in CONTROL_DIR with NAME.response: the step's exit status
# on the first line, its output after it (and its errors, if it failed). Runs in the
# background during the suite.
serve_control() {
    local request name step argument output errors status
    while :; do
        for request in "$CONTROL_DIR"/*.request; do
            [ -e "$request" ] || continue
            name=${request%.request}
            read -r step argument <"$request" || true
            rm -f "$request"
            status=0
            output=$(control_step "$step" "$argument" 2>"$name.errors") || status=$?
            errors=$(cat "$name.errors") && rm -f "$name.errors"
            [ "$status" -eq 0 ] || [ -z "$errors" ] || output+=$'\n'$errors
            printf '%s\n%s\n' "$status" "$output" >"$name.partial"
            mv "$name.partial" "$name.response"
        done
        sleep 0.1
    done
}

CONTROL_PID=
test_teardown() {
    [ -z "$CONTROL_PID" ] || kill "$CONTROL_PID" 2>/dev/null || true
    compose_test down --volumes --remove-orphans >/dev/null 2>&1 || true
    rm -rf "$CONTROL_DIR"
}

cmd_test() {
    local name
    for name in "${SECRETS[@]}"; do
        is_configured "$name" || export "$name=$(random_secret)"
    done
    # Artifacts (traces, screenshots) land in e2e/test-results, owned by the caller.
    mkdir -p e2e/test-results
    export E2E_UID="${E2E_UID:-$(id -u)}" E2E_GID="${E2E_GID:-$(id -g)}"

    trap test_teardown EXIT
    compose_test build

    rm -rf "$CONTROL_DIR"
    mkdir -p "$CONTROL_DIR"
    touch "$CONTROL_DIR/serving"  # before the suite can look for it
    serve_control &
    CONTROL_PID=$!

    # The stack first, to make the suite's users in it (one per role).
    if ! compose_test up --detach --wait frontend; then
        compose_test logs --no-color --tail=200 backend frontend >&2 || true
        die "the test stack did not become healthy"
    fi
    scripts/e2e-users.sh "${COMPOSE[@]}" "${TEST_FILES[@]}" exec -T backend python manage.py \
        > "$CONTROL_DIR/users.json" || die "could not make the e2e users"

    local run_opts=(--rm) status=0
    [ -t 0 ] && [ -t 1 ] || run_opts+=(--no-TTY)
    if [ $# -gt 0 ]; then
        compose_test run "${run_opts[@]}" e2e python -m pytest -p no:cacheprovider "$@" || status=$?
    else
        compose_test run "${run_opts[@]}" e2e || status=$?
    fi
    if [ "$status" -ne 0 ]; then
        echo "docker.sh: e2e suite failed (exit $status); backend and frontend logs follow." >&2
        compose_test logs --no-color --tail=200 backend frontend >&2 || true
    fi
    return "$status"
}

main() {
    local cmd=${1:-}
    [ $# -gt 0 ] && shift
    case "$cmd" in
        build | up | stop | clean | test)
            find_compose
            "cmd_$cmd" "$@"
            ;;
        -h | --help | help)
            usage
            ;;
        *)
            usage >&2
            exit 2
            ;;
    esac
}

main "$@"
