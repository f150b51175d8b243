/// Layer classes that hold a net dict (or a cell): their sub-layers' variables are nested under them.
/// `NetworkInference` walks the nested net dicts; these declarations give the layer's own rules.
extension LayerCatalog {
    static let nested: [LayerClass] = [rec, subnetwork, cond, maskedComputation]

    static let cond = LayerClass(
        "cond",
        variables: "the variables of `condition`, `true_layer`, `false_layer` (dicts), each under the layer's own name",
        shapes: "as those layers",
        notes: "RETURNN creates each branch with the cond layer's name in its scope, so a `linear` branch gives `<cond>/W`; two branches with the same variables share them. Their references resolve in the cond's network. The output is `true_layer`'s.",
        output: .unknown,
        defaultFrom: [],
        references: ["condition", "true_layer", "false_layer"],
        params: { _ in .params([]) }
    )

    static let maskedComputation = LayerClass(
        "masked_computation",
        variables: "the variables of `unit` (a layer dict) under the layer's own name",
        shapes: "as the unit",
        notes: "The unit is created with the masked_computation layer's name, so a `linear` unit gives `<layer>/W`; inside it `data` is the layer's `from`. The output is the unit's.",
        output: .unknown,
        references: ["mask", "masked_from"],
        params: { _ in .params([]) }
    )

    static let rec = LayerClass(
        "rec",
        kind: .rec,
        variables: "string `unit`: `rec/W`, `rec/W_re`, `rec/b` (NativeLSTM2) or `rec/lstm_cell/kernel`, `rec/lstm_cell/bias` (`standardlstm`); dict `unit`: `rec/<sub-layer>/…`",
        shapes: "`W` [n_in, 4n], `W_re` [n, 4n], `b` [4n]; `kernel` [n_in + n, 4n], `bias` [4n]",
        notes: "`lstm`, `lstmp`, `nativelstm`, `nativelstm2`, `LSTMBlock`, `LSTMBlockFused` all give NativeLSTM2's names (TF ≥ 2 replaces LSTMBlock). `input_projection: False` drops `W` and `b`. `cudnnlstm` also (no GPU: LSTMBlockFused). `BasicLSTM` gives `rec/basic_lstm_cell/{kernel,bias}`, `zoneoutlstm` `rec/lstm_cell/{kernel,bias}` (as `standardlstm`), `NativeLstmLowMem` `rec/W` [n_in + n, 4n] and `rec/b`, `layernormvariantslstm` (default options) `rec/W_ff`, `rec/W_re`, `rec/{beta,gamma}_input_below` [4n], `rec/gamma_state_below` [4n], `rec/{beta,gamma}_new_c` [n]. `unit_opts` that leave the variables alone are allowed (NativeLSTM2: `rec_weight_dropout(_shape)`, `forget_bias: 0`; LSTMCell: `forget_bias`, `cell_clip`, …; zoneout factors). `direction: -1` does not change the names (bidirectional pairs differ only by layer name). With `name_scope` the `rec/` level is dropped. A dict `unit` is a loop net: its sub-layers live under `<layer>/rec/`, including those RETURNN moves out of the loop; `data:source` is the rec input, `prev:x` the previous frame of `x`. `rhn` gives `rec/W` [n_in, 2n], `rec/b` [2n] and `rec/rhn_cell/depth_<i>/W` [n, 2n] per depth (default 5). Other units (GRU, …) are unknown; a unit RETURNN does not know is reported with its \"unknown cell\" error.",
        output: .custom { ctx in
            LayerShape(dim: ctx.nOut, rank: ctx.input?.rank.map { $0 + ((ctx.input?.sparse ?? false) ? 1 : 0) })
        },
        references: ["initial_state", "max_seq_len_via"],
        params: { ctx in
            guard let unitNode = ctx["unit"] else { return recCellParams(ctx, unit: "lstm") }
            if let unit = unitNode.stringValue { return recCellParams(ctx, unit: unit) }
            if unitNode.members != nil { return .params([]) }  // the loop net: walked by NetworkInference
            return .unknown("`unit` is neither a string nor a net dict")
        }
    )

    static let subnetwork = LayerClass(
        "subnetwork",
        kind: .subnetwork,
        variables: "`<sub-layer>/…`",
        shapes: "as the sub-layers",
        notes: "Sub-layers are named `<layer>/<sub-layer>/<param>`, recursively. Inside, `data` is the subnetwork's input (`from`), `data:<key>` the outer extern data, `base:x` the outer layer `x`. Constructed sub-layers: `output` and those with a loss or `is_output_layer`, plus what they reach. The output is the sub-layer `output`'s.",
        output: .unknown,
        params: { _ in .params([]) }
    )
}
