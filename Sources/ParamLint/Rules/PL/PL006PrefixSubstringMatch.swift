public struct PrefixSubstringMatchRule: Rule {
    public static let description = RuleDescription(
        id: "PL006", name: "prefix-substring-match", severity: .warning,
        summary: "TF: the prefix also occurs inside other variable names, which then join the entry with the substring removed.",
        rationale: """
            On TF `prefix` is a substring marker, not a scope: every model variable that *contains* it joins \
            the entry, and *every* occurrence is removed to form the checkpoint name. `main_` picks up \
            `enc_main_l1/W` and looks for `enc_l1/W` in the checkpoint. A prefix that occurs only at the start \
            of path components is different: LM fusion configs name the LM's layers `lm_…` inside the decoder \
            (`output/rec/lm_dec_0/W`, looked up as `output/rec/dec_0/W`) on purpose, so that is reported only \
            when the checkpoint lacks a looked-up name.
            """,
        returnnBehavior: "`name.replace(prefix, \"\")` on every model variable containing the prefix (M8, verified).",
        fix: "Use a prefix that occurs only where it is meant: the scope with its slash (`main/`) for a sub-network, or a layer-name prefix (`lm_`) that no other name contains.",
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
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": "asr/net.100",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.030", "prefix": "lm_"}
                  }
                }
                """, files: ["asr/net.100.meta"],
                checkpoints: ["asr/net.100": "output/rec/s/W [5, 5] float32\nglobal_step [] int64\n",
                              "lm/net.030": "output/rec/dec_0/W [5, 5] float32\n"],
                model: "output/rec/s/W [5, 5] float32\noutput/rec/lm_dec_0/W [5, 5] float32\nglobal_step [] int64\n",
                explanation: """
                    Shallow fusion: the LM's layers live in the decoder's loop as `lm_…`; RETURNN looks up \
                    `output/rec/lm_dec_0/W` as `output/rec/dec_0/W`, which is exactly the LM checkpoint's name:
                    """),
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": "asr/net.100",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.030", "prefix": ↓"lm_"}
                  }
                }
                """, files: ["asr/net.100.meta"],
                checkpoints: ["asr/net.100": "output/rec/s/W [5, 5] float32\noutput/rec/lm_dec_0/W [5, 5] float32\nglobal_step [] int64\n",
                              "lm/net.030": "lm_dec_0/W [5, 5] float32\n"],
                model: "output/rec/s/W [5, 5] float32\noutput/rec/lm_dec_0/W [5, 5] float32\nglobal_step [] int64\n",
                explanation: """
                    The same idiom against an LM checkpoint whose names keep their `lm_` (saved from a fused \
                    model): the looked-up `output/rec/dec_0/W` is not there:
                    """),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.backend == .tf, plan.modelKnown else { return [] }
        var findings: [Finding] = []
        for simulated in plan.entries where !simulated.naming.prefix.isEmpty {
            let entry = simulated.entry, naming = simulated.naming
            let prefix = entry.prefix
            let joined = plan.substringMatches(of: simulated)
            guard !joined.isEmpty, let node = entry.node["prefix"] else { continue }
            // Inside a component: unintended. At a component start: the idiom, unless the checkpoint
            // (when known) lacks the name RETURNN looks up.
            var inside: [String] = [], atScopeStart: [String] = []
            for name in joined {
                if naming.occursInsideComponent(of: name) { inside.append(name) } else { atScopeStart.append(name) }
            }
            let checkpoint = simulated.lookup?.checkpoint
            let notFound = checkpoint.map { c in
                atScopeStart.filter { !c.contains(naming.checkpointName(forModel: $0)) }
            } ?? []
            if inside.isEmpty && notFound.isEmpty { continue }
            var parts: [String] = []
            if !inside.isEmpty {
                let example = inside[0]
                parts.append("occurs inside the names \(Wording.list(inside, limit: 3)): they join the entry and '\(example)' is looked up as '\(naming.checkpointName(forModel: example))'")
            }
            if !notFound.isEmpty {
                let example = notFound[0]
                parts.append("starts scopes inside \(Wording.list(notFound, limit: 3)), whose looked-up names are not in the checkpoint ('\(example)' as '\(naming.checkpointName(forModel: example))')")
            }
            findings.append(Finding(
                "prefix '\(prefix)' of preload entry '\(entry.name)' also " + parts.joined(separator: "; it also "),
                at: .value(node.pointer),
                notes: ["on TF the prefix is a substring: every occurrence is removed from every variable that contains it"]))
        }
        return findings
    }
}
