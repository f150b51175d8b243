public struct PreloadUnknownKeyRule: Rule {
    public static let description = RuleDescription(
        id: "PL002", name: "preload-unknown-key", severity: .error,
        summary: "A preload entry key is not one the backend's loader reads (a typo, or a key of the other engine).",
        rationale: """
            RETURNN builds its loader from a fixed set of keys and ignores the rest silently: \
            `init_for_trian` leaves the entry inactive in training, `ignore_mising` makes a missing variable \
            fatal, `prefx` loads the whole model from the wrong checkpoint.
            """,
        returnnBehavior: "Unknown keys are ignored silently on TF and torch (M5, verified E13, R6).",
        fix: "Correct the key (the finding proposes the closest one), or remove keys the engine does not have.",
        references: ["M5"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", ↓"init_for_trian": true}
                  }
                }
                """),
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", "init_for_train": true, ↓"checkpoint_key": null}
                  }
                }
                """, explanation: "A torch-only key in a TF config:"),
            .clean("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080.pt", "init_for_train": true, "checkpoint_key": null}
                  }
                }
                """, files: ["base/net.080.pt"]),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let backend = context.backend, let config = context.config else { return [] }
        let allowed = ReturnnOptions.preloadKeys(for: backend)
        let other = ReturnnOptions.preloadKeys(for: backend == .tf ? .torch : .tf)
        var findings: [Finding] = []
        for entry in config.preloadEntries {
            for member in entry.node.members ?? [] where !allowed.contains(member.key) {
                let pointer = member.node.pointer
                if other.contains(member.key) {
                    let engine = backend == .tf ? "torch" : "TF"
                    findings.append(Finding(
                        "'\(member.key)' in preload entry '\(entry.name)' is a \(engine)-only key: the \(backend == .tf ? "TF" : "torch") engine ignores it silently",
                        at: .key(pointer), suggestions: [Suggestion("remove \"\(member.key)\"", pointer: pointer)]))
                } else if let best = DidYouMean.best(for: member.key, among: allowed) {
                    findings.append(Finding(
                        "unknown key '\(member.key)' in preload entry '\(entry.name)': RETURNN ignores it silently; did you mean '\(best)'?",
                        at: .key(pointer), suggestions: [Suggestion("rename '\(member.key)' to '\(best)'", pointer: pointer)]))
                } else {
                    findings.append(Finding(
                        "unknown key '\(member.key)' in preload entry '\(entry.name)': RETURNN ignores it silently",
                        at: .key(pointer),
                        notes: ["the keys RETURNN reads here: " + allowed.joined(separator: ", ")]))
                }
            }
        }
        return findings
    }
}
