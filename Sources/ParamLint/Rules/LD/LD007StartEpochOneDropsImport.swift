public struct StartEpochOneDropsImportRule: Rule {
    public static let description = RuleDescription(
        id: "LD007", name: "start-epoch-one-drops-import", severity: .warning,
        summary: "`start_epoch: 1` with existing epochs: training restarts from random init and an import is dropped.",
        rationale: """
            With `start_epoch: 1` RETURNN first picks the latest existing epoch, then discards it because of \
            `start_epoch`, and starts from random initialisation — the import is not used either. The old \
            epochs are overwritten as the new training saves.
            """,
        returnnBehavior: "Only a low-verbosity warning \"there is an existing model\"; the main model becomes none (T10, T10b).",
        fix: "Point `model` at a fresh directory for a new training, or remove `start_epoch` to resume.",
        references: ["M25", "T10", "T10b"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "model": "models/run1/net",
                  "import_model_train_epoch1": "baseline/net.080",
                  "start_epoch": ↓1
                }
                """, files: ["baseline/net.080.meta"], existingEpochs: [1, 2]),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "model": "models/run1/net",
                  "import_model_train_epoch1": "baseline/net.080",
                  "start_epoch": 1
                }
                """, files: ["baseline/net.080.meta"], existingEpochs: []),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, let config = context.config, let pointer = config.startEpoch.node?.pointer,
              plan.main.events.contains(where: { $0.kind == .startEpochResetsExisting }) else { return [] }
        let dropsImport = plan.main.events.contains { $0.kind == .importIgnoredStartEpoch }
        return [Finding(
            "start_epoch=1 while 'model' already has epochs \(plan.existingEpochs.map(String.init).joined(separator: ", ")): training restarts from random initialisation" +
                (dropsImport ? " and 'import_model_train_epoch1' is not used" : "") + "; the old epochs will be overwritten",
            at: .value(pointer),
            suggestions: [Suggestion("use a fresh 'model' path for a new training, or remove \"start_epoch\" to resume", pointer: pointer)])]
    }
}
