#!/usr/bin/env bash
# Benchmarks `lint vars` (release build) against TensorFlow's own listing.
#
#   Tests/Benchmarks/bench_vars.sh            # from the repository root
#
# - the 20 000-variable index committed under Tests/Fixtures/checkpoints/many_20k (3 data blocks):
#   `lint vars` wall time next to `tf.train.list_variables` (hyperfine when installed, else a loop);
# - a 1 000 000-variable index written by the real TensorFlow into $BENCH_DIR (not committed;
#   Tests/Benchmarks/make_index.py, which also checks that TF reads it): wall time and peak memory
#   (`/usr/bin/time -v`).
#
# Needs: swift; for the TF side and the 1M index, the venv with tensorflow-cpu ($PYTHON).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv-oracle/bin/python}
BENCH_DIR=${BENCH_DIR:-/tmp/paramlint-bench}
mkdir -p "$BENCH_DIR"
cd "$ROOT"

swift build -c release --scratch-path .build-release 2>&1 | tail -1
LINT="$ROOT/.build-release/release/lint"

P20K=Tests/Fixtures/checkpoints/many_20k/many
P1M="$BENCH_DIR/m1m"
HAVE_TF=0
if [ -x "$PYTHON" ] && "$PYTHON" -c 'import tensorflow' 2>/dev/null; then HAVE_TF=1; fi
if [ ! -f "$P1M.index" ] && [ $HAVE_TF = 1 ]; then
    "$PYTHON" Tests/Benchmarks/make_index.py "$P1M" 1000000 2>&1 | grep -v '^W0000\|^I0000\|^WARNING'
fi

echo
echo "== 20 000 variables: $P20K.index ($(stat -c %s "$P20K.index") bytes)"
"$LINT" vars "$P20K" | wc -l | sed 's/^/variables listed: /'
TF_CMD="$PYTHON -c 'import os; os.environ[\"TF_CPP_MIN_LOG_LEVEL\"]=\"3\"; import tensorflow as tf; tf.train.list_variables(\"$P20K\")'"
if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 5 --runs 50 "$LINT vars $P20K" --export-json "$BENCH_DIR/lint_20k.json"
    if [ $HAVE_TF = 1 ]; then hyperfine --warmup 1 --runs 5 "$TF_CMD" --export-json "$BENCH_DIR/tf_20k.json"; fi
else
    start=$(date +%s%N)
    for _ in $(seq 50); do "$LINT" vars "$P20K" >/dev/null; done
    echo "lint vars: $(( ($(date +%s%N) - start) / 50000000 )).$(( ($(date +%s%N) - start) / 500000 % 100 )) ms mean of 50"
    if [ $HAVE_TF = 1 ]; then
        start=$(date +%s%N)
        for _ in $(seq 3); do eval "$TF_CMD"; done
        echo "tf.train.list_variables (incl. import): $(( ($(date +%s%N) - start) / 3000000 )) ms mean of 3"
    fi
fi

if [ -f "$P1M.index" ]; then
    echo
    echo "== 1 000 000 variables: $P1M.index ($(stat -c %s "$P1M.index") bytes)"
    for fmt in text json; do
        /usr/bin/time -v "$LINT" vars "$P1M" --format $fmt >"$BENCH_DIR/m1m.$fmt" 2>"$BENCH_DIR/time_$fmt.txt"
        echo "lint vars --format $fmt: $(grep 'Elapsed (wall' "$BENCH_DIR/time_$fmt.txt" | awk '{print $NF}') wall," \
             "$(grep 'Maximum resident' "$BENCH_DIR/time_$fmt.txt" | awk '{print $NF}') KB peak RSS," \
             "$(wc -l <"$BENCH_DIR/m1m.$fmt") lines"
    done
    if [ $HAVE_TF = 1 ]; then
        /usr/bin/time -v "$PYTHON" -c "import os; os.environ['TF_CPP_MIN_LOG_LEVEL']='3'; import tensorflow as tf; print(len(tf.train.list_variables('$P1M')))" \
            >"$BENCH_DIR/tf_1m.txt" 2>"$BENCH_DIR/time_tf.txt" || true
        echo "tf.train.list_variables (incl. import): $(grep 'Elapsed (wall' "$BENCH_DIR/time_tf.txt" | awk '{print $NF}') wall," \
             "$(grep 'Maximum resident' "$BENCH_DIR/time_tf.txt" | awk '{print $NF}') KB peak RSS, $(tail -1 "$BENCH_DIR/tf_1m.txt") variables"
    fi
fi
