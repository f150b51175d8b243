public struct PreloadOverridesMainRule: Rule {
    public static let description = RuleDescription(
        id: "PL011", name: "preload-overrides-main", severity: .info,
        summary: "An active entry covers variables that the main checkpoint also has: the preload wins.",
        rationale: """
            Preloads run before the main checkpoint is restored, and the main load skips every preloaded \
            variable. A recognition config with a trained `load` and an LM preload whose prefix also matches \
            trained parameters therefore recognises with the LM checkpoint's values for them.
            """,
        returnnBehavior: "The main load skips pre-initialised variables (M28, verified E5, E10, G2).",
        fix: "Restrict the entry (`prefix`, `ignore_params`) to the variables it should provide.",
        references: ["M28"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": "models/net.080",
                  "preload_from_files": {
                    "base": ↓{"filename": "base/net.003"}
                  }
                }
                """, files: ["models/net.080.meta"],
                checkpoints: ["models/net.080": "enc/W [9, 7] float32\noutput/W [7, 3] float32\nglobal_step [] int64\n",
                              "base/net.003": "enc/W [9, 7] float32\noutput/W [7, 3] float32\n"],
                model: "enc/W [9, 7] float32\noutput/W [7, 3] float32\nglobal_step [] int64\n"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": "models/net.080",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.020", "prefix": "lm/"}
                  }
                }
                """, files: ["models/net.080.meta"],
                checkpoints: ["models/net.080": "enc/W [9, 7] float32\nglobal_step [] int64\n",
                              "lm/net.020": "W [7, 3] float32\n"],
                model: "enc/W [9, 7] float32\nlm/W [7, 3] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, let main = plan.main.lookup?.checkpoint else { return [] }
        var findings: [Finding] = []
        for entry in plan.entries where entry.active == true && entry.simulated {
            let both = entry.loads.keys.filter { main.contains($0) }.sorted()
            guard !both.isEmpty else { continue }
            findings.append(Finding(
                "preload entry '\(entry.name)' loads \(Wording.plural(both.count, "variable")) that the main checkpoint '\(plan.main.path ?? main.path)' also has (\(Wording.list(both, limit: 3))): the preload wins",
                at: .value(entry.pointer),
                notes: ["RETURNN restores the main checkpoint after the preloads and skips every preloaded variable"]))
        }
        return findings
    }
}
