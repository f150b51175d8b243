public struct LoadShadowedByImportRule: Rule {
    public static let description = RuleDescription(
        id: "LD003", name: "load-shadowed-by-import", severity: .warning,
        summary: "Training with both `load` and `import_model_train_epoch1`: `load` is ignored silently.",
        rationale: """
            In a new training RETURNN prefers `import_model_train_epoch1` over `load` without a word. Whoever \
            set `load` expected that file to be the initial model.
            """,
        returnnBehavior: "`get_epoch_model` branch B3 takes the import; `load` is dropped silently (T8).",
        fix: "Keep one of the two options.",
        references: ["T8"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "load": ↓"other/net.010",
                  "import_model_train_epoch1": "baseline/net.080"
                }
                """, files: ["other/net.010.meta", "baseline/net.080.meta"]),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "import_model_train_epoch1": "baseline/net.080"
                }
                """, files: ["baseline/net.080.meta"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, let config = context.config,
              plan.main.events.contains(where: { $0.kind == .loadShadowedByImport }),
              let pointer = config.load.node?.pointer else { return [] }
        return [Finding(
            "'load' is ignored silently: in a new training RETURNN uses 'import_model_train_epoch1' ('\(config.importModelTrainEpoch1.value ?? "")') instead",
            at: .value(pointer),
            suggestions: [Suggestion("remove \"load\", or remove \"import_model_train_epoch1\" if 'load' is the model you mean", pointer: pointer)])]
    }
}
