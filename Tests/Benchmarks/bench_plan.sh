#!/usr/bin/env bash
# Release-build timings for the RETURNN simulation (issue: load simulation):
#  - 5 preload entries against a 20 000-variable checkpoint (real TF index) and a 20 000-variable model;
#  - a prefix typo against a 100 000-variable model, did-you-mean included.
# Usage: bash Tests/Benchmarks/bench_plan.sh   (hyperfine when installed)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${BENCH_DIR:-/tmp/paramlint-bench-plan}
cd "$ROOT"
swift build -c release --product lint >/dev/null
LINT="$ROOT/.build/release/lint"
python3 Tests/Benchmarks/gen_plan_inputs.py "$OUT" "$ROOT"
echo "five entries:"; "$LINT" plan "$OUT/five-entries.json" --model "$OUT/model-20k.txt" | tail -3
echo "typo:"; "$LINT" "$OUT/typo.json" --model "$OUT/model-100k.txt" --select PL005 || true
A="$LINT plan $OUT/five-entries.json --model $OUT/model-20k.txt"
B="$LINT $OUT/five-entries.json --model $OUT/model-20k.txt --fail-on never"
C="$LINT $OUT/typo.json --model $OUT/model-100k.txt --fail-on never"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs 20 "$A" "$B" "$C"
else
  for cmd in "$A" "$B" "$C"; do
    s=$(date +%s%N); for i in $(seq 10); do $cmd >/dev/null; done; e=$(date +%s%N)
    echo "$cmd: $(( (e - s) / 10000000 )) ms per run"
  done
fi
