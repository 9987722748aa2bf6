#!/usr/bin/env bash
# Render nginx.conf (the template) for one stack and print it:
#   scripts/nginx-site.sh PORT UPSTREAM WEB_ROOT > site.conf
# UPSTREAM is gunicorn's host:port, or several separated by commas (app instances;
# scripts/upstream-servers.sh), WEB_ROOT the built SPA. The write throttle comes from
# JOBS_WRITE_THROTTLE_RATE (scripts/write-throttle.sh). The frontend image renders the
# same template with the nginx image's own envsubst step.
set -euo pipefail
[ $# -eq 3 ] || { sed -n '2,6p' "$0" >&2; exit 2; }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
throttle="$(sh "$ROOT/scripts/write-throttle.sh")"
servers="$(sh "$ROOT/scripts/upstream-servers.sh" "$2")"
# shellcheck disable=SC2016 # the names envsubst may replace, literally
placeholders='${NGINX_PORT} ${NGINX_UPSTREAM_SERVERS} ${WEB_ROOT} ${NGINX_WRITE_RATE} ${NGINX_WRITE_BURST} ${NGINX_WRITE_RETRY_AFTER}'
# shellcheck disable=SC2086 # one NAME=value word per line
env $throttle NGINX_PORT="$1" NGINX_UPSTREAM_SERVERS="$servers" WEB_ROOT="$3" \
    envsubst "$placeholders" < "$ROOT/nginx.conf"
