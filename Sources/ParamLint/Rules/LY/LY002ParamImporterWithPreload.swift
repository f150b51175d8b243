public struct ParamImporterWithPreloadRule: Rule {
    public static let description = RuleDescription(
        id: "LY002", name: "param-importer-with-preload", severity: .warning,
        summary: "`custom_param_importer` on a layer that a preload entry covers: preloading never calls it.",
        rationale: """
            Importers are used only by the main checkpoint load. `preload_from_files` builds its loader \
            without the network, so an importer meant to adapt shapes (`ifpossible`, `subset`) or convert \
            values does nothing for preloaded variables — and the main load then skips them, too.
            """,
        returnnBehavior: "`CustomCheckpointLoader` for preloads gets no `network=`, so no importer (M35).",
        fix: "Load the layer through the main checkpoint (`import_model_train_epoch1`), or exclude it from the entry.",
        references: ["M35"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "network": {
                    "output": {"class": "softmax", "loss": "ce", "from": "data", "n_out": 5, "custom_param_importer": ↓"subset"}
                  },
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", "init_for_train": true}
                  }
                }
                """),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "import_model_train_epoch1": "base/net.080",
                  "network": {
                    "output": {"class": "softmax", "loss": "ce", "from": "data", "n_out": 5, "custom_param_importer": "subset"}
                  }
                }
                """, files: ["base/net.080.meta"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        var findings: [Finding] = []
        for layer in context.layers(withOption: "custom_param_importer") where !layer.isNested {
            guard let option = layer.node["custom_param_importer"] else { continue }
            let scope = layer.scope
            for entry in plan.entries where entry.active == true && plan.mayLoad(entry, inScope: scope) {
                findings.append(Finding(
                    "custom_param_importer on '\(layer.name)' is not used for preload entry '\(entry.name)', which loads this layer's variables: preloading never calls importers",
                    at: .value(option.pointer),
                    suggestions: [Suggestion("exclude '\(scope)' from the entry (ignore_params_prefixes) and load it through the main checkpoint")]))
            }
        }
        return findings
    }
}
