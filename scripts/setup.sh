#!/usr/bin/env bash
# Creates .venv, installs the pinned requirements and compiles the translation catalogs.
# Usage: scripts/setup.sh [runtime|dev]   (dev adds the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-runtime}"
requirements=requirements.txt
[ "$kind" = dev ] && requirements=requirements-dev.txt

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || python=python3
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=".venv/.installed-$kind-$(sha256sum requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  # This machine's pip config names local mirrors that may not exist: hide that noise only.
  quiet_pip() {
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@" 2>&1 \
      | { grep -v "^WARNING: Location 'file:" || true; }
  }
  quiet_pip --upgrade pip
  quiet_pip -r "$requirements"
  touch "$stamp"
fi
.venv/bin/python manage.py compilemessages --ignore=.venv -v 0
# Test tools from npm (axe-core for the pages' accessibility checks), into node_modules/.
if [ "$kind" = dev ] && command -v npm >/dev/null; then
  lock_stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
  if [ ! -e "$lock_stamp" ]; then
    npm ci --no-audit --no-fund --silent && touch "$lock_stamp"
  fi
fi
