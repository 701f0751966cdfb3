#!/usr/bin/env bash
# CI under load (issue 9): `.ci/run` three times in a row, each from a fresh clone of one
# commit, while a second full test run (SQLite, in a clone of its own) loops beside them
# and keeps both cores busy. Every log is kept; the summary gives each run's exit code,
# duration and load average.
#   scripts/ci_under_load.sh [COMMIT] [OUT_DIR]      (defaults: HEAD, /tmp/ci_under_load)
# Heavy: about 15-30 minutes a CI run on a 2-core machine.
set -u
cd "$(dirname "$0")/.."
REPO="$PWD"
COMMIT="$(git rev-parse "${1:-HEAD}")"
OUT="${2:-/tmp/ci_under_load}"
mkdir -p "$OUT"
rm -f "$OUT/stop" "$OUT/summary"
load_of() { cut -d' ' -f1-3 /proc/loadavg; }
fresh_clone() { rm -rf "$1" && git clone -q "$REPO" "$1" && git -C "$1" checkout -q "$COMMIT"; }

fresh_clone "$OUT/load"
( cd "$OUT/load" && i=0
  while [ ! -e "$OUT/stop" ]; do
    i=$((i + 1)); started=$(date +%s)
    scripts/test.sh > "$OUT/load.$i.log" 2>&1; rc=$?
    echo "load run $i rc=$rc $(( $(date +%s) - started ))s" >> "$OUT/summary"
  done ) &
load_pid=$!
sleep 240  # the load's set-up done, its tests running

failed=0
for n in 1 2 3; do
  fresh_clone "$OUT/ci$n"
  started=$(date +%s); load_before=$(load_of)
  (cd "$OUT/ci$n" && CI=true .ci/run > "$OUT/ci.$n.log" 2>&1); rc=$?
  [ "$rc" = 0 ] || failed=1
  echo "ci run $n commit=$COMMIT rc=$rc $(( $(date +%s) - started ))s" \
       "load $load_before -> $(load_of) | $(grep -E '[0-9]+ passed' "$OUT/ci.$n.log" | tail -1)" \
       >> "$OUT/summary"
done
touch "$OUT/stop"
pkill -P "$load_pid" 2>/dev/null; wait "$load_pid" 2>/dev/null
cat "$OUT/summary"
exit "$failed"
