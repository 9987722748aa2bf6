#!/bin/sh
# Entrypoint of the frontend image: derive the write throttle's nginx settings from
# JOBS_WRITE_THROTTLE_RATE, then hand over to the nginx image's own entrypoint, which
# renders /etc/nginx/templates/*.template with them (NGINX_ENVSUBST_FILTER).
set -eu
eval "$(sh /usr/local/share/jobs/write-throttle.sh)"
export NGINX_WRITE_RATE NGINX_WRITE_BURST NGINX_WRITE_RETRY_AFTER
exec /docker-entrypoint.sh "$@"
