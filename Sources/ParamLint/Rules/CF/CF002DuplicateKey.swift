public struct DuplicateKeyRule: Rule {
    public static let description = RuleDescription(
        id: "CF002", name: "duplicate-key", severity: .error,
        summary: "An object has the same key twice; RETURNN keeps the last one silently.",
        rationale: """
            Python's `json.loads` and dict literals keep the last value of a repeated key without a word. \
            When a config is edited by hand, the earlier value is usually the one the author is looking at.
            """,
        returnnBehavior: "The last occurrence wins; the first is dropped silently.",
        fix: "Delete one of the two occurrences, keeping the value you mean.",
        references: ["semantics §5"],
        examples: [
            .triggering("""
                {
                  "preload_from_files": {
                    "base": {"filename": "base.003", "init_for_train": true,
                             ↓"init_for_train": false}
                  }
                }
                """),
            .clean("""
                {
                  "preload_from_files": {
                    "base": {"filename": "base.003", "init_for_train": true}
                  }
                }
                """),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        context.document.duplicateKeys.map { dup in
            let first = dup.firstKeyRange.start
            return Finding(
                "key '\(dup.key)' appears twice in \(dup.objectPointer.tokens.isEmpty ? "the top level" : "'\(dup.objectPointer)'"); RETURNN keeps the last value",
                at: .range(dup.laterKeyRange, dup.objectPointer.appending(dup.key)),
                notes: ["first occurrence at \(context.document.file):\(first.line):\(first.column)"],
                suggestions: [Suggestion("remove one of the two '\(dup.key)' keys", pointer: dup.objectPointer.appending(dup.key))])
        }
    }
}
