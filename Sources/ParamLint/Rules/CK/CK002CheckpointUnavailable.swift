public struct CheckpointUnavailableRule: Rule {
    public static let description = RuleDescription(
        id: "CK002", name: "checkpoint-unavailable", severity: .info,
        summary: "A referenced checkpoint, or the model's variables, are not available: the checks that need them are skipped.",
        rationale: """
            The linter never guesses. When a checkpoint is neither on disk nor given with `--ckpt`, or the \
            model's variables are unknown, every check that needs them is skipped — and this finding says so, \
            once, so a clean result is never mistaken for a full one.
            """,
        returnnBehavior: "Not a RETURNN behaviour: a statement about what the linter could check.",
        fix: "Run where the checkpoints are, or give `--ckpt REF=PATH` listings (`lint vars` writes them) and `--model`.",
        references: [],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "import_model_train_epoch1": ↓"/cluster/baseline/net.080"
                }
                """, model: "enc/W [9, 7] float32\nglobal_step [] int64\n"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "import_model_train_epoch1": "/cluster/baseline/net.080"
                }
                """, checkpoints: ["import_model_train_epoch1": "enc/W [9, 7] float32\nglobal_step [] int64\n"],
                model: "enc/W [9, 7] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        var findings: [Finding] = []
        var seen = Set<String>()
        for (ref, lookup) in plan.checkpoints where seen.insert(ref.name + "\u{0}" + ref.path).inserted {
            switch lookup {
            case .unavailable:
                findings.append(Finding(
                    "\(ref.name) checkpoint '\(ref.path)' is neither on disk nor given with --ckpt: checks of its variables are skipped",
                    at: context.location(of: ref),
                    suggestions: [Suggestion("give its listing with --ckpt \(ref.name)=LISTING (lint vars writes one)")]))
            case .unsupported(let path, _, let reason):
                findings.append(Finding(
                    "\(ref.name) checkpoint '\(path)' cannot be listed (\(reason)): checks of its variables are skipped",
                    at: context.location(of: ref),
                    suggestions: [Suggestion("give a listing with --ckpt \(ref.name)=LISTING")]))
            default:
                break
            }
        }
        // A TF preload file that is not there: RETURNN's reader fails (NotFoundError) when the entry applies.
        for entry in plan.entries where plan.backend == .tf && entry.error == .checkpointMissing {
            guard let ref = entry.checkpointReference else { continue }
            findings.append(Finding(
                "preload entry '\(entry.name)': checkpoint '\(ref.path)' does not exist (no '\(MainCheckpoint.strip(ref.path)).index'): RETURNN fails with NotFoundError",
                at: context.location(of: ref), severity: .error))
        }
        if !plan.modelKnown, context.config?.network != nil || !plan.entries.isEmpty || plan.main.reference != nil {
            let why: String
            if case .dynamic(let reason)? = context.config?.network?.value {
                why = "the network is only known when Python runs the config (\(reason))"
            } else if plan.backend == .torch {
                why = "a torch model comes from get_model, which only running Python can tell"
            } else {
                why = "no --model listing, and no network to infer them from"
            }
            findings.append(Finding(
                "the model's variables are unknown (\(why)): variable checks are skipped",
                at: context.config?.network.map { .key($0.pointer) } ?? .document,
                suggestions: [Suggestion("give --model with a listing of the new model's variables")]))
        } else if !plan.unknownScopes.isEmpty {
            let scopes = plan.unknownScopes.map { "\($0.scope) (\($0.reason))" }
            findings.append(Finding(
                "the variables of \(Wording.list(scopes, limit: 4)) are unknown: checks of those layers are partial",
                at: context.config?.network.map { .key($0.pointer) } ?? .document))
        }
        return findings
    }
}
