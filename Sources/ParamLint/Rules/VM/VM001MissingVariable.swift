public struct MissingVariableRule: Rule {
    public static let description = RuleDescription(
        id: "VM001", name: "missing-variable", severity: .error,
        summary: "A model variable that an active load must fill is not in the checkpoint, and nothing allows it to be missing.",
        rationale: """
            A renamed or new layer has no variable in the old checkpoint. After prefix, ignore lists, the \
            mapping and RETURNN's automatic renames, a name still missing fails the run — after the job has \
            queued and built its graph.
            """,
        returnnBehavior: "TF preload: `NotFoundError … could_not_find_map_list`; TF main load: `sys.exit(1)` (verified E16); torch: \"Missing key(s) … Any missing key is an error.\" (M14)",
        fix: "Map the old name with `var_name_mapping`, exclude the variable with `ignore_params`, or set `ignore_missing` if random initialisation is intended.",
        references: ["M14"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": ↓{"filename": "base/net.080", "init_for_train": true}
                  }
                }
                """,
                checkpoints: ["base/net.080": "encoder/W [9, 7] float32\noutput/W [7, 3] float32\n"],
                model: "enc/W [9, 7] float32\noutput/W [7, 3] float32\nglobal_step [] int64\n"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", "init_for_train": true,
                             "var_name_mapping": {"enc/W": "encoder/W"}}
                  }
                }
                """,
                checkpoints: ["base/net.080": "encoder/W [9, 7] float32\noutput/W [7, 3] float32\n"],
                model: "enc/W [9, 7] float32\noutput/W [7, 3] float32\nglobal_step [] int64\n"),
        ])

    public init() {}

    static func didYouMean(_ names: [String], checkpoint: Checkpoint?) -> [String] {
        guard let checkpoint else { return [] }
        let suggester = NameSuggester(checkpoint.names)
        return names.prefix(3).compactMap { n in
            suggester.best(for: n, limit: max(2, DidYouMean.cutoff(for: n))).map { "'\(n)': did you mean '\($0)'?" }
        }
    }

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan else { return [] }
        var findings: [Finding] = []
        for entry in plan.entries where entry.active == true && entry.error == .missingVariables {
            let names = entry.missing.map(\.checkpoint)
            findings.append(Finding(
                "preload entry '\(entry.name)': \(Wording.plural(names.count, "model variable")) not in '\(entry.checkpointReference?.path ?? "?")': \(Wording.list(names)); RETURNN fails (could_not_find_map_list)",
                at: .value(entry.pointer),
                notes: Self.didYouMean(names, checkpoint: entry.lookup?.checkpoint),
                suggestions: [Suggestion("map them with \"var_name_mapping\", exclude them with \"ignore_params\", or set \"ignore_missing\": true", pointer: entry.pointer)]))
        }
        if plan.backend == .tf, plan.loading.stage == .main, plan.loading.error == .missingVariables {
            let names = plan.loading.names.filter { $0 != "global_step" }
            if !names.isEmpty {
                findings.append(Finding(
                    "the main checkpoint '\(plan.main.path ?? "?")' lacks \(Wording.plural(names.count, "model variable")): \(Wording.list(names)); RETURNN exits ('model cannot be loaded')",
                    at: context.location(of: plan.main.checkpointReference),
                    notes: Self.didYouMean(names, checkpoint: plan.main.lookup?.checkpoint),
                    suggestions: [Suggestion("load it with preload_from_files and var_name_mapping, or set \"load_ignore_missing_vars\": true")]))
            }
        }
        if plan.backend == .torch, plan.loading.error == .missingVariables {
            findings.append(Finding(
                "\(Wording.plural(plan.loading.names.count, "model key")) come from no checkpoint: \(Wording.list(plan.loading.names)); RETURNN fails with 'Missing key(s) in state_dict'",
                at: plan.loading.pointer.map { .value($0) } ?? context.location(of: plan.main.checkpointReference)))
        }
        return findings
    }
}
