public struct PrefixSeparatorRule: Rule {
    public static let description = RuleDescription(
        id: "PL007", name: "prefix-separator", severity: .warning,
        summary: "A TF prefix of a sub-network without its trailing `/`, or a torch prefix without its trailing `.`.",
        rationale: """
            TF: `"model1"` instead of `"model1/"` leaves names like `/enc/W`, which no checkpoint has. Torch \
            prepends the prefix to every checkpoint key: `"lm"` turns `lin.weight` into `lmlin.weight`.
            """,
        returnnBehavior: "TF: missing variables or \"no vars to load\" (M9); torch: `No keys with prefix 'lm' found` (M10, verified P17).",
        fix: "Add the separator: `\"model1/\"` on TF, `\"lm.\"` on torch.",
        references: ["M9", "M10"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.005", "prefix": ↓"lm", "init_for_train": true}
                  }
                }
                """,
                model: "lm/emb/W [9, 5] float32\noutput/W [5, 3] float32\nglobal_step [] int64\n"),
            .triggering("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "lm.pt", "prefix": ↓"lm", "init_for_train": true}
                  }
                }
                """, files: ["lm.pt"]),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.005", "prefix": "lm/", "init_for_train": true}
                  }
                }
                """,
                model: "lm/emb/W [9, 5] float32\noutput/W [5, 3] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        var findings: [Finding] = []
        for planned in plan.entries where planned.naming.lacksSeparator {
            let entry = planned.entry
            guard let node = entry.node["prefix"] else { continue }
            let prefix = entry.prefix
            switch plan.backend {
            case .tf:
                // Only where the prefix with its slash names a scope of the model.
                guard plan.modelKnown, plan.selectsModelVariables(planned.naming.withSeparator) else { continue }
                findings.append(Finding(
                    "prefix '\(prefix)' of preload entry '\(entry.name)' has no trailing '/': checkpoint names become '/…' and match nothing",
                    at: .value(node.pointer),
                    suggestions: [Suggestion("write \"prefix\": \"\(prefix)/\"", pointer: node.pointer)]))
            case .torch:
                findings.append(Finding(
                    "prefix '\(prefix)' of preload entry '\(entry.name)' has no trailing '.': torch prepends it to every checkpoint key ('\(prefix)' + 'lin.weight' = '\(prefix)lin.weight')",
                    at: .value(node.pointer),
                    suggestions: [Suggestion("write \"prefix\": \"\(prefix).\"", pointer: node.pointer)]))
            }
        }
        return findings
    }
}
