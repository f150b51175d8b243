/// Layer classes that create variables of their own.
extension LayerCatalog {
    static let parametric: [LayerClass] = [
        linear, softmax, conv, transposedConv, batchNorm, layerNorm, norm, selfAttention, variable,
        relativePositionalEncoding, rnnCell,
    ]

    // MARK: linear / softmax

    /// `LinearLayer`: `W` (or transposed), `b` unless `with_bias: False`.
    static func linearParams(_ ctx: LayerContext) -> LayerParamsResult {
        guard let withBias = ctx.flag("with_bias", default: true),
              let transposed = ctx.flag("use_transposed_weights", default: false)
        else { return .unknown("dynamic `with_bias` or `use_transposed_weights`") }
        let weights = LayerParam("W", transposed ? [ctx.nOut, ctx.nIn] : [ctx.nIn, ctx.nOut])
        return .params(withBias ? [weights, LayerParam("b", [ctx.nOut])] : [weights])
    }

    /// Output of `linear`/`softmax`: dense `n_out`; a sparse input gains the feature axis.
    static func linearOutput(_ ctx: LayerContext) -> LayerShape? {
        let rank = ctx.input?.rank.map { $0 + ((ctx.input?.sparse ?? false) ? 1 : 0) }
        return LayerShape(dim: ctx.nOut, rank: rank)
    }

    static let linear = LayerClass(
        "linear",
        variables: "`W`, `b`",
        shapes: "`W` [n_in, n_out] (`use_transposed_weights`: [n_out, n_in]), `b` [n_out]",
        notes: "`with_bias: False` drops `b`. On sparse input n_in is the vocabulary size (embedding). Without `n_out`, the dim comes from `target` (+1 for `loss: ctc`).",
        output: .custom(linearOutput),
        params: linearParams
    )

    static let softmax = LayerClass(
        "softmax",
        variables: "`W`, `b`",
        shapes: "`W` [n_in, n_out], `b` [n_out]",
        notes: "A `linear` layer with `activation: softmax`; the same variables. Without `n_out`, the dim comes from `target` (the default target `classes` when only `loss` is set).",
        output: .custom(linearOutput),
        params: linearParams
    )

    // MARK: conv

    static let conv = LayerClass(
        "conv",
        variables: "`W`, `bias`",
        shapes: "`W` [*filter_size, n_in / groups, n_out], `bias` [n_out]",
        notes: "The bias is called `bias`, not `b`. `with_bias` defaults to True only from behavior version 10 on (below: no `bias`). n_in is 1 with `input_add_feature_dim`, `input_split_feature_dim` with that option. A layer named by `filter` replaces `W`, one named by `bias` replaces `bias`.",
        output: .custom { ctx in
            guard let input = ctx.input else { return LayerShape(dim: ctx.nOut, rank: nil) }
            var rank = input.rank
            if ctx.flag("input_add_feature_dim", default: false) == true || ctx.int("input_split_feature_dim") != nil {
                rank = rank.map { $0 + 1 }
            }
            if let expand = ctx.int("input_expand_dims") { rank = rank.map { $0 + expand } }
            return LayerShape(dim: ctx.nOut, rank: rank)
        },
        references: ["filter", "bias"],
        params: { ctx in
            // A list of ints; a Dim in it (dynamic) leaves the shape underived.
            let filterSize: [Int?]? = ctx.ints("filter_size")?.map { Optional($0) }
            guard let addFeature = ctx.flag("input_add_feature_dim", default: false)
            else { return .unknown("dynamic `input_add_feature_dim`") }
            var nIn: Int?
            if addFeature {
                nIn = 1
            } else if ctx["input_split_feature_dim"].map({ !$0.isNull }) ?? false {
                nIn = ctx.int("input_split_feature_dim")
            } else if ctx["in_dim"] != nil {
                nIn = nil  // a Dim: not statically known
            } else {
                nIn = ctx.nIn
            }
            let groups = ctx.int("groups") ?? 1
            if let n = nIn, groups > 1 { nIn = n % groups == 0 ? n / groups : nil }
            var params: [LayerParam] = []
            let hasFilterLayer = ctx["filter"].map { !$0.isNull } ?? false
            if !hasFilterLayer {
                params.append(LayerParam("W", filterSize.map { $0 + [nIn, ctx.nOut] }))
            }
            let hasBiasLayer = ctx["bias"].map { !$0.isNull } ?? false
            let defaultBias = hasBiasLayer || ctx.behaviorVersion >= 10
            guard let withBias = ctx.flag("with_bias", default: defaultBias)
            else { return .unknown("dynamic `with_bias`") }
            if withBias && !hasBiasLayer { params.append(LayerParam("bias", [ctx.nOut])) }
            return .params(params)
        }
    )

    static let transposedConv = LayerClass(
        "transposed_conv",
        variables: "`W_native_transposed_conv`, `bias`",
        shapes: "`W_native_transposed_conv` [*filter_size, n_out, n_in], `bias` [n_out]",
        notes: "`with_bias` defaults to True (no behavior-version gate). A layer named by `filter` / `bias` replaces the variable. From RETURNN's source (not measured).",
        output: .custom { ctx in LayerShape(dim: ctx.nOut, rank: ctx.input?.rank) },
        references: ["filter", "bias"],
        params: { ctx in
            guard let withBias = ctx.flag("with_bias", default: true) else { return .unknown("dynamic `with_bias`") }
            let filterSize: [Int?]? = ctx.ints("filter_size")?.map { Optional($0) }
            let nIn = ctx["in_dim"] != nil ? nil : ctx.nIn
            var params: [LayerParam] = []
            if ctx["filter"].map({ $0.isNull }) ?? true {
                params.append(LayerParam("W_native_transposed_conv", filterSize.map { $0 + [ctx.nOut, nIn] }))
            }
            if withBias, ctx["bias"].map({ $0.isNull }) ?? true { params.append(LayerParam("bias", [ctx.nOut])) }
            return .params(params)
        }
    )

    // MARK: normalisation

    /// `LayerBase.batch_norm` on data of `shape`, with the options in `opts` (the `batch_norm`
    /// layer's own options, or the dict of a `batch_norm` option). Names are relative to the
    /// layer's absolute scope (`batch_norm/...`).
    static func batchNormParams(
        layerName: String, options opts: ConfigNode?, data: LayerShape?, behaviorVersion: Int
    ) -> LayerParamsResult {
        func flag(_ key: String, _ value: Bool) -> Bool? {
            guard let node = opts?[key] else { return value }
            return node.pythonTruthiness
        }
        let version: Int
        if let node = opts?["param_version"] {
            guard let v = node.intValue else { return .unknown("dynamic batch_norm `param_version`") }
            version = v
        } else {
            version = behaviorVersion >= 12 ? 2 : 0
        }
        guard let useShift = flag("use_shift", true), let useStd = flag("use_std", true)
        else { return .unknown("dynamic batch_norm `use_shift`/`use_std`") }
        let prefix: String
        let shape: [Int?]?
        switch version {
        case 0:
            prefix = "\(layerName)_\(layerName)_output_"
            shape = data?.rank.map { Array(repeating: 1, count: max($0 - 1, 0)) + [data?.dim] }
        case 1:
            prefix = ""
            shape = data?.rank.map { Array(repeating: 1, count: max($0 - 1, 0)) + [data?.dim] }
        case 2:
            prefix = "v2_"
            shape = [data?.dim]
        default:
            return .unknown("batch_norm param_version \(version) raises NotImplementedError")
        }
        var params = [
            LayerParam("batch_norm/\(prefix)mean", shape, trainable: false),
            LayerParam("batch_norm/\(prefix)variance", shape, trainable: false),
        ]
        if useStd { params.append(LayerParam("batch_norm/\(prefix)gamma", shape)) }
        if useShift { params.append(LayerParam("batch_norm/\(prefix)beta", shape)) }
        return .params(params)
    }

    static let batchNorm = LayerClass(
        "batch_norm",
        variables: "`batch_norm/v2_{mean,variance,gamma,beta}` (param_version 2); `batch_norm/{mean,variance,gamma,beta}` (1); `batch_norm/<L>_<L>_output_{mean,variance,gamma,beta}` (0)",
        shapes: "v2: [n]; v0, v1: [1, …, 1, n] (one 1 per non-feature axis, e.g. [1, 1, n] for [B,T,n])",
        notes: "`mean` and `variance` are non-trainable. `param_version` defaults to 2 from behavior version 12 on, else 0. `use_shift: False` drops `beta`, `use_std: False` drops `gamma`. The same variables come from the `batch_norm` option of any layer.",
        output: .input,
        params: { ctx in
            batchNormParams(layerName: ctx.name, options: ctx.options, data: ctx.input,
                            behaviorVersion: ctx.behaviorVersion)
        }
    )

    static let layerNorm = LayerClass(
        "layer_norm",
        variables: "`scale`, `bias`",
        shapes: "[n_in] each",
        notes: "Over the feature axis; `in_dim`/`out_dim` (a Dim) leave the shape underived.",
        output: .input,
        params: { ctx in
            let dim = (ctx["in_dim"] != nil || ctx["out_dim"] != nil) ? nil : ctx.nIn
            return .params([LayerParam("scale", [dim]), LayerParam("bias", [dim])])
        }
    )

    static let norm = LayerClass(
        "norm",
        variables: "`scale`, `bias`",
        shapes: "[n_in] each (the default `param_shape` \"F\")",
        notes: "`scale: False` / `bias: False` drop one. From RETURNN's source (not measured).",
        output: .input,
        params: { ctx in
            guard let scale = ctx.flag("scale", default: true), let bias = ctx.flag("bias", default: true)
            else { return .unknown("dynamic `scale`/`bias`") }
            let custom = ctx["param_shape"].map { $0.stringValue != "F" } ?? false
            let shape: [Int?]? = custom ? nil : [ctx.nIn]
            var params: [LayerParam] = []
            if scale { params.append(LayerParam("scale", shape)) }
            if bias { params.append(LayerParam("bias", shape)) }
            return .params(params)
        }
    )

    // MARK: attention, variables, encodings

    static let selfAttention = LayerClass(
        "self_attention",
        variables: "`QKV`",
        shapes: "[n_in, 2·total_key_dim + n_out]",
        notes: "One fused matrix for queries, keys and values; no bias.",
        output: .nOut,
        references: ["key_shift"],
        params: { ctx in
            let keyDim = ctx.int("total_key_dim")
            let cols = keyDim.flatMap { k in ctx.nOut.map { 2 * k + $0 } }
            return .params([LayerParam("QKV", [ctx.nIn, cols])])
        }
    )

    static let variable = LayerClass(
        "variable",
        variables: "`<param_name>` (default: the layer's own name, so layer `l` gives `l/l`)",
        shapes: "`shape`",
        notes: "`dtype` (default float32) and `trainable` come from the options. `saveable: False` variables are not in checkpoints and are left out. No sources (`from` defaults to `[]`).",
        output: .custom { ctx in
            guard let shape = ctx["shape"]?.elements else { return nil }
            let last = shape.last?.intValue
            var rank = shape.count
            if ctx.flag("add_batch_axis", default: false) == true { rank += 1 }
            if ctx.flag("add_time_axis", default: false) == true { rank += 1 }
            return LayerShape(dim: shape.isEmpty ? nil : last, rank: rank)
        },
        defaultFrom: [],
        references: ["init_by_layer"],
        params: { ctx in
            guard let saveable = ctx.flag("saveable", default: true),
                  let trainable = ctx.flag("trainable", default: true)
            else { return .unknown("dynamic `saveable`/`trainable`") }
            if !saveable { return .params([]) }
            let name: String
            if let node = ctx["param_name"], !node.isNull {
                guard let s = node.stringValue else { return .unknown("dynamic `param_name`") }
                name = s
            } else {
                name = ctx.name
            }
            let dtype: String
            if let node = ctx["dtype"] {
                guard let s = node.stringValue else { return .unknown("dynamic `dtype`") }
                dtype = s
            } else {
                dtype = "float32"
            }
            let shape: [Int?]? = ctx["shape"]?.elements.map { $0.map(\.intValue) }
            return .params([LayerParam(name, shape, dtype: dtype, trainable: trainable)])
        }
    )

    static let relativePositionalEncoding = LayerClass(
        "relative_positional_encoding",
        variables: "`encoding_matrix`",
        shapes: "[2·clipping + 1, n_out] (clipping defaults to 16)",
        notes: "From RETURNN's source (not measured).",
        output: .nOut,
        params: { ctx in
            let clipping = ctx["clipping"] == nil ? 16 : ctx.int("clipping")
            return .params([LayerParam("encoding_matrix", [clipping.map { 2 * $0 + 1 }, ctx.nOut])])
        }
    )

    // MARK: recurrent cells

    /// Units that RETURNN maps to `NativeLSTM2` (TF ≥ 2, CPU-independent): names `W`, `W_re`, `b`.
    static let nativeLSTMUnits: Set<String> = ["lstm", "lstmp", "nativelstm", "nativelstm2", "lstmblock", "lstmblockfused"]
    /// Units that give `tf.compat.v1.nn.rnn_cell.LSTMCell`: names `lstm_cell/kernel`, `lstm_cell/bias`.
    static let standardLSTMUnits: Set<String> = ["standardlstm"]
    /// In a single-step context (`rnn_cell`), `LSTMBlock` becomes StandardLSTM.
    static let cellOnlyStandardLSTMUnits: Set<String> = ["standardlstm", "lstmblock", "lstmblockfused"]

    /// `unit_opts` that do not change the variables.
    static func unitOptionsAreHarmless(_ ctx: LayerContext) -> Bool {
        guard let node = ctx["unit_opts"] else { return true }
        if node.isNull { return true }
        guard let members = node.members else { return false }
        return members.allSatisfy { $0.key == "forget_bias" }
    }

    /// The prefix RETURNN's `rec`/`rnn_cell` put before the cell's variables (`rec/`, or none with `name_scope`).
    static func recSubScope(_ ctx: LayerContext) -> String {
        ctx["name_scope"] == nil ? "rec/" : ""
    }

    /// A rec layer with a string `unit`.
    static func recCellParams(_ ctx: LayerContext, unit: String) -> LayerParamsResult {
        let u = unit.lowercased()
        guard unitOptionsAreHarmless(ctx) else { return .unknown("`unit_opts` may change the variables") }
        let scope = recSubScope(ctx)
        let n = ctx.nOut
        let n4 = n.map { 4 * $0 }
        if nativeLSTMUnits.contains(u) {
            guard let projection = ctx.flag("input_projection", default: true)
            else { return .unknown("dynamic `input_projection`") }
            var params = [LayerParam(scope + "W_re", [n, n4])]
            if projection {
                params.append(LayerParam(scope + "W", [ctx.nIn, n4]))
                params.append(LayerParam(scope + "b", [n4]))
            }
            return .params(params)
        }
        if standardLSTMUnits.contains(u) {
            if ctx.input?.sparse == true { return .unknown("StandardLSTM on sparse input fails") }
            let rows = ctx.nIn.flatMap { i in n.map { i + $0 } }
            return .params([
                LayerParam(scope + "lstm_cell/kernel", [rows, n4]),
                LayerParam(scope + "lstm_cell/bias", [n4]),
            ])
        }
        return .unknown("rec unit '\(unit)' is not in the catalogue")
    }

    static let rnnCell = LayerClass(
        "rnn_cell",
        variables: "`rec/lstm_cell/kernel`, `rec/lstm_cell/bias`",
        shapes: "kernel [n_in + n_out, 4·n_out], bias [4·n_out]",
        notes: "For `unit` `standardlstm`, `LSTMBlock`, `LSTMBlockFused` (single-step: `LSTMBlock` becomes StandardLSTM). Other units are unknown. Inside a rec loop the names are `<rec>/rec/<cell>/rec/lstm_cell/...`.",
        output: .custom { ctx in
            LayerShape(dim: ctx.nOut, rank: ctx.input?.rank.map { $0 + ((ctx.input?.sparse ?? false) ? 1 : 0) })
        },
        references: ["initial_state"],
        params: { ctx in
            guard let unit = ctx["unit"]?.stringValue else { return .unknown("`unit` is not a string") }
            guard cellOnlyStandardLSTMUnits.contains(unit.lowercased()) else {
                return .unknown("rnn_cell unit '\(unit)' is not in the catalogue")
            }
            guard unitOptionsAreHarmless(ctx) else { return .unknown("`unit_opts` may change the variables") }
            let scope = recSubScope(ctx)
            let n = ctx.nOut
            let rows = ctx.nIn.flatMap { i in n.map { i + $0 } }
            return .params([
                LayerParam(scope + "lstm_cell/kernel", [rows, n.map { 4 * $0 }]),
                LayerParam(scope + "lstm_cell/bias", [n.map { 4 * $0 }]),
            ])
        }
    )
}
