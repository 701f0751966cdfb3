#!/usr/bin/env bash
# Sets up and runs the whole test suite. Environment decides the services:
#   default: SQLite + the filesystem broker (no server needed);
#   DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://... for the real ones (CI).
# Extra arguments go to pytest, e.g. scripts/test.sh tests/accounts -k import
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev

# Browser tests drive the system Chromium; PDFs and screenshots need CJK fonts.
if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      chromium fonts-wqy-zenhei fonts-noto-cjk poppler-utils) >/dev/null
  else
    echo "warning: chromium/fonts-wqy-zenhei missing and not root: browser tests will skip" >&2
  fi
fi

export DJANGO_ALLOW_ASYNC_UNSAFE=true   # Playwright's sync API beside live_server
export PLAIN_STATIC=true
export PYTHONHASHSEED=0
exec .venv/bin/python -m pytest -n "${TEST_PROCESSES:-2}" --dist loadfile "$@"
