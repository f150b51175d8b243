public struct EntryLoadsNothingRule: Rule {
    public static let description = RuleDescription(
        id: "VM006", name: "entry-loads-nothing", severity: .error,
        summary: "An active entry whose mapped names meet no checkpoint variable at all, `ignore_missing` or not.",
        rationale: """
            The prefix selects model variables, but none of them, after the prefix is removed (TF) or added \
            (torch), is in the checkpoint: the wrong checkpoint, or the prefix names the wrong side. \
            `ignore_missing` does not help: RETURNN insists on loading something.
            """,
        returnnBehavior: "TF: `AssertionError: no vars to load`; torch: `No keys with prefix … found` (M16, verified).",
        fix: "Check `filename` and `prefix`: the checkpoint must hold the names the prefix produces.",
        references: ["M16"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "lm": ↓{"filename": "base/net.080", "prefix": "lm/", "init_for_train": true, "ignore_missing": true}
                  }
                }
                """,
                checkpoints: ["base/net.080": "enc/W [9, 7] float32\n"],
                model: "lm/emb/W [9, 5] float32\nglobal_step [] int64\n"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.020", "prefix": "lm/", "init_for_train": true, "ignore_missing": true}
                  }
                }
                """,
                checkpoints: ["lm/net.020": "emb/W [9, 5] float32\n"],
                model: "lm/emb/W [9, 5] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        var findings: [Finding] = []
        // PL005's case, a prefix that selects nothing, is left to PL005.
        for entry in plan.entries where entry.error == .nothingToLoad && plan.selectsModelVariables(entry.naming) {
            findings.append(Finding(
                "preload entry '\(entry.name)' loads nothing from '\(entry.checkpointReference?.path ?? "?")': none of the names it looks for is in the checkpoint; RETURNN fails (\(plan.backend == .tf ? "no vars to load" : "No keys with prefix"))",
                at: .value(entry.pointer),
                notes: ["ignore_missing does not help when nothing at all matches"]))
        }
        return findings
    }
}
