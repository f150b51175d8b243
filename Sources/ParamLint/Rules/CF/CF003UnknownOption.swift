public struct UnknownOptionRule: Rule {
    public static let description = RuleDescription(
        id: "CF003", name: "unknown-option", severity: .warning,
        summary: "A top-level key is not an option RETURNN knows, but is close to a loading option.",
        rationale: """
            RETURNN reads options by name and ignores every other key without a word. A misspelled \
            `preload_from_file` or `import_model_train_epoch_1` therefore leaves the job training from \
            random initialisation, and nobody notices until the scores come in.
            """,
        returnnBehavior: "Unknown keys are ignored silently; the intended option keeps its default.",
        fix: "Rename the key to the option RETURNN reads (the finding proposes it).",
        references: ["M5"],
        examples: [
            .triggering("""
                {
                  "task": "train",
                  ↓"import_model_train_epoch_1": "base/net.080"
                }
                """),
            .triggering("""
                {
                  ↓"preload_from_file": {"base": {"filename": "base.003", "init_for_train": true}}
                }
                """),
            .clean("""
                {
                  "task": "train",
                  "import_model_train_epoch1": "base/net.080",
                  "my_own_helper_value": 3
                }
                """),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let members = context.document.root?.members else { return [] }
        let loading = ReturnnOptions.loading
        return members.compactMap { member in
            let key = member.key
            guard !loading.contains(key), !ReturnnOptions.read.contains(key),
                  let best = DidYouMean.best(for: key, among: loading) else { return nil }
            return Finding(
                "unknown option '\(key)': RETURNN ignores it silently; did you mean '\(best)'?",
                at: .key(member.node.pointer),
                notes: ["RETURNN reads options by exact name; '\(best)' keeps its default"],
                suggestions: [Suggestion("rename '\(key)' to '\(best)'", pointer: member.node.pointer)])
        }
    }
}
