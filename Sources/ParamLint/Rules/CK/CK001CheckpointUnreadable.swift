public struct CheckpointUnreadableRule: Rule {
    public static let description = RuleDescription(
        id: "CK001", name: "checkpoint-unreadable", severity: .error,
        summary: "A referenced checkpoint is corrupt or unsupported: which file, which byte or entry, why.",
        rationale: """
            A truncated copy, a checksum mismatch or a file that is not a checkpoint at all fails the job \
            when RETURNN reaches the load — after the queue and the graph construction. TensorFlow aborts the \
            whole process on some of these.
            """,
        returnnBehavior: "TF: `DataLossError` / `NotFoundError`, or a process abort; torch: an unpickling error.",
        fix: "Copy the checkpoint again, or point the config at an intact one.",
        references: ["semantics §4"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": ↓"models/net.080"
                }
                """, files: ["models/net.080.meta"],
                checkpoints: ["models/net.080": "enc/W [9, 7] float32\nenc/W [9, 7] float32\n"],
                explanation: "A listing that names a variable twice cannot be read:"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": "models/net.080"
                }
                """, files: ["models/net.080.meta"],
                checkpoints: ["models/net.080": "enc/W [9, 7] float32\nglobal_step [] int64\n"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        return plan.checkpoints.compactMap { ref, lookup in
            guard case .corrupt(let error) = lookup else { return nil }
            let location = error.location.map { " (\($0))" } ?? ""
            // At the value that names the checkpoint: code scanning and editors show findings in configs only.
            return Finding(
                "\(ref.name) checkpoint \(error.file) cannot be read\(location): \(error.reason)",
                at: context.location(of: ref), relatedFiles: [error.file])
        }
    }
}
