public struct MissingGlobalStepRule: Rule {
    public static let description = RuleDescription(
        id: "LD010", name: "missing-global-step", severity: .error,
        summary: "TF main load (`load` / import) of a checkpoint without `global_step`.",
        rationale: """
            RETURNN restores `global_step` with the main checkpoint. A checkpoint written outside RETURNN (a \
            converted or external model) usually lacks it, and the main load then fails after the graph is \
            built. Preloads do not need it.
            """,
        returnnBehavior: "`could_not_find_map_list: ['global_step']`, then `sys.exit(1)` — unless `load_ignore_missing_vars` (M22).",
        fix: "Load such a checkpoint with `preload_from_files` (`init_for_train: true`), or set `load_ignore_missing_vars`.",
        references: ["M22"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "import_model_train_epoch1": ↓"converted/model"
                }
                """, files: ["converted/model.meta"],
                checkpoints: ["converted/model": "enc/W [9, 7] float32\nenc/b [7] float32\n"]),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "import_model_train_epoch1": "converted/model"
                }
                """, files: ["converted/model.meta"],
                checkpoints: ["converted/model": "enc/W [9, 7] float32\nenc/b [7] float32\nglobal_step [] int64\n"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.backend == .tf, let config = context.config,
              plan.main.reference == .load || plan.main.reference == .importModelTrainEpoch1,
              let ckpt = plan.main.lookup?.checkpoint, !ckpt.contains("global_step"),
              config.loadIgnoreMissingVars.value != true else { return [] }
        return [Finding(
            "the main checkpoint '\(plan.main.path ?? ckpt.path)' has no 'global_step': RETURNN's main load fails (could_not_find_map_list: ['global_step']) and exits",
            at: context.location(of: plan.main.checkpointReference),
            suggestions: [Suggestion("load it with preload_from_files and \"init_for_train\": true, or set \"load_ignore_missing_vars\": true")])]
    }
}
