#!/bin/sh
# nginx's upstream server lines for nginx.conf's NGINX_UPSTREAM_SERVERS, from one
# gunicorn address or several (app instances behind one nginx), separated by commas or
# spaces, given as the argument or in BACKEND_UPSTREAM:
#   sh scripts/upstream-servers.sh 127.0.0.1:8101,127.0.0.1:8102
#   -> server 127.0.0.1:8101; server 127.0.0.1:8102;
# POSIX sh, for scripts/nginx-site.sh and for the frontend image's entrypoint.
set -eu
list="${1:-${BACKEND_UPSTREAM:-}}"
lines=""
for server in $(printf '%s' "$list" | tr ',' ' '); do
    case "$server" in
        *[!A-Za-z0-9.:/_@\[\]-]*)
            echo "upstream-servers.sh: not a host:port or unix:/path: '$server'" >&2
            exit 2 ;;
    esac
    lines="$lines server $server;"
done
[ -n "$lines" ] || { echo "upstream-servers.sh: no upstream server given (BACKEND_UPSTREAM)" >&2; exit 2; }
printf '%s\n' "${lines# }"
