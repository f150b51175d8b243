public struct MainCheckpointMissingRule: Rule {
    public static let description = RuleDescription(
        id: "LD004", name: "main-checkpoint-missing", severity: .error,
        summary: "`load` / `import_model_train_epoch1` / `load_epoch` does not resolve to the files RETURNN asserts.",
        rationale: """
            RETURNN asserts at start-up that `load` resolves to `P.meta` or `P` (TF; `P.pt` on torch) and that \
            `import_model_train_epoch1` resolves to `P.meta` — in every task, even where the option is then \
            ignored. A checkpoint converted or averaged without its meta graph passes TensorFlow's own reader \
            but not this check.
            """,
        returnnBehavior: "`AssertionError: config option load='…', file '….meta' does not exist` (T22); a bare `AssertionError` for the import (T23, M21).",
        fix: "Point the option at a checkpoint prefix whose `.meta` (TF) or `.pt` (torch) file exists.",
        references: ["M21", "M23", "T22", "T23", "T18"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "import_model_train_epoch1": ↓"baseline/averaged"
                }
                """, files: ["baseline/averaged.index", "baseline/averaged.data-00000-of-00001"],
                explanation: "An averaged checkpoint written without a meta graph:"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "import_model_train_epoch1": "baseline/net.080"
                }
                """, files: ["baseline/net.080.meta", "baseline/net.080.index"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.loading.error == .checkpointMissing, plan.loading.stage == .getEpochModel,
              let config = context.config, let pointer = plan.loading.pointer,
              pointer != config.startEpoch.node?.pointer else { return [] }
        return [Finding(
            "RETURNN will refuse to start: \(plan.loading.message ?? "the checkpoint does not exist")",
            at: .value(pointer),
            notes: ["RETURNN checks this file in every task, even when the option is then ignored"])]
    }
}
