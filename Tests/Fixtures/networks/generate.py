#!/usr/bin/env python3
"""Regenerate the network-inference recordings: which variables the real RETURNN creates for a net dict.

Run with the working directory = this folder (Tests/Fixtures/networks/):

    python3 generate.py               # every case (the native LSTM case last: ~3 min g++ compile once)
    python3 generate.py n05_conv1d_bv16 ...   # only these cases (add --readme to rewrite README.md)

Environment: RETURNN_ORACLE_PYTHON (default /work/main/.venv-oracle/bin/python),
RETURNN_ORACLE (default /work/shared/oracle/returnn_oracle.py). Standard library only.
Each case: task train, no load of any kind, the oracle's default fresh temporary `model` dir.
"""
import json
import os
import subprocess
import sys
import tempfile

PY = os.environ.get("RETURNN_ORACLE_PYTHON", "/work/main/.venv-oracle/bin/python")
ORACLE = os.environ.get("RETURNN_ORACLE", "/work/shared/oracle/returnn_oracle.py")
HERE = os.path.dirname(os.path.abspath(__file__))

EXTERN = {"data": {"dim": 9}, "classes": {"dim": 3, "sparse": True}}


def out(frm, **kw):
    d = {"class": "softmax", "loss": "ce", "target": "classes", "from": frm}
    d.update(kw)
    return d


def lin(n, frm, **kw):
    d = {"class": "linear", "activation": "tanh", "n_out": n, "from": frm}
    d.update(kw)
    return d


def C(name, network, description, notes="", behavior_version=16, extern_data=EXTERN):
    config = {"backend": "tensorflow-net-dict", "behavior_version": behavior_version, "task": "train",
              "extern_data": extern_data, "network": network}
    return name, config, {"description": description, "notes": notes}


SPLIT = {"class": "split_dims", "axis": "F", "dims": [9, 1], "from": "data"}  # [B,T,9] -> [B,T,9,1]


def conv2d_net(**conv_opts):
    conv = {"class": "conv", "filter_size": [3, 3], "padding": "same", "n_out": 4, "from": "split",
            "in_spatial_dims": ["T", "dim:9"]}
    conv.update(conv_opts)
    return {"split": SPLIT, "conv": conv,
            "merge": {"class": "merge_dims", "axes": ["dim:9", "F"], "keep_order": True, "from": "conv"},
            "output": out("merge")}


def bn_layer_net(**opts):
    bn = {"class": "batch_norm", "masked_time": False, "from": "enc"}
    bn.update(opts)
    return {"enc": lin(4, "data"), "bn": bn, "output": out("bn")}


def bn_option_net(**opts):
    bn = {"masked_time": False}
    bn.update(opts)
    return {"enc": lin(4, "data", batch_norm=bn), "output": out("enc")}


REC_SUBNET = {
    "class": "rec", "from": "data",
    "unit": {
        "lin": {"class": "linear", "activation": "tanh", "n_out": 5, "from": ["data:source", "prev:lin"]},
        "cell": {"class": "rnn_cell", "unit": "LSTMBlock", "n_out": 6, "from": "lin"},
        "output": {"class": "copy", "from": "cell"},
    },
}

CASES = [
    C("n00_global_step_only", {"output": {"class": "copy", "from": "data", "is_output_layer": True}},
      "A network without any parameters: only global_step (and the non-saveable learning_rate) exist."),
    C("n01_linear", {"enc": lin(5, "data"), "output": out("enc")},
      "linear (n_out 5) + softmax output."),
    C("n02_linear_no_bias", {"enc": lin(5, "data", with_bias=False), "output": out("enc")},
      "linear with with_bias false: no enc/b."),
    C("n03_softmax_no_bias", {"enc": lin(5, "data"), "output": out("enc", with_bias=False)},
      "softmax output with with_bias false: no output/b."),
    C("n04_sparse_input", {"enc": lin(5, "data"), "output": out("enc")},
      "linear on a sparse input of vocabulary 12: enc/W is [12, 5].",
      extern_data={"data": {"dim": 12, "sparse": True}, "classes": {"dim": 3, "sparse": True}}),
    C("n05_conv1d_bv16",
      {"conv": {"class": "conv", "filter_size": [3], "padding": "same", "n_out": 4, "from": "data"},
       "output": out("conv")},
      "conv 1-D at behavior_version 16: conv/W [3, 9, 4] and conv/bias [4]."),
    C("n06_conv1d_bv0",
      {"conv": {"class": "conv", "filter_size": [3], "padding": "same", "n_out": 4, "from": "data"},
       "output": out("conv")},
      "conv 1-D at behavior_version 0: no bias by default.", behavior_version=0),
    C("n07_conv2d_bv16", conv2d_net(), "conv 2-D on a split_dims [B,T,9,1] input at behavior_version 16."),
    C("n08_conv2d_bv0", conv2d_net(), "conv 2-D at behavior_version 0: no bias by default.", behavior_version=0),
    C("n09_batch_norm_layer_v2", bn_layer_net(), "batch_norm layer, default param_version (2)."),
    C("n10_batch_norm_layer_v1", bn_layer_net(param_version=1), "batch_norm layer, param_version 1."),
    C("n11_batch_norm_layer_v0", bn_layer_net(param_version=0), "batch_norm layer, param_version 0."),
    C("n12_linear_batch_norm_option_v2", bn_option_net(),
      "linear with the batch_norm option (default param_version 2)."),
    C("n13_linear_batch_norm_option_v1", bn_option_net(param_version=1),
      "linear with the batch_norm option, param_version 1."),
    C("n14_linear_batch_norm_option_v0", bn_option_net(param_version=0),
      "linear with the batch_norm option, param_version 0."),
    C("n15_layer_norm", {"enc": lin(5, "data"), "ln": {"class": "layer_norm", "from": "enc"}, "output": out("ln")},
      "layer_norm on a 5-dim input: ln/scale, ln/bias."),
    C("n16_rec_standardlstm", {"lstm": {"class": "rec", "unit": "standardlstm", "n_out": 6, "from": "data"},
                               "output": out("lstm")},
      "rec with unit standardlstm (n_out 6): lstm/rec/lstm_cell/{kernel,bias}."),
    C("n17_rec_subnet_rnn_cell", {"dec": REC_SUBNET, "output": out("dec")},
      "rec with a sub-network unit: a linear on [data:source, prev:lin] and an rnn_cell (LSTMBlock) sub-layer."),
    C("n18_self_attention",
      {"att": {"class": "self_attention", "num_heads": 2, "total_key_dim": 8, "n_out": 8, "from": "data"},
       "output": out("att")},
      "self_attention (num_heads 2, total_key_dim 8, n_out 8): one fused QKV matrix."),
    C("n19_subnetwork_nested",
      {"sub": {"class": "subnetwork", "from": "data", "subnetwork": {
          "inner": {"class": "subnetwork", "from": "data", "subnetwork": {
              "lin": lin(5, "data"), "output": {"class": "copy", "from": "lin"}}},
          "post": lin(4, "inner"),
          "output": {"class": "copy", "from": "post"}}},
       "output": out("sub")},
      "subnetwork containing a subnetwork: sub/inner/lin/*, sub/post/*."),
    C("n20_variable_layer",
      {"bias": {"class": "variable", "shape": [5], "is_output_layer": True},
       "enc": lin(5, "data"), "output": out("enc")},
      "variable layer 'bias' (shape [5], is_output_layer): param bias/bias."),
    C("n21_reuse_params_string",
      {"a": lin(5, "data"), "b": lin(5, "data", reuse_params="a"), "output": out(["a", "b"])},
      "b reuses a's params (reuse_params: \"a\"): only a/W, a/b exist."),
    C("n21b_reuse_params_target_only_via_reuse",
      {"a": lin(5, "data"), "b": lin(5, "data", reuse_params="a"), "output": out("b")},
      "b reuses a's params while a itself is not reached from output.",
      notes="a/W and a/b are created: the reuse target is built as a dependency of b (observed)."),
    C("n22a_reuse_params_dict_reuse_layer",
      {"a": lin(5, "data"), "b": lin(5, "data", reuse_params={"reuse_layer": "a"}), "output": out(["a", "b"])},
      "b reuses a's params via the dict form {reuse_layer: a}: only a/W, a/b exist."),
    C("n22_reuse_params_dict",
      {"a": lin(5, "data"), "b": lin(5, "data", reuse_params={"map": {"W": {"reuse_layer": "a"}, "b": None}}),
       "output": out(["a", "b"])},
      "b reuses only a's W (reuse_params dict with map; b: null = own param).",
      notes="b's own bias is named b/b_1, not b/b (observed)."),
    C("n23_unreachable_layers",
      {"enc": lin(5, "data"), "unused": lin(4, "enc"), "dangling": lin(3, "data"), "output": out("enc")},
      "Layers neither reached from output nor with a loss nor is_output_layer are not built: no params."),
    C("n24_is_output_layer",
      {"enc": lin(5, "data"), "aux": lin(4, "enc", is_output_layer=True), "output": out("enc")},
      "A layer not reached from output but marked is_output_layer is built: aux/W, aux/b exist."),
    C("n25_blstm_fw_bw_standardlstm",
      {"lstm0_fw": {"class": "rec", "unit": "standardlstm", "n_out": 6, "direction": 1, "from": "data"},
       "lstm0_bw": {"class": "rec", "unit": "standardlstm", "n_out": 6, "direction": -1, "from": "data"},
       "output": out(["lstm0_fw", "lstm0_bw"])},
      "Bidirectional pair (standardlstm, direction 1 / -1): the direction lives only in the layer name."),
    # native LSTM last: the first use compiles RETURNN's op with g++ (~3 min, cached afterwards)
    C("n26_rec_nativelstm2", {"lstm": {"class": "rec", "unit": "nativelstm2", "n_out": 6, "from": "data"},
                              "output": out("lstm")},
      "rec with unit nativelstm2 (n_out 6): lstm/rec/W, W_re, b."),
    C("n27_rec_lstm", {"lstm": {"class": "rec", "unit": "lstm", "n_out": 6, "from": "data"},
                       "output": out("lstm")},
      "rec with unit lstm: maps to NativeLSTM2, the same names as n26."),
]


def run_oracle(config):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(config, f)
        path = f.name
    try:
        p = subprocess.run([PY, ORACLE, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=HERE)
    finally:
        os.unlink(path)
    return json.loads(p.stdout.decode())


def run_case(name, config, meta):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    res = run_oracle(dict(config, oracle_include_checkpoint_listing=False))
    variables = sorted(({"name": v["name"], "shape": v["shape"], "dtype": v["dtype"], "trainable": v["trainable"],
                         "saveable": v["saveable"]} for v in res.get("variables", [])),
                       key=lambda v: v["name"].encode())
    exc = res.get("exception")
    case = dict(meta, ok=bool(res.get("ok")), behavior_version=res.get("behavior_version"),
                exception=None if not exc else {"type": exc["type"], "message": exc["message"][:1000]})
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    with open(os.path.join(d, "variables.json"), "w") as f:
        f.write("[\n" + ",\n".join("  " + json.dumps(v) for v in variables) + "\n]\n" if variables else "[]\n")
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump(case, f, indent=2)
        f.write("\n")
    print("%-36s %s  %s" % (name, "ok" if res.get("ok") else exc["type"] + ": " + exc["message"][:300],
                            [(v["name"], v["shape"]) for v in variables if v["saveable"]]), flush=True)


README_HEAD = """\
# Network inference recordings (recorded with the real RETURNN)

Which variables the real RETURNN (`returnn` 1.20261022.211313, `tensorflow-cpu` 2.21.0, TF net-dict
engine, `task: train`, nothing loaded) creates for a net dict. Recorded by
`/work/shared/oracle/returnn_oracle.py`; tests read these files and never run TensorFlow. **This
file is written by `generate.py`; edit the text there.**

## Layout

One folder per case:

- `config.json` — `backend`, `behavior_version` (explicit), `task`, `extern_data` (dims explicit), `network`.
- `variables.json` — the oracle's `variables`, trimmed to `name`, `shape` (as declared in the graph),
  `dtype`, `trainable`, `saveable`, sorted by name in byte order. `saveable` ones are exactly what
  RETURNN's Saver writes to a checkpoint (incl. `global_step`); `learning_rate` exists in training
  graphs but is not saveable.
- `case.json` — `description`, `notes`, `ok`, the effective `behavior_version`, and the `exception`
  (type, message) if RETURNN refused the network.

## Regenerate

```
cd Tests/Fixtures/networks
RETURNN_ORACLE_PYTHON=/work/main/.venv-oracle/bin/python python3 generate.py
```

The first native-LSTM case compiles RETURNN's op with g++ (1–3 minutes, cached in
`/var/tmp/<user>/returnn_tf_cache`), which is why those cases come last.

## Observations beyond `spec/returnn-layer-params.md`

- `n22_reuse_params_dict`: with `reuse_params: {"map": {"W": {"reuse_layer": "a"}, "b": null}}`,
  `b` shares `a/W` and gets its own bias, named **`b/b_1`** (not `b/b`).
- `n21b_reuse_params_target_only_via_reuse`: a layer reached only as the `reuse_params` target of a
  reachable layer is built, so its params exist.
- `n06`/`n08`: at `behavior_version: 0` a `conv` layer has no bias; at 16 it has `conv/bias`.
- `n27_rec_lstm`: unit `lstm` gives the same variables as `nativelstm2` (`rec/W`, `rec/W_re`, `rec/b`).
"""


def write_readme():
    lines = [README_HEAD.rstrip("\n"), "", "## Cases", "",
             "| case | bv | oracle | saveable variables (shape) |", "|---|---|---|---|"]
    for name, _c, _m in CASES:
        d = os.path.join(HERE, name)
        if not os.path.exists(os.path.join(d, "case.json")):
            continue
        case = json.load(open(os.path.join(d, "case.json")))
        vs = json.load(open(os.path.join(d, "variables.json")))
        lines.append("| `%s` | %s | %s | %s |" % (
            name, case["behavior_version"], "ok" if case["ok"] else "`%s`" % case["exception"]["type"],
            ", ".join("`%s` %s" % (v["name"], v["shape"]) for v in vs if v["saveable"]) or "–"))
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main(argv):
    os.chdir(HERE)
    only = set(a for a in argv if not a.startswith("--"))
    for name, config, meta in CASES:
        if only and name not in only:
            continue
        run_case(name, config, meta)
    if not only or "--readme" in argv:
        write_readme()


if __name__ == "__main__":
    main(sys.argv[1:])
