#!/usr/bin/env python3
"""Builds the torch scenarios: real checkpoints written by RETURNN's torch engine, one case folder
per scenario, and the outcome RETURNN itself produced (../../../../shared/oracle/torch_oracle.py).

    ../../../.venv-oracle-torch/bin/python generate.py          # from this directory

1. Trains the tiny `Base` model (rnn.py, Task12AXDataset, one epoch) three times with different
   random seeds: base.001.pt, lm.001.pt, third.001.pt (RETURNN's {"model", "epoch", "step", ...}).
   From the third: raw.pt (torch.save of its state dict alone) and st.safetensors.
2. Writes each case folder: returnn.config, ckpt/ (the checkpoints it uses), model.pt (the state
   dict of the model get_model builds, for `lint plan --model`), expect.json (the rules that must
   fire).
3. Runs the oracle on every case, which writes outcome.json.

Nothing here is needed by the tests, which read the committed folders.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable
ORACLE = os.path.join(HERE, "../../../../shared/oracle/torch_oracle.py")

MODELS = '''
import torch

class Base(torch.nn.Module):
    def __init__(self, hidden=6):
        super().__init__()
        self.enc = torch.nn.Linear(9, 6)
        self.lin = torch.nn.Linear(6, hidden)
        self.out = torch.nn.Linear(hidden, 2)
    def forward(self, x):
        return self.out(torch.tanh(self.lin(torch.tanh(self.enc(x)))))

class WithLM(Base):
    """The base model plus a second copy under "lm." (what a prefixed preload fills)."""
    def __init__(self):
        super().__init__()
        self.lm = Base()
'''

HEADER = '''#!rnn.py
backend = "torch"
use_tensorflow = False
device = "cpu"
log_verbosity = 3
random_seed = 99
train = {"class": "Task12AXDataset", "num_seqs": 4}
dev = {"class": "Task12AXDataset", "num_seqs": 2, "fixed_random_seed": 1}
extern_data = {"data": {"dim": 9}, "classes": {"dim": 2, "sparse": True}}
batch_size = 400
num_epochs = 2
learning_rate = 0.01
optimizer = {"class": "adam"}
model = "out/model"
''' + MODELS + '''

def train_step(*, model, extern_data, **_kwargs):
    import returnn.frontend as rf
    logits = model(extern_data["data"].raw_tensor.float())
    loss = torch.nn.functional.cross_entropy(logits.flatten(0, 1), extern_data["classes"].raw_tensor.long().flatten())
    rf.get_run_ctx().mark_as_loss(name="ce", loss=loss)

def forward_step(*, model, extern_data, **_kwargs):
    pass
'''


def train(name, seed, work):
    cfg = HEADER.replace("random_seed = 99", f"random_seed = {seed}").replace('num_epochs = 2', 'num_epochs = 1')
    cfg = cfg.replace('model = "out/model"', f'model = "{work}/{name}"')
    cfg += "\ndef get_model(**_kwargs):\n    return Base()\n"
    path = os.path.join(work, name + ".config")
    with open(path, "w") as f:
        f.write(cfg)
    subprocess.run([PY, "-m", "returnn", path], check=True, cwd=work, stdout=subprocess.DEVNULL)
    return os.path.join(work, name + ".001.pt")


# name: (get_model body, task, options, checkpoints used, rules expected)
CASES = {
    "t01_import_clean": ("Base()", "train", 'import_model_train_epoch1 = "ckpt/base.001.pt"\n', ["base.001.pt"], []),
    "t02_forward_load": ("Base()", "forward", 'load = "ckpt/base.001.pt"\n', ["base.001.pt"], []),
    "t03_prefixed_preload": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"lm": {"filename": "ckpt/lm.001.pt", "prefix": "lm.", "init_for_train": True}}\n',
        ["base.001.pt", "lm.001.pt"], []),
    "t04_prefix_without_dot": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"lm": {"filename": "ckpt/lm.001.pt", "prefix": "lm", "init_for_train": True}}\n',
        ["base.001.pt", "lm.001.pt"], []),
    "t05_prefix_typo": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"lm": {"filename": "ckpt/lm.001.pt", "prefix": "lnm.", "init_for_train": True}}\n',
        ["base.001.pt", "lm.001.pt"], []),
    "t06_ignore_params_wrong_space": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"lm": {"filename": "ckpt/lm.001.pt", "prefix": "lm.", "init_for_train": True,\n'
        '                             "ignore_params": ["out.weight"]}}\n',
        ["base.001.pt", "lm.001.pt"], []),
    "t07_mapping_unprefixed_value": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"lm": {"filename": "ckpt/lm.001.pt", "prefix": "lm.", "init_for_train": True,\n'
        '                             "var_name_mapping": {"lm.lin.weight": "lin.weight"}}}\n',
        ["base.001.pt", "lm.001.pt"], []),
    "t08_load_ignore_missing_vars": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\nload_ignore_missing_vars = True\n', ["base.001.pt"], []),
    "t09_raw_state_dict_default_key": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"lm": {"filename": "ckpt/raw.pt", "prefix": "lm.", "init_for_train": True}}\n',
        ["base.001.pt", "raw.pt"], []),
    "t10_raw_state_dict_key_none": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"lm": {"filename": "ckpt/raw.pt", "prefix": "lm.", "init_for_train": True,\n'
        '                             "checkpoint_key": None}}\n',
        ["base.001.pt", "raw.pt"], []),
    "t11_preload_path_without_pt": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"lm": {"filename": "ckpt/lm.001", "prefix": "lm.", "init_for_train": True}}\n',
        ["base.001.pt", "lm.001.pt"], []),
    "t12_always_in_forward": ("WithLM()", "forward",
        'load = "ckpt/base.001.pt"\n'
        'preload_from_files = {"lm": {"filename": "ckpt/lm.001.pt", "prefix": "lm.", "init_for_train": "always"}}\n',
        ["base.001.pt", "lm.001.pt"], []),
    "t13_invalid_init_for_train": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"lm": {"filename": "ckpt/lm.001.pt", "prefix": "lm.", "init_for_train": 1}}\n',
        ["base.001.pt", "lm.001.pt"], []),
    "t14_random_init_entry": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"rand": {"filename": None, "prefix": "lm.", "init_for_train": True}}\n',
        ["base.001.pt"], []),
    "t15_random_init_sorts_after": ("WithLM()", "train",
        'preload_from_files = {"z_rand": {"filename": None, "prefix": "lm.", "init_for_train": True},\n'
        '                      "a_base": {"filename": "ckpt/base.001.pt", "init_for_train": True}}\n',
        ["base.001.pt"], []),
    "t16_overlapping_entries": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"a": {"filename": "ckpt/lm.001.pt", "prefix": "lm.", "init_for_train": True},\n'
        '                      "b": {"filename": "ckpt/third.001.pt", "prefix": "lm.", "init_for_train": True}}\n',
        ["base.001.pt", "lm.001.pt", "third.001.pt"], []),
    "t17_load_start_epoch_1": ("WithLM()", "train",
        'load = "ckpt/base.001.pt"\nstart_epoch = 1\n'
        'preload_from_files = {"lm": {"filename": "ckpt/lm.001.pt", "prefix": "lm.", "init_for_train": True}}\n',
        ["base.001.pt", "lm.001.pt"], []),
    "t18_forward_without_checkpoint": ("Base()", "forward", "", [], []),
    "t19_missing_key": ("WithLM()", "train", 'import_model_train_epoch1 = "ckpt/base.001.pt"\n', ["base.001.pt"], []),
    "t20_shape_mismatch": ("Base(hidden=7)", "train", 'import_model_train_epoch1 = "ckpt/base.001.pt"\n', ["base.001.pt"], []),
    "t21_safetensors_key_none": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"lm": {"filename": "ckpt/st.safetensors", "prefix": "lm.", "init_for_train": True,\n'
        '                             "checkpoint_key": None}}\n',
        ["base.001.pt", "st.safetensors"], []),
    "t22_safetensors_default_key": ("WithLM()", "train",
        'import_model_train_epoch1 = "ckpt/base.001.pt"\n'
        'preload_from_files = {"lm": {"filename": "ckpt/st.safetensors", "prefix": "lm.", "init_for_train": True}}\n',
        ["base.001.pt", "st.safetensors"], []),
}


# The rules `lint` must report for a case (checked by TorchScenarioAgreementTests beside the outcome).
EXPECTED_RULES = {
    "t04_prefix_without_dot": ["PL007", "VM006"],
    "t09_raw_state_dict_default_key": ["PL012"],
    "t17_load_start_epoch_1": ["PL015", "VM001"],
    "t19_missing_key": ["VM001"],
    "t22_safetensors_default_key": ["PL012"],
}


def main():
    import safetensors.torch

    store = os.path.join(HERE, "_checkpoints")
    if not os.path.exists(os.path.join(store, "third.001.pt")):
        os.makedirs(store, exist_ok=True)
        work = tempfile.mkdtemp()
        for name, seed in [("base", 11), ("lm", 22), ("third", 33)]:
            shutil.copy(train(name, seed, work), os.path.join(store, name + ".001.pt"))
        third = torch.load(os.path.join(store, "third.001.pt"))["model"]
        torch.save(third, os.path.join(store, "raw.pt"))
        safetensors.torch.save_file({k: v.contiguous() for k, v in third.items()}, os.path.join(store, "st.safetensors"))
        shutil.rmtree(work)
    only = set(sys.argv[1:])
    for case, (model, task, options, ckpts, rules) in CASES.items():
        if only and case not in only:
            continue
        d = os.path.join(HERE, case)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(os.path.join(d, "ckpt"))
        for c in ckpts:
            shutil.copy(os.path.join(store, c), os.path.join(d, "ckpt", c))
        cfg = HEADER.replace('task = "train"', "") + f'task = "{task}"\n' + options
        cfg += f"\ndef get_model(**_kwargs):\n    return {model}\n"
        if task == "forward":
            cfg += 'forward_data = {"class": "Task12AXDataset", "num_seqs": 1}\n'
        with open(os.path.join(d, "returnn.config"), "w") as f:
            f.write(cfg)
        ns = {}
        exec(MODELS, ns)
        torch.manual_seed(5)
        torch.save(eval(model, ns).state_dict(), os.path.join(d, "model.pt"))
        with open(os.path.join(d, "expect.json"), "w") as f:
            json.dump({"rules": rules or EXPECTED_RULES.get(case, [])}, f)
            f.write("\n")
    cases = [os.path.join(HERE, c) for c in CASES if not only or c in only]
    subprocess.run([PY, ORACLE] + cases, check=False)


if __name__ == "__main__":
    main()
