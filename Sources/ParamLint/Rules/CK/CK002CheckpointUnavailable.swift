public struct CheckpointUnavailableRule: Rule {
    public static let description = RuleDescription(
        id: "CK002", name: "checkpoint-unavailable", severity: .info,
        summary: "A referenced checkpoint cannot be read here (`--offline` and not given, or a format the linter does not list): the checks of its variables are skipped.",
        rationale: """
            The linter never guesses. With `--offline` the checkpoints live elsewhere, so one that is neither \
            on disk nor given with `--ckpt` is not missing, only out of reach; and a PyTorch file is read by \
            RETURNN but not listed by the linter yet. Every check that needs its variables is skipped — and \
            this finding says so, once per checkpoint, so a clean result is never mistaken for a full one. \
            (Without `--offline`, a path that does not resolve is missing: LD004, PL016.)
            """,
        returnnBehavior: "Not a RETURNN behaviour: a statement about what the linter could check.",
        fix: "Run where the checkpoints are, or give `--ckpt REF=PATH` listings (`lint vars` writes them).",
        references: [],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "import_model_train_epoch1": ↓"/cluster/baseline/net.080"
                }
                """, model: "enc/W [9, 7] float32\nglobal_step [] int64\n", offline: true,
                explanation: "In CI, where the cluster's file system is not mounted:"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "import_model_train_epoch1": "/cluster/baseline/net.080"
                }
                """, checkpoints: ["import_model_train_epoch1": "enc/W [9, 7] float32\nglobal_step [] int64\n"],
                model: "enc/W [9, 7] float32\nglobal_step [] int64\n", offline: true,
                explanation: "The same, with the checkpoint's listing given (`--ckpt import_model_train_epoch1=LISTING`):"),
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
                    "\(ref.name) checkpoint \(ref.path) is not on this machine and not given with --ckpt (--offline): checks of its variables are skipped",
                    at: context.location(of: ref),
                    suggestions: [Suggestion("give its listing with --ckpt \(ref.name)=LISTING (lint vars writes one)")]))
            case .unsupported(let path, _, let reason):
                findings.append(Finding(
                    "\(ref.name) checkpoint \(path) cannot be listed (\(reason)): checks of its variables are skipped",
                    at: context.location(of: ref),
                    suggestions: [Suggestion("give a listing with --ckpt \(ref.name)=LISTING")]))
            default:
                break
            }
        }
        return findings
    }
}
