#!/bin/sh
# The write throttle's nginx settings, from JOBS_WRITE_THROTTLE_RATE ("N/second",
# "N/minute", "N/hour" or "N/day"; default 600/minute), printed as shell assignments:
#   NGINX_WRITE_RATE         limit_req_zone rate: N r/s or r/m (nginx has no slower unit,
#                            so N/hour and N/day round up to whole requests a minute)
#   NGINX_WRITE_BURST        N - 1: with the one the rate allows, N writes may come at
#                            once; after that, one more each 1/rate
#   NGINX_WRITE_RETRY_AFTER  1/rate in whole seconds, rounded up: for Retry-After
# POSIX sh, for scripts/stack.sh and for the frontend image's entrypoint.
#   eval "$(sh scripts/write-throttle.sh)"
set -eu
rate="${JOBS_WRITE_THROTTLE_RATE:-600/minute}"
count="${rate%%/*}"
unit="${rate#*/}"
case "$count" in
    '' | *[!0-9]*) echo "write-throttle.sh: JOBS_WRITE_THROTTLE_RATE must look like 600/minute, not '$rate'" >&2; exit 2 ;;
esac
[ "$count" -ge 1 ] || { echo "write-throttle.sh: JOBS_WRITE_THROTTLE_RATE needs at least 1 request, not '$rate'" >&2; exit 2; }
case "$unit" in
    s | sec | second) seconds=1 ;;
    m | min | minute) seconds=60 ;;
    h | hour) seconds=3600 ;;
    d | day) seconds=86400 ;;
    *) echo "write-throttle.sh: JOBS_WRITE_THROTTLE_RATE unit must be second, minute, hour or day, not '$unit'" >&2; exit 2 ;;
esac
if [ "$seconds" -eq 1 ]; then
    nginx_rate="${count}r/s"
    retry=1
else
    per_minute=$(( (count * 60 + seconds - 1) / seconds ))
    nginx_rate="${per_minute}r/m"
    retry=$(( (60 + per_minute - 1) / per_minute ))
fi
echo "NGINX_WRITE_RATE=$nginx_rate"
echo "NGINX_WRITE_BURST=$(( count - 1 ))"
echo "NGINX_WRITE_RETRY_AFTER=$retry"
