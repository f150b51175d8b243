#!rnn.py
# Hand-written RETURNN config: fine-tune a pretrained Conformer-CTC model on new data.
# (Typical style: module-level options, helper functions, conditional tweaks.)

import os
import sys
from returnn.tf.util.data import Dim, batch_dim, SpatialDim, FeatureDim

task = "train"
backend = "tensorflow"
use_tensorflow = True
device = "gpu"
debug_mode = False

_root = os.path.dirname(os.path.abspath(__file__))  # helper, not an option
_pretrained = "/work/asr/librispeech/conformer-ctc/models/epoch.400"

time_dim = SpatialDim("time")
feature_dim = FeatureDim("audio", 80)
vocab_dim = FeatureDim("vocab", 10_025)

extern_data = {
    "data": {"dim_tags": [batch_dim, time_dim, feature_dim]},
    "classes": {"dim_tags": [batch_dim, SpatialDim("out-time")], "sparse_dim": vocab_dim},
}

num_epochs = 120
batch_size = 20_000 * 160  # in samples
max_seqs = 200
accum_grad_multiple_step = 2
learning_rate = 1e-3
learning_rates = [1e-5 + (1e-3 - 1e-5) * i / 20 for i in range(20)]  # warm-up
optimizer = {"class": "adam", "epsilon": 1e-8}
gradient_clip_global_norm = 5.0

# Start from the pretrained model, but only in training.
import_model_train_epoch1 = _pretrained
preload_from_files = {
    "pretrained": {
        "filename": _pretrained,
        "init_for_train": True,
        "prefix": "",
        "ignore_missing": True,
        'ignore_params_prefixes': ['output/', "ctc/"],
    },
    'lm': {
        'filename': '/work/asr/librispeech/lm/trafo/net-model/network.040',
        'prefix': 'lm_',
        'init_for_train': "False",  # oops: a string is truthy
    },
}

network = {
    "source": {"class": "eval", "from": "data",
               "eval": "self.network.get_config().typed_value('transform')(source(0), network=self.network)"},
    "conv0": {"class": "conv", "from": "source", "padding": "same", "filter_size": (3, 3), "n_out": 32,
              'activation': None, "with_bias": True, "in_spatial_dims": ["T", "dim:80"]},
    'encoder': {'class': 'copy', 'from': 'conv0'},
    "ctc": {"class": "softmax", "from": "encoder", "loss": "ctc", "target": "classes",
            "loss_opts": {"beam_width": 1, "ctc_opts": {"ignore_longer_outputs_than_inputs": True}}},
    "output": {"class": "copy", "from": "ctc"},
}
network["output"]["n_out"] = vocab_dim.dimension if False else 10025  # patched later


def transform(data, network):
    """SpecAugment-like masking; only in training."""
    x = data.placeholder
    if network.train_flag is not False:
        x = x * 1.0  # placeholder for the real masking
    return x


class _Helper:
    scale = 0.5

    def __call__(self, x):
        return x * self.scale


if os.environ.get("FAST_DEBUG"):
    num_epochs = 2
    max_seqs = 10

train = {
    "class": "MetaDataset",
    "datasets": {"zip": {"class": "OggZipDataset", "path": ["/data/train-clean-100.zip", "/data/train-clean-360.zip"],
                         "audio": {"features": "raw", "sample_rate": 16000}, "targets": None}},
    "data_map": {"data": ("zip", "data")},
    "seq_ordering": f"laplace:.{1000}",
    "partition_epoch": 20,
}
dev = dict(train, partition_epoch=1, seq_ordering="sorted_reverse")

model = os.path.join(_root, "models", "epoch")
cleanup_old_models = True
log = ["./returnn.log"]; log_verbosity = 4
tf_log_memory_usage = True

if __name__ == "__main__":
    print("run me with rnn.py, not python")
    task = "debug"
