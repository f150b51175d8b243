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
