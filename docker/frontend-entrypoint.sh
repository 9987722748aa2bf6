#!/bin/sh
# Entrypoint of the frontend image: derive the write throttle's nginx settings from
# JOBS_WRITE_THROTTLE_RATE and the upstream's server lines from BACKEND_UPSTREAM (one
# host:port or several, comma-separated), then hand over to the nginx image's own entrypoint, which
# renders /etc/nginx/templates/*.template with them (NGINX_ENVSUBST_FILTER).
set -eu
# Into a variable first: `eval "$(...)"` would carry on past a failed script (eval of
# nothing succeeds), leaving the image's defaults in place of a rate that was refused.
throttle="$(sh /usr/local/share/jobs/write-throttle.sh)"
eval "$throttle"
export NGINX_WRITE_RATE NGINX_WRITE_BURST NGINX_WRITE_RETRY_AFTER
NGINX_UPSTREAM_SERVERS="$(sh /usr/local/share/jobs/upstream-servers.sh "$BACKEND_UPSTREAM")"
export NGINX_UPSTREAM_SERVERS
exec /docker-entrypoint.sh "$@"
