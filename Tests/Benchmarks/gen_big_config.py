#!/usr/bin/env python3
"""Writes a RETURNN JSON config of about SIZE bytes (default 1 MB): a large network dict plus a
few preload entries, with comments, so the benchmark exercises comment stripping, the jansson
parse, the position scan and every config rule."""
import json
import sys

out = sys.argv[1]
size = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
network = {}
i = 0
text = ""
while len(text) < size:
    for _ in range(200):
        network["layer_%05d" % i] = {"class": "linear", "activation": "relu", "n_out": 512,
                                     "from": "layer_%05d" % (i - 1) if i else "data",
                                     "dropout": 0.1, "L2": 1e-4}
        i += 1
    network["output"] = {"class": "softmax", "loss": "ce", "from": "layer_%05d" % (i - 1)}
    config = {
        "backend": "tensorflow-net-dict", "task": "train", "behavior_version": 16, "num_epochs": 80,
        "network": network,
        "preload_from_files": {"e%d" % k: {"filename": "base/net.080", "prefix": "layer_%05d/" % k,
                                           "init_for_train": True} for k in range(5)},
    }
    # RETURNN recognises JSON only when the content starts with "{": the comment goes inside.
    text = "{\n  // generated benchmark config\n" + json.dumps(config, indent=2)[1:]
with open(out, "w") as f:
    f.write(text)
print("%s: %d bytes, %d layers" % (out, len(text), len(network)))
