public struct LoadOnInitTrainableRule: Rule {
    public static let description = RuleDescription(
        id: "LY005", name: "load-on-init-trainable", severity: .warning,
        summary: "`load_on_init` on a trainable sub-network that training builds: its weights come from that file at every start.",
        rationale: """
            `load_on_init` initialises the sub-network when the variables are initialised — in every task \
            and at every (re)start — and marks them so that the main checkpoint does not overwrite them. A \
            trainable sub-network is trained and saved, but resumed training and recognition silently use \
            the original file's weights again.
            """,
        returnnBehavior: "`set_as_custom_init` at `initialize_params`; the main load skips those variables (M32, verified).",
        fix: "Set `\"trainable\": false` on the sub-network, or import its weights with `preload_from_files` (`init_for_train: true`).",
        references: ["M32"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "network": {
                    "lm": ↓{"class": "subnetwork", "from": "data", "load_on_init": "lm/net.020", "subnetwork": {
                      "output": {"class": "linear", "n_out": 4, "from": "data"}
                    }},
                    "output": {"class": "softmax", "loss": "ce", "from": "lm"}
                  }
                }
                """),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "network": {
                    "lm": {"class": "subnetwork", "from": "data", "load_on_init": "lm/net.020", "trainable": false, "subnetwork": {
                      "output": {"class": "linear", "n_out": 4, "from": "data"}
                    }},
                    "output": {"class": "softmax", "loss": "ce", "from": "lm"}
                  }
                }
                """),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "extern_data": {"data": {"dim": 9}, "classes": {"dim": 5, "sparse": true}},
                  "network": {
                    "enc": {"class": "linear", "activation": "tanh", "n_out": 7, "from": "data"},
                    "output": {"class": "rec", "from": [], "target": "classes", "unit": {
                      "s": {"class": "linear", "activation": "tanh", "n_out": 6, "from": ["prev:output", "base:enc"]},
                      "am_prob": {"class": "softmax", "from": "s", "loss": "ce", "target": "classes"},
                      "ext_lm": {"class": "subnetwork", "from": "prev:output", "load_on_init": "lm/net.030", "subnetwork": {
                        "output": {"class": "linear", "activation": "log_softmax", "n_out": 5, "from": "data"}
                      }},
                      "fused": {"class": "eval", "from": ["am_prob", "ext_lm"], "eval": "source(0) + 0.3 * source(1)"},
                      "output": {"class": "choice", "target": "classes", "beam_size": 12, "from": "fused"}
                    }}
                  }
                }
                """,
                explanation: """
                    Shallow fusion: the external LM has no loss and feeds only the `choice` layer's `from`, \
                    which training never builds — it gets no gradient, so reloading it from its file at \
                    every start loses nothing:
                    """),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        let candidates = context.layers(withOption: "load_on_init")
        guard !candidates.isEmpty else { return [] }
        // A layer that training never builds (a shallow-fusion LM that only feeds a choice layer's
        // `from`) gets no gradient: nothing it could learn is lost.
        let unbuilt = context.config?.network?.isDynamic == true ? [] : TrainingReachability.unbuiltScopes(context.layers)
        return candidates.compactMap { layer in
            guard let option = layer.node["load_on_init"], !option.isNull,
                  layer.node["trainable"]?.pythonTruthiness != false,
                  !unbuilt.contains(layer.scope) else { return nil }
            return Finding(
                "'\(layer.path.joined(separator: "/"))' is trainable and has load_on_init: its weights are reloaded from that file at every start, so resumed training and recognition ignore what it learned",
                at: .value(layer.node.pointer),
                suggestions: [Suggestion("add \"trainable\": false, or use preload_from_files with \"init_for_train\": true", pointer: layer.node.pointer)])
        }
    }
}
