#!/bin/sh
# The backend container's command (backend/Dockerfile): migrate, make sure of the admin
# user, load demo data into an empty database, then become gunicorn (exec), so that
# `docker stop` signals gunicorn directly.
set -eu

python manage.py migrate --noinput

# ensure_admin creates or updates the superuser "admin" from DJANGO_ADMIN_PASSWORD when
# that is set, does nothing otherwise, and says which. The check keeps images built
# from a tree without the command starting (it then says so and creates no user).
if python manage.py help ensure_admin >/dev/null 2>&1; then
    python manage.py ensure_admin
else
    echo "start.sh: this build has no ensure_admin command; no admin user was created"
fi

python manage.py seed_demo --if-empty

exec gunicorn config.wsgi:application \
    --bind 0.0.0.0:8000 \
    --workers "${GUNICORN_WORKERS:-3}" \
    --access-logfile -
