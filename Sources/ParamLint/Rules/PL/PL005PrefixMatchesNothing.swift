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

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.modelKnown, plan.unknownScopes.isEmpty else { return [] }
        var findings: [Finding] = []
        for planned in plan.entries where !planned.naming.prefix.isEmpty && !plan.selectsModelVariables(planned.naming) {
            let entry = planned.entry
            guard let node = entry.node["prefix"] else { continue }
            let best = NameSuggester(plan.modelScopes(like: planned.naming)).best(for: entry.prefix)
            let error = plan.backend == .tf ? "AssertionError: no saveable vars" : "Exception: No keys with prefix '\(entry.prefix)' found"
            let active = planned.active == true
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
