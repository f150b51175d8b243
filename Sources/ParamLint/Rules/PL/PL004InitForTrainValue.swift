public struct InitForTrainValueRule: Rule {
    public static let description = RuleDescription(
        id: "PL004", name: "init-for-train-value", severity: .error,
        severityNote: "warning on TF",
        summary: "`init_for_train` is neither `true` nor `false` (nor `\"always\"` on torch).",
        rationale: """
            The torch engine accepts exactly `True`, `False` and `"always"` and raises for anything else. \
            The TF engine tests truthiness: `"always"`, `1` or `"yes"` behave like `true` — in particular \
            `"always"` does not freeze anything on TF, it only loads in the first epoch.
            """,
        returnnBehavior: "torch: `ValueError: preload key X: invalid init_for_train value` (verified P8); TF: like `True` (verified E9, M6).",
        fix: "Write `true` or `false` (or `\"always\"` on torch, where it is meant).",
        references: ["M6"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.020", "prefix": "lm/", "init_for_train": ↓"always"}
                  }
                }
                """),
            .triggering("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.020.pt", "prefix": "lm.", "init_for_train": ↓1}
                  }
                }
                """, files: ["lm/net.020.pt"]),
            .clean("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.020.pt", "prefix": "lm.", "init_for_train": "always"}
                  }
                }
                """, files: ["lm/net.020.pt"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let backend = context.backend, let config = context.config else { return [] }
        var findings: [Finding] = []
        for entry in config.preloadEntries {
            guard let node = entry.initForTrain, !node.isDynamic else { continue }
            if node.boolValue != nil { continue }
            if OptionTypeRule.spellsLiteral(node) { continue }  // CF004 reports "False" and friends
            let truthy = node.pythonTruthiness ?? false
            switch backend {
            case .torch:
                if node.stringValue == "always" || node.isNull { continue }
                findings.append(Finding(
                    "init_for_train \(node.pythonRepr) in preload entry '\(entry.name)': the torch engine raises ValueError (only True, False and \"always\" are valid)",
                    at: .value(node.pointer),
                    suggestions: [Suggestion("write \"init_for_train\": \(truthy ? "true" : "false")", pointer: node.pointer)]))
            case .tf:
                let note = node.stringValue == "always"
                    ? ["\"always\" is a torch value: on TF the entry loads in the first epoch only and its variables are trained and saved"]
                    : []
                findings.append(Finding(
                    "init_for_train \(node.pythonRepr) in preload entry '\(entry.name)' behaves like \(truthy ? "True" : "False") on the TF engine",
                    at: .value(node.pointer), notes: note,
                    suggestions: [Suggestion("write \"init_for_train\": \(truthy ? "true" : "false")", pointer: node.pointer)],
                    severity: .warning))
            }
        }
        return findings
    }
}
