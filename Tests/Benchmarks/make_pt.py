#!/usr/bin/env python3
"""Writes a .pt benchmark input with real torch.save: N tensors in RETURNN's {"model": ...} dict.

    make_pt.py OUT.pt N ELEMENTS_PER_TENSOR

2 GB with 500 tensors: N=500, ELEMENTS=1048576 (float32). 100 000 tensors: N=100000, ELEMENTS=4.
The tensors are torch.empty (nothing is computed); torch.load(OUT, map_location="meta") checks that
the file lists N tensors before the benchmark uses it.
"""
import sys

import torch

out, n, elements = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
model = {f"layer{i // 4}.sub{i % 4}.weight": torch.empty(elements) for i in range(n)}
torch.save({"model": model, "epoch": 7, "step": 700}, out)
loaded = torch.load(out, map_location="meta")
assert len(loaded["model"]) == n, len(loaded["model"])
print(f"wrote {out}: {n} tensors")
