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
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly MIN_COMPOSE=2.24  # additional_contexts and `!reset` in compose files
readonly TEST_PROJECT=jobs-dashboard-e2e
readonly SECRETS=(DJANGO_SECRET_KEY POSTGRES_PASSWORD)
COMPOSE=()

die() {
    echo "docker.sh: $*" >&2
    exit 1
}

usage() {
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
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
    "${COMPOSE[@]}" "$@"
}

compose_test() {
    "${COMPOSE[@]}" -p "$TEST_PROJECT" -f docker-compose.yml -f docker/compose.e2e.yml --profile e2e "$@"
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

cmd_up() {
    local name missing=()
    for name in "${SECRETS[@]}"; do
        is_configured "$name" || missing+=("$name")
    done
    [ ${#missing[@]} -eq 0 ] ||
        die "${missing[*]} not set. Run 'cp .env.example .env' and put real values in .env."
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

cmd_test() {
    local name
    for name in "${SECRETS[@]}"; do
        is_configured "$name" || export "$name=$(random_secret)"
    done
    # Artifacts (traces, screenshots) land in e2e/test-results, owned by the caller.
    mkdir -p e2e/test-results
    export E2E_UID="${E2E_UID:-$(id -u)}" E2E_GID="${E2E_GID:-$(id -g)}"

    trap 'compose_test down --volumes --remove-orphans >/dev/null 2>&1 || true' EXIT
    compose_test build

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
