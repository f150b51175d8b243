/// An option that parameter loading depends on, whose value the linter could not determine: a
/// Python config computed it from something the evaluator does not run, or it was changed where the
/// evaluator could not follow. The simulation never takes such an option as absent or as its
/// default; the plan says what depends on it, and rule CF007 says it once.
public struct DynamicInput: Sendable, Hashable {
    /// The option's name, or the path below it (`preload_from_files/base/prefix`).
    public var option: String
    public var pointer: JSONPointer
    /// The construct responsible (the unknown call, the undecidable condition).
    public var range: SourceRange
    public var reason: String
    /// A dict whose keys the linter knows only in part, rather than a value it does not know at all.
    public var isPartial: Bool
    /// True when the option is absent only because the evaluation stopped before its end.
    public var mayBeSetLater: Bool
    /// What the option is, where its value is known but what it leads to is not ("on", "a function").
    public var stateOverride: String? = nil

    /// Reads after the option's name: "'pretrain' is on", "'load' is dynamic".
    public var state: String { stateOverride ?? (isPartial ? "partly dynamic" : "dynamic") }

    public init(option: String, pointer: JSONPointer, range: SourceRange, reason: String, isPartial: Bool = false,
                mayBeSetLater: Bool = false) {
        self.option = option
        self.pointer = pointer
        self.range = range
        self.reason = reason
        self.isPartial = isPartial
        self.mayBeSetLater = mayBeSetLater
    }
}

extension ReturnnConfig {
    /// The options that decide how RETURNN loads parameters (issue 10's list), in the order the
    /// findings about them are given.
    public static let loadingOptions = [
        "backend", "use_tensorflow", "task", "model", "load", "load_epoch", "import_model_train_epoch1", "start_epoch",
        "num_epochs", "preload_from_files", "load_ignore_missing_vars", "behavior_version", "extern_data",
        "num_inputs", "num_outputs", "network",
    ]

    /// Every loading option (and every key of a preload entry) whose value is not known.
    public var dynamicInputs: [DynamicInput] {
        var out: [DynamicInput] = []
        for name in Self.loadingOptions {
            if let node = root[name] {
                if let input = dynamicInput(name, node) { out.append(input) }
                if name == "preload_from_files", case .object(let entries) = node.value {
                    for entry in entries {
                        let path = "preload_from_files/" + entry.key
                        if let input = dynamicInput(path, entry.node) {
                            out.append(input)
                            continue
                        }
                        for key in entry.node.members ?? [] {
                            if let input = dynamicInput(path + "/" + key.key, key.node) { out.append(input) }
                        }
                    }
                }
            } else if let stop = document.incomplete {
                out.append(DynamicInput(option: name, pointer: JSONPointer.root.appending(name), range: stop.range,
                                        reason: "'\(name)' may be set where the linter stops following the config (\(stop.reason))",
                                        mayBeSetLater: true))
            }
        }
        switch engine {
        case .tfNetDict, .none, .unknown:
            if let g = NetworkSource.getNetwork(self) { out.append(g) }
        case .tfRF, .torch, .jax: break
        }
        return out
    }

    private func dynamicInput(_ option: String, _ node: ConfigNode) -> DynamicInput? {
        if case .dynamic(let reason) = node.value {
            let note = document.dynamicValues.first { $0.pointer == node.pointer }
            return DynamicInput(option: option, pointer: node.pointer, range: note?.range ?? node.range,
                                reason: note?.reason ?? reason)
        }
        if let partial = document.partial(at: node.pointer) {
            return DynamicInput(option: option, pointer: node.pointer, range: partial.range, reason: partial.reason,
                                isPartial: true)
        }
        return nil
    }
}

extension LoadPlan {
    /// The plan with what depends on dynamic inputs marked unknown instead of predicted from a default:
    /// the task, the main checkpoint (and the variables it would fill), the preload entries, and the outcome.
    func applying(_ inputs: [DynamicInput], taskOverridden: Bool, existingEpochsGiven: Bool) -> LoadPlan {
        guard !inputs.isEmpty else { return self }
        var plan = self
        plan.dynamicInputs = inputs
        func first(_ names: [String]) -> DynamicInput? { inputs.first { names.contains($0.option) } }

        if !taskOverridden, let task = first(["task"]) { plan.taskUnknown = task }
        var mainDecidedBy = ["load", "load_epoch", "import_model_train_epoch1", "start_epoch"]
        if !existingEpochsGiven { mainDecidedBy += ["model", "num_epochs"] }
        if let input = plan.taskUnknown ?? first(mainDecidedBy) {
            plan.mainUnknown = input
            for i in plan.variables.indices {
                switch plan.variables[i].source {
                case .main, .initializer: plan.variables[i].source = .unknown
                default: break
                }
            }
            plan.main.loads = NameMap()
            plan.main.missing = []
            plan.main.leftUninitialized = []
            plan.main.shapeMismatches = []
            plan.main.dtypeMismatches = []
            plan.trainStartEpoch = nil
        }
        if let entries = first(["preload_from_files"]) ?? inputs.first(where: {
            $0.option.hasPrefix("preload_from_files/") && $0.option.split(separator: "/").count == 2
        }) {
            plan.entriesUnknown = entries
            for i in plan.variables.indices {
                switch plan.variables[i].source {
                case .preload, .initializer: plan.variables[i].source = .unknown
                default: break
                }
            }
        }
        if let task = plan.taskUnknown {
            for i in plan.entries.indices where plan.entries[i].error == nil {
                plan.entries[i].active = nil
                plan.entries[i].why = "it depends on the task, which is dynamic (\(task.reason))"
            }
        }
        // Whatever failure the simulation found after a dynamic decision was found on a guess.
        let unknown = plan.mainUnknown ?? plan.entriesUnknown ?? first(["network", "get_network", "extern_data", "num_inputs", "num_outputs",
                                                                        "behavior_version", "load_ignore_missing_vars"])
        if let unknown {
            var outcome = plan.outcome
            if plan.mainUnknown != nil || plan.entriesUnknown != nil { outcome = .success }
            outcome.complete = false
            outcome.unknown = "it depends on '\(unknown.option)', which is \(unknown.isPartial ? "partly dynamic" : "dynamic"): \(unknown.reason)"
            plan.outcome = outcome
        }
        return plan
    }
}
