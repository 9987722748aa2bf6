#!/bin/sh
# The backend container's command (backend/Dockerfile): migrate, make sure of the admin
# user, load demo data into an empty database, then become gunicorn (exec), so that
# `docker stop` signals gunicorn directly.
set -eu

python manage.py migrate --noinput

# ensure_admin creates or updates the superuser "admin" from DJANGO_ADMIN_PASSWORD when
# that is set, does nothing otherwise, and says which.
python manage.py ensure_admin

python manage.py seed_demo --if-empty

exec gunicorn config.wsgi:application \
    --bind 0.0.0.0:8000 \
    --workers "${GUNICORN_WORKERS:-3}" \
    --access-logfile -
