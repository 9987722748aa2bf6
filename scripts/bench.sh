#!/usr/bin/env bash
# `make bench`: load JOBS synthetic jobs (default 1,000,000) into the separate jobs_bench
# database, measure every API shape in process, then the throughput of one gunicorn
# (2 sync workers) with wrk; writes backend/bench/results/latest.{md,json}.
#
# Environment: JOBS (1000000), BENCH_ARGS (extra flags for `python -m bench.run`, e.g.
# "--reload", "--reps 20 --load-seconds 4" or "--ways direct"), BENCH_STRICT=1 (exit
# non-zero on a missed target), DATABASE_URL (the server to use; the embedded PostgreSQL
# when unset).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -f "$ROOT/scripts/lib.sh" ]; then
    # shellcheck source=scripts/lib.sh
    source "$ROOT/scripts/lib.sh"
    ensure_venv
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || ensure_system_packages
fi
if ! command -v wrk >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> Installing wrk with apt-get (the throughput test)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { echo "error: $ROOT/.venv is missing; run make setup" >&2; exit 1; }

cd "$ROOT/backend"
# The runner stops the gunicorn and nginx it starts, on success, failure, Ctrl-C or TERM.
# shellcheck disable=SC2086
exec "$PY" -m bench.run --jobs "${JOBS:-1000000}" ${BENCH_ARGS:-}
