#!/usr/bin/env bash
# Times the Python config extractor on a ~1 MB i6_core-style config in a release build.
#
# Generates /tmp/paramlint-bench-python.config (a big pprint-style `network` dict between a prolog
# with functions and the `config = {}` / `locals().update(**config)` epilog), builds `lint` in
# release mode and times a whole run on that file.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=/tmp/paramlint-bench-python.config
python3 - "$out" <<'PY'
import pprint, sys
network = {}
k = 0
text = ""
while True:
    network["layer_%d" % k] = {
        "class": "rec", "unit": "nativelstm2", "n_out": 256 + k % 512, "direction": 1 if k % 2 == 0 else -1,
        "from": ["layer_%d" % max(0, k - 1), "layer_%d" % max(0, k - 2)], "dropout": 0.1, "L2": 0.0001,
        "loss_opts": {"focal_loss_factor": 2.0, "label_smoothing": 0.1}, "is_output_layer": False,
    }
    k += 1
    if k % 500 == 0:
        text = pprint.PrettyPrinter(indent=2, width=150).pformat(network)
        if len(text) > 990_000:
            break
prolog = '''#!rnn.py

import os
import numpy as np


def helper(x, y=2):
    """Docstring."""
    if x:
        return [i * y for i in range(x)]
    return {}


'''
epilog = "\nbatch_size = 10000\nlearning_rate = 0.0008\ntask = 'train'\nconfig = {}\n\nlocals().update(**config)\n"
open(sys.argv[1], "w").write(prolog + "network = " + text + "\n" + epilog)
PY
echo "generated $out ($(wc -c < "$out") bytes)"

swift build -c release --product lint >/dev/null
# The whole run: read, extract, simulate, every rule (the config has no checkpoints to read).
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs 20 ".build/release/lint $out --fail-on never"
else
  python3 - "$out" <<'PY'
import subprocess, sys, time
runs = []
for _ in range(20):
    t = time.perf_counter(); subprocess.run([".build/release/lint", sys.argv[1], "--fail-on", "never"], stdout=subprocess.DEVNULL); runs.append(time.perf_counter() - t)
runs.sort(); print("lint on %s: median %.1f ms, min %.1f ms" % (sys.argv[1], 1000 * runs[10], 1000 * runs[0]))
PY
fi
