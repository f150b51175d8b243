public struct VarNameMappingIneffectiveRule: Rule {
    public static let description = RuleDescription(
        id: "PL009", name: "var-name-mapping-ineffective", severity: .warning,
        severityNote: "error if the target is not in the checkpoint",
        summary: "A `var_name_mapping` item that RETURNN will never consult, or whose target does not exist.",
        rationale: """
            TF consults `var_name_mapping` only for variables missing under their own name: a mapping for a \
            name the checkpoint also has is ignored silently. Keys live in the checkpoint-side space (prefix \
            removed), values are raw checkpoint names; a value that is not in the checkpoint fails the load.
            """,
        returnnBehavior: "Ignored (M12, verified); a missing target: TF `NotFoundError: Key … not found in checkpoint`, torch `KeyError` (M13).",
        fix: "Map only names the checkpoint lacks, to names it has.",
        references: ["M12", "M13"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", "init_for_train": true,
                             "var_name_mapping": {"l1/b": ↓"output/b"}}
                  }
                }
                """,
                checkpoints: ["base/net.080": "l1/W [9, 7] float32\nl1/b [7] float32\noutput/b [7] float32\n"],
                model: "l1/W [9, 7] float32\nl1/b [7] float32\nglobal_step [] int64\n"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", "init_for_train": true,
                             "var_name_mapping": {"l1/b": "old_l1/b"}}
                  }
                }
                """,
                checkpoints: ["base/net.080": "l1/W [9, 7] float32\nold_l1/b [7] float32\n"],
                model: "l1/W [9, 7] float32\nl1/b [7] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        var findings: [Finding] = []
        for entry in plan.entries where entry.simulated || entry.error == .mappingTargetMissing {
            for m in entry.ineffectiveMappings {
                switch m.reason {
                case .ownNamePresent, .fastPath:
                    findings.append(Finding(
                        "var_name_mapping '\(m.key)' → '\(m.value)' in preload entry '\(entry.name)' is never consulted: the checkpoint has '\(m.key)' under its own name",
                        at: .value(m.node.pointer),
                        notes: ["RETURNN consults var_name_mapping only for variables missing under their own name"]))
                case .keyNotAModelName:
                    findings.append(Finding(
                        "var_name_mapping key '\(m.key)' in preload entry '\(entry.name)' is no variable this entry loads: the mapping has no effect",
                        at: .key(m.node.pointer),
                        notes: [plan.backend == .tf ? "keys are checkpoint-side model names (the prefix removed)" : "keys are model-side names"]))
                case .targetMissing:
                    findings.append(Finding(
                        "var_name_mapping target '\(m.value)' of preload entry '\(entry.name)' is not in the checkpoint: RETURNN fails (\(plan.backend == .tf ? "NotFoundError: Key \(m.value) not found in checkpoint" : "KeyError"))",
                        at: .value(m.node.pointer), severity: .error))
                }
            }
        }
        return findings
    }
}
