public struct PreloadMissingFilenameRule: Rule {
    public static let description = RuleDescription(
        id: "PL003", name: "preload-missing-filename", severity: .error,
        summary: "A preload entry without `filename`.",
        rationale: "Every entry needs the checkpoint to read; without `filename` RETURNN fails when it reaches the entry.",
        returnnBehavior: "TF: `KeyError: 'filename'` (verified E17); torch: a bare `AssertionError`.",
        fix: "Add `\"filename\"` with the checkpoint prefix (torch: `null` for a random-init entry with `pattern`).",
        references: ["semantics §1.2", "semantics §1.3"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": ↓{"prefix": "enc/", "init_for_train": true}
                  }
                }
                """),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", "prefix": "enc/", "init_for_train": true}
                  }
                }
                """),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let config = context.config, context.plan != nil else { return [] }
        return config.preloadEntries.filter { $0.filename == .missing }.map { entry in
            Finding("preload entry '\(entry.name)' has no 'filename': RETURNN fails when it reaches this entry",
                    at: .value(entry.pointer),
                    suggestions: [Suggestion("add \"filename\": \"<checkpoint prefix>\"", pointer: entry.pointer)])
        }
    }
}
