public struct ParamImporterNestedRule: Rule {
    public static let description = RuleDescription(
        id: "LY001", name: "param-importer-nested", severity: .warning,
        summary: "`custom_param_importer` on a layer inside a sub-network or rec unit: it is never registered.",
        rationale: """
            RETURNN creates parameter importers only for the top-level layers of the network. On a nested \
            layer the option does nothing: its parameters load by plain name matching, and a callable is \
            never called.
            """,
        returnnBehavior: "Only `network.layers.values()` get an importer (`network.py:4555-4563`, M34).",
        fix: "Put `custom_param_importer` on the top-level layer that contains it (it then sees all its variables), or use `var_name_mapping`.",
        references: ["M34"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "network": {
                    "lm": {"class": "subnetwork", "from": "data", "subnetwork": {
                      "proj": {"class": "linear", "n_out": 4, "from": "data", "custom_param_importer": ↓"ifpossible"},
                      "output": {"class": "copy", "from": "proj"}
                    }},
                    "output": {"class": "softmax", "loss": "ce", "from": "lm"}
                  }
                }
                """),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "network": {
                    "lm": {"class": "subnetwork", "from": "data", "custom_param_importer": "ifpossible", "subnetwork": {
                      "proj": {"class": "linear", "n_out": 4, "from": "data"},
                      "output": {"class": "copy", "from": "proj"}
                    }},
                    "output": {"class": "softmax", "loss": "ce", "from": "lm"}
                  }
                }
                """),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        context.layers(withOption: "custom_param_importer").compactMap { layer in
            guard layer.isNested, let option = layer.node["custom_param_importer"] else { return nil }
            let top = layer.path[0]
            return Finding(
                "custom_param_importer on '\(layer.path.joined(separator: "/"))' (inside a \(layer.container ?? "sub-network")) is never used: RETURNN registers importers only for top-level layers",
                at: .value(option.pointer),
                notes: ["its parameters load by plain name matching"],
                suggestions: [Suggestion("set custom_param_importer on the top-level layer '\(top)' instead")])
        }
    }
}
