#!/usr/bin/env python3
"""Writes the .pt fixtures with real torch.save, and beside each the listing torch itself gives.

Run from this directory with the torch venv (see README.md of the repository):

    ../../../.venv-oracle-torch/bin/python generate.py

For every FILE.pt it writes FILE.expected.json in `lint vars --format json`'s shape, made from
`torch.load(FILE)`: the tensors of the dict the linter lists (RETURNN's "model", else the whole
dict), flattened by dotted key paths, sorted by the UTF-8 bytes of the names, dtype as torch
names it (without "torch."), shape as a list; and the "torch" member (contents, top-level keys,
epoch, step, legacy). The Swift tests compare the reader against these files; they never need torch.
"""
import collections
import json
import os
import zipfile

import numpy
import torch

torch.manual_seed(7)
HERE = os.path.dirname(os.path.abspath(__file__))


class Tiny(torch.nn.Module):
    """A small model with parameters, a buffer and an int64 buffer (BatchNorm's counter)."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(11, 4)
        self.enc = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.ReLU(), torch.nn.Linear(6, 5))
        self.norm = torch.nn.BatchNorm1d(5)
        self.out = torch.nn.Linear(5, 3, bias=False)


def flatten(d, prefix=""):
    out = {}
    for k, v in d.items():
        name = f"{prefix}.{k}" if prefix else str(k)
        if isinstance(v, torch.Tensor):
            out[name] = v
        elif isinstance(v, dict):
            out.update(flatten(v, name))
    return out


def contents_of(obj):
    if isinstance(obj.get("model"), dict):
        return "returnn-checkpoint", obj["model"]
    opt = obj.get("optimizer") if isinstance(obj.get("optimizer"), dict) else obj
    if isinstance(opt.get("state"), dict) and isinstance(opt.get("param_groups"), list):
        return "optimizer", obj
    if any(isinstance(v, torch.Tensor) for v in obj.values()):
        return "state-dict", obj
    return "nested", obj


def expected(name, legacy=False):
    obj = torch.load(os.path.join(HERE, name), weights_only=False)
    contents, listed = contents_of(obj)
    tensors = flatten(listed)
    variables = [
        {"name": n, "dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape)}
        for n, t in sorted(tensors.items(), key=lambda kv: kv[0].encode("utf-8"))
    ]
    epoch = obj.get("epoch")
    step = obj.get("step")
    info = {
        "contents": contents,
        "topLevelKeys": [str(k) for k in obj.keys()],
        "epoch": int(epoch) if isinstance(epoch, (int, numpy.integer)) and not isinstance(epoch, bool) else None,
        "step": int(step) if isinstance(step, (int, numpy.integer)) and not isinstance(step, bool) else None,
        "legacy": legacy,
    }
    doc = {"schemaVersion": 1, "checkpoints": [{"path": name, "format": "pytorch", "torch": info, "variables": variables}]}
    with open(os.path.join(HERE, name.replace(".pt", "") + ".expected.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def save(obj, name, **kwargs):
    torch.save(obj, os.path.join(HERE, name), **kwargs)
    expected(name, legacy=kwargs.get("_use_new_zipfile_serialization") is False)


model = Tiny()
sd = model.state_dict()

# RETURNN's _save_model layout, with a numpy scalar as RETURNN's learning-rate control may store it.
save({"model": sd, "epoch": 3, "step": 42, "effective_learning_rate": numpy.float64(0.001),
      "returnn_version": "1.20261022.211313"}, "returnn_style.pt")

# torch.save(model.state_dict())
save(sd, "state_dict.pt")

# dtypes, a scalar, an empty tensor, and views (offset into a shared storage, a transpose).
base = torch.arange(24, dtype=torch.float32)
save(collections.OrderedDict([
    ("bf16", torch.ones(2, 3, dtype=torch.bfloat16)),
    ("f16", torch.ones(4, dtype=torch.float16)),
    ("f64", torch.zeros(1, 2, dtype=torch.float64)),
    ("i64", torch.arange(5)),
    ("i32", torch.arange(3, dtype=torch.int32)),
    ("i8", torch.zeros(2, dtype=torch.int8)),
    ("u8", torch.zeros(2, dtype=torch.uint8)),
    ("flag", torch.tensor([True, False])),
    ("c64", torch.zeros(2, dtype=torch.complex64)),
    ("f8", torch.zeros(3, dtype=torch.float8_e4m3fn)),
    ("scalar", torch.tensor(3.5)),
    ("empty", torch.zeros(0, 7)),
    ("view.slice", base[4:10]),
    ("view.transposed", base.view(4, 6).t()),
    ("view.whole", base),
    ("unicode.ä", torch.zeros(1)),
]), "dtypes.pt")

# A dict of dicts without "model": checkpoint_key picks one.
ema = {k: v.clone() for k, v in sd.items()}
save({"ema": ema, "student": {"lin.weight": torch.zeros(2, 2)}, "meta": {"note": "x", "n": 1}}, "nested.pt")

# nn.Parameters rather than plain tensors (torch._utils._rebuild_parameter).
save({"w": torch.nn.Parameter(torch.zeros(3, 2)), "b": torch.nn.Parameter(torch.zeros(2), requires_grad=False)},
     "parameters.pt")

# RETURNN's .opt.pt (Updater.save_optimizer): the optimizer state after one Adam step, under "optimizer".
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss = model.out(model.norm(model.enc(model.embed(torch.tensor([1, 2, 3])))) ).sum()
loss.backward()
opt.step()
save({"optimizer": opt.state_dict(), "param_names": [n for n, _ in model.named_parameters()], "epoch": 3, "step": 42,
      "effective_learning_rate": 0.01, "returnn_version": "1.20261022.211313"}, "model.003.opt.pt")
save(opt.state_dict(), "plain_optimizer.pt")

# The pre-1.6 format: a pickle stream with torch.save's magic number, then the raw storages.
save({"model": sd, "epoch": 2, "step": 7}, "legacy.pt", _use_new_zipfile_serialization=False)

# protocol 4 (FRAME, SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL).
save({"model": {"a": torch.zeros(2, 3), "b": torch.zeros(1)}, "epoch": 1, "step": 5}, "protocol4.pt", pickle_protocol=4)

# Python's zipfile rewrite of a torch.save archive with zip64 local headers (force_zip64) and
# without the 64-byte alignment; torch.load reads it, so must the linter.
src = os.path.join(HERE, "state_dict.pt")
dst = os.path.join(HERE, "rezipped_zip64.pt")
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_STORED) as zout:
    for info in zin.infolist():
        with zout.open(zipfile.ZipInfo(info.filename), "w", force_zip64=True) as w:
            w.write(zin.read(info.filename))
expected("rezipped_zip64.pt")

print("wrote", sorted(f for f in os.listdir(HERE) if f.endswith(".pt")))
