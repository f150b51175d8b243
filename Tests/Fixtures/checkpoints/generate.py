#!/usr/bin/env python3
"""Regenerates the checkpoint fixtures with the real TensorFlow (and safetensors), and records
TensorFlow's own listing of each as <fixture>.expected.json (the JSON listing format of
`lint vars --format json`). Run from the repository root:

    /work/main/.venv-oracle/bin/python Tests/Fixtures/checkpoints/generate.py

Needs tensorflow-cpu 2.21.0, numpy and safetensors. The Swift tests never need them."""
import json
import os
import re
import shutil
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sstable  # noqa: E402

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf1 = tf.compat.v1


def out(*parts):
    return os.path.join(HERE, *parts)


def fresh(name):
    d = out(name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def write_listing(path, checkpoints):
    """The JSON listing, laid out as `lint vars --format json` prints it."""
    lines = ['{"schemaVersion": 1, "checkpoints": [']
    for ci, (cpath, fmt, variables) in enumerate(checkpoints):
        lines.append('  {"path": %s, "format": %s, "variables": [' % (json.dumps(cpath, ensure_ascii=False), json.dumps(fmt)))
        for vi, v in enumerate(variables):
            item = '{"name": %s, "dtype": %s, "shape": %s}' % (
                json.dumps(v["name"], ensure_ascii=False), json.dumps(v["dtype"]),
                "null" if v["shape"] is None else "[" + ", ".join(str(d) for d in v["shape"]) + "]")
            lines.append("    " + item + ("," if vi + 1 < len(variables) else ""))
        lines.append("  ]}" + ("," if ci + 1 < len(checkpoints) else ""))
    lines.append("]}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def tf_listing(prefix):
    """What TensorFlow lists: tf.train.list_variables + get_variable_to_dtype_map."""
    names_shapes = tf.train.list_variables(prefix)
    dtypes = tf.train.load_checkpoint(prefix).get_variable_to_dtype_map()
    return [{"name": n, "dtype": dtypes[n].name, "shape": list(s)} for n, s in names_shapes]


def record(prefix):
    rel = os.path.relpath(prefix + ".index", HERE)
    write_listing(prefix + ".expected.json", [(rel, "tf-index", tf_listing(prefix))])


def drop_meta(prefix):
    if os.path.exists(prefix + ".meta"):
        os.remove(prefix + ".meta")  # MetaGraphDefs are large and the readers never need them


# --- RETURNN-style tf.compat.v1.train.Saver checkpoint, mixed dtypes -------------------------

def returnn_style_saver():
    d = fresh("returnn_style_saver")
    g = tf.Graph()
    with g.as_default():
        def var(name, value, dtype):
            return tf1.Variable(tf.constant(value, dtype=dtype), name=name.replace("ü", "u").replace("ä", "a"))
        variables = {
            "Output/W_upper": var("Output/W_upper", [1.0, 2.0], tf.float32),
            "enc/conv/W": var("enc/conv/W", np.ones([3, 1, 2, 4]), tf.bfloat16),
            "enc/linear/W": var("enc/linear/W", np.ones([4, 3]), tf.float16),
            "enc/linear/b": var("enc/linear/b", [0.5, 0.25, 0.125], tf.float32),
            "enc/counts": var("enc/counts", [1, 2, 3, 4, 5], tf.int32),
            "enc/mask": var("enc/mask", [[True, False], [False, True]], tf.bool),
            "enc/vocab": var("enc/vocab", ["<s>", "</s>", "äöü"], tf.string),
            "enc/empty": var("enc/empty", np.zeros([0, 3]), tf.float32),
            "enc/scale": var("enc/scale", 2.0, tf.float64),
            "enc/bytes": var("enc/bytes", [7, 8], tf.uint8),
            "enc/small": var("enc/small", [-1, 1], tf.int8),
            "lstm0_fw/rec/W": var("lstm0_fw/rec/W", np.ones([2, 8]), tf.float32),
            "lstm0_fw/rec/W_re": var("lstm0_fw/rec/W_re", np.ones([2, 8]), tf.float32),
            "lstm0_fw/rec/b": var("lstm0_fw/rec/b", np.ones([8]), tf.float32),
            "lstm0_bw/rec/W": var("lstm0_bw/rec/W", np.ones([2, 8]), tf.float32),
            "lstm0_bw/rec/b": var("lstm0_bw/rec/b", np.ones([8]), tf.float32),
            "misc/ümläut/W": var("misc/umlaut/W", [3.0, 4.0], tf.float32),
            "misc/complex": var("misc/complex", [1 + 2j], tf.complex64),
            "output/W": var("output/W", np.ones([3, 2]), tf.float32),
            "output/b": var("output/b", np.zeros([2]), tf.float32),
        }
        variables["global_step"] = tf1.train.get_or_create_global_step()
        saver = tf1.train.Saver(var_list=variables, save_relative_paths=True)
        with tf1.Session(graph=g) as sess:
            sess.run(tf1.global_variables_initializer())
            prefix = saver.save(sess, os.path.join(d, "model.ckpt"), global_step=5)
    drop_meta(prefix)
    record(prefix)
    return prefix


# --- object-based tf.train.Checkpoint ------------------------------------------------------------

def object_based():
    d = fresh("object_based")

    class Dense(tf.Module):
        def __init__(self, n_in, n_out, name):
            super().__init__(name=name)
            self.W = tf.Variable(tf.ones([n_in, n_out]), name="W")
            self.b = tf.Variable(tf.zeros([n_out]), name="b")

    class Model(tf.Module):
        def __init__(self):
            super().__init__()
            self.layers = [Dense(4, 3, "l0"), Dense(3, 2, "l1")]
            self.output = Dense(2, 2, "out")
            self.step = tf.Variable(0, dtype=tf.int64)

    ckpt = tf.train.Checkpoint(model=Model())
    prefix = ckpt.save(os.path.join(d, "ckpt"))
    record(prefix)
    return prefix


# --- partitioned variables -----------------------------------------------------------------------

def partitioned():
    d = fresh("partitioned")
    g = tf.Graph()
    with g.as_default():
        tf1.set_random_seed(1)  # deterministic initial values, so regenerating changes nothing
        tf1.get_variable("enc/embedding/W", shape=[10, 4], partitioner=tf1.fixed_size_partitioner(3))
        tf1.get_variable("dec/W", shape=[3, 8], partitioner=tf1.fixed_size_partitioner(2, axis=1))
        tf1.get_variable("dec/b", shape=[8])
        tf1.get_variable("enc/proj", shape=[6, 2], dtype=tf.float16, partitioner=tf1.fixed_size_partitioner(2))
        saver = tf1.train.Saver(save_relative_paths=True)
        with tf1.Session(graph=g) as sess:
            sess.run(tf1.global_variables_initializer())
            prefix = saver.save(sess, os.path.join(d, "model.ckpt"), global_step=1)
    drop_meta(prefix)
    record(prefix)
    return prefix


# --- sharded Saver checkpoint (two devices, merged by MergeBundles) ----------------------------

def sharded():
    d = fresh("sharded")
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:0"):
            tf1.Variable(tf.ones([2, 3]), name="dev0/W")
            tf1.Variable(tf.ones([3]), name="dev0/b")
        with tf.device("/cpu:1"):
            tf1.Variable(tf.ones([3, 2]), name="dev1/W")
            tf1.Variable(tf.zeros([2], dtype=tf.int32), name="dev1/n")
        saver = tf1.train.Saver(sharded=True, save_relative_paths=True)
        config = tf1.ConfigProto(device_count={"CPU": 2})
        with tf1.Session(graph=g, config=config) as sess:
            sess.run(tf1.global_variables_initializer())
            prefix = saver.save(sess, os.path.join(d, "model.ckpt"), global_step=3)
    drop_meta(prefix)
    record(prefix)
    return prefix


def sharded_tf2():
    """TF2 sharding policy: unpartitioned variables stored as slices over several data shards."""
    policy = getattr(getattr(tf.train, "experimental", None), "MaxShardSizePolicy", None)
    if policy is None:
        print("tf.train.experimental.MaxShardSizePolicy missing: sharded_tf2 skipped")
        return None
    d = fresh("sharded_tf2")
    m = tf.Module()
    m.a = tf.Variable(tf.ones([6, 32]))
    m.b = tf.Variable(tf.ones([5]))
    ckpt = tf.train.Checkpoint(model=m)
    options = tf.train.CheckpointOptions(experimental_sharding_callback=policy(max_shard_size=256))
    prefix = ckpt.save(os.path.join(d, "ckpt"), options=options)
    record(prefix)
    return prefix


# --- 20 000 variables: several data blocks -----------------------------------------------------

def many_20k():
    d = fresh("many_20k")
    names, tensors = [], []
    for i in range(10000):
        names += ["layer%04d/W" % i, "layer%04d/b" % i]
        tensors += [tf.zeros([2, 3]), tf.zeros([3])]
    names.append("global_step")
    tensors.append(tf.constant(7, dtype=tf.int64))
    prefix = os.path.join(d, "many")
    tf.raw_ops.SaveV2(prefix=prefix, tensor_names=names, shape_and_slices=[""] * len(names), tensors=tensors)
    for f in os.listdir(d):
        if ".data-" in f:
            os.remove(os.path.join(d, f))  # 360 KB of zeros; the listing needs only the index
    # the data file is gone: list with the reader TF uses for list_variables (it reads the index only)
    record(prefix)
    return prefix


# --- safetensors ---------------------------------------------------------------------------------

SAFETENSORS_TO_TF = {"F64": "float64", "F32": "float32", "F16": "float16", "BF16": "bfloat16",
                     "I64": "int64", "I32": "int32", "I16": "int16", "I8": "int8", "U64": "uint64",
                     "U32": "uint32", "U16": "uint16", "U8": "uint8", "BOOL": "bool"}


def safetensors_fixture():
    from safetensors import safe_open
    from safetensors.numpy import save_file
    d = fresh("safetensors")
    tensors = {
        "encoder.linear.weight": np.ones([4, 3], dtype=np.float32),
        "encoder.linear.bias": np.zeros([4], dtype=np.float16),
        "embed.weight": np.ones([5, 2], dtype=np.float64),
        "counts": np.arange(3, dtype=np.int64),
        "ids": np.arange(2, dtype=np.int32),
        "mask": np.array([True, False]),
        "bytes": np.zeros([2, 2], dtype=np.uint8),
        "small": np.zeros([1], dtype=np.int8),
        "scalar": np.array(1.5, dtype=np.float32),
        "empty": np.zeros([0, 4], dtype=np.float32),
    }
    try:
        import ml_dtypes
        tensors["decoder.weight"] = np.ones([2, 2], dtype=ml_dtypes.bfloat16)
        path = os.path.join(d, "model.safetensors")
        save_file(tensors, path, metadata={"format": "pt", "note": "fixture"})
    except Exception as e:  # safetensors.numpy without bfloat16 support
        print("bfloat16 not written:", e)
        tensors.pop("decoder.weight", None)
        save_file(tensors, path, metadata={"format": "pt", "note": "fixture"})
    variables = []
    with safe_open(path, framework="numpy") as f:
        for k in sorted(f.keys(), key=lambda s: s.encode()):
            sl = f.get_slice(k)
            variables.append({"name": k, "dtype": SAFETENSORS_TO_TF[sl.get_dtype()], "shape": list(sl.get_shape())})
    write_listing(path[:-len(".safetensors")] + ".expected.json", [("safetensors/model.safetensors", "safetensors", variables)])


# --- corrupt and odd variants, derived from the real Saver index ----------------------------------

def tf_behaviour(path):
    """What TF 2.21 does with the file, in a subprocess (TF aborts on some inputs)."""
    prefix = path[:-len(".index")]
    code = ("import os,sys,json;os.environ['TF_CPP_MIN_LOG_LEVEL']='3';import tensorflow as tf;p=sys.argv[1]\n"
            "n=tf.train.list_variables(p);d=tf.train.load_checkpoint(p).get_variable_to_dtype_map()\n"
            "print(json.dumps([[k,d[k].name,list(s)] for k,s in n]))")
    r = subprocess.run([sys.executable, "-c", code, prefix], capture_output=True, text=True)
    def clean(message):
        # no machine-specific paths, timestamps or process ids in the committed record
        message = message.replace(HERE + "/", "")
        return re.sub(r"^F\d+ [\d:.]+\s+\d+ ", "", message).strip()
    if r.returncode == 0:
        listing = json.loads(r.stdout.strip().splitlines()[-1])
        return {"tf": "ok", "variables": len(listing), "listing": listing}
    if r.returncode < 0:
        lines = [l for l in r.stderr.splitlines() if "Check failed" in l or l.startswith("F")]
        return {"tf": "aborted (signal %d)" % -r.returncode, "message": clean((lines or r.stderr.splitlines()[-1:])[-1])}
    err = [l for l in r.stderr.strip().splitlines() if l.strip()]
    return {"tf": "error", "message": clean(err[-1]) if err else ""}


def derived(saver_prefix):
    base = open(saver_prefix + ".index", "rb").read()
    entries = sstable.read_table(base)
    header = entries[0][1]
    names = [k for k, _ in entries]
    footer = base[-48:]
    p = 0
    mo, p = sstable.read_varint(footer, p)
    ms, p = sstable.read_varint(footer, p)
    io, p = sstable.read_varint(footer, p)
    isz, p = sstable.read_varint(footer, p)

    def replace(name, value):
        return [(k, value if k == name.encode() else v) for k, v in entries]

    def raw_block(*entry_bytes):
        body = b"".join(entry_bytes)
        return body + struct.pack("<I", 0) + struct.pack("<I", 1)

    header_entry = b"\x00\x00" + bytes([len(header)]) + header
    corrupt = {
        "zero_length": b"",
        "too_short": base[:30],
        "truncated": base[: len(base) // 2],
        "bad_magic": base[:-1] + bytes([base[-1] ^ 0xFF]),
        "data_block_checksum": base[:20] + bytes([base[20] ^ 0x01]) + base[21:],
        "index_block_checksum": base[: io + 3] + bytes([base[io + 3] ^ 0x01]) + base[io + 4:],
        "handle_past_end": base[:-48] + (lambda f: f + b"\x00" * (40 - len(f)))(
            sstable.varint(mo) + sstable.varint(ms) + sstable.varint(io) + sstable.varint(1 << 40)) + base[-8:],
        "missing_header": sstable.write_table(entries[1:]),
        "duplicate_key": sstable.write_table(entries[:4] + [entries[3]] + entries[4:]),
        "unsorted_keys": sstable.write_table(entries[:4] + [entries[5], entries[4]] + entries[6:]),
        "negative_dim": sstable.write_table(replace("enc/linear/b", b"\x08\x01\x12\x0d\x12\x0b\x08" + sstable.varint(-1))),
        "malformed_entry": sstable.write_table(replace("enc/linear/b", b"\x08\x01\x12\x05\x12\x03\x08")),
        "future_min_consumer": sstable.write_table([(b"", b"\x08\x01\x1a\x04\x08\x01\x10\x02")] + entries[1:]),
        "bad_consumer": sstable.write_table([(b"", b"\x08\x01\x1a\x04\x08\x01\x18\x01")] + entries[1:]),
        "bad_varint": sstable.write_table([], raw_data_blocks=[(b"\xff", raw_block(header_entry, b"\xff" * 11))]),
        "entry_past_block": sstable.write_table([], raw_data_blocks=[
            (b"\xff", raw_block(header_entry, b"\x00\x01\x7f" + b"a" + b"\x08\x01"))]),
    }
    accepted = {
        # TF 2.x byte-swaps tensors of the other byte order; listing is unaffected
        "big_endian": sstable.write_table([(b"", b"\x08\x01\x10\x01\x1a\x02\x08\x01")] + entries[1:]),
        # protobuf skips unknown fields
        "unknown_field": sstable.write_table(replace("output/b", dict(entries)[b"output/b"] + b"\x78\x01")),
        # the writer here uses restart interval 16 and plain separators, not TF's shortest ones
        "rewritten": sstable.write_table(entries),
    }
    assert sstable.read_table(accepted["rewritten"]) == entries
    behaviour = {}
    for dirname, files in (("corrupt", corrupt), ("derived", accepted)):
        d = fresh(dirname)
        for name, data in files.items():
            path = os.path.join(d, name + ".index")
            with open(path, "wb") as f:
                f.write(data)
            behaviour[name] = tf_behaviour(path)
            if dirname == "derived":
                assert behaviour[name]["tf"] == "ok", (name, behaviour[name])
                rel = os.path.relpath(path, HERE)
                write_listing(path[:-len(".index")] + ".expected.json", [
                    (rel, "tf-index", [{"name": n, "dtype": t, "shape": s} for n, t, s in behaviour[name]["listing"]])])
            print(name, behaviour[name]["tf"], behaviour[name].get("message", ""))
    for b in behaviour.values():
        b.pop("listing", None)
    with open(out("corrupt", "tf_behaviour.json"), "w") as f:
        json.dump(behaviour, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    saver_prefix = returnn_style_saver()
    object_based()
    partitioned()
    sharded()
    sharded_tf2()
    many_20k()
    safetensors_fixture()
    derived(saver_prefix)


if __name__ == "__main__":
    main()
