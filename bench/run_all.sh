#!/usr/bin/env bash
# Runs every benchmark on PostgreSQL (each creates and drops its own database) and prints
# one table of figures and ratios. Each ratio compares with a baseline measured in the same
# run on the same machine; absolute figures depend on the load (printed alongside).
#   bench/run_all.sh                      # the issue's sizes
#   PG=postgres://postgres@127.0.0.1:5432 REDIS=redis://127.0.0.1:6379/15 PREFIX=wt15 \
#     PORT=8115 bench/run_all.sh
#   PROVINCE=1 bench/run_all.sh           # also the province scale (heavy: ~15-30 min,
#                                         # a database of 1M scorecards, 3M scores)
set -euo pipefail
cd "$(dirname "$0")/.."
PG="${PG:-postgres://postgres@127.0.0.1:5432}"
REDIS="${REDIS:-redis://127.0.0.1:6379/15}"
PREFIX="${PREFIX:-gigawards_bench}"
PORT="${PORT:-8115}"
ENTRIES="${ENTRIES:-10000}"
PY=.venv/bin/python
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
$PY bench/results_compute.py --entries "$ENTRIES" --panel 7 --criteria 5 --repeat 3 \
  --database-url "$PG/${PREFIX}_results" | tee "$OUT/results.txt"
$PY bench/submit.py --seconds 30 --slices 6 --connections 50 --port "$PORT" \
  --database-url "$PG/${PREFIX}_submit" | tee "$OUT/submit.txt"
$PY bench/public.py --seconds 15 --connections 50 --port "$((PORT + 1))" --redis "$REDIS" \
  --database-url "$PG/${PREFIX}_public" | tee "$OUT/public.txt"
$PY bench/import_roster.py | tee "$OUT/roster.txt"
if [ -n "${PROVINCE:-}" ]; then
  $PY bench/province.py --database-url "$PG/${PREFIX}_province" --repeat 3 \
    | tee "$OUT/province.txt"
fi

echo
echo "================ summary ================"
grep -h -E "^\(b\)|^\(d\)|^\(e\)|fast path alone|peak memory" "$OUT/results.txt"
grep -h -E "baseline|submit|ratio|stored" "$OUT/submit.txt"
grep -h -E "notices|results|home" "$OUT/public.txt"
grep -h -E "import|parse" "$OUT/roster.txt" || true
if [ -n "${PROVINCE:-}" ]; then
  grep -h -E "generation seconds|measured;" "$OUT/province.txt" || true
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
