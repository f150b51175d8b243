public struct PreloadOverlapRule: Rule {
    public static let description = RuleDescription(
        id: "PL010", name: "preload-overlap", severity: .info,
        summary: "Several active entries cover the same variables: the first in sorted key order wins.",
        rationale: """
            Entries run in *sorted* key order, not in the order they are written, and the first entry that \
            loads a variable wins — later ones skip it. Expecting the last entry to override is a common \
            surprise.
            """,
        returnnBehavior: "TF: \"Not loading pre-initialized variable\"; torch: reverse order with overwrite — the same result (M27, verified E14, P14).",
        fix: "Narrow the entries' prefixes or ignore lists so each variable has one source, or rename the keys to the order you mean.",
        references: ["M27"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "b_new": ↓{"filename": "new/net.010", "init_for_train": true, "ignore_missing": true},
                    "a_old": {"filename": "old/net.080", "init_for_train": true, "ignore_missing": true}
                  }
                }
                """,
                checkpoints: ["new/net.010": "enc/W [9, 7] float32\n", "old/net.080": "enc/W [9, 7] float32\n"],
                model: "enc/W [9, 7] float32\nglobal_step [] int64\n"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "enc": {"filename": "old/net.080", "prefix": "enc/", "init_for_train": true},
                    "lm": {"filename": "lm/net.020", "prefix": "lm/", "init_for_train": true}
                  }
                }
                """,
                checkpoints: ["old/net.080": "W [9, 7] float32\n", "lm/net.020": "W [7, 3] float32\n"],
                model: "enc/W [9, 7] float32\nlm/W [7, 3] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        return plan.preloadOverlaps().map { o in
            Finding(
                "preload entries '\(o.earlier.name)' and '\(o.later.name)' both cover \(Wording.list(o.names, limit: 3)): '\(o.earlier.name)' wins because it sorts first",
                at: .value(o.later.pointer),
                notes: ["RETURNN applies entries in sorted key order and never overwrites a preloaded variable"])
        }
    }
}
