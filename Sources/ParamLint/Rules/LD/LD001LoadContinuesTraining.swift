public struct LoadContinuesTrainingRule: Rule {
    public static let description = RuleDescription(
        id: "LD001", name: "load-continues-training", severity: .warning,
        severityNote: "error if the epoch ≥ num_epochs",
        summary: "`load` with an epoch number in a new training continues training at that epoch + 1.",
        rationale: """
            `load` is not an import. In training with `start_epoch` auto and no existing epochs, RETURNN takes \
            the epoch from the file name (`net.080` → 80) and continues at epoch 81 with that epoch's learning \
            rate; with `num_epochs` ≤ 80 it trains nothing at all. To start a new training from a model, use \
            `import_model_train_epoch1`.
            """,
        returnnBehavior: "`get_epoch_model` branch B4: the main model is the `load` file with its epoch; training starts at epoch + 1 (T3).",
        fix: "Write `import_model_train_epoch1` instead of `load` (or `preload_from_files` with `init_for_train`).",
        references: ["M1", "T3"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "num_epochs": 40,
                  "load": ↓"baseline/net.080"
                }
                """, files: ["baseline/net.080.meta"]),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "num_epochs": 40,
                  "import_model_train_epoch1": "baseline/net.080"
                }
                """, files: ["baseline/net.080.meta"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, let config = context.config, plan.task == "train",
              let raw = config.load.value, !raw.isEmpty, config.importModelTrainEpoch1.isAbsent,
              config.startEpochValue == .auto, let pointer = config.load.node?.pointer,
              let epoch = config.loadEpoch.value.flatMap({ $0 > 0 ? $0 : nil })
                ?? MainCheckpoint.epochFromFilename(MainCheckpoint.strip(raw)), epoch > 0 else { return [] }
        let numEpochs = config.numEpochs.value ?? 5
        let nothing = epoch >= numEpochs
        let suggestion = Suggestion("use \"import_model_train_epoch1\" to start a new training from this model", pointer: pointer)
        if plan.main.reference != .load, let existing = plan.existingEpochs.last {
            // M2: today the existing epoch wins; the mistake shows on the next fresh start.
            return [Finding(
                "'load' is ignored because 'model' already has epoch \(existing); in a fresh run it would continue training at epoch \(epoch + 1), not start at epoch 1",
                at: .value(pointer), suggestions: [suggestion])]
        }
        return [Finding(
            "'load' in a new training continues at epoch \(epoch + 1), not at epoch 1" +
                (nothing ? ": num_epochs is \(numEpochs), so RETURNN trains nothing" : ""),
            at: .value(pointer),
            notes: ["RETURNN takes the epoch from the file name and uses the learning rate of epoch \(epoch + 1)"],
            suggestions: [suggestion],
            severity: nothing ? .error : nil)]
    }
}
