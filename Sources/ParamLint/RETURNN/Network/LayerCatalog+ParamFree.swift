/// Layer classes without variables of their own (except `combine`/`eval` with `with_bias` and
/// `tikhonov_regularization`'s dummy), with how their output dim follows from the input.
/// A class missing here is unknown: its scope is reported, never guessed.
extension LayerCatalog {
    /// `axes`/`axis` options naming only the time axis: then the feature dim is untouched.
    static func isTimeAxis(_ node: ConfigNode?) -> Bool {
        guard let node else { return false }
        let timeNames: Set<String> = ["T", "t", "time", "stag:time"]
        if let s = node.stringValue { return timeNames.contains(s) }
        if let e = node.elements { return !e.isEmpty && e.allSatisfy { $0.stringValue.map(timeNames.contains) ?? false } }
        return false
    }

    /// The output of a layer that works along the time axis only (`axes`/`axis`), else not derived.
    static func alongTime(key: String, removesAxis: Bool) -> LayerOutputRule {
        .custom { ctx in
            guard isTimeAxis(ctx[key]), let input = ctx.input else { return nil }
            return LayerShape(dim: input.dim, sparse: input.sparse,
                              rank: removesAxis ? input.rank.map { $0 - 1 } : input.rank)
        }
    }

    static let combineLike: @Sendable (LayerContext) -> LayerParamsResult = { ctx in
        guard let withBias = ctx.flag("with_bias", default: false) else { return .unknown("dynamic `with_bias`") }
        let dim = ctx.int("n_out") ?? ctx.sources.first??.dim
        return .params(withBias ? [LayerParam("b", [dim])] : [])
    }

    static let paramFree: [LayerClass] = [
        // Feature dim and sparsity of the (concatenated) input.
        .paramFree("copy", output: .input, notes: "Several sources are concatenated on the feature axis."),
        .paramFree("dropout", output: .input),
        .paramFree("activation", output: .input),
        .paramFree("scaled_grad", output: .input),
        .paramFree("cast", output: .input),
        .paramFree("seq_len_mask", output: .input),
        .paramFree("math_norm", output: .input),
        .paramFree("softmax_over_spatial", output: .input),
        .paramFree("pool", output: .input),
        .paramFree("prefix_in_time", output: .input),
        .paramFree("postfix_in_time", output: .input),
        .paramFree("shift_axis", output: .input),
        .paramFree("time_chunking", output: .input),
        .paramFree("time_unchunking", output: .input),
        .paramFree("cumsum", output: .input),
        .paramFree("decide", output: .input),
        .paramFree("window", output: .custom { ctx in
            ctx.input.map { LayerShape(dim: $0.dim, sparse: $0.sparse, rank: $0.rank.map { $0 + 1 }) }
        }, notes: "Adds a window axis; the feature dim stays."),
        // Along the time axis only when `axes`/`axis` say so.
        .paramFree("reduce", output: alongTime(key: "axes", removesAxis: true),
                   notes: "Output derived only for `axes: \"T\"`."),
        .paramFree("pad", output: alongTime(key: "axes", removesAxis: false),
                   notes: "Output derived only for `axes: \"T\"`."),
        .paramFree("slice", output: alongTime(key: "axis", removesAxis: false),
                   notes: "Output derived only for `axis: \"T\"`."),
        .paramFree("gating", output: .custom { ctx in
            guard let input = ctx.input, !input.sparse else { return nil }
            return LayerShape(dim: ctx.int("n_out") ?? input.dim.flatMap { $0 % 2 == 0 ? $0 / 2 : nil }, rank: input.rank)
        }, notes: "Half the input dim."),
        .paramFree("choice", output: .custom { ctx in
            ctx.input.map { LayerShape(dim: $0.dim, sparse: true, rank: $0.rank.map { $0 - 1 }) }
        }, notes: "Sparse labels over the input's dim."),
        .paramFree("get_last_hidden_state", output: .nOut),
        // Output not derived.
        .paramFree("merge_dims", output: .custom { ctx in
            // Merging the feature axis with static axes named by size (`"dim:9"`): their product.
            guard let input = ctx.input, !input.sparse, let axes = ctx["axes"]?.elements, axes.count > 1
            else { return nil }
            var dim = 1
            var hasFeature = false
            for axis in axes {
                guard let a = axis.stringValue else { return nil }
                if a == "F" || a == "f" {
                    guard let d = input.dim, !hasFeature else { return nil }
                    hasFeature = true
                    dim *= d
                } else if a.hasPrefix("dim:"), let d = Int(a.dropFirst(4)), d > 0 {
                    dim *= d
                } else {
                    return nil
                }
            }
            guard hasFeature else { return nil }
            return LayerShape(dim: dim, rank: input.rank.map { $0 - axes.count + 1 })
        }, notes: "Output derived only when `axes` are the feature axis and static axes named by size (`\"dim:9\"`)."),
        .paramFree("split_dims", output: .custom { ctx in
            // Splitting the feature axis into literal dims: the last one is the new feature dim.
            guard let input = ctx.input, !input.sparse, ctx["axis"]?.stringValue == "F",
                  let dims = ctx.ints("dims"), let last = dims.last, last > 0 else { return nil }
            return LayerShape(dim: last, rank: input.rank.map { $0 + dims.count - 1 })
        }, notes: "Output derived only for `axis: \"F\"` with literal `dims` (the last is the new feature dim)."),
        .paramFree("concat", output: .unknown),
        .paramFree("dot", output: .unknown),
        .paramFree("gather", output: .unknown, references: ["position"]),
        .paramFree("gather_nd", output: .unknown, references: ["position"]),
        .paramFree("slice_nd", output: .unknown, references: ["start", "size"]),
        .paramFree("scatter_nd", output: .unknown, references: ["position", "position_axis", "output_dim_via_time_from"]),
        .paramFree("length", output: .unknown),
        .paramFree("range", output: .unknown, defaultFrom: []),
        .paramFree("range_in_axis", output: .unknown),
        .paramFree("range_from_length", output: .unknown),
        .paramFree("constant", output: .unknown, defaultFrom: []),
        .paramFree("compare", output: .unknown),
        .paramFree("switch", output: .unknown, references: ["condition", "true_from", "false_from"]),
        .paramFree("expand_dims", output: .unknown),
        .paramFree("squeeze", output: .unknown),
        .paramFree("transpose", output: .unknown),
        .paramFree("swap_axes", output: .unknown),
        .paramFree("reinterpret_data", output: .unknown, references: ["size_base"]),
        .paramFree("split", output: .unknown),
        .paramFree("repeat", output: .unknown),
        .paramFree("tile", output: .unknown),
        .paramFree("resize", output: .unknown),
        .paramFree("remove", output: .unknown),
        .paramFree("reshape", output: .unknown),
        .paramFree("flatten_batch", output: .unknown),
        .paramFree("unflatten_batch", output: .unknown),
        .paramFree("unflatten_nd", output: .unknown, references: ["sizes"]),
        .paramFree("split_batch_time", output: .unknown, references: ["base"]),
        .paramFree("stack", output: .unknown),
        .paramFree("top_k", output: .unknown),
        .paramFree("search_sorted", output: .unknown, references: ["sorted_sequence", "values"]),
        .paramFree("reduce_out", output: .unknown),
        .paramFree("boolean_mask", output: .unknown, references: ["mask"]),
        .paramFree("positional_encoding", output: .unknown, references: ["offset"]),
        .paramFree("train_flag", output: .unknown, defaultFrom: []),
        .paramFree("global_train_step", output: .unknown, defaultFrom: []),
        .paramFree("print", output: .input),
        .paramFree("hdf_dump", output: .input),
        .paramFree("loss", output: .unknown),
        .paramFree("ctc_loss", output: .unknown),
        .paramFree("sparse_softmax_cross_entropy_with_logits", output: .unknown),
        .paramFree("edit_distance", output: .unknown),
        .paramFree("forced_align", output: .unknown),
        .paramFree("fast_bw", output: .unknown),
        .paramFree("gradient", output: .unknown),
        .paramFree("rec_last_output", output: .unknown, references: ["rec_layer"]),
        .paramFree("cum_concat", output: .unknown),
        // With optional or dummy variables.
        LayerClass(
            "combine", variables: "`b` with `with_bias: True`", shapes: "[n_out]",
            notes: "No variables by default (`with_bias` defaults to False).", output: .firstSource,
            params: combineLike),
        LayerClass(
            "eval", variables: "`b` with `with_bias: True`", shapes: "[n_out]",
            notes: "As `combine`.", output: .firstSource, params: combineLike),
        LayerClass(
            "tikhonov_regularization", variables: "`dummy`", shapes: "[]",
            notes: "A dummy scalar (from RETURNN's source, not measured).", output: .input,
            params: { _ in .params([LayerParam("dummy", [])]) }),
    ]
}
