/// The data keys the TF net-dict engine creates, as `returnn/tf/network.py`'s
/// `_extern_data_types_from_config` derives them (RETURNN 1.20261022; oracle cases n30–n36):
///
/// - `extern_data` given: each entry is `Data(**kwargs)` (a dict), or a `[dim, ndim]` list.
/// - otherwise `num_inputs` / `num_outputs` (`_num_inputs_outputs_from_config`): `num_outputs` as an
///   int is `{target: [n, 1]}` (`target` defaults to `classes`); in a dict an int `n` is
///   `[n, 2]` for the key `data` and `[n, 1]` for any other, a list is `[dim, ndim]`, a dict is Data
///   kwargs. A `data` entry gives `num_inputs`; otherwise the input key (`default_input`, default
///   `data`) gets `[num_inputs, 1 if sparse_input else 2]`.
/// - `[dim, ndim]`: ndim 1 is sparse (`shape (None,)`), 2 dense `(None, dim)`, ≥ 3
///   `(None,) * (ndim - 1) + (dim,)`.
///
/// Keys whose values are dynamic, or that RETURNN reads from a dataset file (no `num_outputs`),
/// are left out: their layers get no shapes.
enum ExternData {
    static func shapes(config root: ConfigNode) -> [String: LayerShape] {
        var shapes: [String: LayerShape] = [:]
        if let extern = root["extern_data"] {
            for member in extern.members ?? [] { shapes[member.key] = shape(member.node) }
            return shapes
        }
        guard let numOutputs = root["num_outputs"] else { return shapes }
        let inputKey = root["default_input"]?.stringValue ?? "data"
        var entries: [(key: String, node: ConfigNode?, dimNdim: (Int, Int)?)] = []
        if let n = numOutputs.intValue {
            guard let target = root["target"] == nil ? "classes" : root["target"]?.stringValue else { return shapes }
            entries.append((target, nil, (n, 1)))
        } else if let members = numOutputs.members {
            for m in members {
                if let n = m.node.intValue {
                    entries.append((m.key, nil, (n, m.key == "data" ? 2 : 1)))
                } else if let pair = dimNdim(m.node) {
                    entries.append((m.key, nil, pair))
                } else {
                    entries.append((m.key, m.node, nil))
                }
            }
        } else {
            return shapes
        }
        var numInputs: Int? = root["num_inputs"] == nil ? 0 : root["num_inputs"]?.intValue
        if let data = entries.last(where: { $0.key == "data" }) {
            if let pair = data.dimNdim {
                numInputs = pair.0
            } else if let node = data.node {
                numInputs = node["dim"].map { $0.intValue } ?? node["shape"]?.elements?.last?.intValue
            }
        }
        for entry in entries {
            if let pair = entry.dimNdim {
                shapes[entry.key] = shape(dim: pair.0, ndim: pair.1)
            } else if let node = entry.node {
                shapes[entry.key] = node.members != nil ? InferenceEngine.externShape(node) : LayerShape(dim: nil, rank: nil)
            }
        }
        if shapes[inputKey] == nil, let numInputs, numInputs > 0 {
            guard let sparse = root["sparse_input"].map({ $0.pythonTruthiness }) ?? false else { return shapes }
            shapes[inputKey] = shape(dim: numInputs, ndim: sparse ? 1 : 2)
        }
        return shapes
    }

    /// One `extern_data` entry: a Data kwargs dict or a `[dim, ndim]` list.
    static func shape(_ node: ConfigNode) -> LayerShape {
        if let pair = dimNdim(node) { return shape(dim: pair.0, ndim: pair.1) }
        return InferenceEngine.externShape(node)
    }

    /// A literal `[dim, ndim]` (list or tuple of two ints, ndim ≥ 1).
    static func dimNdim(_ node: ConfigNode) -> (Int, Int)? {
        guard let e = node.elements, e.count == 2, let dim = e[0].intValue, let ndim = e[1].intValue, ndim >= 1
        else { return nil }
        return (dim, ndim)
    }

    static func shape(dim: Int, ndim: Int) -> LayerShape {
        ndim == 1 ? LayerShape(dim: dim, sparse: true, rank: 2)
            : LayerShape(dim: dim, rank: ndim + 1, spatial: Array(repeating: nil, count: ndim - 1))
    }
}
