#!/usr/bin/env python3
"""Writes a TensorFlow V2 checkpoint with N scalar variables using the real TensorFlow
(tf.raw_ops.SaveV2 in chunks, merged by tf.raw_ops.MergeV2Checkpoints), then checks that TF reads
it back (tf.train.list_variables). Not committed; for Tests/Benchmarks/bench_vars.sh.

    python make_index.py /tmp/paramlint-bench/m1m 1000000"""
import os
import shutil
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402


def main():
    prefix, n = sys.argv[1], int(sys.argv[2])
    chunk = 50000
    os.makedirs(os.path.dirname(prefix), exist_ok=True)
    parts_dir = prefix + "_parts"
    shutil.rmtree(parts_dir, ignore_errors=True)
    os.makedirs(parts_dir)
    t0 = time.time()
    parts = []
    value = tf.constant(0.0)
    for start in range(0, n, chunk):
        names = ["layer%07d/W" % i for i in range(start, min(n, start + chunk))]
        part = os.path.join(parts_dir, "part%05d" % (start // chunk))
        tf.raw_ops.SaveV2(prefix=part, tensor_names=names, shape_and_slices=[""] * len(names),
                          tensors=[value] * len(names))
        parts.append(part)
    tf.raw_ops.MergeV2Checkpoints(checkpoint_prefixes=parts, destination_prefix=prefix, delete_old_dirs=True)
    shutil.rmtree(parts_dir, ignore_errors=True)
    t1 = time.time()
    listed = tf.train.list_variables(prefix)
    t2 = time.time()
    assert len(listed) == n, (len(listed), n)
    print("wrote %s.index (%d bytes, %d variables) in %.1f s; tf.train.list_variables read it in %.2f s"
          % (prefix, os.path.getsize(prefix + ".index"), n, t1 - t0, t2 - t1))


if __name__ == "__main__":
    main()
