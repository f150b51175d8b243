public struct RecognitionWithoutCheckpointRule: Rule {
    public static let description = RuleDescription(
        id: "LD008", name: "recognition-without-checkpoint", severity: .error,
        severityNote: "warning on torch, which runs a random model silently",
        summary: "A non-train task with no `load`, no `load_epoch` and no existing epoch.",
        rationale: """
            A recognition or forward config without a checkpoint: TF refuses to start (unless \
            `allow_random_model_init`), torch silently runs a randomly initialised model and writes garbage \
            outputs. Preload entries alone usually cover only part of the model.
            """,
        returnnBehavior: "TF: `Exception(\"You are not using training, … Set one via 'load'.\")` (T19); torch: a random model, silently (M30).",
        fix: "Set `load` to the trained checkpoint (or `model` and `load_epoch`).",
        references: ["M30", "T19", "T20"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": ↓"search",
                  "model": "models/run1/net"
                }
                """, existingEpochs: []),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "model": "models/run1/net",
                  "load": "models/run1/net.080"
                }
                """, files: ["models/run1/net.080.meta"]),
            .clean("""
                #!rnn.py
                import os
                backend = "tensorflow-net-dict"
                task = "search"
                model = os.path.join(os.environ["SETUP_DIR"], "training/net")
                """, fileName: "recog.config",
                explanation: """
                    `model` is computed from the environment: which epochs RETURNN finds under it is unknown \
                    here, so the plan says so (not "no epoch") and this rule stays silent:
                    """),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "hyper_param_tuning",
                  "model": "tuning/net",
                  "num_epochs": 4
                }
                """, existingEpochs: [],
                explanation: "Each hyper-parameter trial runs with `task = \"train\"` and trains from scratch:"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, let config = context.config,
              !Simulation.trainLikeTasks.contains(plan.task), plan.main.reference == nil,
              plan.loading.stage != .getEpochModel else { return [] }
        if !plan.existingEpochsKnown { return [] }
        let location: FindingLocation = config.taskNode.map { .value($0.pointer) } ?? .document
        switch plan.backend {
        case .tf:
            guard plan.loading.error == .noCheckpoint else { return [] }
            return [Finding(
                "task '\(plan.task)' without any checkpoint (no 'load', no 'load_epoch', no epoch under 'model'): RETURNN refuses to start: \(plan.loading.message ?? "Exception")",
                at: location,
                suggestions: [Suggestion("set \"load\" to the trained checkpoint")])]
        case .torch:
            return [Finding(
                "task '\(plan.task)' without any checkpoint: the torch engine silently runs a randomly initialised model",
                at: location, suggestions: [Suggestion("set \"load\" to the trained checkpoint")], severity: .warning)]
        }
    }
}
