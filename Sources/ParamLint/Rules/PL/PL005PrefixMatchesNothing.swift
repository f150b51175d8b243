public struct PrefixMatchesNothingRule: Rule {
    public static let description = RuleDescription(
        id: "PL005", name: "prefix-matches-nothing", severity: .error,
        severityNote: "warning for an entry that does not apply in the task linted (RETURNN fails only where it applies)",
        summary: "No model variable matches the entry's `prefix` (TF: contains it; torch: starts with it).",
        rationale: """
            A typo in `prefix` selects no variable at all. RETURNN fails — even with `ignore_missing` — but only \
            after the job has started and built its graph.
            """,
        returnnBehavior: "TF: `AssertionError … no saveable vars`; torch: `Exception: No keys with prefix … found` (M7, M16, verified).",
        fix: "Correct the prefix (the finding proposes the closest scope of the model).",
        references: ["M7", "M16"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.005", "prefix": ↓"lmm/", "init_for_train": true}
                  }
                }
                """,
                checkpoints: ["lm/net.005": "emb/W [9, 5] float32\nemb/b [5] float32\n"],
                model: "lm/emb/W [9, 5] float32\nlm/emb/b [5] float32\noutput/W [5, 3] float32\noutput/b [3] float32\nglobal_step [] int64\n"),
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "recog_lm": {"filename": "lm/net.005", "prefix": ↓"lmm/"}
                  }
                }
                """,
                checkpoints: ["lm/net.005": "emb/W [9, 5] float32\nemb/b [5] float32\n"],
                model: "lm/emb/W [9, 5] float32\nlm/emb/b [5] float32\noutput/W [5, 3] float32\noutput/b [3] float32\nglobal_step [] int64\n",
                explanation: """
                    An entry meant for recognition (no `init_for_train`) in the training config: the prefix is \
                    still wrong, but RETURNN only fails where the entry applies, so this is a warning, and \
                    linting the training does not fail:
                    """),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.005", "prefix": "lm/", "init_for_train": true}
                  }
                }
                """,
                checkpoints: ["lm/net.005": "emb/W [9, 5] float32\nemb/b [5] float32\n"],
                model: "lm/emb/W [9, 5] float32\nlm/emb/b [5] float32\noutput/W [5, 3] float32\noutput/b [3] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    /// The model's scopes with as many components as the prefix (`lm/`, or `lm/emb/` for a two-part
    /// prefix; `lm.` for torch): the candidates a typo'd prefix was meant to be.
    static func scopes(_ names: [String], separator: Character, depth: Int) -> [String] {
        let sep = UInt8(ascii: separator == "/" ? "/" : ".")
        var out = Set<String>()
        for n in names {
            var count = 0
            var utf8 = n.utf8.makeIterator()
            var length = 0
            while let b = utf8.next() {
                length += 1
                if b == sep {
                    count += 1
                    if count == depth {
                        out.insert(String(n.utf8.prefix(length))!)
                        break
                    }
                }
            }
        }
        return out.sorted()
    }

    /// True when a variable other than `global_step` starts with `prefix` (`variables` in byte order).
    static func someName(in variables: [PlannedVariable], startsWith prefix: String) -> Bool {
        var lo = NameOrder.boundary(of: prefix, in: variables.indices, orEqual: true) { variables[$0].name }
        while lo < variables.count, NameMatching.hasPrefix(variables[lo].name, prefix) {
            if variables[lo].name != "global_step" { return true }
            lo += 1
        }
        return false
    }

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.modelKnown, plan.unknownScopes.isEmpty, let config = context.config else { return [] }
        var findings: [Finding] = []
        for entry in config.preloadEntries where !entry.prefix.isEmpty {
            // The names are in byte order: those that start with the prefix (the usual match) are
            // found by a binary search; only otherwise is every name searched (TF: a substring).
            if Self.someName(in: plan.variables, startsWith: entry.prefix) { continue }
            let needle = NameMatching.Needle(entry.prefix)
            let matches = plan.backend == .tf && plan.variables.indices.contains { i in
                let name = plan.variables[i].name
                guard name != "global_step" else { return false }
                return needle.isContained(in: name)
            }
            if matches { continue }
            let names = plan.variables.map(\.name).filter { $0 != "global_step" }
            guard let node = entry.node["prefix"] else { continue }
            let separator: Character = plan.backend == .tf ? "/" : "."
            let depth = max(1, entry.prefix.filter { $0 == separator }.count)
            let best = NameSuggester(Self.scopes(names, separator: separator, depth: depth)).best(for: entry.prefix)
            let error = plan.backend == .tf ? "AssertionError: no saveable vars" : "Exception: No keys with prefix '\(entry.prefix)' found"
            let active = plan.entry(entry.name)?.active == true
            findings.append(Finding(
                "prefix '\(entry.prefix)' of preload entry '\(entry.name)' matches no model variable: RETURNN \(active ? "fails" : "will fail when the entry applies") with '\(error)'" +
                    (best.map { "; did you mean '\($0)'?" } ?? ""),
                at: .value(node.pointer),
                notes: (entry.ignoreMissing ? ["ignore_missing does not help when nothing matches"] : [])
                    + (active ? [] : ["the entry does not apply in task '\(plan.task)'; the failure comes where it does"]),
                suggestions: best.map { [Suggestion("write \"prefix\": \"\($0)\"", pointer: node.pointer)] } ?? [],
                severity: active ? nil : .warning))
        }
        return findings
    }
}
