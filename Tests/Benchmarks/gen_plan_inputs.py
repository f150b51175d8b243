#!/usr/bin/env python3
"""Inputs for bench_plan.sh, written to OUT_DIR:
- five-entries.json: a TF config with 5 preload entries (prefixes part0/ .. part4/), all reading the
  committed 20 000-variable index Tests/Fixtures/checkpoints/many_20k/many (written by TensorFlow);
- model-20k.txt: the new model's 20 000 variables (partK/layerNNNN/{W,b}), a text listing;
- typo.json + model-100k.txt: a prefix typo ('encodre/') against a 100 000-variable model."""
import json
import os
import sys

out = sys.argv[1]
root = sys.argv[2]
os.makedirs(out, exist_ok=True)
ckpt = os.path.join(root, "Tests/Fixtures/checkpoints/many_20k/many")

with open(os.path.join(out, "model-20k.txt"), "w") as f:
    for part in range(5):
        for layer in range(2000):
            f.write("part%d/layer%04d/W [2, 3] float32\n" % (part, layer))
            f.write("part%d/layer%04d/b [3] float32\n" % (part, layer))
    f.write("global_step [] int64\n")

config = {
    "backend": "tensorflow-net-dict", "task": "train", "num_epochs": 10,
    "preload_from_files": {
        "p%d" % k: {"filename": ckpt, "prefix": "part%d/" % k, "init_for_train": True} for k in range(5)
    },
}
json.dump(config, open(os.path.join(out, "five-entries.json"), "w"), indent=2)

with open(os.path.join(out, "model-100k.txt"), "w") as f:
    for scope in ("encoder", "decoder", "lm", "ctc", "joint"):
        for layer in range(10000):
            f.write("%s/layer%05d/W [512, 512] float32\n" % (scope, layer))
            f.write("%s/layer%05d/b [512] float32\n" % (scope, layer))
    f.write("global_step [] int64\n")
config = {
    "backend": "tensorflow-net-dict", "task": "train", "num_epochs": 10,
    "preload_from_files": {"enc": {"filename": ckpt, "prefix": "encodre/", "init_for_train": True}},
}
json.dump(config, open(os.path.join(out, "typo.json"), "w"), indent=2)
