public struct RandomInitEntryOrderRule: Rule {
    public static let description = RuleDescription(
        id: "PL014", name: "random-init-entry-order", severity: .error,
        summary: "A torch `filename: null` entry whose key sorts after the entry that leaves its keys missing.",
        rationale: """
            Torch processes entries in *reverse* sorted order. A random-init entry (`filename: null` with \
            `pattern` or `prefix`) only clears keys that entries processed before it marked missing — those \
            with larger keys. Sorted after the checkpoint entry, it runs first, does nothing, and the run \
            fails with \"Missing key(s)\".
            """,
        returnnBehavior: "\"(No relevant parameters matching.)\", then `Missing key(s) in state_dict` (M26, verified R1 vs R2).",
        fix: "Give the random-init entry a key that sorts before the checkpoint entry (e.g. `00_random`).",
        references: ["M26"],
        examples: [
            .triggering("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base.pt", "init_for_train": true},
                    "zz_random": ↓{"filename": null, "pattern": "output.*", "init_for_train": true}
                  }
                }
                """, files: ["base.pt"],
                checkpoints: ["base.pt": "enc.weight [7, 9] float32\n"],
                model: "enc.weight [7, 9] float32\noutput.weight [3, 7] float32\n"),
            .clean("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "00_random": {"filename": null, "pattern": "output.*", "init_for_train": true},
                    "base": {"filename": "base.pt", "init_for_train": true}
                  }
                }
                """, files: ["base.pt"],
                checkpoints: ["base.pt": "enc.weight [7, 9] float32\n"],
                model: "enc.weight [7, 9] float32\noutput.weight [3, 7] float32\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.backend == .torch else { return [] }
        var findings: [Finding] = []
        for random in plan.entries where random.entry.filename == .none && random.active == true {
            for other in plan.entries where other.active == true && other.simulated && other.name < random.name {
                let leftMissing = other.missing.map(\.model).filter(random.randomInitResets)
                guard !leftMissing.isEmpty else { continue }
                findings.append(Finding(
                    "random-init entry '\(random.name)' sorts after '\(other.name)', which leaves \(Wording.list(leftMissing, limit: 3)) missing: torch runs '\(random.name)' first, so it clears nothing and RETURNN fails with 'Missing key(s)'",
                    at: .value(random.pointer),
                    suggestions: [Suggestion("rename the entry so that it sorts before '\(other.name)' (e.g. '00_\(random.name)')")]))
            }
        }
        return findings
    }
}
