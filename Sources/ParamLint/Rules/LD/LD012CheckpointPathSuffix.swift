public struct CheckpointPathSuffixRule: Rule {
    public static let description = RuleDescription(
        id: "LD012", name: "checkpoint-path-suffix", severity: .info,
        severityNote: "error for `.data-*`",
        summary: "A checkpoint path written with `.index`, `.meta` or `.pt` (RETURNN strips one), or with a `.data-*` suffix (not stripped).",
        rationale: """
            RETURNN strips one `.meta`, `.index` or `.pt` from `load`, `import_model_train_epoch1` and TF \
            preload filenames, so those work but hide what is meant. A `.data-00000-of-00001` suffix is not \
            stripped: the path then names no checkpoint.
            """,
        returnnBehavior: "`get_checkpoint_filepattern` strips one of `.meta`, `.index`, `.pt` (T24); other suffixes stay.",
        fix: "Write the checkpoint prefix (`dir/net.080`).",
        references: ["T24", "semantics §4"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": ↓"models/net.080.data-00000-of-00001"
                }
                """),
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": ↓"models/net.080.index"
                }
                """, files: ["models/net.080.meta"]),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": "models/net.080"
                }
                """, files: ["models/net.080.meta"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let config = context.config, let backend = context.backend else { return [] }
        var paths: [(String, ConfigNode)] = []
        if let n = config.load.node, let s = config.load.value { paths.append((s, n)) }
        if let n = config.importModelTrainEpoch1.node, let s = config.importModelTrainEpoch1.value { paths.append((s, n)) }
        if backend == .tf {
            for e in config.preloadEntries {
                if case .path(let p) = e.filename, let n = e.node["filename"] { paths.append((p, n)) }
            }
        }
        var findings: [Finding] = []
        for (path, node) in paths {
            if let r = CheckpointLoader.dataShardSuffix(path) {
                let prefix = String(path[..<r.lowerBound])
                findings.append(Finding(
                    "'\(path)' names a data shard: RETURNN does not strip '.data-*', so the path names no checkpoint",
                    at: .value(node.pointer), suggestions: [Suggestion("write \"\(prefix)\"", pointer: node.pointer)],
                    severity: .error))
            } else if let suffix = [".meta", ".index", ".pt"].first(where: { path.hasSuffix($0) }),
                      !(backend == .torch && suffix == ".pt") {
                let prefix = String(path.dropLast(suffix.count))
                findings.append(Finding(
                    "'\(path)': RETURNN strips '\(suffix)' and uses the checkpoint prefix '\(prefix)'",
                    at: .value(node.pointer), suggestions: [Suggestion("write \"\(prefix)\"", pointer: node.pointer)]))
            }
        }
        return findings
    }
}
