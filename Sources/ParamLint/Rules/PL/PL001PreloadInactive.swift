public struct PreloadInactiveRule: Rule {
    public static let description = RuleDescription(
        id: "PL001", name: "preload-inactive", severity: .warning,
        summary: "A preload entry will not be applied in this task: no truthy `init_for_train` in training, or `init_for_train: true` in recognition.",
        rationale: """
            RETURNN applies an entry without `init_for_train` only when the task is *not* `train`, and an \
            entry with it only in the first epoch of a new training. The most common silent mistake: a \
            training config whose preload is skipped, so the model trains from random initialisation.
            """,
        returnnBehavior: "The entry is skipped without a message (M4, semantics 2.4); torch `\"always\"` entries apply everywhere.",
        fix: "In a training config add `\"init_for_train\": true`; in a recognition config remove it.",
        references: ["M4", "semantics §2.4"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": ↓{"filename": "base/net.080", "prefix": "enc/"}
                  }
                }
                """),
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": "models/net.040",
                  "preload_from_files": {
                    "lm": ↓{"filename": "lm/net.020", "prefix": "lm/", "init_for_train": true}
                  }
                }
                """, files: ["models/net.040.meta"]),
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
        guard let plan = context.plan, let config = context.config else { return [] }
        var findings: [Finding] = []
        for entry in config.preloadEntries {
            guard let p = plan.entry(entry.name), p.active == false else { continue }
            let truthy = entry.initForTrain?.pythonTruthiness ?? false
            if plan.task == "train", !truthy {
                findings.append(Finding(
                    "preload entry '\(entry.name)' is ignored in training: init_for_train is not set",
                    at: .value(entry.pointer),
                    notes: ["RETURNN applies entries without init_for_train only when task != \"train\""],
                    suggestions: [Suggestion("add \"init_for_train\": true", pointer: entry.pointer)]))
            } else if plan.task != "train", truthy, !(plan.backend == .torch && entry.initForTrain?.stringValue == "always") {
                let node = entry.node["init_for_train"]
                findings.append(Finding(
                    "preload entry '\(entry.name)' is ignored in task '\(plan.task)': init_for_train entries apply only in training",
                    at: .value(entry.pointer),
                    notes: ["without init_for_train the entry would be applied here, and would override the main checkpoint"],
                    suggestions: [Suggestion("remove \"init_for_train\"", pointer: node?.pointer ?? entry.pointer)]))
            }
        }
        return findings
    }
}
