#!/usr/bin/env bash
# `make bench`: load JOBS synthetic jobs (default 1,000,000) into the separate jobs_bench
# database and measure every API shape; writes backend/bench/results/latest.{md,json}.
#
# Environment: JOBS (1000000), BENCH_ARGS (extra flags for `python -m bench.run`, e.g.
# "--reload" or "--reps 20 --load-seconds 5"), BENCH_STRICT=1 (exit non-zero on a missed
# target), DATABASE_URL (the server to use; the embedded PostgreSQL when unset).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -f "$ROOT/scripts/lib.sh" ]; then
    # shellcheck source=scripts/lib.sh
    source "$ROOT/scripts/lib.sh"
    ensure_venv
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || ensure_system_packages
fi
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { echo "error: $ROOT/.venv is missing; run make setup" >&2; exit 1; }

cd "$ROOT/backend"
# The runner stops the gunicorn and nginx it starts, on success, failure, Ctrl-C or TERM.
# shellcheck disable=SC2086
exec "$PY" -m bench.run --jobs "${JOBS:-1000000}" ${BENCH_ARGS:-}
