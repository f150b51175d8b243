public struct DTypeMismatchRule: Rule {
    public static let description = RuleDescription(
        id: "VM004", name: "dtype-mismatch", severity: .warning,
        summary: "Model and checkpoint dtypes differ for a loaded variable.",
        rationale: """
            A float16 or bfloat16 checkpoint loaded into a float32 model: TF's plain restore refuses it, the \
            custom loader casts silently — precision the model silently never had.
            """,
        returnnBehavior: "TF Saver restore: \"expected dtype … does not equal original dtype\"; the custom loader casts.",
        fix: "Convert the checkpoint to the model's dtype, or make the model's dtype match.",
        references: ["semantics §3.4"],
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
                checkpoints: ["base/net.080": "output/W [7, 3] float16\n"],
                model: "output/W [7, 3] float32\nglobal_step [] int64\n"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", "init_for_train": true}
                  }
                }
                """,
                checkpoints: ["base/net.080": "output/W [7, 3] float32\n"],
                model: "output/W [7, 3] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        var findings: [Finding] = []
        for entry in plan.entries where !entry.dtypeMismatches.isEmpty {
            let m = entry.dtypeMismatches
            findings.append(Finding(
                "preload entry '\(entry.name)': dtype differs for \(Wording.list(m.map { "\($0.model) (\($0.modelValue) ← \($0.checkpointValue))" }, limit: 3)); the custom loader casts silently",
                at: .value(entry.pointer)))
        }
        let m = plan.main.dtypeMismatches
        if !m.isEmpty {
            findings.append(Finding(
                "the main checkpoint's dtypes differ for \(Wording.list(m.map { "\($0.model) (\($0.modelValue) ← \($0.checkpointValue))" }, limit: 3))" +
                    (plan.main.viaCustomLoader ? "; the custom loader casts silently" : ": TF's restore fails"),
                at: context.location(of: plan.main.checkpointReference),
                severity: plan.main.viaCustomLoader ? nil : .error))
        }
        return findings
    }
}
