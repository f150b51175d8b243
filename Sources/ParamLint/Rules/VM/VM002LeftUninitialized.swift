public struct LeftUninitializedRule: Rule {
    public static let description = RuleDescription(
        id: "VM002", name: "left-uninitialized", severity: .warning,
        summary: "`ignore_missing` / `load_ignore_missing_vars` will leave these model variables at their random initialisation.",
        rationale: """
            `ignore_missing` is meant for genuinely new layers. It also hides a renamed layer, which then \
            silently trains from random initialisation while the run looks healthy.
            """,
        returnnBehavior: "Only a log line \"did not find match for var\"; the variables keep their initializer (M15, verified E15).",
        fix: "Check the list: map renamed variables with `var_name_mapping`; keep `ignore_missing` only for new ones.",
        references: ["M15"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": ↓{"filename": "base/net.080", "init_for_train": true, "ignore_missing": true}
                  }
                }
                """,
                checkpoints: ["base/net.080": "encoder/W [9, 7] float32\noutput/W [7, 3] float32\n"],
                model: "enc/W [9, 7] float32\noutput/W [7, 3] float32\nglobal_step [] int64\n"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", "init_for_train": true, "ignore_missing": true}
                  }
                }
                """,
                checkpoints: ["base/net.080": "enc/W [9, 7] float32\noutput/W [7, 3] float32\n"],
                model: "enc/W [9, 7] float32\noutput/W [7, 3] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.loading.ok || plan.loading.error == .missingVariables else { return [] }
        // Built only when something is left uninitialised: the model may have thousands of variables.
        lazy var initialised = Set(plan.variables.filter { $0.source == .initializer }.map(\.name))
        var findings: [Finding] = []
        for entry in plan.entries where entry.active == true && entry.simulated && !entry.leftUninitialized.isEmpty {
            let left = entry.leftUninitialized.filter(initialised.contains)
            guard !left.isEmpty else { continue }
            let looked = left.map(entry.naming.checkpointName(forModel:))
            findings.append(Finding(
                "preload entry '\(entry.name)' leaves \(Wording.plural(left.count, "variable")) at their random initialisation (ignore_missing): \(Wording.list(left))",
                at: .value(entry.pointer),
                notes: MissingVariableRule.didYouMean(looked, checkpoint: entry.lookup?.checkpoint)))
        }
        let left = plan.main.leftUninitialized.isEmpty ? [] : plan.main.leftUninitialized.filter(initialised.contains)
        if !left.isEmpty, let node = context.config?.loadIgnoreMissingVars.node {
            findings.append(Finding(
                "load_ignore_missing_vars leaves \(Wording.plural(left.count, "variable")) missing from the main checkpoint at their random initialisation: \(Wording.list(left))",
                at: .value(node.pointer),
                notes: MissingVariableRule.didYouMean(left, checkpoint: plan.main.lookup?.checkpoint)))
        }
        return findings
    }
}
