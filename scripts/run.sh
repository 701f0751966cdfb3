#!/usr/bin/env bash
# The quickstart: sets everything up and runs web + Celery worker + beat with demo data.
# SQLite and the filesystem broker by default; DATABASE_URL / CELERY_BROKER_URL switch.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh runtime
export PATH="$PWD/.venv/bin:$PATH"
# As in production: DEBUG off (static files through whitenoise, JSON/plain error pages,
# never a debug page listing the URL patterns). DJANGO_DEBUG=true turns it on.
export DJANGO_DEBUG="${DJANGO_DEBUG:-false}"
# Served over plain http on this machine: no redirect to https, cookies over http.
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
export SECURE_COOKIES="${SECURE_COOKIES:-false}"
python manage.py migrate --noinput -v 0
python manage.py collectstatic --noinput -v 0
python manage.py seed_demo
echo "Open http://127.0.0.1:${PORT:-8000}/  (demo logins: see README)"
exec honcho start -f Procfile
