public struct ShapeMismatchRule: Rule {
    public static let description = RuleDescription(
        id: "VM003", name: "shape-mismatch", severity: .error,
        summary: "Model and checkpoint shapes differ for a loaded variable.",
        rationale: """
            A changed `n_out`, vocabulary or filter size. Through the custom loader (preloads) TF fails at \
            load time; through the plain Saver path of the main load it does *not* fail there — the variable \
            takes the checkpoint's shape and the run breaks later, or behaves wrongly.
            """,
        returnnBehavior: "TF custom loader: `ValueError: Cannot feed value of shape …`; TF Saver: no error at load (verified TF 2.21); torch: `RuntimeError: size mismatch` (M18).",
        fix: "Exclude the variable (`ignore_params`) so it is initialised fresh, or fix the layer's size.",
        references: ["M18"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": ↓{"filename": "base/net.080", "init_for_train": true}
                  }
                }
                """,
                checkpoints: ["base/net.080": "output/W [7, 3] float32\n"],
                model: "output/W [7, 5] float32\nglobal_step [] int64\n"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", "init_for_train": true}
                  }
                }
                """,
                checkpoints: ["base/net.080": "output/W [7, 5] float32\n"],
                model: "output/W [7, 5] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        var findings: [Finding] = []
        for entry in plan.entries where !entry.shapeMismatches.isEmpty {
            let m = entry.shapeMismatches
            findings.append(Finding(
                "preload entry '\(entry.name)': shape mismatch for \(Wording.list(m.map { "\($0.model) \($0.modelValue) ← \($0.checkpointName) \($0.checkpointValue)" }, limit: 3)); RETURNN fails (Cannot feed value of shape / size mismatch)",
                at: .value(entry.pointer),
                suggestions: [Suggestion("exclude \(m.count == 1 ? "it" : "them") with \"ignore_params\" to initialise fresh", pointer: entry.pointer)]))
        }
        let m = plan.main.shapeMismatches
        if !m.isEmpty {
            let fails = plan.backend == .torch || plan.main.viaCustomLoader
            findings.append(Finding(
                "the main checkpoint's shapes differ for \(Wording.list(m.map { "\($0.model) \($0.modelValue) ← \($0.checkpointValue)" }, limit: 3))" +
                    (fails ? ": RETURNN fails at load time" : ": TF's Saver restores without an error and the run breaks later"),
                at: context.location(of: plan.main.checkpointReference)))
        }
        return findings
    }
}
