public struct TorchPreloadSkippedAfterLoadRule: Rule {
    public static let description = RuleDescription(
        id: "PL015", name: "torch-preload-skipped-after-load", severity: .warning,
        summary: "Torch `init_for_train: true` with `load` + `start_epoch: 1` (or a `load` without epoch number): the entry is skipped.",
        rationale: """
            Using `load` as an import works on TF, but the torch engine fills the epoch from the loaded \
            checkpoint's stored epoch, so the run no longer counts as the first epoch of a new training and \
            every `init_for_train: true` entry is skipped silently.
            """,
        returnnBehavior: "`is_first_train_epoch` is false after the epoch is read from the checkpoint (M29, verified S1 vs TF G2).",
        fix: "Use `import_model_train_epoch1` instead of `load` for the initial model.",
        references: ["M29"],
        examples: [
            .triggering("""
                {
                  "backend": "torch",
                  "task": "train",
                  "load": "base/net.080.pt",
                  "start_epoch": 1,
                  "preload_from_files": {
                    "lm": ↓{"filename": "lm.pt", "prefix": "lm.", "init_for_train": true}
                  }
                }
                """, files: ["base/net.080.pt", "lm.pt"]),
            .clean("""
                {
                  "backend": "torch",
                  "task": "train",
                  "import_model_train_epoch1": "base/net.080.pt",
                  "preload_from_files": {
                    "lm": {"filename": "lm.pt", "prefix": "lm.", "init_for_train": true}
                  }
                }
                """, files: ["base/net.080.pt", "lm.pt"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.backend == .torch, plan.task == "train", plan.main.reference == .load,
              let config = context.config else { return [] }
        var findings: [Finding] = []
        for entry in config.preloadEntries {
            guard case .bool(true)? = entry.initForTrain?.value, plan.entry(entry.name)?.active == false else { continue }
            findings.append(Finding(
                "preload entry '\(entry.name)' is skipped: with 'load' the torch engine takes the epoch from the checkpoint, so this is not the first epoch of a new training",
                at: .value(entry.pointer),
                notes: ["the TF engine would apply this entry; torch does not (RETURNN issue: S1 vs G2)"],
                suggestions: [Suggestion("use \"import_model_train_epoch1\" instead of \"load\"", pointer: config.load.node?.pointer)]))
        }
        return findings
    }
}
