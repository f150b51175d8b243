public struct IgnoreEntryUnusedRule: Rule {
    public static let description = RuleDescription(
        id: "PL008", name: "ignore-entry-unused", severity: .warning,
        summary: "An `ignore_params` / `ignore_params_prefixes` item matches nothing in the name space the backend uses.",
        rationale: """
            TF compares `ignore_*` with checkpoint-side names (the prefix already removed); torch with \
            model-side names (the prefix already added). An item written in the other space is silently \
            ineffective, and the variable it should protect is loaded after all.
            """,
        returnnBehavior: "No error; the item never matches (M11, verified both ways).",
        fix: "Write the item in the engine's space: on TF without the prefix, on torch with it.",
        references: ["M11"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.005", "prefix": "lm/", "init_for_train": true,
                           "ignore_params": [↓"lm/output/W"]}
                  }
                }
                """,
                checkpoints: ["lm/net.005": "emb/W [9, 5] float32\noutput/W [5, 3] float32\n"],
                model: "lm/emb/W [9, 5] float32\nlm/output/W [5, 3] float32\nglobal_step [] int64\n"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.005", "prefix": "lm/", "init_for_train": true,
                           "ignore_params": ["output/W"]}
                  }
                }
                """,
                checkpoints: ["lm/net.005": "emb/W [9, 5] float32\noutput/W [5, 3] float32\n"],
                model: "lm/emb/W [9, 5] float32\nlm/output/W [5, 3] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        var findings: [Finding] = []
        for entry in plan.entries where entry.simulated {
            for item in entry.unusedIgnores {
                let space = plan.backend == .tf ? "checkpoint-side names (without the prefix)" : "model-side names (with the prefix)"
                var notes: [String] = []
                if item.matchesOtherSpace {
                    notes.append(plan.backend == .tf
                        ? "'\(item.item)' is a model-side name; TF compares ignore_* after removing the prefix"
                        : "'\(item.item)' is a checkpoint key; torch compares ignore_* after adding the prefix")
                }
                findings.append(Finding(
                    "\(item.option) item '\(item.item)' of preload entry '\(entry.name)' matches nothing: RETURNN compares it with \(space), so it has no effect",
                    at: .value(item.node.pointer), notes: notes))
            }
        }
        return findings
    }
}
