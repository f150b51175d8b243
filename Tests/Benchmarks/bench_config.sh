#!/usr/bin/env bash
# Release-build timings for the foundation: `lint --version`, and linting a 1 MB JSON config.
# Usage: bash Tests/Benchmarks/bench_config.sh   (needs hyperfine: apt-get install -y hyperfine)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product lint >/dev/null
LINT=.build/release/lint
python3 Tests/Benchmarks/gen_big_config.py /tmp/paramlint-1mb.json 1000000
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs 50 "$LINT --version" "$LINT /tmp/paramlint-1mb.json --fail-on never"
else
  for cmd in "$LINT --version" "$LINT /tmp/paramlint-1mb.json --fail-on never"; do
    python3 - "$cmd" <<'PY'
import subprocess, sys, time
cmd = sys.argv[1].split()
best = []
for _ in range(30):
    t = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL); best.append(time.perf_counter() - t)
best.sort()
print("%-50s median %.1f ms  min %.1f ms" % (" ".join(cmd), 1000 * best[len(best)//2], 1000 * best[0]))
PY
  done
fi
