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

    /// Marks the checkpoint variables a load reads, by position; a conversion's "a+b" reads each part.
    static func mark(_ map: NameMap, in ckpt: Checkpoint, _ used: inout [Bool]) {
        for (k, p) in map.checkpointPositions.enumerated() {
            if p >= 0 { used[Int(p)] = true; continue }
            for part in map.values[k].split(separator: "+") {
                if let i = ckpt.position(of: String(part)) { used[i] = true }
            }
        }
    }

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.modelKnown, plan.unknownScopes.isEmpty, plan.loading.ok else { return [] }
        var findings: [Finding] = []
        for entry in plan.entries where entry.active == true && entry.simulated {
            guard let ckpt = entry.lookup?.checkpoint else { continue }
            var used = [Bool](repeating: false, count: ckpt.variables.count)
            Self.mark(entry.loads, in: ckpt, &used)
            Self.mark(entry.preempted, in: ckpt, &used)
            // Preloads never load global_step: that one is not worth a word.
            let unused = ckpt.variables.indices.lazy.filter { !used[$0] && ckpt.variables[$0].name != "global_step" }
            guard !unused.isEmpty else { continue }
            let usedCount = used.lazy.filter { $0 }.count
            findings.append(Finding(
                "preload entry '\(entry.name)' uses \(usedCount) of \(ckpt.variables.count) variables of '\(entry.checkpointReference?.path ?? ckpt.path)'; unused: \(Self.summary(unused.map { ckpt.variables[$0].name }))",
                at: .value(entry.pointer)))
        }
        if let ckpt = plan.main.lookup?.checkpoint, !plan.main.loads.isEmpty {
            var used = [Bool](repeating: false, count: ckpt.variables.count)
            Self.mark(plan.main.loads, in: ckpt, &used)
            // A preloaded variable is not read from the main checkpoint, but its name is not unused there.
            var hint = 0
            for v in plan.variables {
                guard case .preload = v.source else { continue }
                if let i = ckpt.position(of: v.name, near: &hint) { used[i] = true }
            }
            let unusedCount = used.lazy.filter { !$0 }.count
            if unusedCount > 0 {
                let unused = ckpt.variables.indices.lazy.filter { !used[$0] }.map { ckpt.variables[$0].name }
                findings.append(Finding(
                    "the main checkpoint '\(plan.main.path ?? ckpt.path)' has \(Wording.plural(unusedCount, "variable")) the model does not use: \(Self.summary(unused))",
                    at: context.location(of: plan.main.checkpointReference)))
            }
        }
        return findings
    }
}
