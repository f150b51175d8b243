public struct StartEpochIgnoredRule: Rule {
    public static let description = RuleDescription(
        id: "LD006", name: "start-epoch-ignored", severity: .warning,
        severityNote: "error when an older epoch exists: RETURNN fails with a KeyError",
        summary: "`start_epoch` > 1 that RETURNN will ignore, or fail on.",
        rationale: """
            `start_epoch` does not set the epoch: RETURNN only honours it when `model` holds the checkpoint of \
            the epoch before. Otherwise training silently starts at epoch 1 — or, when an older epoch exists, \
            RETURNN fails with a `KeyError`.
            """,
        returnnBehavior: "Without `model.(start_epoch-1)`: ignored, training starts at 1 (T12, T13, T14c); with an older epoch present: `KeyError` (T14).",
        fix: "Remove `start_epoch`, or make sure `model` holds the epoch before it.",
        references: ["M24", "T12", "T13", "T14", "T14c"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "model": "models/run1/net",
                  "start_epoch": ↓5
                }
                """, existingEpochs: []),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "model": "models/run1/net",
                  "start_epoch": 5
                }
                """, existingEpochs: [1, 2, 3, 4]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, let config = context.config, let pointer = config.startEpoch.node?.pointer else { return [] }
        if plan.loading.stage == .getEpochModel, plan.loading.pointer == pointer {
            return [Finding("RETURNN will fail: \(plan.loading.message ?? "start_epoch cannot be honoured")",
                            at: .value(pointer), severity: .error)]
        }
        return plan.main.events.filter { $0.kind == .startEpochIgnored }.map {
            Finding($0.message, at: .value(pointer),
                    suggestions: [Suggestion("remove \"start_epoch\"", pointer: pointer)])
        }
    }
}
