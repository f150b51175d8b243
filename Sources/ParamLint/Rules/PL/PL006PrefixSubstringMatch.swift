public struct PrefixSubstringMatchRule: Rule {
    public static let description = RuleDescription(
        id: "PL006", name: "prefix-substring-match", severity: .warning,
        summary: "TF: the prefix also occurs inside other variable names, which then join the entry with the substring removed.",
        rationale: """
            On TF `prefix` is a substring marker, not a scope: every model variable that *contains* it joins \
            the entry, and *every* occurrence is removed to form the checkpoint name. `main_` picks up \
            `enc_main_l1/W` and looks for `enc_l1/W` in the checkpoint.
            """,
        returnnBehavior: "`name.replace(prefix, \"\")` on every model variable containing the prefix (M8, verified).",
        fix: "Use a prefix that occurs only at the start of the intended names, typically the scope with its slash (`main/`).",
        references: ["M8"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "main": {"filename": "base/net.080", "prefix": ↓"main_", "init_for_train": true, "ignore_missing": true}
                  }
                }
                """,
                checkpoints: ["base/net.080": "l1/W [9, 7] float32\n"],
                model: "main_l1/W [9, 7] float32\nenc_main_l1/W [9, 7] float32\nglobal_step [] int64\n"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "main": {"filename": "base/net.080", "prefix": "main_", "init_for_train": true}
                  }
                }
                """,
                checkpoints: ["base/net.080": "l1/W [9, 7] float32\n"],
                model: "main_l1/W [9, 7] float32\nenc_l1/W [9, 7] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.backend == .tf, plan.modelKnown, let config = context.config else { return [] }
        var findings: [Finding] = []
        for entry in config.preloadEntries where !entry.prefix.isEmpty {
            let prefix = entry.prefix
            let inside: [String]
            if let simulated = plan.entry(entry.name), simulated.simulated {
                // The simulation noted them while matching.
                inside = simulated.substringMatches
            } else {
                // By index: the names are read in place (the model may have thousands of variables).
                // Preloads never consider global_step.
                let needle = NameMatching.Needle(prefix)
                inside = plan.variables.indices.compactMap { i in
                    let name = plan.variables[i].name
                    return name != "global_step" && needle.occursInside(name) ? name : nil
                }
            }
            guard !inside.isEmpty, let node = entry.node["prefix"] else { continue }
            let example = inside[0]
            findings.append(Finding(
                "prefix '\(prefix)' of preload entry '\(entry.name)' also occurs inside \(Wording.list(inside, limit: 3)): " +
                    "they join the entry and '\(example)' is looked up as '\(NameMatching.removingAll(prefix, from: example))'",
                at: .value(node.pointer),
                notes: ["on TF the prefix is a substring: every occurrence is removed from every variable that contains it"]))
        }
        return findings
    }
}
