/// Layer classes that create variables of their own.
extension LayerCatalog {
    static let parametric: [LayerClass] = [
        linear, softmax, alias(linear, "hidden"), alias(linear, "forward"), conv, transposedConv, batchNorm, layerNorm,
        norm, selfAttention, variable, relativePositionalEncoding, rnnCell, accumulateMean,
    ]

    /// `AccumulateMeanLayer`: a `tf.Variable(name="mean")` created after the reduce op `mean` in the
    /// same name scope, so TF names it `mean_1` (oracle cases n69, n69b).
    static let accumulateMean = LayerClass(
        "accumulate_mean",
        variables: "`mean_1`",
        shapes: "[n_in] (the input reduced over batch and time)",
        notes: "The variable is made with `tf.Variable(name=\"mean\")` next to the reduce op `mean`, hence `mean_1` (measured). Only the default `axes: \"bt\"` on a [B,T,F] input is derived; other axes are unknown.",
        output: .custom { ctx in
            guard ctx["axes"] == nil || ctx["axes"]?.stringValue == "bt", let input = ctx.input, !input.sparse, input.rank == 3
            else { return nil }
            return LayerShape(dim: input.dim, rank: 1, spatial: [])
        },
        params: { ctx in
            guard ctx["axes"] == nil || ctx["axes"]?.stringValue == "bt" else { return .unknown("accumulate_mean with other `axes`") }
            if let input = ctx.input, input.sparse || input.rank.map({ $0 != 3 }) ?? false {
                return .unknown("accumulate_mean on an input other than [B,T,F]")
            }
            return .params([LayerParam("mean_1", [ctx.nIn])])
        }
    )

    /// RETURNN's `_init_layer_class_dict` registers `hidden` and `forward` as aliases of `LinearLayer`
    /// (oracle case n37).
    static func alias(_ base: LayerClass, _ name: String) -> LayerClass {
        var c = base
        c.name = name
        c.notes = "The old alias of `\(base.name)` (RETURNN registers it as the same class): the same variables."
        return c
    }

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
        return LayerShape(dim: ctx.nOut, rank: rank, spatial: (ctx.input?.sparse ?? true) ? nil : ctx.input?.spatial)
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
            let plain = rank == input.rank && ctx["input_expand_dims"] == nil && ctx["out_spatial_dims"] == nil
            return LayerShape(dim: ctx.nOut, rank: rank,
                              spatial: plain ? windowedSpatial(ctx, sizeKey: "filter_size", defaultStridesToSize: false) : nil)
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
        shapes: "`W_native_transposed_conv` [*filter_size, n_out, n_in] (1-D: [k, 1, n_out, n_in]), `bias` [n_out]",
        notes: "`with_bias` defaults to True (no behavior-version gate). A layer named by `filter` / `bias` replaces the variable. 1-D measured (oracle case n51).",
        output: .custom { ctx in LayerShape(dim: ctx.nOut, rank: ctx.input?.rank) },
        references: ["filter", "bias"],
        params: { ctx in
            guard let withBias = ctx.flag("with_bias", default: true) else { return .unknown("dynamic `with_bias`") }
            let filterSize: [Int?]? = ctx.ints("filter_size")?.map { Optional($0) }
            let nIn = ctx["in_dim"] != nil ? nil : ctx.nIn
            var params: [LayerParam] = []
            if ctx["filter"].map({ $0.isNull }) ?? true {
                // 1-D: RETURNN runs conv2d_transpose with a dummy spatial axis, kernel [k, 1, n_out, n_in]
                // (oracle case n51).
                params.append(LayerParam("W_native_transposed_conv",
                                         filterSize.map { ($0.count == 1 ? $0 + [1] : $0) + [ctx.nOut, nIn] }))
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
    /// `lstm`/`lstmp` are the default unit; `LSTMBlock`/`LSTMBlockFused` are replaced by it in TF 2;
    /// `cudnnlstm` becomes `LSTMBlockFused` when no GPU is visible (oracle cases n26, n27, n64, n65).
    static let nativeLSTMUnits: Set<String> = [
        "lstm", "lstmp", "nativelstm", "nativelstm2", "lstmblock", "lstmblockfused", "cudnnlstm",
    ]
    /// In a single-step context (`rnn_cell`), `LSTMBlock` becomes StandardLSTM.
    static let cellOnlyStandardLSTMUnits: Set<String> = ["standardlstm", "lstmblock", "lstmblockfused"]

    /// A TF `RNNCell` unit: the sub-scope of its variables (below `rec/`) and the `unit_opts` that do
    /// not change them. Kernel [n_in + n, 4n], bias [4n].
    struct KernelCellUnit {
        var scope: String
        var harmlessOptions: Set<String>
    }

    /// tf.compat.v1 `LSTMCell` (StandardLSTM; `ZoneoutLSTMCell` wraps one), `BasicLSTMCell` (TF 2.21 still
    /// has it, so RETURNN does not replace it). Oracle cases n16, n57, n58, n59.
    static let kernelCellUnits: [String: KernelCellUnit] = [
        "standardlstm": KernelCellUnit(scope: "lstm_cell", harmlessOptions: ["forget_bias", "cell_clip", "activation", "initializer", "state_is_tuple", "reuse", "dtype"]),
        "zoneoutlstm": KernelCellUnit(scope: "lstm_cell", harmlessOptions: ["zoneout_factor_cell", "zoneout_factor_output", "use_zoneout_output"]),
        "basiclstm": KernelCellUnit(scope: "basic_lstm_cell", harmlessOptions: ["forget_bias", "activation", "state_is_tuple", "reuse", "dtype"]),
    ]

    /// `unit_opts` of NativeLSTM2 that do not change its variables; a non-zero `forget_bias` fails its assert.
    static let nativeLSTMHarmlessOptions: Set<String> = ["rec_weight_dropout", "rec_weight_dropout_shape"]

    /// `LayerNormVariantsLSTMCell` options that leave its variables as with the defaults.
    static let layerNormLSTMHarmlessOptions: Set<String> = [
        "norm_gain", "norm_shift", "forget_bias", "activation", "is_training", "dropout", "dropout_h", "dropout_seed",
        "variance_epsilon",
    ]

    /// nil when every `unit_opts` entry is literal and in `harmless` (and `forget_bias`, where
    /// `zeroForgetBias`, is 0); else why the variables are unknown.
    static func unitOptionsProblem(_ ctx: LayerContext, harmless: Set<String>, zeroForgetBias: Bool = false) -> String? {
        guard let node = ctx["unit_opts"], !node.isNull else { return nil }
        guard let members = node.members else { return "`unit_opts` is not a literal dict" }
        for m in members {
            if zeroForgetBias, m.key == "forget_bias" {
                let zero = m.node.intValue == 0 || { if case .double(let d) = m.node.value { return d == 0 } else { return false } }()
                if !zero { return "NativeLSTM2 asserts `forget_bias == 0` (unit_opts forget_bias is not 0)" }
                continue
            }
            if !harmless.contains(m.key) { return "`unit_opts` `\(m.key)` may change the variables" }
        }
        return nil
    }

    /// The prefix RETURNN's `rec`/`rnn_cell` put before the cell's variables (`rec/`, or none with `name_scope`).
    static func recSubScope(_ ctx: LayerContext) -> String {
        ctx["name_scope"] == nil ? "rec/" : ""
    }

    /// The variables of a kernel-style cell (`lstm_cell/kernel`, …).
    static func kernelCellParams(_ ctx: LayerContext, _ unit: KernelCellUnit, scope: String) -> LayerParamsResult {
        if ctx.input?.sparse == true { return .unknown("an RNNCell unit on sparse input fails") }
        if let problem = unitOptionsProblem(ctx, harmless: unit.harmlessOptions) { return .unknown(problem) }
        let n = ctx.nOut
        let rows = ctx.nIn.flatMap { i in n.map { i + $0 } }
        return .params([
            LayerParam(scope + unit.scope + "/kernel", [rows, n.map { 4 * $0 }]),
            LayerParam(scope + unit.scope + "/bias", [n.map { 4 * $0 }]),
        ])
    }

    /// A rec layer with a string `unit`.
    static func recCellParams(_ ctx: LayerContext, unit: String) -> LayerParamsResult {
        let u = unit.lowercased()
        let scope = recSubScope(ctx)
        let n = ctx.nOut
        let n4 = n.map { 4 * $0 }
        if nativeLSTMUnits.contains(u) {
            if let problem = unitOptionsProblem(ctx, harmless: nativeLSTMHarmlessOptions, zeroForgetBias: true) {
                return .unknown(problem)
            }
            guard let projection = ctx.flag("input_projection", default: true)
            else { return .unknown("dynamic `input_projection`") }
            var params = [LayerParam(scope + "W_re", [n, n4])]
            if projection {
                params.append(LayerParam(scope + "W", [ctx.nIn, n4]))
                params.append(LayerParam(scope + "b", [n4]))
            }
            return .params(params)
        }
        if let cell = kernelCellUnits[u] { return kernelCellParams(ctx, cell, scope: scope) }
        if u == "nativelstmlowmem" {
            // Oracle case n63: one matrix over [input, previous output], and a bias.
            if ctx.input?.sparse == true { return .unknown("NativeLstmLowMem asserts dense input") }
            if let problem = unitOptionsProblem(ctx, harmless: []) { return .unknown(problem) }
            let rows = ctx.nIn.flatMap { i in n.map { i + $0 } }
            return .params([LayerParam(scope + "W", [rows, n4]), LayerParam(scope + "b", [n4])])
        }
        if u == "layernormvariantslstm" { return layerNormLSTMParams(ctx, scope: scope) }
        if u == "rhn" {
            // RHNCell (oracle case n80): the input transform `W` [n_in, 2n], `b` [2n] outside the loop,
            // then `rhn_cell/depth_<i>/W` [n, 2n] for each of `depth` (default 5) steps.
            if ctx.input?.sparse == true { return .unknown("an RNNCell unit on sparse input fails") }
            var depth = 5
            if let node = ctx["unit_opts"], !node.isNull {
                guard let members = node.members else { return .unknown("`unit_opts` is not a literal dict") }
                for m in members {
                    if m.key == "depth" {
                        guard let d = m.node.intValue, d >= 0 else { return .unknown("dynamic RHN `depth`") }
                        depth = d
                    } else if !["dropout", "dropout_seed", "is_training", "transform_bias", "batch_size"].contains(m.key) {
                        return .unknown("`unit_opts` `\(m.key)` may change the variables")
                    }
                }
            }
            let n2 = n.map { 2 * $0 }
            return .params([LayerParam(scope + "W", [ctx.nIn, n2]), LayerParam(scope + "b", [n2])]
                           + (0..<depth).map { LayerParam(scope + "rhn_cell/depth_\($0)/W", [n, n2]) })
        }
        if !knownCells.contains(u) {
            return .unknown("RETURNN has no rec unit '\(unit)': it raises its unknown-cell exception")
        }
        return .unknown("rec unit '\(unit)' is not in the catalogue")
    }

    /// `LayerNormVariantsLSTMCell` (`get_input_transformed` and `__call__`, oracle cases n60, n76–n78):
    /// `W_ff` [n_in, 4n] (+ `bias_ff` without any of global_norm, global_norm_joined, per_gate_norm) and
    /// `W_re` [n, 4n], or with `with_concat` one `W_ff_re` [n_in + n, 4n] (+ `bias_ff_re` without
    /// per_gate_norm and global_norm_joined); `global_norm`: `gamma_/beta_input_below` [4n] and
    /// `gamma_state_below` [4n]; `global_norm_joined`: `gamma_/beta_lstm_in` [4n]; `per_gate_norm`:
    /// `gamma_/beta_{i,j,f,o}_gate` [n]; `cell_norm`: `gamma_/beta_new_c` [n]; `hidden_norm`:
    /// `gamma_/beta_new_h` [n].
    static func layerNormLSTMParams(_ ctx: LayerContext, scope: String) -> LayerParamsResult {
        if ctx.input?.sparse == true { return .unknown("an RNNCell unit on sparse input fails") }
        let switches: [String: Bool] = [
            "with_concat": false, "global_norm": true, "global_norm_joined": false, "per_gate_norm": false,
            "cell_norm": true, "cell_norm_in_output": true, "hidden_norm": false,
        ]
        var flags = switches
        if let node = ctx["unit_opts"], !node.isNull {
            guard let members = node.members else { return .unknown("`unit_opts` is not a literal dict") }
            for m in members {
                if switches[m.key] != nil {
                    guard let b = m.node.pythonTruthiness else { return .unknown("dynamic `unit_opts` `\(m.key)`") }
                    flags[m.key] = b
                } else if !layerNormLSTMHarmlessOptions.contains(m.key) {
                    return .unknown("`unit_opts` `\(m.key)` may change the variables")
                }
            }
        }
        let f = { (k: String) in flags[k] ?? false }
        let n = ctx.nOut
        let n4 = n.map { 4 * $0 }
        var params: [LayerParam] = []
        func norm(_ name: String, _ shape: Int?, beta: Bool = true) {
            params.append(LayerParam(scope + "gamma_" + name, [shape]))
            if beta { params.append(LayerParam(scope + "beta_" + name, [shape])) }
        }
        if f("with_concat") {
            if f("global_norm") { return .unknown("LayerNormVariantsLSTMCell asserts: global_norm and with_concat together not supported") }
            let rows = ctx.nIn.flatMap { i in n.map { i + $0 } }
            params.append(LayerParam(scope + "W_ff_re", [rows, n4]))
            if !f("per_gate_norm") && !f("global_norm_joined") { params.append(LayerParam(scope + "bias_ff_re", [n4])) }
        } else {
            params.append(LayerParam(scope + "W_ff", [ctx.nIn, n4]))
            if !f("global_norm") && !f("global_norm_joined") && !f("per_gate_norm") {
                params.append(LayerParam(scope + "bias_ff", [n4]))
            }
            if f("global_norm") { norm("input_below", n4) }
            params.append(LayerParam(scope + "W_re", [n, n4]))
            if f("global_norm") { norm("state_below", n4, beta: false) }
        }
        if f("global_norm_joined") { norm("lstm_in", n4) }
        if f("per_gate_norm") { for g in ["i", "j", "f", "o"] { norm(g + "_gate", n) } }
        if f("cell_norm") { norm("new_c", n) }
        if f("hidden_norm") { norm("new_h", n) }
        return .params(params)
    }

    /// The cells RETURNN 1.20261022 knows on TF 2.21 without GPU (its "unknown cell" message, oracle
    /// case n61), lower-cased; plus the names it maps to one of them.
    static let knownCells: Set<String> = [
        "_wrapbase", "basiclstm", "basicrnn", "blocksparselstm", "blocksparsemultiplicativemultisteplstm",
        "devicewrapper", "dropoutwrapper", "gru", "layernormvariantslstm", "layerrnn", "lstm", "multirnn", "nativelstm",
        "nativelstm2", "nativelstmlowmem", "recseqcellop", "residualwrapper", "rhn", "rnn", "standardlstm",
        "twodnativelstm", "vanillalstm", "zoneoutlstm", "lstmp", "lstmblock", "lstmblockfused", "cudnnlstm", "cudnngru",
        "grublock",
    ]

    static let rnnCell = LayerClass(
        "rnn_cell",
        variables: "`rec/lstm_cell/kernel`, `rec/lstm_cell/bias` (`rec/basic_lstm_cell/…` for `BasicLSTM`)",
        shapes: "kernel [n_in + n_out, 4·n_out], bias [4·n_out]",
        notes: "For `unit` `standardlstm`, `LSTMBlock`, `LSTMBlockFused` (single-step: `LSTMBlock` becomes StandardLSTM), `zoneoutlstm` (wraps an LSTMCell: the same names), `BasicLSTM`. `unit_opts` that do not change the variables (`forget_bias`, the zoneout factors, …) are allowed. Other units are unknown. Inside a rec loop the names are `<rec>/rec/<cell>/rec/lstm_cell/...`.",
        output: .custom { ctx in
            LayerShape(dim: ctx.nOut, rank: ctx.input?.rank.map { $0 + ((ctx.input?.sparse ?? false) ? 1 : 0) })
        },
        references: ["initial_state"],
        params: { ctx in
            guard let unit = ctx["unit"]?.stringValue else { return .unknown("`unit` is not a string") }
            let u = unit.lowercased()
            let scope = recSubScope(ctx)
            if cellOnlyStandardLSTMUnits.contains(u), let cell = kernelCellUnits["standardlstm"] {
                return kernelCellParams(ctx, cell, scope: scope)
            }
            if let cell = kernelCellUnits[u] { return kernelCellParams(ctx, cell, scope: scope) }
            if !knownCells.contains(u) { return .unknown("RETURNN has no rec unit '\(unit)': it raises its unknown-cell exception") }
            return .unknown("rnn_cell unit '\(unit)' is not in the catalogue")
        }
    )
}
