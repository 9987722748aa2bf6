#!/usr/bin/env bash
# `make lint`: ruff (lint + format), mypy with the Django and DRF stubs, ESLint, Prettier, tsc.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -e
ensure_venv
ensure_node_modules
set +e
status=0
say "ruff"
"$VENV/bin/ruff" check "$ROOT/backend" "$ROOT/e2e" "$ROOT/tests" || status=1
"$VENV/bin/ruff" format --check "$ROOT/backend" "$ROOT/e2e" "$ROOT/tests" || status=1
say "mypy"
(cd "$ROOT/backend" && DJANGO_DEBUG=1 "$VENV/bin/mypy" .) || status=1
say "eslint, prettier, tsc"
(cd "$ROOT/frontend" && npm run --silent lint) || status=1
exit $status
