#!/usr/bin/env bash
# `make schema`: the API contract, generated from the code, never restated by hand.
#   backend/openapi.json            the OpenAPI schema drf-spectacular derives from the views
#   frontend/src/lib/api-schema.ts  TypeScript types from that schema (openapi-typescript, Prettier)
# `scripts/schema.sh --check` regenerates both into a temporary folder and fails, naming the
# file, when a checked-in copy differs from what the code produces.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCHEMA="backend/openapi.json"
TYPES="frontend/src/lib/api-schema.ts"

check=""
case "${1:-}" in
    "") ;;
    --check) check=1 ;;
    *) die "usage: scripts/schema.sh [--check]" ;;
esac

ensure_venv
ensure_node_modules

# Writes the schema to $1 and the types to $2.
generate() {
    local schema_out="$1" types_out="$2"
    # Generating the schema reads no data and needs no database; a development secret
    # lets settings load.
    (cd "$ROOT/backend" && DJANGO_DEBUG=1 \
        "$PY" manage.py spectacular --format openapi-json --validate --fail-on-warn \
        --file "$schema_out")
    (cd "$ROOT/frontend" &&
        npx --no-install openapi-typescript "$schema_out" --output "$types_out.raw" >/dev/null &&
        npx --no-install prettier --stdin-filepath "src/lib/api-schema.ts" \
            <"$types_out.raw" >"$types_out" &&
        rm -f "$types_out.raw")
}

if [ -z "$check" ]; then
    generate "$ROOT/$SCHEMA" "$ROOT/$TYPES"
    say "Wrote $SCHEMA and $TYPES"
    exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
generate "$tmp/openapi.json" "$tmp/api-schema.ts"
stale=()
cmp -s "$tmp/openapi.json" "$ROOT/$SCHEMA" || stale+=("$SCHEMA")
cmp -s "$tmp/api-schema.ts" "$ROOT/$TYPES" || stale+=("$TYPES")
if [ ${#stale[@]} -gt 0 ]; then
    for file in "${stale[@]}"; do
        printf 'error: %s differs from what the code generates\n' "$file" >&2
    done
    diff -u "$ROOT/$SCHEMA" "$tmp/openapi.json" >&2 || true
    diff -u "$ROOT/$TYPES" "$tmp/api-schema.ts" >&2 || true
    die "the API contract changed: run 'make schema' and commit both files"
fi
say "Schema and types are up to date"
