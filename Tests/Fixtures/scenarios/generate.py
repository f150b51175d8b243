#!/usr/bin/env python3
"""Regenerate the RETURNN simulation scenarios (checkpoints + oracle recordings) from scratch.

Run with the working directory = this folder (Tests/Fixtures/scenarios/):

    python3 generate.py                 # everything: checkpoints, then every scenario
    python3 generate.py t03_load_continues m14a_missing_var_import   # only these scenarios

Environment:
    RETURNN_ORACLE_PYTHON  python of a venv with tensorflow-cpu 2.21.0 + returnn + dm-tree + numpy
                           (default /work/main/.venv-oracle/bin/python)
    RETURNN_ORACLE         path of returnn_oracle.py (default /work/shared/oracle/returnn_oracle.py)

Only the standard library is used here; TensorFlow/RETURNN run in the oracle's venv via subprocess.
All paths inside the configs are relative to this folder. Runs the oracle sequentially.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

PY = os.environ.get("RETURNN_ORACLE_PYTHON", "/work/main/.venv-oracle/bin/python")
ORACLE = os.environ.get("RETURNN_ORACLE", "/work/shared/oracle/returnn_oracle.py")
HERE = os.path.dirname(os.path.abspath(__file__))

BV = 16
EXTERN = {"data": {"dim": 9}, "classes": {"dim": 3, "sparse": True}}


# ------------------------------------------------------------------------------------------------
# networks
# ------------------------------------------------------------------------------------------------
def linear(n_out, frm, act="tanh"):
    return {"class": "linear", "activation": act, "n_out": n_out, "from": frm}


def softmax_out(frm):
    return {"class": "softmax", "loss": "ce", "target": "classes", "from": frm}


# the "previous training": enc 9->7, output 7->3
NET_BASE = {"enc": linear(7, "data"), "output": softmax_out("enc")}
# same net, layer enc renamed to encoder
NET_RENAMED = {"encoder": linear(7, "data"), "output": softmax_out("encoder")}
# same net with enc n_out 8 (shape mismatch against NET_BASE)
NET_WIDE = {"enc": linear(8, "data"), "output": softmax_out("enc")}
# a separately trained "LM": different scope names emb 9->5, proj 5->4, logits 4->3
NET_LM_TRAIN = {"emb": linear(5, "data"), "proj": linear(4, "emb"),
                "logits": softmax_out("proj")}
# the LM as a sub-network "lm" inside the main model (vars lm/emb/W, ..., lm/logits/b)
LM_SUBNET = {
    "class": "subnetwork", "from": "data", "is_output_layer": True,
    "subnetwork": {
        "emb": linear(5, "data"), "proj": linear(4, "emb"),
        "logits": {"class": "softmax", "n_out": 3, "from": "proj"},
        "output": {"class": "copy", "from": "logits"},
    },
}
NET_WITH_LM = dict(NET_BASE, lm=LM_SUBNET)
# prefix "old_" also occurs inside "bold_proj" (M8)
NET_M8 = {"old_enc": linear(7, "data"), "output": softmax_out("old_enc"),
          "bold_proj": dict(linear(3, "old_enc"), is_output_layer=True)}


def cfg(task, network=NET_BASE, model="models/empty/net", **kw):
    c = {"backend": "tensorflow-net-dict", "behavior_version": BV, "task": task,
         "extern_data": EXTERN, "network": network, "model": model}
    c.update(kw)
    return c


# ------------------------------------------------------------------------------------------------
# checkpoints (all written by RETURNN's own Saver through the oracle, except noglobal.003)
# ------------------------------------------------------------------------------------------------
CHECKPOINTS = [
    # (prefix, network, random_seed, keep_meta)
    ("ckpt/base.003", NET_BASE, 1, True),
    ("ckpt/pretrained", NET_BASE, 2, True),          # no epoch number in the name
    ("ckpt/renamed.003", NET_RENAMED, 3, True),
    ("ckpt/wide.003", NET_WIDE, 4, True),
    ("ckpt/lm.005", NET_LM_TRAIN, 5, True),
    ("ckpt/nometa.003", NET_BASE, 6, False),         # .meta deleted on purpose (M21)
] + [("models/run1/net.%03d" % e, NET_BASE, 10 + e, False) for e in range(1, 4)] \
  + [("models/run4/net.%03d" % e, NET_BASE, 20 + e, False) for e in range(1, 5)] \
  + [("models/run8/net.%03d" % e, NET_BASE, 30 + e, False) for e in range(1, 9)]

NOGLOBAL_SNIPPET = r'''
import tensorflow as tf
tf.compat.v1.disable_eager_execution()
r = tf.compat.v1.train.NewCheckpointReader("ckpt/base.003")
g = tf.Graph()
with g.as_default():
    vs = [tf.compat.v1.Variable(r.get_tensor(n), name=n) for n in sorted(r.get_variable_to_shape_map())
          if n != "global_step"]
    saver = tf.compat.v1.train.Saver(vs)
    with tf.compat.v1.Session(graph=g) as s:
        s.run(tf.compat.v1.global_variables_initializer())
        saver.save(s, "ckpt/noglobal.003")
print(sorted(tf.compat.v1.train.NewCheckpointReader("ckpt/noglobal.003").get_variable_to_shape_map()))
'''


EPOCH_MODEL_SNIPPET = r'''
import json, sys
from returnn.config import Config
from returnn.log import log
from returnn.util.basic import BackendEngine
log.initialize(verbosity=[0])
config = Config()
config.update(json.load(open(sys.argv[1])))
BackendEngine.select_engine(config=config)
from returnn.engine.base import EngineBase
out = {}
try:
    out["existing_models"] = {str(k): v for k, v in sorted(EngineBase.get_existing_models(config).items())}
    ep, fn = EngineBase.get_epoch_model(config)
    out["epoch"], out["filename"] = ep, fn
    if config.value("task", "train") == "train":
        out["train_start_epoch"] = EngineBase.get_train_start_epoch(config)
    out["exception"] = None
except BaseException as e:
    out["exception"] = {"type": type(e).__name__, "message": str(e)}
sys.stdout.write(json.dumps(out))
'''


def run_epoch_model(config):
    """RETURNN's own EngineBase.get_epoch_model / get_train_start_epoch for this config."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(config, f)
        path = f.name
    try:
        p = subprocess.run([PY, "-c", EPOCH_MODEL_SNIPPET, path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           cwd=HERE, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES=""))
    finally:
        os.unlink(path)
    return json.loads(p.stdout.decode())


def run_oracle(config):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(config, f)
        path = f.name
    try:
        p = subprocess.run([PY, ORACLE, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=HERE)
    finally:
        os.unlink(path)
    try:
        return json.loads(p.stdout.decode())
    except ValueError:
        sys.stderr.write(p.stderr.decode()[-3000:])
        raise


def make_checkpoints():
    for d in ("ckpt", "models"):
        shutil.rmtree(os.path.join(HERE, d), ignore_errors=True)
    os.makedirs(os.path.join(HERE, "models/empty"))
    open(os.path.join(HERE, "models/empty/.gitkeep"), "w").close()
    for prefix, net, seed, keep_meta in CHECKPOINTS:
        c = cfg("train", net, random_seed=seed, oracle_save_to=prefix)
        res = run_oracle(c)
        assert res.get("ok") and res.get("saved_to") == prefix, (prefix, res.get("exception"))
        if not keep_meta:
            os.unlink(os.path.join(HERE, prefix + ".meta"))
        print("saved", prefix, flush=True)
    p = subprocess.run([PY, "-c", NOGLOBAL_SNIPPET], cwd=HERE, stdout=subprocess.PIPE,
                       env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES=""))
    assert p.returncode == 0, "noglobal snippet failed"
    print("saved ckpt/noglobal.003 (plain tf.compat.v1.train.Saver):", p.stdout.decode().strip(), flush=True)
    # the Saver's "checkpoint" state files hold absolute paths: not part of the fixtures
    for f in glob.glob(os.path.join(HERE, "ckpt/checkpoint")) + glob.glob(os.path.join(HERE, "models/*/checkpoint")):
        os.unlink(f)


# ------------------------------------------------------------------------------------------------
# scenarios: (name, config, meta)
# ------------------------------------------------------------------------------------------------
def S(name, config, description, refs, expect_rules, clean=False, notes="", **extra):
    meta = {"description": description, "refs": refs, "task": config["task"],
            "expect_rules": expect_rules, "clean": clean, "notes": notes}
    meta.update(extra)
    return name, config, meta


RUN1 = "models/run1/net"
RUN4 = "models/run4/net"
RUN8 = "models/run8/net"
LM_PRELOAD = {"filename": "ckpt/lm.005", "prefix": "lm/"}

SCENARIOS = [
    # ---------------- decision table (section 2.2) ----------------
    S("t01_train_fresh", cfg("train", num_epochs=10),
      "Training from scratch: no load, no import, no existing epochs.", ["T1"], [], clean=True),
    S("t02_train_resume", cfg("train", model=RUN1, num_epochs=10),
      "Training with epochs 1..3 under model: resumes from net.003.", ["T2"], [], clean=True),
    S("t03_load_continues", cfg("train", load="ckpt/base.003", num_epochs=10),
      "Training with load=<ckpt>.003 and no existing epochs: the loaded checkpoint is continued (epoch 4 next).",
      ["T3", "M1"], ["LD001"]),
    S("t04_load_without_epoch_number", cfg("train", load="ckpt/pretrained", num_epochs=10),
      "Training with load of a checkpoint whose name has no epoch number: acts like an import (start epoch 1).",
      ["T4"], [], clean=True,
      notes="LD001 needs an epoch number in the load path; this one has none."),
    S("t05_load_ignored_existing_model", cfg("train", load="ckpt/base.003", model=RUN1, num_epochs=10),
      "Training with load=<ckpt>.003 while model has epochs 1..3: the existing net.003 wins, load is ignored.",
      ["T5", "M2"], ["LD001"],
      notes="LD001's literal condition (train, load with epoch number, start_epoch auto, no import) holds; "
            "RETURNN actually loads models/run1/net.003 (existing model beats load)."),
    S("t06_import", cfg("train", import_model_train_epoch1="ckpt/base.003", num_epochs=10),
      "Training with import_model_train_epoch1 and no existing epochs: imported, start epoch 1.",
      ["T6"], [], clean=True),
    S("t07_import_ignored_existing_model",
      cfg("train", import_model_train_epoch1="ckpt/base.003", model=RUN1, num_epochs=10),
      "Training with import while model has epochs 1..3: resumes from net.003, import silently ignored.",
      ["T7", "M2"], [], clean=True, notes="Intended resume behaviour; no v1 rule covers it."),
    S("t08_load_and_import",
      cfg("train", load="ckpt/base.003", import_model_train_epoch1="ckpt/pretrained", num_epochs=10),
      "Training with both load and import: the import is used, load silently ignored.", ["T8"], ["LD003"]),
    S("t09_load_start_epoch_1", cfg("train", load="ckpt/base.003", start_epoch=1, num_epochs=10),
      "Training with load=<ckpt>.003 and start_epoch=1: load is used as an import, start epoch 1.",
      ["T9"], [], clean=True),
    S("t10_start_epoch_1_existing_model", cfg("train", model=RUN1, start_epoch=1, num_epochs=10),
      "start_epoch=1 while model has epochs 1..3: fresh random training, old epochs will be overwritten.",
      ["T10", "M25"], ["LD007"]),
    S("t10b_start_epoch_1_drops_import",
      cfg("train", model=RUN1, start_epoch=1, import_model_train_epoch1="ckpt/base.003", num_epochs=10),
      "start_epoch=1 + import while model has epochs 1..3: the import is dropped and training starts random.",
      ["T10b", "M25", "M2"], ["LD007"]),
    S("t11_start_epoch_resume", cfg("train", model=RUN4, start_epoch=5, num_epochs=10),
      "start_epoch=5 with epochs 1..4 under model: resumes from net.004.", ["T11"], [], clean=True),
    S("t12_start_epoch_with_load", cfg("train", load="ckpt/base.003", start_epoch=5, num_epochs=10),
      "start_epoch=5 + load=<ckpt>.003, no existing epochs: load used as import, start_epoch silently ignored.",
      ["T12", "M24"], ["LD006"]),
    S("t13_start_epoch_nothing", cfg("train", start_epoch=5, num_epochs=10),
      "start_epoch=5 and nothing to load: start_epoch silently ignored, random init at epoch 1.",
      ["T13", "M24"], ["LD006"]),
    S("t14_start_epoch_keyerror", cfg("train", model=RUN1, start_epoch=5, num_epochs=10),
      "start_epoch=5 with epochs 1..3 under model: KeyError 4.", ["T14", "M24"], ["LD006"]),
    S("t14c_start_epoch_with_import",
      cfg("train", start_epoch=3, import_model_train_epoch1="ckpt/base.003", num_epochs=10),
      "start_epoch=3 + import, no existing epochs: import and start_epoch both silently ignored (random init).",
      ["T14c", "M24"], ["LD006"]),
    S("t15_search_load", cfg("search", load="ckpt/base.003", model=RUN1, num_epochs=10),
      "Search with load while model has epochs 1..3: the load file is used, existing epochs ignored.",
      ["T15"], [], clean=True),
    S("t16_search_latest_epoch", cfg("search", model=RUN1, num_epochs=10),
      "Search without load: the latest existing epoch (net.003) is used.", ["T16"], [], clean=True),
    S("t16b_search_scan_limited", cfg("search", model=RUN8),
      "Search without load and without num_epochs while model has epochs 1..8: only 1..5 are scanned, net.005 used.",
      ["T16b", "M31"], ["LD009"]),
    S("t17_search_load_epoch", cfg("search", model=RUN1, load_epoch=2, num_epochs=10),
      "Search with load_epoch=2 and epochs 1..3: net.002 is used.", ["T17"], [], clean=True),
    S("t18_search_load_epoch_missing", cfg("search", model=RUN1, load_epoch=7, num_epochs=10),
      "Search with load_epoch=7 but only epochs 1..3 exist: bare AssertionError.", ["T18"], [],
      notes="No v1 rule in rules.md covers a load_epoch that does not exist (catalogue gap)."),
    S("t19_search_no_checkpoint", cfg("search", num_epochs=10),
      "Search with no checkpoint at all: RETURNN refuses (no allow_random_model_init).",
      ["T19", "M30"], ["LD008"]),
    S("t19b_search_allow_random_model_init", cfg("search", num_epochs=10, allow_random_model_init=True),
      "Search with no checkpoint but allow_random_model_init: runs with a random model.",
      ["T19", "allow_random_model_init"], [], clean=True,
      notes="LD008 is an error only without allow_random_model_init; with it the user opted in explicitly."),
    S("t20_search_import_ignored", cfg("search", import_model_train_epoch1="ckpt/base.003", num_epochs=10),
      "Search with only import_model_train_epoch1: the import is ignored outside training, so no checkpoint.",
      ["T20", "M30"], ["LD002", "LD008"]),
    S("t21_train_load_epoch_ignored", cfg("train", model=RUN1, load_epoch=2, num_epochs=10),
      "Training with load_epoch=2 and epochs 1..3: load_epoch ignored, resumes from net.003.", ["T21"], [],
      notes="No v1 rule covers load_epoch being ignored in training (catalogue gap)."),
    S("t21b_train_start_epoch_load_epoch", cfg("train", model=RUN1, start_epoch=3, load_epoch=2, num_epochs=10),
      "Training with start_epoch=3 + load_epoch=2 and epochs 1..3 (version-dependent row T21b).",
      ["T21b"], [], clean=True,
      notes="Spec: PyPI 1.20261022 resumes at epoch 3 from net.002; the 2026-08 snapshot treated it as an import."),
    S("t22_load_missing_file", cfg("search", load="ckpt/missing.003", model=RUN1, num_epochs=10),
      "Search with a load path that does not exist: AssertionError with message.", ["T22"], ["LD004"]),
    S("t23_import_missing_search",
      cfg("search", load="ckpt/base.003", import_model_train_epoch1="ckpt/missing.003", num_epochs=10),
      "Search config still carrying a non-existent import path: bare AssertionError although search ignores it.",
      ["T23", "M23"], ["LD002", "LD004"]),
    # ---------------- mistakes (section 6) ----------------
    S("m01_load_beyond_num_epochs", cfg("train", load="ckpt/base.003", num_epochs=3),
      "Training with load=<ckpt>.003 and num_epochs=3: continues at epoch 4, so nothing would be trained.",
      ["M1", "T3"], ["LD001"], notes="LD001 at error severity (epoch >= num_epochs)."),
    S("m04a_preload_ignored_in_train",
      cfg("train", num_epochs=10, preload_from_files={"base": {"filename": "ckpt/base.003"}}),
      "Training config with a preload entry without init_for_train: the entry is silently ignored.",
      ["M4"], ["PL001"]),
    S("m04b_preload_init_for_train_in_search",
      cfg("search", NET_WITH_LM, load="ckpt/base.003", num_epochs=10,
          preload_from_files={"lm": dict(LM_PRELOAD, init_for_train=True)}),
      "Search config whose LM preload has init_for_train=True: the preload is ignored, so the main load "
      "must fill lm/* and fails.", ["M4", "M14"], ["PL001", "VM001"]),
    S("m05_preload_key_typo",
      cfg("train", num_epochs=10, preload_from_files={"base": {"filename": "ckpt/base.003", "init_for_trian": True}}),
      "Preload entry with the typo init_for_trian: unknown key ignored, so the entry is inactive in training.",
      ["M5", "M4"], ["PL002", "PL001"]),
    S("m06_init_for_train_always",
      cfg("train", num_epochs=10,
          preload_from_files={"base": {"filename": "ckpt/base.003", "init_for_train": "always"}}),
      "init_for_train=\"always\" on TF: behaves like True (loaded in the first epoch only, not frozen).",
      ["M6"], ["PL004"]),
    S("m07_prefix_typo",
      cfg("train", NET_WITH_LM, num_epochs=10,
          preload_from_files={"lm": {"filename": "ckpt/lm.005", "prefix": "lmm/", "init_for_train": True}}),
      "Preload prefix typo 'lmm/': no model var contains it: AssertionError no saveable vars.",
      ["M7"], ["PL005"]),
    S("m08_prefix_substring",
      cfg("train", NET_M8, num_epochs=10,
          preload_from_files={"base": {"filename": "ckpt/base.003", "prefix": "old_", "init_for_train": True}}),
      "Prefix 'old_' also occurs inside layer bold_proj: bold_proj/W becomes bproj/W, which is missing.",
      ["M8", "M14"], ["PL006", "VM001"]),
    S("m09_prefix_without_slash",
      cfg("train", NET_WITH_LM, num_epochs=10,
          preload_from_files={"lm": {"filename": "ckpt/lm.005", "prefix": "lm", "init_for_train": True}}),
      "Sub-network prefix 'lm' without the trailing '/': names become '/emb/W' and are missing.",
      ["M9", "M14"], ["PL007", "VM001"]),
    S("m11_ignore_params_model_space",
      cfg("train", NET_WITH_LM, num_epochs=10, import_model_train_epoch1="ckpt/base.003",
          preload_from_files={"lm": dict(LM_PRELOAD, init_for_train=True,
                                         ignore_params=["lm/proj/W", "lm/proj/b"])}),
      "TF ignore_params written with model-side names (lm/proj/W): silently ineffective, lm/proj still loads.",
      ["M11"], ["PL008"]),
    S("m12_mapping_never_consulted",
      cfg("train", num_epochs=10,
          preload_from_files={"base": {"filename": "ckpt/base.003", "init_for_train": True,
                                       "var_name_mapping": {"output/b": "enc/b"}}}),
      "var_name_mapping for output/b, which exists under its own name: the mapping is never consulted.",
      ["M12"], ["PL009"]),
    S("m13_mapping_target_missing",
      cfg("train", num_epochs=10,
          preload_from_files={"old": {"filename": "ckpt/renamed.003", "init_for_train": True,
                                      "var_name_mapping": {"enc/W": "encoder/W", "enc/b": "encoder/bias"}}}),
      "var_name_mapping target encoder/bias does not exist in the checkpoint (it is encoder/b).",
      ["M13"], ["PL009"]),
    S("m14a_missing_var_import", cfg("train", num_epochs=10, import_model_train_epoch1="ckpt/renamed.003"),
      "Import of a checkpoint whose layer enc was renamed encoder: main load fails, sys.exit(1).",
      ["M14"], ["VM001"]),
    S("m14b_missing_var_preload",
      cfg("train", num_epochs=10,
          preload_from_files={"old": {"filename": "ckpt/renamed.003", "init_for_train": True}}),
      "Preload of the renamed checkpoint without ignore_missing: uncaught NotFoundError.", ["M14"], ["VM001"]),
    S("m15a_ignore_missing_hides_rename",
      cfg("train", num_epochs=10,
          preload_from_files={"old": {"filename": "ckpt/renamed.003", "init_for_train": True,
                                      "ignore_missing": True}}),
      "Preload with ignore_missing of the renamed checkpoint: enc/* silently stays random.", ["M15"], ["VM002"]),
    S("m15b_load_ignore_missing_vars_hides_rename",
      cfg("train", num_epochs=10, import_model_train_epoch1="ckpt/renamed.003", load_ignore_missing_vars=True),
      "Import + load_ignore_missing_vars of the renamed checkpoint: enc/* silently stays random.",
      ["M15"], ["VM002"]),
    S("m16_ignore_missing_nothing_matches",
      cfg("train", num_epochs=10,
          preload_from_files={"lm": {"filename": "ckpt/lm.005", "init_for_train": True, "ignore_missing": True}}),
      "Preload with ignore_missing from a checkpoint sharing no name with the model: no vars to load.",
      ["M16"], ["VM006"]),
    S("m18a_shape_mismatch_preload",
      cfg("train", num_epochs=10, preload_from_files={"wide": {"filename": "ckpt/wide.003", "init_for_train": True}}),
      "Preload of a checkpoint with enc n_out 8 into enc n_out 7: ValueError Cannot feed value of shape.",
      ["M18"], ["VM003"]),
    S("m18b_shape_mismatch_main_load", cfg("forward", load="ckpt/wide.003"),
      "Plain main load (Saver.restore) of the n_out 8 checkpoint into n_out 7: no error at load time.",
      ["M18"], ["VM003"], notes="The oracle's value_shape shows what the variables hold after restore."),
    S("m21_import_without_meta", cfg("train", num_epochs=10, import_model_train_epoch1="ckpt/nometa.003"),
      "Import of a checkpoint that has .index/.data but no .meta: AssertionError.", ["M21"], ["LD004"]),
    S("m22_missing_global_step", cfg("train", num_epochs=10, import_model_train_epoch1="ckpt/noglobal.003"),
      "Import of a checkpoint written by a plain TF Saver without global_step: main load fails.",
      ["M22"], ["LD010"]),
    S("m23_train_load_missing_with_existing_model",
      cfg("train", model=RUN1, load="ckpt/missing.080", num_epochs=10),
      "Training config whose load path does not exist while the existing net.003 would win anyway: "
      "AssertionError at startup.", ["M23", "T22"], ["LD004", "LD001"],
      notes="LD001's literal condition holds as well (train, load with epoch number, auto start_epoch)."),
    S("m27_overlapping_preloads",
      cfg("train", num_epochs=10,
          preload_from_files={"b_base": {"filename": "ckpt/base.003", "init_for_train": True},
                              "a_pretrained": {"filename": "ckpt/pretrained", "init_for_train": True}}),
      "Two preloads covering the same vars: the first in sorted key order (a_pretrained) wins.",
      ["M27"], ["PL010"]),
    S("m28_preload_beats_main",
      cfg("search", load="ckpt/base.003", num_epochs=10,
          preload_from_files={"pre": {"filename": "ckpt/pretrained"}}),
      "Search with load + a recog preload covering the same vars: the preload wins over the main checkpoint.",
      ["M28"], ["PL011"]),
    # ---------------- further rules ----------------
    S("x_preload_missing_filename",
      cfg("train", num_epochs=10, preload_from_files={"base": {"prefix": "", "init_for_train": True}}),
      "Preload entry without filename: KeyError 'filename'.", [], ["PL003"]),
    S("x_preload_file_not_found",
      cfg("train", num_epochs=10,
          preload_from_files={"base": {"filename": "ckpt/missing.003", "init_for_train": True}}),
      "Preload of a file that does not exist: TF NotFoundError (RETURNN has no existence check).", [], ["PL016"],
      offline_expect_rules=["CK002"]),
    # ---------------- checkpoint existence on this machine (issue 11 item 5) ----------------
    # `offline_expect_rules`: linted with --offline (the checkpoints live elsewhere), the path is
    # unavailable (CK002) instead of missing, and the plan does not claim RETURNN's failure.
    S("o01_load_missing_no_dir_train", cfg("train", load="nowhere/net.003", num_epochs=10),
      "Training with a load path whose directory does not exist on this machine: AssertionError.",
      ["T22", "M23"], ["LD004"], offline_expect_rules=["CK002"]),
    S("o02_load_missing_in_dir_train", cfg("train", load="ckpt/gone.005", num_epochs=10),
      "Training with a load path in an existing directory, the file is not there: AssertionError.",
      ["T22", "M23"], ["LD004"], offline_expect_rules=["CK002"]),
    S("o03_import_missing_no_dir_train",
      cfg("train", import_model_train_epoch1="nowhere/net.080", num_epochs=10),
      "New training importing a path whose directory does not exist on this machine: bare AssertionError.",
      ["T23", "M23"], ["LD004"], offline_expect_rules=["CK002"]),
    S("o04_import_missing_in_dir_train",
      cfg("train", import_model_train_epoch1="ckpt/gone.080", num_epochs=10),
      "New training importing a path in an existing directory, the file is not there: bare AssertionError.",
      ["T23", "M23"], ["LD004"], offline_expect_rules=["CK002"]),
    S("o05_import_missing_no_dir_search",
      cfg("search", load="ckpt/base.003", import_model_train_epoch1="nowhere/net.080", num_epochs=10),
      "Recognition config still carrying an import whose directory does not exist here: AssertionError "
      "although search ignores the import.", ["T23", "M23"], ["LD002", "LD004"], offline_expect_rules=["CK002"]),
    S("o06_preload_missing_no_dir",
      cfg("train", num_epochs=10,
          preload_from_files={"base": {"filename": "nowhere/base.003", "init_for_train": True}}),
      "Preload of a file whose directory does not exist on this machine: TF NotFoundError when the entry is applied.",
      [], ["PL016"], offline_expect_rules=["CK002"]),
    S("x_load_meta_suffix", cfg("forward", load="ckpt/base.003.meta"),
      "load written with the .meta suffix: RETURNN strips it and loads ckpt/base.003.", [], ["LD012"]),
    # ---------------- clean ----------------
    S("c01_import_plus_lm_preload",
      cfg("train", NET_WITH_LM, num_epochs=10, import_model_train_epoch1="ckpt/base.003",
          preload_from_files={"lm": dict(LM_PRELOAD, init_for_train=True)}),
      "New training: import the previous model, preload the LM sub-network under prefix lm/.", [], [], clean=True),
    S("c02_recog_load_plus_lm_preload",
      cfg("search", NET_WITH_LM, load="ckpt/base.003", preload_from_files={"lm": dict(LM_PRELOAD)}),
      "Recognition: load the trained model, preload the LM under prefix lm/ (recog entry).", [], [], clean=True),
    S("c03_preload_with_mapping",
      cfg("train", num_epochs=10,
          preload_from_files={"old": {"filename": "ckpt/renamed.003", "init_for_train": True,
                                      "var_name_mapping": {"enc/W": "encoder/W", "enc/b": "encoder/b"}}}),
      "Preload of the renamed checkpoint with a correct var_name_mapping.", [], [], clean=True),
    S("c04_preload_without_global_step",
      cfg("train", num_epochs=10,
          preload_from_files={"base": {"filename": "ckpt/noglobal.003", "init_for_train": True}}),
      "Preload (init_for_train) of a checkpoint without global_step: preloads do not need it.",
      ["M22"], [], clean=True),
    S("c05_forward_load", cfg("forward", load="ckpt/base.003"),
      "Forward with load of a matching checkpoint.", [], [], clean=True),
]


# ------------------------------------------------------------------------------------------------
def trim(res):
    res = dict(res)
    res.pop("log_tail", None)
    res.pop("wall_s", None)
    exc = res.get("exception")
    if exc and exc.get("traceback"):
        exc = dict(exc)
        exc["traceback"] = "\n".join(exc["traceback"].rstrip("\n").split("\n")[-5:])
        res["exception"] = exc
    return res


def model_listing(variables):
    rows = [v for v in variables if v.get("saveable")]
    rows.sort(key=lambda v: v["name"].encode())
    return "".join("%s [%s] %s\n" % (v["name"], ", ".join(str(d) for d in (v["shape"] or [])), v["dtype"])
                   for v in rows)


def existing_epochs(model):
    if not model:
        return []
    out = []
    for f in glob.glob(os.path.join(HERE, model + ".*.index")):
        suffix = f[len(os.path.join(HERE, model)) + 1:-len(".index")]
        if suffix.isdigit():
            out.append(int(suffix))
    return sorted(out)


def run_scenario(name, config, meta):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    res = run_oracle(dict(config, oracle_log_verbosity=3))
    listing = model_listing(res.get("variables", []))
    if not listing:
        # RETURNN failed before it built the network: record the model as RETURNN builds it without any load
        bare = {k: v for k, v in config.items()
                if k not in ("load", "load_epoch", "import_model_train_epoch1", "preload_from_files",
                             "start_epoch", "load_ignore_missing_vars")}
        bare.update(model="models/empty/net", allow_random_model_init=True)
        bare_res = run_oracle(bare)
        assert bare_res.get("ok"), (name, bare_res.get("exception"))
        listing = model_listing(bare_res["variables"])
        meta = dict(meta, model_txt_source="separate oracle run of the same network/task without any load "
                                            "options (the scenario failed before the network was built)")
    meta = dict(meta, existing_epochs=existing_epochs(config.get("model")))
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    with open(os.path.join(d, "model.txt"), "w") as f:
        f.write(listing)
    with open(os.path.join(d, "oracle.json"), "w") as f:
        json.dump(trim(res), f, indent=1)
        f.write("\n")
    with open(os.path.join(d, "epoch_model.json"), "w") as f:
        json.dump(run_epoch_model(config), f, indent=1)
        f.write("\n")
    with open(os.path.join(d, "scenario.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    exc = res.get("exception")
    verdict = "ok" if res.get("ok") else (exc or {}).get("type", "?")
    if res.get("exit_code") is not None:
        verdict += " (exit %s)" % res["exit_code"]
    print("%-45s %s" % (name, verdict), flush=True)
    return name, meta, verdict


README_HEAD = """\
# RETURNN simulation scenarios (recorded with the real RETURNN)

Every folder here is one config that ParamLint lints, together with what the real RETURNN
(`returnn` 1.20261022.211313, `tensorflow-cpu` 2.21.0, TF net-dict engine) did with it. The
recordings were made by `/work/shared/oracle/returnn_oracle.py`; tests read these files and never
run TensorFlow. **This file is written by `generate.py`; edit the text there.**

## Layout

- `ckpt/` — shared checkpoints, all paths in configs are relative to this folder:
  - `base.003` — the "previous training": `enc` (linear 9→7, tanh) + `output` (softmax 7→3), `global_step`.
  - `pretrained` — the same network, other random values, **no epoch number** in the name.
  - `renamed.003` — the same network with layer `enc` renamed `encoder`.
  - `wide.003` — `enc` with `n_out` 8 (`enc/W` [9,8], `enc/b` [8], `output/W` [8,3]): shape mismatch.
  - `lm.005` — a separate network with other scope names: `emb` 9→5, `proj` 5→4, `logits` 4→3.
  - `nometa.003` — like `base.003`, its `.meta` deleted after RETURNN saved it (M21).
  - `noglobal.003` — `enc/*`, `output/*` copied from `base.003` and saved with a plain
    `tf.compat.v1.train.Saver` (no `global_step`, M22); its `.meta` is that Saver's small graph.
  - All others were saved by RETURNN's own Saver (`network.save_params_to_file`, via the oracle's
    `oracle_save_to`), each with a distinct `random_seed`. `.meta` files are kept (≈83 KB each)
    because `load` / `import_model_train_epoch1` assert that `<prefix>.meta` exists; the
    `checkpoint` state files (absolute paths) are deleted.
- `models/<run>/net.NNN` — existing epochs for the `model` option, same network as `base.003`:
  `run1` epochs 1..3, `run4` 1..4, `run8` 1..8. Their `.meta` files are deleted (RETURNN finds
  existing epochs by `net.NNN.index` and restores them without the meta graph).
  `models/empty/` holds only a `.gitkeep` (no checkpoint files): configs that must see no existing
  epochs use `"model": "models/empty/net"`.
- One folder per scenario:
  - `config.json` — exactly the RETURNN config to lint (only RETURNN keys; the generator adds the
    `oracle_*` keys when it calls the oracle). Always `backend: tensorflow-net-dict`, an explicit
    `behavior_version` (16), explicit `extern_data` and `model`.
  - `model.txt` — the model's own saveable variables as RETURNN created them (incl. `global_step`),
    `NAME [D1, D2] DTYPE`, sorted by name in byte order. When RETURNN failed before it built the
    network (e.g. an `AssertionError` in `get_epoch_model`), the listing comes from a second oracle
    run of the same network and task without any load options; `scenario.json` then says so in
    `model_txt_source`.
  - `oracle.json` — the oracle's output (pretty-printed) without `log_tail` and `wall_s`, the
    exception's `traceback` cut to its last 5 lines. `epoch` there is `engine.epoch` after init
    (for training: the epoch of the loaded model, or 1).
  - `epoch_model.json` — RETURNN's own `EngineBase.get_existing_models`, `get_epoch_model` and,
    for `task: train`, `get_train_start_epoch` on the same config (`epoch`, `filename`,
    `train_start_epoch`, `existing_models`, or the `exception` they raise).
  - `scenario.json` — `description`, `refs` (decision-table rows T*, mistakes M* of
    `spec/returnn-semantics.md`), `task`, `expect_rules` (rule ids of `spec/rules.md` that should
    fire, in our reading of the catalogue), `clean` (no finding at all expected), `notes`,
    `existing_epochs` (epochs on disk under `model`, what `--existing-epochs` would be given),
    `offline_expect_rules` (where present: the rules that fire with `--offline`; a test also checks
    that LD004 / PL016 do not).
    `clean: false` with empty `expect_rules` marks behaviour no v1 rule covers.
- `DISCREPANCIES.md` — where RETURNN's observed behaviour differs from the spec document.

## Regenerate

```
cd Tests/Fixtures/scenarios
RETURNN_ORACLE_PYTHON=/work/main/.venv-oracle/bin/python \\
RETURNN_ORACLE=/work/shared/oracle/returnn_oracle.py python3 generate.py
```

This rewrites `ckpt/`, `models/` and every scenario folder (about 4 minutes, oracle calls run one
after another). `python3 generate.py --skip-checkpoints` keeps the checkpoints;
`python3 generate.py NAME...` re-records only the named scenarios (add `--readme` to rewrite this
README as well).
"""


def write_readme():
    lines = [README_HEAD.rstrip("\n"), "", "## Scenarios", "",
             "`main` is RETURNN's `get_epoch_model` result (file, and the train start epoch); `oracle` is the "
             "outcome of the full engine initialisation.", "",
             "`--offline` lists the rules expected when the scenario is linted with `--offline` (the checkpoints "
             "live elsewhere: a path that is not on this machine is unavailable, CK002, not missing).", "",
             "| scenario | refs | expect_rules | --offline | clean | main (start epoch) | oracle |",
             "|---|---|---|---|---|---|---|"]
    for name, _config, _meta in SCENARIOS:
        d = os.path.join(HERE, name)
        meta = json.load(open(os.path.join(d, "scenario.json")))
        res = json.load(open(os.path.join(d, "oracle.json")))
        em = json.load(open(os.path.join(d, "epoch_model.json")))
        exc = res.get("exception")
        verdict = "ok" if res.get("ok") else "`%s`" % (exc or {}).get("type", "?")
        if res.get("exit_code") is not None:
            verdict += " (exit %s)" % res["exit_code"]
        if em.get("exception"):
            main = "`%s`" % em["exception"]["type"]
        else:
            main = "`%s`" % em["filename"] if em.get("filename") else "none"
            if "train_start_epoch" in em:
                main += " (%s)" % em["train_start_epoch"]
        lines.append("| `%s` | %s | %s | %s | %s | %s | %s |" % (
            name, ", ".join(meta["refs"]) or "–", ", ".join(meta["expect_rules"]) or "–",
            ", ".join(meta.get("offline_expect_rules", [])) or "–",
            "yes" if meta["clean"] else "no", main, verdict))
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main(argv):
    os.chdir(HERE)
    skip_ckpt = "--skip-checkpoints" in argv
    only = set(a for a in argv if not a.startswith("--"))
    if not only and not skip_ckpt:
        make_checkpoints()
    for name, config, meta in SCENARIOS:
        if only and name not in only:
            continue
        run_scenario(name, config, meta)
    if not only or "--readme" in argv:
        write_readme()


if __name__ == "__main__":
    main(sys.argv[1:])
