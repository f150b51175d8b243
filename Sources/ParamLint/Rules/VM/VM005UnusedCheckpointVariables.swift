public struct UnusedCheckpointVariablesRule: Rule {
    public static let description = RuleDescription(
        id: "VM005", name: "unused-checkpoint-variables", severity: .info,
        summary: "Checkpoint variables that no active load uses; RETURNN ignores them silently.",
        rationale: """
            Unused variables are harmless by themselves, but a whole unused scope usually means a layer was \
            renamed in the new network, or the prefix points at the wrong part of the checkpoint.
            """,
        returnnBehavior: "\"obsolete\" checkpoint variables are never an error (semantics 3.2).",
        fix: "Check that the scopes listed are meant to be left behind (optimizer slots usually are).",
        references: ["semantics §3.2"],
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
                checkpoints: ["base/net.080": "enc/W [9, 7] float32\nold_decoder/W [7, 3] float32\nold_decoder/b [3] float32\n"],
                model: "enc/W [9, 7] float32\nglobal_step [] int64\n"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", "init_for_train": true}
                  }
                }
                """,
                checkpoints: ["base/net.080": "enc/W [9, 7] float32\n"],
                model: "enc/W [9, 7] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    /// The first scopes of the unused names (checkpoint order is byte order).
    static func summary(_ unused: some Sequence<String>) -> String {
        Wording.leadingScopes(unused).map { "\($0.scope) (\($0.count))" }.joined(separator: ", ")
    }

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.modelKnown, plan.unknownScopes.isEmpty, plan.loading.ok else { return [] }
        var findings: [Finding] = []
        for entry in plan.entries where entry.active == true && entry.simulated {
            guard let use = plan.checkpointUse(of: entry), !use.unused.isEmpty else { continue }
            findings.append(Finding(
                "preload entry '\(entry.name)' uses \(use.usedCount) of \(use.checkpoint.variables.count) variables of '\(entry.checkpointReference?.path ?? use.checkpoint.path)'; unused: \(Self.summary(use.unused))",
                at: .value(entry.pointer)))
        }
        if let use = plan.mainCheckpointUse(), !use.unused.isEmpty {
            findings.append(Finding(
                "the main checkpoint '\(plan.main.path ?? use.checkpoint.path)' has \(Wording.plural(use.unused.count, "variable")) the model does not use: \(Self.summary(use.unused))",
                at: context.location(of: plan.main.checkpointReference)))
        }
        return findings
    }
}
