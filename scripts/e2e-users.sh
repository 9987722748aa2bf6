#!/usr/bin/env bash
# Print the e2e suite's users as one JSON object, {role: {"username", "password",
# "role", "token"}}, one user per role, made (or reset) by `manage.py add_user` run
# through the command given:
#   scripts/e2e-users.sh .venv/bin/python backend/manage.py                   (native)
#   scripts/e2e-users.sh docker compose exec -T backend python manage.py      (compose)
set -euo pipefail
[ $# -gt 0 ] || { sed -n '2,6p' "$0" >&2; exit 2; }
separator='{'
for role in admin operator viewer; do
    printf '%s"%s": %s' "$separator" "$role" "$("$@" add_user "e2e-$role" --role "$role" --token)"
    separator=', '
done
echo '}'
