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

    static func summary(_ unused: [String]) -> String {
        Wording.scopes(unused).prefix(5).map { "\($0.scope) (\($0.count))" }.joined(separator: ", ")
    }

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.modelKnown, plan.unknownScopes.isEmpty, plan.outcome.ok else { return [] }
        var findings: [Finding] = []
        for entry in plan.entries where entry.active == true && entry.simulated {
            guard let ckpt = entry.lookup?.checkpoint else { continue }
            var used = entry.usedCheckpointNames
            used.formUnion(entry.preempted.values)
            // Preloads never load global_step: that one is not worth a word.
            let unused = ckpt.names.filter { !used.contains($0) && $0 != "global_step" }
            guard !unused.isEmpty else { continue }
            findings.append(Finding(
                "preload entry '\(entry.name)' uses \(used.count) of \(ckpt.variables.count) variables of '\(entry.checkpointReference?.path ?? ckpt.path)'; unused: \(Self.summary(unused))",
                at: .value(entry.pointer)))
        }
        if let ckpt = plan.main.lookup?.checkpoint, !plan.main.loads.isEmpty {
            let used = Set(plan.main.loads.values.flatMap { $0.split(separator: "+").map(String.init) })
            let preloadedNames = Set(plan.variables.compactMap { if case .preload = $0.source { return $0.name }; return nil })
            let unused = ckpt.names.filter { !used.contains($0) && !preloadedNames.contains($0) }
            if !unused.isEmpty {
                findings.append(Finding(
                    "the main checkpoint '\(plan.main.path ?? ckpt.path)' has \(Wording.plural(unused.count, "variable")) the model does not use: \(Self.summary(unused))",
                    at: context.location(of: plan.main.checkpointReference)))
            }
        }
        return findings
    }
}
