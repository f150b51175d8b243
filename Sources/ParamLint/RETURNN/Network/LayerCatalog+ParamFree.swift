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

    /// The sizes of the spatial axes after a conv or pool (`ConvLayer.calc_out_dim`): `same` is
    /// ceil(n / stride), `valid` ceil((n - (k - 1)·dilation) / stride); a dynamic axis stays dynamic.
    /// nil unless the options are literal and there is one window size per known spatial axis.
    static func windowedSpatial(_ ctx: LayerContext, sizeKey: String, defaultStridesToSize: Bool) -> [Int?]? {
        guard let spatial = ctx.input?.spatial, let sizes = ctx.ints(sizeKey), sizes.count == spatial.count else { return nil }
        if let dims = ctx["in_spatial_dims"] { guard dims.elements?.count == spatial.count else { return nil } }
        func perAxis(_ key: String, _ fallback: [Int]) -> [Int]? {
            guard ctx[key] != nil, !(ctx[key]?.isNull ?? true) else { return fallback }
            guard let v = ctx.ints(key) else { return nil }
            if v.count == 1 { return Array(repeating: v[0], count: spatial.count) }
            return v.count == spatial.count ? v : nil
        }
        guard let strides = perAxis("strides", defaultStridesToSize ? sizes : Array(repeating: 1, count: sizes.count)),
              let dilation = perAxis("dilation_rate", Array(repeating: 1, count: sizes.count)) else { return nil }
        let padding: String
        if let node = ctx["padding"] {
            guard let p = node.stringValue?.lowercased() else { return nil }
            padding = p
        } else {
            padding = "valid"
        }
        guard padding == "same" || padding == "valid" else { return nil }
        return spatial.indices.map { i -> Int? in
            guard let n = spatial[i], strides[i] > 0 else { return nil }
            let length = padding == "same" ? n : n - (sizes[i] - 1) * dilation[i]
            return length <= 0 ? nil : (length + strides[i] - 1) / strides[i]
        }
    }

    static let combineLike: @Sendable (LayerContext) -> LayerParamsResult = { ctx in
        guard let withBias = ctx.flag("with_bias", default: false) else { return .unknown("dynamic `with_bias`") }
        let dim: Int?
        if ctx["n_out"] != nil {
            dim = ctx.int("n_out")
        } else if let outType = ctx["out_type"] {
            dim = outType["dim"]?.intValue  // (a dynamic out_type: the dim is not known)
        } else {
            dim = ctx.sources.first??.dim
        }
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
        .paramFree("pool", output: .custom { ctx in
            guard var s = ctx.input else { return nil }
            s.spatial = windowedSpatial(ctx, sizeKey: "pool_size", defaultStridesToSize: true)
            return s
        }, notes: "The input's dim; static spatial sizes follow `pool_size`, `strides` (default: pool_size), `padding`."),
        .paramFree("prefix_in_time", output: .input),
        .paramFree("postfix_in_time", output: .input),
        .paramFree("shift_axis", output: .input),
        .paramFree("time_chunking", output: .input),
        .paramFree("time_unchunking", output: .input),
        .paramFree("cumsum", output: .input),
        .paramFree("decide", output: .input),
        .paramFree("window", output: .custom { ctx in
            ctx.input.map { input in
                let size = ctx.int("window_size")
                let spatial = input.spatial.flatMap { sp in size.map { sp + [$0] } }
                return LayerShape(dim: input.dim, sparse: input.sparse, rank: input.rank.map { $0 + 1 },
                                  spatial: ctx["window_dim"] == nil && ctx["axis"] == nil ? spatial : nil)
            }
        }, notes: "Adds a window axis; the feature dim stays."),
        // Along the time axis only when `axes`/`axis` say so.
        .paramFree("reduce", output: alongTime(key: "axes", removesAxis: true),
                   notes: "Output derived only for `axes: \"T\"`."),
        .paramFree("pad", output: alongTime(key: "axes", removesAxis: false),
                   notes: "Output derived only for `axes: \"T\"`."),
        .paramFree("slice", output: .custom { ctx in
            guard let input = ctx.input else { return nil }
            if isTimeAxis(ctx["axis"]) { return input }
            // `axis: "F"`: Python's len(range(*slice(start, end, step).indices(dim))) (oracle case n48).
            guard let a = ctx["axis"]?.stringValue, a == "F" || a == "f", !input.sparse, let dim = input.dim else { return nil }
            func bound(_ key: String) -> Int?? {
                guard let node = ctx[key], !node.isNull else { return .some(nil) }
                return node.intValue.map { .some($0) }
            }
            guard let start = bound("slice_start"), let end = bound("slice_end"), let stepValue = bound("slice_step")
            else { return nil }
            let step = stepValue ?? 1
            guard step > 0 else { return nil }
            func clamp(_ v: Int?, _ fallback: Int) -> Int {
                guard var v else { return fallback }
                if v < 0 { v += dim }
                return min(max(v, 0), dim)
            }
            let lo = clamp(start, 0), hi = clamp(end, dim)
            let count = hi > lo ? (hi - lo + step - 1) / step : 0
            return LayerShape(dim: count, rank: input.rank, spatial: input.spatial)
        }, notes: "Output derived for `axis: \"T\"` and for `axis: \"F\"` with literal `slice_start`/`slice_end`/`slice_step`."),
        .paramFree("gating", output: .custom { ctx in
            guard let input = ctx.input, !input.sparse else { return nil }
            let half = input.dim.flatMap { $0 % 2 == 0 ? $0 / 2 : nil }
            return LayerShape(dim: ctx["n_out"] != nil ? ctx.int("n_out") : half, rank: input.rank)
        }, notes: "Half the input dim."),
        .paramFree("choice", output: .custom { ctx in
            if let input = ctx.input { return LayerShape(dim: input.dim, sparse: true, rank: input.rank.map { $0 - 1 }) }
            // Without search the `from` is dropped and the output is the target.
            return ctx.nOut.map { LayerShape(dim: $0, sparse: true, rank: ctx.insideRecLoop ? 1 : 2) }
        }, notes: "Sparse labels over the input's dim. Without search (training) RETURNN drops its `from` (nothing is built for it) and the output is the target."),
        .paramFree("get_last_hidden_state", output: .nOut),
        // Output not derived.
        .paramFree("merge_dims", output: .custom { ctx in
            guard let input = ctx.input, !input.sparse else { return nil }
            if let special = ctx["axes"]?.stringValue {
                // `"except_batch"`, `"static"`: products over the axes whose sizes are known (oracle
                // case n39). With `keep_order` (the default from behavior version 6 on) RETURNN asserts
                // a list.
                guard ctx.flag("keep_order", default: ctx.behaviorVersion >= 6) == false,
                      let spatial = input.spatial, let dim = input.dim, spatial.count + 2 == input.rank else { return nil }
                switch special {
                case "except_batch":
                    var product = dim
                    for s in spatial {
                        guard let s else { return nil }
                        product *= s
                    }
                    return LayerShape(dim: product, rank: 2, spatial: [])
                case "except_time":
                    guard let first = spatial.first, first == nil else { return nil }
                    var product = dim
                    for s in spatial.dropFirst() {
                        guard let s else { return nil }
                        product *= s
                    }
                    return LayerShape(dim: product, rank: 3, spatial: [nil])
                case "static":
                    let statics = spatial.compactMap { $0 }
                    let dynamic = spatial.filter { $0 == nil }
                    return LayerShape(dim: statics.reduce(dim, *), rank: 2 + dynamic.count, spatial: dynamic)
                default:
                    return nil
                }
            }
            // Merging the feature axis with static axes named by size (`"dim:9"`): their product.
            guard let axes = ctx["axes"]?.elements, axes.count > 1 else { return nil }
            var dim = 1
            var hasFeature = false
            for axis in axes {
                guard let a = axis.stringValue else { return nil }
                // `"dim:<n>"` with n the feature dim names the feature axis (RETURNN raises when the
                // size matches more than one axis).
                if a == "F" || a == "f" || (!hasFeature && input.dim.map { a == "dim:\($0)" } ?? false
                                            && !(input.spatial?.contains(input.dim) ?? false)) {
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
            guard let input = ctx.input, !input.sparse, ctx["axis"]?.stringValue == "F" || ctx["axis"]?.stringValue == "f",
                  var dims = ctx.ints("dims"), !dims.isEmpty else { return nil }
            // One -1 takes what the others leave of the input dim.
            if let hole = dims.firstIndex(of: -1) {
                let known = dims.enumerated().filter { $0.offset != hole }.map(\.element)
                let product = known.reduce(1, *)
                guard let dim = input.dim, !known.contains(where: { $0 <= 0 }), product > 0, dim % product == 0 else { return nil }
                dims[hole] = dim / product
            }
            guard let last = dims.last, last > 0, dims.allSatisfy({ $0 > 0 }) else { return nil }
            return LayerShape(dim: last, rank: input.rank.map { $0 + dims.count - 1 },
                              spatial: input.spatial.map { $0 + dims.dropLast().map { Optional($0) } })
        }, notes: "Output derived only for `axis: \"F\"` with literal `dims` (the last is the new feature dim)."),
        .paramFree("concat", output: .unknown),
        .paramFree("dot", output: .unknown),
        .paramFree("gather", output: .unknown, references: ["position"]),
        .paramFree("gather_nd", output: .unknown, references: ["position"]),
        .paramFree("slice_nd", output: .unknown, references: ["start", "size"]),
        .paramFree("scatter_nd", output: .unknown, references: ["position", "output_dim_via_time_from"]),
        .paramFree("length", output: .unknown),
        .paramFree("range", output: .unknown, defaultFrom: []),
        .paramFree("range_in_axis", output: .unknown),
        .paramFree("range_from_length", output: .unknown),
        .paramFree("constant", output: .unknown, defaultFrom: []),
        .paramFree("compare", output: .unknown),
        .paramFree("switch", output: .custom { ctx in
            // The output is `true_from`'s (a layer), else `false_from`'s (oracle case n49).
            ctx.referenced["true_from"] ?? ctx.referenced["false_from"]
        }, notes: "Output: `true_from`'s (or `false_from`'s) when a layer.", references: ["condition", "true_from", "false_from"],
                   shapeReferences: ["true_from", "false_from"]),
        .paramFree("expand_dims", output: .custom { ctx in
            // A new axis of size 1 that is not the feature axis (`"spatial"`, `"T"`, …).
            guard let input = ctx.input, let a = ctx["axis"]?.stringValue, a != "F", a != "f", a != "feature",
                  ctx["dim"] == nil || ctx.int("dim") == 1 else { return nil }
            return LayerShape(dim: input.dim, sparse: input.sparse, rank: input.rank.map { $0 + 1 })
        }, notes: "Output derived for a new non-feature axis of size 1."),
        .paramFree("squeeze", output: .custom { ctx in
            // Squeezing a size-1 axis named `"dim:1"` (not the feature axis): the feature dim stays.
            guard let input = ctx.input, ctx["axis"]?.stringValue == "dim:1", input.dim != 1 else { return nil }
            return LayerShape(dim: input.dim, sparse: input.sparse, rank: input.rank.map { $0 - 1 })
        }, notes: "Output derived for `axis: \"dim:1\"` on a non-1 feature dim."),
        .paramFree("transpose", output: .unknown),
        .paramFree("swap_axes", output: .unknown),
        .paramFree("reinterpret_data", output: .custom { ctx in
            guard var s = ctx.input else { return nil }
            // Options that keep the feature dim; sparsity options change it as RETURNN's
            // get_out_data_from_opts does (oracle cases n48, n50).
            let keeping: Set<String> = ["class", "from", "set_axes", "enforce_batch_major", "enforce_time_major",
                                        "size_base", "set_dim_tags", "batch_dim_base", "register_as_extern_data",
                                        "is_output_layer", "loss", "target", "trainable", "name_scope"]
            for m in ctx.options.members ?? [] where !keeping.contains(m.key) {
                switch m.key {
                case "set_sparse":
                    guard let b = m.node.boolValue else { return nil }
                    if b != s.sparse { return nil }  // dense <-> sparse moves the feature axis
                case "set_sparse_dim":
                    guard s.sparse, let d = m.node.intValue else { return nil }
                    s.dim = d
                case "increase_sparse_dim":
                    guard s.sparse, let d = m.node.intValue, let dim = s.dim else { return nil }
                    s.dim = dim + d
                default:
                    return nil
                }
            }
            return s
        }, notes: "Output: the input's, with `set_sparse_dim` / `increase_sparse_dim` applied; other options leave it underived.",
                   references: ["size_base"]),
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
        .paramFree("reduce_out", output: .custom { ctx in
            // input.dim // num_pieces (oracle case n49).
            guard let input = ctx.input, !input.sparse, ctx["out_dim"] == nil, let pieces = ctx.int("num_pieces"), pieces > 0,
                  let dim = input.dim else { return nil }
            return LayerShape(dim: dim / pieces, rank: input.rank, spatial: input.spatial)
        }, notes: "Output: `input dim // num_pieces`."),
        .paramFree("boolean_mask", output: .unknown, references: ["mask"]),
        .paramFree("positional_encoding", output: .custom { ctx in
            // With `add_to_input` the input's; else `n_out` on the input's axes (oracle case n47).
            guard let input = ctx.input, let add = ctx.flag("add_to_input", default: false) else { return nil }
            if add { return input }
            return LayerShape(dim: ctx.nOut, rank: input.rank.map { $0 + (input.sparse ? 1 : 0) })
        }, notes: "Output: the input's with `add_to_input`, else `n_out`.", references: ["offset"]),
        .paramFree("train_flag", output: .unknown, defaultFrom: []),
        .paramFree("global_train_step", output: .unknown, defaultFrom: []),
        .paramFree("print", output: .input),
        .paramFree("hdf_dump", output: .input),
        .paramFree("loss", output: .unknown),
        .paramFree("ctc_loss", output: .unknown),
        .paramFree("sparse_softmax_cross_entropy_with_logits", output: .unknown),
        .paramFree("edit_distance", output: .unknown),
        .paramFree("forced_align", output: .unknown),
        .paramFree("fast_bw", output: .input, notes: "The input's shape (the Baum-Welch posteriors over the input's scores)."),
        .paramFree("gradient", output: .unknown),
        .paramFree("rec_last_output", output: .unknown, references: ["rec_layer"]),
        .paramFree("cum_concat", output: .unknown),
        // Classes RETURNN 1.20261022 defines without variables of their own (their source creates
        // none); `"*"`: their string options naming layers are followed as references.
        .paramFree("source", output: .custom { ctx in ctx.referenced["data_key"] },
                   notes: "The extern data `data_key` (default `data`).", defaultFrom: []),
        .paramFree("identity", output: .input, references: ["*"]),
        .paramFree("generic_attention", output: .custom { ctx in
            // DotLayer(weights, base): weights' axes other than batch, the reduced time axis and
            // dim-1 axes (auto_squeeze), then base's feature (oracle cases n38, n39).
            guard let base = ctx.referenced["base"], let weights = ctx.referenced["weights"], !base.sparse,
                  let w = weights.rank, w >= 3, let wDim = weights.dim
            else { return LayerShape(dim: ctx.referenced["base"]?.dim, rank: nil) }
            let heads: [Int?] = wDim == 1 ? [] : [wDim]
            let others = w - 3  // weights' axes besides batch, the reduced time axis and its feature
            return LayerShape(dim: base.dim, rank: 2 + others + heads.count, spatial: others == 0 ? heads : nil)
        }, notes: "Output: `base`'s feature dim, after the weights' remaining axes (heads).", defaultFrom: [],
                   references: ["base", "weights"], shapeReferences: ["base", "weights"]),
        .paramFree("dot_attention", output: .custom { ctx in
            LayerShape(dim: ctx.referenced["base"]?.dim, rank: ctx.input?.rank)
        }, notes: "Output: `base`'s feature dim.", references: ["base", "base_ctx"], shapeReferences: ["base"]),
        .paramFree("gauss_window_attention", output: .unknown, references: ["*"]),
        .paramFree("mel_filterbank", output: .nOut, notes: "Output: `n_out` (RETURNN's out_type dim; it must equal `nr_of_filters`)."),
        .paramFree("stft", output: .custom { ctx in
            guard let fft = ctx.int("fft_size") ?? (ctx["fft_size"] == nil ? ctx.int("frame_size") : nil), ctx["out_dim"] == nil
            else { return nil }
            return LayerShape(dim: fft / 2 + 1, rank: ctx.input?.rank)
        }, notes: "Output: `fft_size // 2 + 1` (fft_size defaults to frame_size), complex."),
        .paramFree("istft", output: .unknown),
        .paramFree("unmask", output: .input, references: ["mask"]),
        .paramFree("combine_dims", output: .unknown),
        .paramFree("choice_get_beam_scores", output: .unknown),
        .paramFree("choice_get_src_beams", output: .unknown),
        .paramFree("decide_keep_beam", output: .input),
        .paramFree("split_batch_beam", output: .unknown),
        .paramFree("variable_read", output: .unknown, references: ["var"]),
        .paramFree("variable_assign", output: .unknown, references: ["var", "value"]),
        .paramFree("rand_int", output: .unknown, defaultFrom: [], references: ["*"]),
        .paramFree("random_state_init", output: .unknown, defaultFrom: []),
        .paramFree("batch_softmax", output: .input),
        .paramFree("batch_median_pooling", output: .unknown),
        .paramFree("dct", output: .unknown),
        .paramFree("fold", output: .unknown),
        .paramFree("synthetic_gradient", output: .input, references: ["*"]),
        .paramFree("framewise_statistics", output: .unknown),
        .paramFree("image_summary", output: .unknown),
        .paramFree("get_rec_accumulated", output: .unknown, references: ["*"]),
        .paramFree("rec_unstack", output: .unknown),
        .paramFree("edit_distance_table", output: .unknown, references: ["*"]),
        .paramFree("optimal_completions", output: .unknown, references: ["*"]),
        .paramFree("swap_time_feature", output: .unknown),
        .paramFree("flatten_time", output: .unknown),
        .paramFree("tile_features", output: .unknown),
        .paramFree("fill_unused", output: .unknown, references: ["*"]),
        .paramFree("normalize_length_scores", output: .unknown, references: ["*"]),
        .paramFree("apply_length_distribution", output: .unknown, references: ["*"]),
        .paramFree("segment_input", output: .unknown, references: ["*"]),
        .paramFree("unsegment_input", output: .unknown, references: ["*"]),
        .paramFree("segment_alignment", output: .unknown, references: ["*"]),
        .paramFree("classes_to_segments", output: .unknown, references: ["*"]),
        .paramFree("classes_to_length_distribution", output: .unknown, references: ["*"]),
        .paramFree("classes_to_length_distribution_global", output: .unknown, references: ["*"]),
        .paramFree("alternating_real_to_complex", output: .unknown),
        .paramFree("complex_to_alternating_real", output: .unknown),
        .paramFree("split_concatenated_multichannel", output: .unknown),
        .paramFree("multichannel_stft_layer", output: .unknown),
        .paramFree("multichannel_multiresolution_stft_layer", output: .unknown),
        .paramFree("first_t_frames_noise_estimator", output: .unknown),
        .paramFree("signal_masking", output: .unknown, references: ["*"]),
        .paramFree("parametric_wiener_filter", output: .unknown, references: ["*"]),
        .paramFree("mask_based_gevbeamforming", output: .unknown, references: ["*"]),
        .paramFree("mask_based_mvdrbeamforming", output: .unknown, references: ["*"]),
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
