public struct TFOnlyOptionRule: Rule {
    public static let description = RuleDescription(
        id: "LD011", name: "tf-only-option", severity: .warning,
        summary: "`load_ignore_missing_vars` (or another TF-only loading option) in a torch config.",
        rationale: "The torch engine never reads `load_ignore_missing_vars`: missing keys still fail the run.",
        returnnBehavior: "Ignored by the torch engine (M17, verified).",
        fix: "Remove the option; on torch use a `preload_from_files` entry with `ignore_missing`.",
        references: ["M17"],
        examples: [
            .triggering("""
                {
                  "backend": "torch",
                  "task": "train",
                  ↓"load_ignore_missing_vars": true
                }
                """),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "load_ignore_missing_vars": true
                }
                """),
        ])

    static let tfOnly = ["load_ignore_missing_vars", "allow_random_model_init"]

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard context.plan?.backend == .torch, let root = context.config?.root else { return [] }
        return Self.tfOnly.compactMap { key in
            guard let member = root.member(key) else { return nil }
            return Finding("'\(key)' is a TF-only option: the torch engine ignores it",
                           at: .key(member.node.pointer),
                           suggestions: [Suggestion("remove \"\(key)\"", pointer: member.node.pointer)])
        }
    }
}
