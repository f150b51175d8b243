public struct TorchLoadResumesOptimizerRule: Rule {
    public static let description = RuleDescription(
        id: "LD005", name: "torch-load-resumes-optimizer", severity: .error,
        summary: "Torch training with `load` of a numbered checkpoint: RETURNN resumes and looks for `<model>.NNN.opt.pt`.",
        rationale: """
            As on TF, `load` of `x.080.pt` in training continues at epoch 81. The torch engine then loads the \
            optimizer state from the `model` path, `<model>.080.opt.pt`, which a new training does not have: \
            the job crashes after start-up.
            """,
        returnnBehavior: "`_load_optimizer` reads `model + \".080.opt.pt\"`: `FileNotFoundError` (or `TypeError` when `model` is unset).",
        fix: "Use `import_model_train_epoch1` for initial weights (or `preload_from_files` with `init_for_train: true`).",
        references: ["M3", "T3"],
        examples: [
            .triggering("""
                {
                  "backend": "torch",
                  "task": "train",
                  "model": "models/run2/net",
                  "load": ↓"models/run1/net.080.pt"
                }
                """, files: ["models/run1/net.080.pt"]),
            .clean("""
                {
                  "backend": "torch",
                  "task": "train",
                  "model": "models/run2/net",
                  "import_model_train_epoch1": "models/run1/net.080.pt"
                }
                """, files: ["models/run1/net.080.pt"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.backend == .torch, plan.task == "train", plan.main.reference == .load,
              let epoch = plan.main.epoch, epoch > 0, let config = context.config,
              config.startEpochValue == .auto, let pointer = config.load.node?.pointer else { return [] }
        let model = config.model.value ?? "<model>"
        let opt = MainCheckpoint.epochFilename(model: model, epoch: epoch) + ".opt.pt"
        if context.environment.fileSystem.fileExists(opt) { return [] }
        return [Finding(
            "'load' of epoch \(epoch) resumes training at epoch \(epoch + 1): RETURNN loads the optimizer state '\(opt)', which does not exist",
            at: .value(pointer),
            suggestions: [Suggestion("use \"import_model_train_epoch1\" for initial weights", pointer: pointer)])]
    }
}
