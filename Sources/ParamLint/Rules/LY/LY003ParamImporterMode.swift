public struct ParamImporterModeRule: Rule {
    public static let description = RuleDescription(
        id: "LY003", name: "param-importer-mode", severity: .error,
        summary: "A `custom_param_importer` string other than `ifpossible`, `subset` or `reset`.",
        rationale: "A string importer is a copy mode. Any other string fails an assertion when the main checkpoint is loaded.",
        returnnBehavior: "`assert copy_param_mode in [None, \"ifpossible\", \"subset\"]` after `\"reset\"` is handled (`layers/base.py:1446-1448`).",
        fix: "Use `\"ifpossible\"` (skip mismatching shapes), `\"subset\"` (copy the overlap) or `\"reset\"` (keep the random init).",
        references: ["semantics §1.6"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "network": {
                    "output": {"class": "softmax", "loss": "ce", "from": "data", "custom_param_importer": ↓"if_possible"}
                  }
                }
                """),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "network": {
                    "output": {"class": "softmax", "loss": "ce", "from": "data", "custom_param_importer": "ifpossible"}
                  }
                }
                """),
        ])

    static let modes = ["ifpossible", "subset", "reset"]

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        context.layers(withOption: "custom_param_importer").compactMap { layer in
            guard let option = layer.node["custom_param_importer"], let mode = option.stringValue,
                  !Self.modes.contains(mode) else { return nil }
            let best = DidYouMean.best(for: mode, among: Self.modes)
            return Finding(
                "custom_param_importer '\(mode)' on '\(layer.path.joined(separator: "/"))' is not a copy mode: RETURNN fails an assertion when it loads the main checkpoint" +
                    (best.map { "; did you mean '\($0)'?" } ?? ""),
                at: .value(option.pointer),
                suggestions: best.map { [Suggestion("write \"\($0)\"", pointer: option.pointer)] } ?? [])
        }
    }
}
