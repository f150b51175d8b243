public struct CheckpointBackendMismatchRule: Rule {
    public static let description = RuleDescription(
        id: "CK003", name: "checkpoint-backend-mismatch", severity: .error,
        summary: "A TF config referencing a PyTorch file, or a torch config referencing a TF checkpoint.",
        rationale: """
            The engines cannot read each other's checkpoints: a torch config pointing at a TF `.index` \
            prefix, or a TF config pointing at a `.pt` file, fails when the load is reached.
            """,
        returnnBehavior: "TF: `DataLossError` / \"not an sstable\"; torch: an unpickling error or `FileNotFoundError`.",
        fix: "Convert the checkpoint, or reference the one written by the config's engine.",
        references: ["semantics §4"],
        examples: [
            .triggering("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": ↓"base/net.080.safetensors", "init_for_train": true, "checkpoint_key": null}
                  }
                }
                """, files: ["base/net.080.safetensors"],
                checkpoints: ["base/net.080.safetensors": "# base/net.080.safetensors (tf-index)\nenc/W [9, 7] float32\n"],
                explanation: "A listing that records a TF index behind a torch reference:"),
            .clean("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080.safetensors", "init_for_train": true, "checkpoint_key": null}
                  }
                }
                """, files: ["base/net.080.safetensors"],
                checkpoints: ["base/net.080.safetensors": "enc.weight [7, 9] float32\n"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        var findings: [Finding] = []
        for (ref, lookup) in plan.checkpoints {
            let format: CheckpointFormat?
            switch lookup {
            case .available(let c): format = c.format
            case .unsupported(_, let f, _): format = f
            default: format = nil
            }
            guard let format, let backend = format.backend, backend != plan.backend else { continue }
            findings.append(Finding(
                "\(ref.name) '\(ref.path)' is a \(format.rawValue) checkpoint, which the \(plan.backend == .tf ? "TF" : "torch") engine cannot read",
                at: context.location(of: ref)))
        }
        return findings
    }
}
