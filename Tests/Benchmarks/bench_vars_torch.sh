#!/usr/bin/env bash
# Benchmarks `lint vars` (release build) on .pt files against torch's own loading.
#
#   Tests/Benchmarks/bench_vars_torch.sh       # from the repository root
#
# Inputs are written by the real torch.save into $BENCH_DIR (not committed; make_pt.py):
# 2 GB with 500 tensors (1 Mi float32 each), and 100 000 tensors of 4 elements.
# For each: `lint vars` wall time (hyperfine when installed, else a loop of 30) and peak memory
# (`/usr/bin/time -v`), next to torch.load(map_location="meta") and torch.load(weights_only=True)
# timed inside Python (the import of torch not included; its time is printed beside).
#
# Needs: swift; the venv with torch ($PYTHON, default .venv-oracle-torch/bin/python).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv-oracle-torch/bin/python}
BENCH_DIR=${BENCH_DIR:-/tmp/paramlint-bench}
mkdir -p "$BENCH_DIR"
cd "$ROOT"

swift build -c release --scratch-path .build-release 2>&1 | tail -1
LINT="$ROOT/.build-release/release/lint"

BIG="$BENCH_DIR/big_500.pt"
MANY="$BENCH_DIR/many_100k.pt"
[ -f "$BIG" ] || "$PYTHON" Tests/Benchmarks/make_pt.py "$BIG" 500 1048576
[ -f "$MANY" ] || "$PYTHON" Tests/Benchmarks/make_pt.py "$MANY" 100000 4

for f in "$BIG" "$MANY"; do
    echo
    echo "== $f ($(stat -c %s "$f") bytes)"
    "$LINT" vars "$f" | grep -vc '^#' | sed 's/^/variables listed: /'
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup 3 --runs 30 "$LINT vars $f"
    else
        start=$(date +%s%N)
        for _ in $(seq 30); do "$LINT" vars "$f" >/dev/null; done
        t=$(( ($(date +%s%N) - start) / 30000 ))
        echo "lint vars: $(( t / 1000 )).$(( t % 1000 / 100 )) ms mean of 30 (process start included)"
    fi
    /usr/bin/time -v "$LINT" vars "$f" 2>&1 >/dev/null | grep 'Maximum resident' | sed 's/^\s*/lint vars peak: /'
    "$PYTHON" - "$f" <<'PY'
import sys, time
t0 = time.perf_counter()
import torch
t1 = time.perf_counter()
f = sys.argv[1]
for label, kwargs in [("map_location='meta'", {"map_location": "meta"}), ("weights_only=True", {"weights_only": True})]:
    best = None
    for _ in range(3):
        s = time.perf_counter()
        d = torch.load(f, **kwargs)
        e = time.perf_counter() - s
        best = e if best is None else min(best, e)
        del d
    print(f"torch.load({label}): {best * 1000:.1f} ms (best of 3; importing torch: {(t1 - t0) * 1000:.0f} ms more)")
PY
done
