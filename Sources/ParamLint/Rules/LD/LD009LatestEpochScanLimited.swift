public struct LatestEpochScanLimitedRule: Rule {
    public static let description = RuleDescription(
        id: "LD009", name: "latest-epoch-scan-limited", severity: .warning,
        summary: "A non-train task relying on the latest epoch while `num_epochs` is unset or lower than the trained epochs.",
        rationale: """
            Without `load` or `load_epoch`, RETURNN recognises with the latest epoch under `model` — but it \
            scans only epochs 1..num_epochs, and `num_epochs` defaults to 5. A recognition config without \
            `num_epochs` therefore silently uses epoch 5 of an 80-epoch training.
            """,
        returnnBehavior: "`get_existing_models` scans 1..`max(num_epochs, load_epoch)` only (T16b).",
        fix: "Set `load` (or `load_epoch`) explicitly, or `num_epochs` to the trained number of epochs.",
        references: ["M31", "T16"],
        examples: [
            .triggering("""
                ↓{
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "model": "models/run1/net"
                }
                """, existingEpochs: [1, 2, 3, 4, 5]),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "model": "models/run1/net",
                  "load_epoch": 80,
                  "num_epochs": 80
                }
                """, existingEpochs: [80]),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "initialize_model",
                  "model": "init/net"
                }
                """, existingEpochs: [],
                explanation: """
                    `initialize_model` builds a fresh model and saves it under `model`: it goes through the \
                    training start-up and relies on no latest epoch, so an unset `num_epochs` is no mistake:
                    """),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, let config = context.config else { return [] }
        return plan.main.events.filter { $0.kind == .latestEpochScanLimited }.map {
            Finding($0.message, at: config.numEpochs.node.map { .value($0.pointer) } ?? .document,
                    suggestions: [Suggestion("set \"load\" or \"load_epoch\" explicitly")])
        }
    }
}
