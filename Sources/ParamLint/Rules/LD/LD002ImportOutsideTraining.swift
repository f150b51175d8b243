public struct ImportOutsideTrainingRule: Rule {
    public static let description = RuleDescription(
        id: "LD002", name: "import-outside-training", severity: .warning,
        summary: "`import_model_train_epoch1` in a config whose task is not `train`: it is ignored, yet its file must exist.",
        rationale: """
            A recognition config copied from a training config often keeps the training's import. RETURNN \
            ignores it outside training — the model comes from `load` or the latest epoch — but still asserts \
            that its `.meta` file exists, so a cleaned-up import directory kills the recognition job.
            """,
        returnnBehavior: "Ignored for the choice of the model (T20); `assert os.path.exists(I + \".meta\")` still runs in every task (T23).",
        fix: "Remove `import_model_train_epoch1` from non-training configs.",
        references: ["T20", "M23"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": "models/net.080",
                  "import_model_train_epoch1": ↓"baseline/net.040"
                }
                """, files: ["models/net.080.meta", "baseline/net.040.meta"]),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": "models/net.080"
                }
                """, files: ["models/net.080.meta"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, let config = context.config, plan.task != "train",
              let raw = config.importModelTrainEpoch1.value, !raw.isEmpty,
              let pointer = config.importModelTrainEpoch1.node?.pointer else { return [] }
        return [Finding(
            "'import_model_train_epoch1' is ignored in task '\(plan.task)', but RETURNN still asserts that its file exists",
            at: .value(pointer),
            suggestions: [Suggestion("remove \"import_model_train_epoch1\" from this config", pointer: pointer)])]
    }
}
