public struct ModelVariablesUnknownRule: Rule {
    public static let description = RuleDescription(
        id: "VM007", name: "model-variables-unknown", severity: .info,
        summary: "The model's variables, or those of some layers, are not known: the checks against them are skipped or partial.",
        rationale: """
            Every variable check compares the model RETURNN will build with the checkpoints. When the model's \
            variables cannot be inferred (a torch `get_model`, a network only Python can compute, a layer \
            class or unit the linter does not model) and no `--model` listing is given, those checks are \
            skipped for the whole model or for the layers concerned — and this finding says which, so a \
            clean result is never mistaken for a full one. (Until issue 11 this was part of CK002.)
            """,
        returnnBehavior: "Not a RETURNN behaviour: a statement about what the linter could check.",
        fix: "Give `--model` with a listing of the new model's variables (`lint vars` writes one from a checkpoint RETURNN saved).",
        references: [],
        examples: [
            .triggering("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "enc": {"filename": "base/enc.pt", "prefix": "encoder.", "init_for_train": true}
                  }
                }
                """, files: ["base/enc.pt"], checkpoints: ["base/enc.pt": "encoder.linear.weight [7, 9] float32\n"],
                explanation: "A torch model comes from `get_model`; without `--model` its variables are unknown:"),
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "extern_data": {"data": {"dim": 9}, "classes": {"dim": 5, "sparse": true}},
                  ↓"network": {
                    "enc": {"class": "my_site_specific_layer", "from": "data", "n_out": 7},
                    "output": {"class": "softmax", "from": "enc", "loss": "ce", "target": "classes"}
                  }
                }
                """, explanation: "A layer class the linter does not know: its variables, and the shapes after it, are unknown:"),
            .clean("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "enc": {"filename": "base/enc.pt", "prefix": "encoder.", "init_for_train": true}
                  }
                }
                """, files: ["base/enc.pt"], checkpoints: ["base/enc.pt": "encoder.linear.weight [7, 9] float32\n"],
                model: "encoder.linear.weight [7, 9] float32\n"),
        ])

    public init() {}

    /// The text lists this many scopes; a note lists them all (JSON carries the notes).
    static let shown = 4

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        let at: FindingLocation = context.config?.network.map { .key($0.pointer) } ?? .document
        if !plan.modelKnown, context.config?.network != nil || !plan.entries.isEmpty || plan.main.reference != nil {
            let why: String
            if case .dynamic(let reason)? = context.config?.network?.value {
                why = "the network is only known when Python runs the config: \(reason)"
            } else if plan.backend == .torch {
                why = "a torch model comes from get_model, which only running Python can tell"
            } else {
                why = "no --model listing, and no network to infer them from"
            }
            return [Finding(
                "the model's variables are unknown (\(why)): variable checks are skipped",
                at: at,
                suggestions: [Suggestion("give --model with a listing of the new model's variables")])]
        }
        guard !plan.unknownScopes.isEmpty else { return [] }
        // Each scope quoted once, its reason after it without quotes of its own around the pair.
        let described = plan.unknownScopes.map { "'\($0.scope)' (\($0.reason))" }
        var text = described.prefix(Self.shown).joined(separator: ", ")
        if described.count > Self.shown { text += " and \(described.count - Self.shown) more" }
        let notes = described.count > Self.shown
            ? ["all \(described.count) layers with unknown variables: " + described.joined(separator: ", ")] : []
        return [Finding(
            "the variables of \(text) are unknown: checks of those layers are partial",
            at: at, notes: notes)]
    }
}
