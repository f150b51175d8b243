public struct TorchPreloadPathRule: Rule {
    public static let description = RuleDescription(
        id: "PL013", name: "torch-preload-path", severity: .error,
        summary: "A torch preload `filename` that does not exist literally (no suffix is added).",
        rationale: """
            Unlike `load`, a torch preload passes its `filename` to `torch.load` as it is: `x.007` does not \
            find `x.007.pt`. TF-style prefixes copied from an old config fail this way.
            """,
        returnnBehavior: "`FileNotFoundError` when the entry is applied (M20, verified P19).",
        fix: "Write the full file name, with `.pt` (or `.safetensors`).",
        references: ["M20"],
        examples: [
            .triggering("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": ↓"base/net.007", "init_for_train": true}
                  }
                }
                """, files: ["base/net.007.pt"]),
            .clean("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.007.pt", "init_for_train": true}
                  }
                }
                """, files: ["base/net.007.pt"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.backend == .torch, let config = context.config else { return [] }
        let fs = context.environment.fileSystem
        var findings: [Finding] = []
        for entry in config.preloadEntries {
            guard case .path(let path) = entry.filename, let node = entry.node["filename"] else { continue }
            // RETURNN opens only the files of entries that apply in this task.
            if plan.entries.first(where: { $0.name == entry.name })?.active == false { continue }
            let ref = CheckpointReference(kind: .preload(entry: entry.name), path: path, pointer: node.pointer)
            if context.environment.givenCheckpoints.contains(where: { $0.ref == ref.name || $0.ref == path }) { continue }
            // The file system is the truth, unless --offline says the checkpoints live elsewhere.
            guard !context.environment.offline, !fs.fileExists(path) else { continue }
            let withPt = fs.fileExists(path + ".pt")
            findings.append(Finding(
                "torch preload file '\(path)' of entry '\(entry.name)' does not exist: RETURNN passes the path to torch.load literally" +
                    (withPt ? "; '\(path).pt' exists" : ""),
                at: .value(node.pointer),
                suggestions: withPt ? [Suggestion("write \"filename\": \"\(path).pt\"", pointer: node.pointer)] : []))
        }
        return findings
    }
}
