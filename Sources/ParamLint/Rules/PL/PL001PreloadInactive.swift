public struct PreloadInactiveRule: Rule {
    public static let description = RuleDescription(
        id: "PL001", name: "preload-inactive", severity: .warning,
        severityNote: "info for an entry without init_for_train in training whose variables all live in layers that only search builds: evidently a recognition entry",
        summary: "A preload entry will not be applied in this task: no truthy `init_for_train` in training, or `init_for_train: true` in recognition.",
        rationale: """
            RETURNN applies an entry without `init_for_train` only when the task is *not* `train`, and an \
            entry with it only in the first epoch of a new training. The most common silent mistake: a \
            training config whose preload is skipped, so the model trains from random initialisation. \
            One file often serves both: trained with `task = "train"`, recognised with `++task search`. An \
            entry without `init_for_train` whose variables all live in layers that training never builds \
            (a shallow-fusion LM feeding only the `choice` layer, whose `from` is not built without search) \
            is then evidently the recognition entry: that is reported as an info, not a warning.
            """,
        returnnBehavior: "The entry is skipped without a message (M4, semantics 2.4); torch `\"always\"` entries apply everywhere.",
        fix: "In a training config add `\"init_for_train\": true`; in a recognition config remove it.",
        references: ["M4", "semantics §2.4"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": ↓{"filename": "base/net.080", "prefix": "enc/"}
                  }
                }
                """),
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": "models/net.040",
                  "preload_from_files": {
                    "lm": ↓{"filename": "lm/net.020", "prefix": "lm/", "init_for_train": true}
                  }
                }
                """, files: ["models/net.040.meta"]),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", "prefix": "enc/", "init_for_train": true}
                  }
                }
                """),
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "extern_data": {"data": {"dim": 9}, "classes": {"dim": 5, "sparse": true}},
                  "network": {
                    "enc": {"class": "linear", "activation": "tanh", "n_out": 7, "from": "data"},
                    "output": {"class": "rec", "from": [], "target": "classes", "unit": {
                      "s": {"class": "linear", "activation": "tanh", "n_out": 6, "from": ["prev:output", "base:enc"]},
                      "am_prob": {"class": "softmax", "from": "s", "loss": "ce", "target": "classes"},
                      "lm_out": {"class": "linear", "activation": "log_softmax", "n_out": 5, "from": "prev:output"},
                      "fused": {"class": "eval", "from": ["am_prob", "lm_out"], "eval": "source(0) + 0.3 * source(1)"},
                      "output": {"class": "choice", "target": "classes", "beam_size": 12, "from": "fused"}
                    }}
                  },
                  "preload_from_files": {
                    "lm": ↓{"filename": "lm/net.030", "prefix": "lm_"}
                  }
                }
                """,
                explanation: """
                    Trained with this file and recognised with `++task search`: the LM entry matches only \
                    `output/rec/lm_out/…`, which feeds only the `choice` layer's `from` — built in search, \
                    never in training. Evidently a recognition entry: an info.
                    """),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, let config = context.config else { return [] }
        var findings: [Finding] = []
        for entry in config.preloadEntries {
            guard let p = plan.entry(entry.name), p.active == false else { continue }
            let truthy = entry.initForTrain?.pythonTruthiness ?? false
            if plan.task == "train", !truthy {
                if let layers = Self.searchOnlyLayers(of: entry, plan: plan, network: context.layers) {
                    findings.append(Finding(
                        "preload entry '\(entry.name)' is ignored in training (init_for_train is not set); it is evidently a recognition entry: every variable it matches lives in layers that only search builds (\(Wording.list(layers, limit: 3)))",
                        at: .value(entry.pointer),
                        notes: ["RETURNN applies entries without init_for_train only when task != \"train\", e.g. with ++task search",
                                "a choice layer outside search returns its target and does not build its 'from'"],
                        severity: .info))
                    continue
                }
                findings.append(Finding(
                    "preload entry '\(entry.name)' is ignored in training: init_for_train is not set",
                    at: .value(entry.pointer),
                    notes: ["RETURNN applies entries without init_for_train only when task != \"train\""],
                    suggestions: [Suggestion("add \"init_for_train\": true", pointer: entry.pointer)]))
            } else if plan.task != "train", truthy, !(plan.backend == .torch && entry.initForTrain?.stringValue == "always") {
                let node = entry.node["init_for_train"]
                findings.append(Finding(
                    "preload entry '\(entry.name)' is ignored in task '\(plan.task)': init_for_train entries apply only in training",
                    at: .value(entry.pointer),
                    notes: ["without init_for_train the entry would be applied here, and would override the main checkpoint"],
                    suggestions: [Suggestion("remove \"init_for_train\"", pointer: node?.pointer ?? entry.pointer)]))
            }
        }
        return findings
    }

    /// The layers (as `a/rec/b`) an entry's variables live in, when every one of them is a layer that
    /// training never builds; nil when that is not evident (no known model, nothing matched, or a
    /// variable in a layer that training builds).
    static func searchOnlyLayers(of entry: PreloadEntry, plan: LoadPlan, network: [NetworkLayer]) -> [String]? {
        guard plan.backend == .tf, !network.isEmpty, !entry.prefix.isEmpty else { return nil }
        // The variables the prefix selects; where the model's variables are not all known, the
        // scopes of the layers whose scope contains the prefix stand for them.
        // Inference leaves out the layers training never builds, so a prefix that selects only those
        // selects no inferred variable: then the layers' scopes stand for them too.
        let fromVariables = plan.modelKnown && plan.unknownScopes.isEmpty
            ? plan.variables.map(\.name).filter { $0 != "global_step" && $0.contains(entry.prefix) } : []
        let matched = fromVariables.isEmpty ? network.map(\.scope).filter { $0.contains(entry.prefix) } : fromVariables
        guard !matched.isEmpty else { return nil }
        let unbuilt = TrainingReachability.unbuiltScopes(network)
        guard !unbuilt.isEmpty else { return nil }
        let scopes = Set(network.map(\.scope))
        var layers = Set<String>()
        for name in matched {
            // The innermost layer the variable lives in must be one that training does not build.
            guard let scope = TrainingReachability.innermostScope(of: name, among: scopes), unbuilt.contains(scope) else { return nil }
            layers.insert(String(scope.dropLast()))
        }
        return layers.sorted()
    }
}
