#!/usr/bin/env bash
# Times `lint` (all rules) on every config of ../shared/corpus/ in a release build: the median over the
# files of each file's median of 5 runs, and the slowest files. Issue 10's goal: median ≤ 15 ms.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=../shared/corpus/configs
[ -d "$corpus" ] || { echo "no corpus at $corpus"; exit 1; }
swift build -c release --product lint >/dev/null
python3 - "$corpus" <<'PY'
import os, statistics, subprocess, sys, time
files = sorted(os.path.join(d, n) for d, _, ns in os.walk(sys.argv[1]) for n in ns)
lint = ".build/release/lint"
# Process start-up measured the same way, so the figure can be read against it.
base = []
for _ in range(30):
    t = time.perf_counter(); subprocess.run([lint, "--version"], stdout=subprocess.DEVNULL); base.append(time.perf_counter() - t)
per_file = []
for f in files:
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([lint, f, "--existing-epochs", "none", "--fail-on", "never"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs.append(time.perf_counter() - t)
    per_file.append((statistics.median(runs), f))
per_file.sort()
ms = [1000 * t for t, _ in per_file]
print("lint over %d corpus configs: median %.1f ms, p90 %.1f ms, max %.1f ms (lint --version: %.1f ms)"
      % (len(ms), statistics.median(ms), ms[int(0.9 * len(ms))], ms[-1], 1000 * statistics.median(base)))
for t, f in per_file[-3:]:
    print("  slowest: %.1f ms  %s" % (1000 * t, os.path.relpath(f, sys.argv[1])))
PY
