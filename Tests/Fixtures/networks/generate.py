#!/usr/bin/env python3
"""Regenerate the network-inference recordings: which variables the real RETURNN creates for a net dict.

Run with the working directory = this folder (Tests/Fixtures/networks/):

    python3 generate.py               # every case (the native LSTM case last: ~3 min g++ compile once)
    python3 generate.py n05_conv1d_bv16 ...   # only these cases (add --readme to rewrite README.md)

Environment: RETURNN_ORACLE_PYTHON (default: .venv-oracle/bin/python in the repository),
RETURNN_ORACLE (default: ../shared/oracle/returnn_oracle.py next to the repository). Standard library only.
Each case: task train, no load of any kind, the oracle's default fresh temporary `model` dir.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# Defaults relative to the checkout (Tests/Fixtures/networks), not to the machine that recorded them.
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
PY = os.environ.get("RETURNN_ORACLE_PYTHON", os.path.join(ROOT, ".venv-oracle", "bin", "python"))
ORACLE = os.environ.get("RETURNN_ORACLE", os.path.join(ROOT, "..", "shared", "oracle", "returnn_oracle.py"))

EXTERN = {"data": {"dim": 9}, "classes": {"dim": 3, "sparse": True}}


def out(frm, **kw):
    d = {"class": "softmax", "loss": "ce", "target": "classes", "from": frm}
    d.update(kw)
    return d


def lin(n, frm, **kw):
    d = {"class": "linear", "activation": "tanh", "n_out": n, "from": frm}
    d.update(kw)
    return d


def C(name, network, description, notes="", behavior_version=16, extern_data=EXTERN, **options):
    """A case; `extern_data=None` leaves it out (then `num_inputs`/`num_outputs` in `options` define it)."""
    config = {"backend": "tensorflow-net-dict", "behavior_version": behavior_version, "task": "train"}
    if extern_data is not None:
        config["extern_data"] = extern_data
    config.update(options)
    config["network"] = network
    return name, config, {"description": description, "notes": notes}


def plain_out(frm, n=3, **kw):
    """An `output` layer without a loss (for sources whose time axis is not the target's)."""
    d = {"class": "linear", "activation": None, "n_out": n, "from": frm}
    d.update(kw)
    return d


def att_net(energy_heads, post_from="att", extra=None):
    """generic_attention over an encoder outside a rec loop: weights [B,T,heads] -> att [B,(heads,)5]."""
    net = {"enc": lin(5, "data"),
           "energy": {"class": "linear", "activation": None, "with_bias": False, "n_out": energy_heads, "from": "enc"},
           "weights": {"class": "softmax_over_spatial", "from": "energy"},
           "att": {"class": "generic_attention", "base": "enc", "weights": "weights"},
           "post": lin(4, post_from, is_output_layer=True),
           "output": out("enc")}
    net.update(extra or {})
    return net


def unit_net(unit, n=4, **kw):
    d = {"class": "rec", "unit": unit, "n_out": n, "from": "data"}
    d.update(kw)
    return {"lstm": d, "output": out("lstm")}


def loop_decoder(extra_layers, output_from="prob", choice_opts=None):
    """A label-feedback decoder: rec loop over the target `classes`, output `choice` (training: the target)."""
    unit = {"emb": {"class": "linear", "activation": None, "with_bias": False, "n_out": 4, "from": "prev:output"},
            "s": lin(5, ["emb", "prev:s"]),
            "prob": {"class": "softmax", "from": "s", "target": "classes", "loss": "ce"},
            "output": {"class": "choice", "target": "classes", "beam_size": 4, "from": output_from,
                       "initial_output": 0}}
    unit["output"].update(choice_opts or {})
    unit.update(extra_layers)
    return {"output": {"class": "rec", "from": [], "target": "classes", "unit": unit}}


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
    # --- issue 11, item 1: extern_data from num_inputs / num_outputs, and [dim, ndim] lists
    C("n30_num_inputs_num_outputs_int", {"enc": lin(5, "data"), "output": out("enc")},
      "No extern_data: num_inputs 9 and num_outputs 3 (an int) give data [B,T,9] and classes sparse 3.",
      extern_data=None, num_inputs=9, num_outputs=3),
    C("n31_num_outputs_dict_lists", {"enc": lin(5, "data"), "output": out("enc")},
      "No extern_data: num_outputs {classes: [3, 1], data: [9, 2]} (ndim 1 = sparse, 2 = dense).",
      extern_data=None, num_outputs={"classes": [3, 1], "data": [9, 2]}),
    C("n32_num_outputs_dict_ints_sparse_input", {"enc": lin(5, "data"), "output": out("enc")},
      "No extern_data: num_inputs 12, sparse_input True, num_outputs {classes: 3}: data sparse 12 (enc/W [12, 5]).",
      extern_data=None, num_inputs=12, sparse_input=True, num_outputs={"classes": 3}),
    C("n33_num_outputs_int_target", {"enc": lin(5, "data"), "output": out("enc", target="phones")},
      "No extern_data: num_outputs 4 (an int) names the key of `target` (phones), data from num_inputs 9.",
      extern_data=None, num_inputs=9, num_outputs=4, target="phones"),
    C("n34_num_outputs_dict_of_dicts", {"enc": lin(5, "data"), "output": out("enc")},
      "No extern_data: num_outputs entries as Data kwargs dicts ({dim, sparse}); data's dim from its dict.",
      extern_data=None, num_outputs={"classes": {"dim": 3, "sparse": True}, "data": {"dim": 9}}),
    C("n35_extern_data_lists", {"enc": lin(5, "data"), "output": out("enc")},
      "extern_data written as [dim, ndim] lists: {data: [9, 2], classes: [3, 1]}.",
      extern_data={"data": [9, 2], "classes": [3, 1]}),
    C("n36_extern_data_ndim3", {"conv": {"class": "conv", "filter_size": [3, 3], "padding": "same", "n_out": 4,
                                         "from": "data"},
                                "output": plain_out("conv")},
      "extern_data data: [2, 3] (ndim 3: [B,T,?,2]) -- a 2-channel image; conv over T and a dynamic axis (behavior_version 0: no conv bias).",
      notes="ndim 3 gives shape (None, None, dim): the middle axis is dynamic. At behavior_version >= 8 RETURNN wants in_spatial_dims for two spatial axes: recorded at 0.",
      extern_data={"data": [2, 3], "classes": [3, 1]}, behavior_version=0),
    # --- item 2: classes
    C("n37_hidden", {"enc": {"class": "hidden", "activation": "tanh", "n_out": 5, "from": "data"},
                     "output": out("enc")},
      "`hidden` is RETURNN's alias of `linear`: enc/W, enc/b."),
    C("n38_generic_attention", att_net(1),
      "generic_attention with one head: att is [B,5] (base's feature dim); post/W [5, 4]."),
    C("n39_generic_attention_heads_merge_dims", att_net(2, post_from="merged", extra={
        "merged": {"class": "merge_dims", "axes": "except_batch", "from": "att"}}),
      "generic_attention with 2 heads: att [B,2,5]; merge_dims except_batch -> [B,10]; post/W [10, 4].",
      notes="At behavior_version 16 RETURNN refuses `axes: \"except_batch\"` (must be a list): recorded at 0.",
      behavior_version=0),
    C("n40_dot_attention", {"enc": lin(5, "data"), "ctx": lin(4, "data"),
                            "q": {"class": "reduce", "mode": "max", "axes": "T", "from": "ctx"},
                            "att": {"class": "dot_attention", "from": "q", "base": "enc", "base_ctx": "ctx"},
                            "post": lin(4, "att", is_output_layer=True), "output": out("enc")},
      "dot_attention: the output has base's dim (5): post/W [5, 4]."),
    C("n41_stft_mel_filterbank",
      {"stft": {"class": "stft", "frame_shift": 4, "frame_size": 16, "fft_size": 16, "from": "data"},
       "abs": {"class": "activation", "activation": "abs", "from": "stft"},
       "mel": {"class": "mel_filterbank", "fft_size": 16, "nr_of_filters": 6, "n_out": 6, "sampling_rate": 16000,
               "from": "abs"},
       "output": plain_out("mel")},
      "stft (fft_size 16: 9 bins) on 1-dim audio, abs, mel_filterbank (6 filters): output/W [6, 3].",
      extern_data={"data": {"dim": 1}, "classes": {"dim": 3, "sparse": True}}),
    C("n42_masked_computation_unmask",
      {"dec": {"class": "rec", "from": "data", "unit": {
          "red": {"class": "reduce", "mode": "max", "axes": "F", "from": "data:source"},
          "mask": {"class": "compare", "kind": "greater", "value": 0.0, "from": "red"},
          "masked": {"class": "masked_computation", "mask": "mask", "from": "data:source",
                     "unit": {"class": "linear", "activation": "tanh", "n_out": 5, "from": "data"}},
          "unmask": {"class": "unmask", "from": "masked", "mask": "mask"},
          "output": {"class": "copy", "from": "unmask"}}},
       "output": out("dec")},
      "masked_computation with a linear unit inside a rec loop, then unmask."),
    C("n43_cond",
      {"cond": {"class": "cond", "from": "data",
                "condition": {"class": "train_flag"},
                "true_layer": lin(5, "data"),
                "false_layer": lin(5, "data")},
       "output": out("cond")},
      "cond with a train_flag condition and two linear branches."),
    C("n44_source", {"src": {"class": "source", "data_key": "data", "from": []}, "enc": lin(5, "src"),
                     "output": out("enc")},
      "source layer (data_key data): parameter-free, passes data's dim on (enc/W [9, 5])."),
    C("n45_choice_train_does_not_build_from", loop_decoder({
        "lm": lin(6, "prev:output"),
        "lm_prob": {"class": "softmax", "from": "lm", "n_out": 3},
        "fused": {"class": "combine", "kind": "add", "from": ["prob", "lm_prob"]}}, output_from="fused"),
      "choice in training (no search) returns the target: its `from` (an LM fusion) is never built.",
      notes="Only emb, s, prob (which has a loss) exist; lm/* are not created."),
    C("n46_choice_beam_size_search_options", loop_decoder({}),
      "A label-feedback decoder with choice (beam_size 4): emb, s, prob."),
    # --- item 2: output dims
    C("n47_positional_encoding",
      {"enc": lin(6, "data"),
       "pos_add": {"class": "positional_encoding", "add_to_input": True, "from": "enc"},
       "pos": {"class": "positional_encoding", "n_out": 4, "from": "enc"},
       "a": lin(3, "pos_add", is_output_layer=True), "b": lin(3, "pos", is_output_layer=True),
       "output": out("enc")},
      "positional_encoding: with add_to_input the input's dim (6), else n_out (4)."),
    C("n48_slice_pad_squeeze_reinterpret",
      {"enc": lin(6, "data"),
       "sl": {"class": "slice", "axis": "F", "slice_start": 1, "slice_end": 5, "from": "enc"},
       "pd": {"class": "pad", "axes": "T", "padding": 2, "from": "sl"},
       "ex": {"class": "expand_dims", "axis": "spatial", "from": "pd"},
       "sq": {"class": "squeeze", "axis": "dim:1", "from": "ex"},
       "re": {"class": "reinterpret_data", "set_axes": {"T": "T"}, "from": "sq"},
       "post": lin(3, "re", is_output_layer=True), "output": out("enc")},
      "slice on F (1:5 -> 4), pad on T, expand_dims/squeeze, reinterpret_data: post/W [4, 3]."),
    C("n49_eval_out_type_reduce_out_switch",
      {"enc": lin(6, "data"),
       "ev": {"class": "eval", "eval": "source(0) * 2.0", "out_type": {"dim": 6}, "from": "enc"},
       "mo": {"class": "reduce_out", "mode": "max", "num_pieces": 3, "from": "ev"},
       "flag": {"class": "train_flag"},
       "sw": {"class": "switch", "condition": "flag", "true_from": "mo", "false_from": "mo"},
       "post": lin(3, "sw", is_output_layer=True), "output": out("enc")},
      "eval with out_type {dim: 6}, reduce_out (maxout, 3 pieces -> 2), switch: post/W [2, 3].",
      notes="An out_type dim that differs from what the eval's sources give fails RETURNN's `assert self.output.dim == out_type['dim']` (tried: dim 12 on a 6-dim concat of itself)."),
    C("n50_register_as_extern_data_increase_sparse_dim",
      {"tgt": {"class": "reinterpret_data", "from": "data:classes", "increase_sparse_dim": 1,
               "register_as_extern_data": "targetb"},
       "enc": lin(5, "data"), "output": out("enc", target="targetb")},
      "A target registered with register_as_extern_data after increase_sparse_dim 1: output/W [5, 4]."),
    C("n51_transposed_conv_1d",
      {"up": {"class": "transposed_conv", "filter_size": [3], "strides": [2], "n_out": 4, "from": "data"},
       "output": plain_out("up")},
      "1-D transposed_conv: the kernel has a dummy spatial axis ([3, 1, n_out, n_in])."),
    C("n52_batch_norm_v0_after_generic_attention", att_net(1, post_from="bn", extra={
        "bn": {"class": "batch_norm", "param_version": 0, "masked_time": False, "from": "att"}}),
      "batch_norm param_version 0 on generic_attention's [B,5] output: rank 2 -> [1, 5]."),
    # --- item 3: shared and dropped layers
    C("n53_extra_search_layer",
      {"enc": lin(5, "data"), "output": out("enc"),
       "extra.search:output": out("enc")},
      "`extra.search:output` is built in an extra (search) net and shares output/W, output/b with `output`."),
    C("n54_reuse_params_chain",
      {"a": lin(5, "data"), "b": lin(5, "data", reuse_params="a"), "c": lin(5, "data", reuse_params="b"),
       "output": out(["a", "b", "c"])},
      "c reuses b, which reuses a: only a/W, a/b exist."),
    C("n55_loss_opts_layer_reference",
      {"enc": lin(5, "data"), "aux": lin(3, "data"),
       "output": out("enc", loss_opts={"label_smoothing": 0.1})},
      "loss_opts without a layer reference; `aux` (unused) is not built."),
    C("n56_unknown_class_conv2",
      {"enc": {"class": "conv2", "n_out": 5, "from": "data"}, "output": out("enc")},
      "`conv2` (an old Theano-era class) is not a layer class of the current RETURNN: construction fails."),
    # --- item 2: units (non-native first)
    C("n57_rec_basiclstm", unit_net("BasicLSTM"),
      "rec with unit BasicLSTM: TF's BasicLSTMCell names (lstm/rec/basic_lstm_cell/{kernel,bias})."),
    C("n58_rnn_cell_zoneoutlstm_in_loop",
      {"dec": {"class": "rec", "from": "data", "unit": {
          "cell": {"class": "rnn_cell", "unit": "zoneoutlstm", "n_out": 4, "from": "data:source",
                   "unit_opts": {"zoneout_factor_cell": 0.1, "zoneout_factor_output": 0.1}},
          "output": {"class": "copy", "from": "cell"}}},
       "output": out("dec")},
      "rnn_cell with unit zoneoutlstm (unit_opts zoneout factors) inside a rec loop."),
    C("n59_rec_zoneoutlstm", unit_net("zoneoutlstm", unit_opts={"zoneout_factor_cell": 0.1,
                                                                 "zoneout_factor_output": 0.1}),
      "rec with string unit zoneoutlstm."),
    C("n60_rec_layernormvariantslstm", unit_net("layernormvariantslstm"),
      "rec with unit layernormvariantslstm (defaults)."),
    C("n61_rec_unknown_unit", unit_net("lstme"),
      "rec with an unknown unit name: RETURNN lists the cells it knows."),
    C("n66_vgg_front_end_merge_static",
      {"split": {"class": "split_dims", "axis": "F", "dims": [-1, 1], "from": "data"},
       "c1": {"class": "conv", "filter_size": [3, 3], "padding": "same", "n_out": 4, "from": "split"},
       "p1": {"class": "pool", "mode": "max", "padding": "same", "pool_size": [1, 2], "from": "c1"},
       "c2": {"class": "conv", "filter_size": [3, 3], "padding": "same", "strides": [3, 1], "n_out": 3, "from": "p1"},
       "merged": {"class": "merge_dims", "axes": "static", "from": "c2"},
       "lin": lin(5, "merged"),
       "bn": {"class": "batch_norm", "from": "lin"},
       "output": plain_out("bn")},
      "A VGG-style front end at behavior_version 0: split_dims (-1, 1), conv same, pool (1, 2), conv strides (3, 1), merge_dims static: [B,T',5·3] -> lin/W [15, 5]; batch_norm v0 [1, 1, 5].",
      behavior_version=0),
    C("n67_window_merge_except_time",
      {"win": {"class": "window", "window_size": 3, "from": "data"},
       "merged": {"class": "merge_dims", "axes": "except_time", "from": "win"},
       "output": out("merged")},
      "window (3) then merge_dims except_time at behavior_version 0: [B,T,27] -> output/W [27, 3].",
      behavior_version=0),
    C("n68_loss_opts_align_layer",
      {"sm": {"class": "softmax", "n_out": 3, "from": "data"},
       "am": {"class": "softmax", "n_out": 3, "from": "data"},
       "al": {"class": "fast_bw", "align_target": "staircase", "staircase_seq_len_source": "data:classes",
              "from": "am"},
       "output": {"class": "copy", "from": "sm", "loss": "via_layer",
                  "loss_opts": {"align_layer": "al", "loss_wrt_to_act_in": "softmax"}}},
      "A via_layer loss whose loss_opts name an align_layer (a fast_bw over `am`): ViaLayerLoss resolves it, so `am` is built (am/W, am/b).",
      notes="ViaLayerLoss asserts that the align layer has an output_loss: a plain softmax there fails."),
    C("n69_accumulate_mean",
      {"enc": lin(5, "data"),
       "prior": {"class": "accumulate_mean", "exp_average": 0.01, "is_prob_distribution": True, "from": "enc",
                 "is_output_layer": True},
       "output": out("enc")},
      "accumulate_mean (a prior over batch and time): one variable `prior/mean` [5]."),
    C("n69b_accumulate_mean_bv0",
      {"enc": lin(5, "data"),
       "prior": {"class": "accumulate_mean", "exp_average": 0.01, "is_prob_distribution": True, "from": "enc",
                 "is_output_layer": True},
       "output": out("enc")},
      "accumulate_mean at behavior_version 0.", behavior_version=0),
    C("n70_merge_dims_named_feature",
      {"enc": lin(12, "data"),
       "split": {"class": "split_dims", "axis": "F", "dims": [3, 4], "from": "enc"},
       "merged": {"class": "merge_dims", "axes": ["dim:3", "dim:4"], "from": "split"},
       "output": out("merged")},
      "merge_dims naming the feature axis by its size (`dim:4`) and a static axis (`dim:3`): [B,T,12] -> output/W [12, 3]."),
    C("n71_eval_out_type_prev_cycle",
      {"dec": {"class": "rec", "from": "data", "unit": {
          "x": lin(5, "data:source"),
          "acc": {"class": "eval", "from": ["prev:acc", "x"], "eval": "source(0) + source(1)", "out_type": {"dim": 5}},
          "post": lin(4, "acc"),
          "output": {"class": "copy", "from": "post"}}},
       "output": out("dec")},
      "An eval whose first source is its own prev: (a cycle) with out_type dim 5: post/W [5, 4]."),
    C("n72_choice_search_builds_from", loop_decoder({
        "lm": lin(6, "prev:output"),
        "lm_prob": {"class": "softmax", "from": "lm", "n_out": 3},
        "fused": {"class": "combine", "kind": "add", "from": ["prob", "lm_prob"]}}, output_from="fused",
        choice_opts={"search": True}),
      "As n45 with `search: True` on the choice: it searches, so its `from` (the LM fusion) is built.",
      notes="Task search itself needs a checkpoint to load (RETURNN: 'There was also no model found which we could load'); the choice's `search` option takes the same path."),
    C("n73_fast_bw_output",
      {"am": {"class": "softmax", "n_out": 3, "from": "data"},
       "al": {"class": "fast_bw", "align_target": "staircase", "staircase_seq_len_source": "data:classes",
              "from": "am"},
       "post": lin(4, "al", is_output_layer=True),
       "output": out("am")},
      "fast_bw's output has its input's shape: post/W [3, 4]."),
    C("n74_cond_subnetwork_branches",
      {"enc": lin(5, "data"),
       "cond": {"class": "cond", "from": "enc",
                "condition": {"class": "train_flag"},
                "true_layer": {"class": "subnetwork", "from": "enc", "subnetwork": {
                    "drop": {"class": "dropout", "dropout": 0.1, "from": "data"},
                    "ff": lin(4, "drop"), "output": {"class": "copy", "from": "ff"}}},
                "false_layer": {"class": "subnetwork", "from": "enc", "subnetwork": {
                    "ff": lin(4, "data"), "output": {"class": "copy", "from": "ff"}}}},
       "output": out("cond")},
      "cond whose branches are subnetworks (the corpus's train-only idiom): both build cond/ff/*, shared."),
    C("n75_extra_search_only_on_search", dict(loop_decoder({}), **{
        "extra.search:output": loop_decoder({
            "lm": lin(6, "prev:output", only_on_search=True, is_output_layer=True)})["output"]}),
      "A decoder and its `extra.search:output` twin whose loop has an only_on_search layer: the extra net has the search flag, so output/rec/lm/* exist, shared names otherwise."),
    C("n76_layernormlstm_global_norm_joined",
      unit_net("layernormvariantslstm", unit_opts={"global_norm": False, "global_norm_joined": True}),
      "layernormvariantslstm with global_norm False, global_norm_joined True (the 2019 layer-norm LSTM paper's variant)."),
    C("n77_layernormlstm_per_gate_norm",
      unit_net("layernormvariantslstm", unit_opts={"global_norm": False, "per_gate_norm": True, "cell_norm": False}),
      "layernormvariantslstm with per_gate_norm and without cell_norm."),
    C("n78_layernormlstm_with_concat_hidden_norm",
      unit_net("layernormvariantslstm", unit_opts={"global_norm": False, "with_concat": True, "hidden_norm": True}),
      "layernormvariantslstm with with_concat and hidden_norm."),
    C("n80_rec_rhn", unit_net("rhn", unit_opts={"dropout": 0.3, "depth": 2}),
      "rec with unit rhn (RHNCell, depth 2): the input transform outside the loop, one W per depth inside."),
    # native LSTM last: the first use compiles RETURNN's op with g++ (~3 min, cached afterwards)
    C("n26_rec_nativelstm2", {"lstm": {"class": "rec", "unit": "nativelstm2", "n_out": 6, "from": "data"},
                              "output": out("lstm")},
      "rec with unit nativelstm2 (n_out 6): lstm/rec/W, W_re, b."),
    C("n27_rec_lstm", {"lstm": {"class": "rec", "unit": "lstm", "n_out": 6, "from": "data"},
                       "output": out("lstm")},
      "rec with unit lstm: maps to NativeLSTM2, the same names as n26."),
    C("n62_rec_nativelstm2_rec_weight_dropout", unit_net("nativelstm2", unit_opts={"rec_weight_dropout": 0.1}),
      "nativelstm2 with unit_opts rec_weight_dropout: the same variables as without."),
    C("n63_rec_nativelstmlowmem", unit_net("NativeLstmLowMem"),
      "rec with unit NativeLstmLowMem."),
    C("n64_rec_lstmp", unit_net("lstmp"),
      "rec with unit lstmp: the default LSTM unit (NativeLSTM2)."),
    C("n65_rec_cudnnlstm", unit_net("cudnnlstm"),
      "rec with unit cudnnlstm on a machine without GPU: RETURNN uses LSTMBlockFused, i.e. NativeLSTM2."),
    C("n79_rec_nativelstm", unit_net("NativeLSTM"),
      "rec with unit NativeLSTM (NativeLstmCell, its own native op): the names of NativeLSTM2."),
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
`shared/oracle/returnn_oracle.py`; tests read these files and never run TensorFlow. **This
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
RETURNN_ORACLE_PYTHON=path/to/.venv-oracle/bin/python python3 generate.py
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
- `n30`–`n35`: without `extern_data`, `num_inputs`/`num_outputs` define the data as
  `returnn/tf/network.py` `_extern_data_types_from_config` says (`[dim, 1]` sparse, `[dim, 2]` dense; an int
  `num_outputs` is the key of `target`); `extern_data` entries may be `[dim, ndim]` lists too.
- `n37_hidden`: `hidden` (and `forward`) are aliases of `linear`.
- `n42`/`n43`: a `masked_computation`'s unit and a `cond`'s branches are created under the owner's own
  name: `dec/rec/masked/W`, `cond/W` (both branches share it).
- `n45_choice_train_does_not_build_from`: in training without search a `choice` layer drops its
  `from`; an LM that only feeds it is never built.
- `n51_transposed_conv_1d`: a 1-D kernel is `[k, 1, n_out, n_in]`.
- `n53_extra_search_layer`: `extra.search:output` shares `output/W`, `output/b`; no `extra.search__output/…`.
- `n57`–`n60`, `n63`–`n65`: `BasicLSTM` gives `rec/basic_lstm_cell/{kernel,bias}`; `zoneoutlstm` gives
  `rec/lstm_cell/{kernel,bias}`; `NativeLstmLowMem` `rec/W` [n_in + n, 4n] and `rec/b`; `lstmp` and
  (without GPU) `cudnnlstm` give NativeLSTM2's names; `layernormvariantslstm` (defaults) gives `W_ff`,
  `W_re`, `beta_input_below`, `beta_new_c`, `gamma_input_below`, `gamma_new_c`, `gamma_state_below`.
- `n66`/`n67`: static spatial sizes follow conv/pool (`same`: ceil(n / stride)) and `window`;
  `merge_dims` `"static"` / `"except_time"` multiply them in (behavior version < 6).
- `n68_loss_opts_align_layer`: layers named in `loss_opts` (`align_layer`, `error_signal_layer` of
  `via_layer`; `custom_inv_norm_factor`) are built.
- `n69`/`n69b`: `accumulate_mean` creates `tf.Variable(name="mean")` next to the reduce op `mean`, so the
  variable is **`prior/mean_1`**.
- `n76`–`n78`: `layernormvariantslstm`'s `unit_opts` switches (`global_norm`, `global_norm_joined`,
  `per_gate_norm`, `cell_norm`, `hidden_norm`, `with_concat`) decide its variables as
  `LayerNormVariantsLSTMCell` creates them (`W_ff_re`/`bias_ff_re` with `with_concat`, `gamma_/beta_<x>_gate`, …).
- Refused by RETURNN 1.20261022 (recorded with the exception): `n54` (`c` reusing `b` that reuses `a`:
  `assert param_name in self.reuse_layer.params`), `n56` (class `conv2`: "unknown layer class"), `n61`
  (unit `lstme`: "unknown cell", with the list of known cells). Also found while recording: `merge_dims`
  with a string `axes` (`"except_batch"`, `"static"`) fails from behavior version 6 on (keep_order);
  an `eval` whose `out_type` dim differs from its sources' fails `assert self.output.dim == out_type["dim"]`;
  `mel_filterbank` needs `n_out`; `switch` with a dict `condition` fails; conv over two spatial axes needs
  `in_spatial_dims` from behavior version 8 on.
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
