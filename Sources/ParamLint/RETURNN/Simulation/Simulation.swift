/// Predicts what RETURNN will do when it loads parameters: the main checkpoint, the active
/// preload entries, the source of every model variable and the outcome. Follows
/// `returnn-semantics.md`; where the oracle recordings disagreed, the oracle is followed.
public enum Simulation {
    /// Tasks that build the network through `init_train_from_config` (the others use
    /// `init_network_from_config`, which needs a checkpoint on TF).
    static let trainLikeTasks: Set<String> = ["train", "eval", "initialize_model", "nop_init_net_train", "hyper_param_tuning"]

    /// The task RETURNN's engine runs with: `hyper_param_tuning` sets `task = "train"` on each trial's
    /// copy of the config and calls `init_train_from_config` (`tf/hyper_param_tuning.py`), so every
    /// trial trains like `task = "train"` does.
    static func engineTask(_ task: String) -> String { task == "hyper_param_tuning" ? "train" : task }

    /// The backend the simulation follows, or nil when RETURNN would not reach parameter loading
    /// with the net-dict or torch engine (CF006 says why).
    /// A net-dict config that selects `backend: "tensorflow"` or no backend (CF006) is simulated as
    /// the net-dict engine it was written for, so its other mistakes are reported in the same run.
    public static func backend(of config: ReturnnConfig, override: Backend?) -> Backend? {
        if let b = override ?? config.engine.simulatedBackend { return b }
        switch config.engine {
        case .tfRF, .none:
            return config.network != nil ? .tf : nil
        default:
            return nil
        }
    }

    public static func run(config: ReturnnConfig, inputs: SimulationInputs) -> LoadPlan? {
        guard let backend = backend(of: config, override: inputs.backendOverride) else { return nil }
        let givenTask = inputs.taskOverride ?? config.task
        let task = engineTask(givenTask)
        let training = task == "train"
        var skipped: [String] = []
        var references: [(reference: CheckpointReference, lookup: CheckpointLookup)] = []
        var lookups: [CheckpointReference: CheckpointLookup] = [:]
        func lookup(_ r: CheckpointReference) -> CheckpointLookup {
            if let l = lookups[r] { return l }
            let l = inputs.checkpoints.lookup(r, backend: backend)
            lookups[r] = l
            references.append((r, l))
            return l
        }

        // Existing epochs under `model`.
        let existing: [Int: String]
        let existingKnown: Bool
        if let given = inputs.existingEpochs {
            let model = config.model.value ?? "model"
            existing = Dictionary(uniqueKeysWithValues: given.filter { $0 >= 1 && $0 <= config.finalEpoch }
                .map { ($0, MainCheckpoint.epochFilename(model: model, epoch: $0)) })
            existingKnown = true
        } else {
            existing = MainCheckpoint.existingModels(model: config.model.value, finalEpoch: config.finalEpoch,
                                                     backend: backend, task: task, fileSystem: inputs.fileSystem)
            if case .unusable = config.model {
                // A computed `model`: which epochs RETURNN finds under it is not known here.
                existingKnown = false
                skipped.append("the existing epochs are unknown: 'model' is dynamic, so the epochs RETURNN finds under it cannot be looked up")
            } else {
                existingKnown = config.model.value.map { inputs.fileSystem.directoryExists(MainCheckpoint.directoryName($0)) } ?? true
            }
        }

        var selection = MainCheckpoint.select(config: config, task: task, backend: backend, existing: existing, inputs: inputs)
        // --offline: RETURNN asserts in every task that `load` and `import_model_train_epoch1` exist; a
        // path that is not on this machine cannot be judged, so it is unavailable (CK002) even where
        // the task then ignores the option, and the prediction is partial.
        if inputs.offline, selection.failure == nil {
            let post = MainCheckpoint.postfix(backend)
            for (kind, option) in [(CheckpointReference.Kind.load, config.load), (.importModelTrainEpoch1, config.importModelTrainEpoch1)] {
                guard let raw = option.value, !raw.isEmpty else { continue }
                let p = MainCheckpoint.strip(raw)
                let onDisk = inputs.fileSystem.fileExists(p + post) || (kind == .load && inputs.fileSystem.fileExists(p))
                let ref = CheckpointReference(kind: kind, path: raw, pointer: option.node?.pointer)
                if !onDisk, !inputs.checkpoints.isSuppliedByUser(ref), lookup(ref).checkpoint == nil {
                    skipped.append("\(ref.name) '\(raw)' is not on this machine (--offline): RETURNN's assertion that '\(p)\(post)' exists was not checked")
                }
            }
        }
        // A dynamic `model` with nothing else selected: RETURNN may find an epoch under it, or none.
        let epochsDynamic = inputs.existingEpochs == nil && selection.path == nil && selection.failure == nil && {
            if case .unusable = config.model { return true }
            return false
        }()
        if epochsDynamic {
            selection.why = "no 'load' and no 'load_epoch'; whether 'model' has an epoch is unknown: 'model' is dynamic"
        }
        var main = MainCheckpointPlan(reference: selection.reference, path: selection.path, epoch: selection.epoch,
                                      why: selection.why, checkpointReference: selection.checkpointReference, lookup: nil,
                                      events: selection.events, loads: NameMap(), missing: [], leftUninitialized: [],
                                      viaCustomLoader: false, shapeMismatches: [], dtypeMismatches: [])
        // M31: a non-train task relying on the latest epoch only scans epochs 1..num_epochs.
        if !training, config.load.isAbsent, config.loadEpoch.isAbsent, let model = config.model.value, !model.isEmpty {
            let beyond = MainCheckpoint.existingModels(model: model, finalEpoch: config.finalEpoch + 1, backend: backend,
                                                       task: task, fileSystem: inputs.fileSystem)[config.finalEpoch + 1] != nil
                || (inputs.existingEpochs?.contains { $0 > config.finalEpoch } ?? false)
            // Only a recognition-like task relies on the latest epoch; `initialize_model` and the
            // other train-like tasks go through get_train_start_epoch and are meant to start afresh.
            if beyond || (config.numEpochs.isAbsent && !trainLikeTasks.contains(task)) {
                main.events.append(PlanEvent(
                    kind: .latestEpochScanLimited,
                    message: beyond
                        ? "'model' has epochs after \(config.finalEpoch), but only epochs 1..\(config.finalEpoch) are scanned (num_epochs): an older model is used"
                        : "num_epochs is not set: only epochs 1..5 are scanned for the latest model"))
            }
        }
        var outcome = selection.failure
        let modelIndex = inputs.model.map(ModelIndex.init)
        if inputs.model == nil { skipped.append("the model's variables are unknown: no --model listing and no inference for this config") }

        // The engine: the epoch decides which entries are active.
        var epochForFilter = selection.epoch
        if backend == .torch, epochForFilter == nil, selection.path != nil {
            // Torch takes a missing epoch from the checkpoint's stored "epoch", else 1
            // (TorchStoredState.storedEpoch; ≥ 1 for RETURNN's files).
            epochForFilter = TorchStoredState.storedEpoch(selection.checkpointReference.map(lookup)) ?? 1
        }
        let isFirstTrainEpoch = (epochForFilter ?? 0) == 0 && (task == "train" || task == "initialize_model")
        var trainStart: Int?
        if trainLikeTasks.contains(task) { trainStart = (selection.epoch ?? 0) + 1 }
        if outcome == nil, backend == .tf, selection.path == nil, !trainLikeTasks.contains(task), !config.allowRandomModelInit,
           !epochsDynamic {
            outcome = Outcome(error: .noCheckpoint, names: [],
                              message: "Exception: You are not using training, otherwise start_epoch would be set via self.init_train_from_config(). There was also no model found which we could load. Set one via 'load'.",
                              stage: .initNetworkFromConfig, complete: true)
        }
        if outcome != nil { trainStart = nil }

        // Which entries apply.
        var entries: [EntryPlan] = []
        for e in config.preloadEntries {
            let decision = PreloadActivation.decide(e, backend: backend, task: task, isFirstTrainEpoch: isFirstTrainEpoch)
            var plan: EntryPlan
            switch decision {
            case .active(let why): plan = EntryPlan(e, backend: backend, active: true, why: why)
            case .inactive(let why): plan = EntryPlan(e, backend: backend, active: false, why: why)
            case .unknown(let why): plan = EntryPlan(e, backend: backend, active: nil, why: why)
            case .invalid(let why):
                plan = EntryPlan(e, backend: backend, active: nil, why: why)
                plan.error = .invalidOption
            }
            if case .path(let p) = e.filename {
                plan.checkpointReference = CheckpointReference(kind: .preload(entry: e.name), path: p,
                                                               pointer: e.node["filename"]?.pointer)
            }
            entries.append(plan)
        }

        // Main checkpoint contents.
        if let ref = main.checkpointReference { main.lookup = lookup(ref) }
        var complete = inputs.model != nil && (inputs.model?.isComplete ?? false) && !epochsDynamic

        // Run the loads in RETURNN's order. Variables are known by their position in the model.
        let modelCount = modelIndex?.count ?? 0
        var preloaded = [Bool](repeating: false, count: modelCount)
        var sources = [VariableSource?](repeating: nil, count: modelCount)
        var unknownNames = [Bool](repeating: false, count: modelCount)
        func fail(_ o: Outcome?) { if outcome == nil, let o { outcome = o } }

        func simulateMain() {
            guard let ref = main.checkpointReference, let model = modelIndex else {
                if main.checkpointReference != nil { complete = false }
                return
            }
            switch main.lookup ?? .unavailable {
            case .available(let ckpt):
                let o: Outcome?
                switch backend {
                case .tf:
                    o = MainLoading.tf(plan: &main, model: model, checkpoint: ckpt, preloaded: preloaded,
                                       ignoreMissing: config.loadIgnoreMissingVars.value ?? false,
                                       hasParamImporter: Self.hasParamImporter(config.network))
                case .torch:
                    o = MainLoading.torch(plan: &main, model: model, checkpoint: ckpt)
                }
                fail(o)
                for (i, c) in zip(main.loads.modelPositions, main.loads.values) where sources[Int(i)] == nil {
                    sources[Int(i)] = .main(checkpointName: c)
                }
            case .corrupt(let error):
                fail(Outcome(error: .checkpointCorrupt, names: [], message: error.description, stage: .main, complete: true))
            case .unavailable, .unsupported:
                complete = false
                skipped.append("\(ref.name) '\(ref.path)' is unavailable: the main load was not simulated")
                for i in 0..<model.count where !preloaded[i] { unknownNames[i] = true }
            }
        }

        if outcome == nil || outcome?.stage == .initNetworkFromConfig {
            let stopAfterMain = outcome != nil
            switch backend {
            case .tf:
                if !stopAfterMain {
                    for i in entries.indices where entries[i].active == true || entries[i].error == .invalidOption {
                        fail(simulateTFEntry(&entries[i], config: config, model: modelIndex, preloaded: &preloaded,
                                             sources: &sources, unknown: &unknownNames, complete: &complete,
                                             skipped: &skipped, inputs: inputs, lookup: lookup))
                        if outcome != nil { break }
                    }
                    if outcome == nil { simulateMain() }
                }
            case .torch:
                simulateMain()
                if outcome == nil {
                    var state = TorchLoading.State(loadedBefore: Set(main.loads.keys),
                                                   missingKeys: main.checkpointReference == nil ? [] : Set(main.missing))
                    for i in entries.indices.reversed() {
                        if entries[i].error == .invalidOption {
                            fail(Outcome(error: .invalidOption, names: [], message: entries[i].why,
                                         stage: .preload(entry: entries[i].name), complete: true))
                            break
                        }
                        guard entries[i].active == true else { continue }
                        fail(simulateTorchEntry(&entries[i], config: config, model: modelIndex, state: &state,
                                                complete: &complete, skipped: &skipped, inputs: inputs, lookup: lookup))
                        if outcome != nil { break }
                    }
                    if let model = modelIndex {
                        for (m, s) in state.source {
                            if let i = model.position(of: m) { sources[i] = .preload(entry: s.entry, checkpointName: s.ckpt) }
                        }
                    }
                    if outcome == nil, !state.missingKeys.isEmpty, complete || modelIndex?.all.isComplete == true {
                        let names = state.missingKeys.sorted()
                        outcome = Outcome(error: .missingVariables, names: names,
                                          message: "Exception: Missing key(s) in state_dict: \(names.map { "\"\($0)\"" }.joined(separator: ", ")). Any missing key is an error.",
                                          stage: .main, complete: true)
                    }
                }
            }
        }

        // Every model variable's source.
        var variables: [PlannedVariable] = []
        if let model = modelIndex?.all {
            variables.reserveCapacity(model.variables.count)
            let anyUnknownScope = !model.unknownScopes.isEmpty
            for (i, v) in model.variables.enumerated() {
                let source: VariableSource
                if let s = sources[i] {
                    source = s
                } else if unknownNames[i] || (anyUnknownScope && model.isUnknown(v.name)) {
                    source = .unknown
                } else {
                    source = .initializer
                }
                variables.append(PlannedVariable(name: v.name, shape: v.shape, dtype: v.dtype, source: source))
            }
        }
        if entries.contains(where: { $0.active == nil && $0.error == nil }) { complete = false }
        if references.contains(where: { $0.lookup.checkpoint == nil }) { complete = false }

        var final = outcome ?? Outcome.success
        if final.pointer == nil, let stage = final.stage {
            switch stage {
            case .preload(let name): final.pointer = entries.first { $0.name == name }?.pointer
            case .main: final.pointer = main.checkpointReference?.pointer
            case .initNetworkFromConfig: final.pointer = config.taskNode?.pointer
            case .backend, .getEpochModel: break
            }
        }
        final.complete = outcome != nil ? final.complete : complete
        var plan = LoadPlan(backend: backend, task: givenTask, main: main, entries: entries, variables: variables, outcome: final,
                            modelKnown: inputs.model != nil, unknownScopes: inputs.model?.unknownScopes ?? [],
                            checkpoints: references, skipped: skipped, isFirstTrainEpoch: isFirstTrainEpoch,
                            trainStartEpoch: trainStart, existingEpochs: existing.keys.sorted(), existingEpochsKnown: existingKnown)
        // One truth with CF006: a net-dict config whose backend selection RETURNN refuses fails there,
        // before anything is loaded; the rest of the plan is what the net-dict engine would do.
        if inputs.backendOverride == nil, let failure = backendFailure(config, task: task) {
            plan.loadingOutcome = final
            plan.outcome = failure
            plan.trainStartEpoch = nil
            plan.skipped.append("the rest of the plan is what the net-dict engine (backend 'tensorflow-net-dict') would do: "
                                + (final.ok ? "it would start normally" : "it would fail: \(final.message ?? final.error?.rawValue ?? "")"))
        }
        return plan
    }

    /// RETURNN's failure at the backend selection of a net-dict config (semantics section 0; CF006):
    /// no backend at all, or `backend = "tensorflow"` (the RF engine, which needs a step function).
    static func backendFailure(_ config: ReturnnConfig, task: String) -> Outcome? {
        switch config.engine {
        case .none:
            return Outcome(error: .invalidOption, names: [],
                           message: "Exception: No backend defined. Please set the config option 'backend'.",
                           stage: .backend, complete: true, pointer: nil)
        case .tfRF where config.network != nil && config.root["get_model"] == nil && config.root["train_step"] == nil:
            let step = task == "train" ? "train_step" : "forward_step"
            return Outcome(error: .invalidOption, names: [],
                           message: "AssertionError: \(step) not defined in config (backend 'tensorflow' selects the RF engine, which ignores the 'network' dict)",
                           stage: .backend, complete: true, pointer: config.engineNode?.pointer)
        default:
            return nil
        }
    }

    static func hasParamImporter(_ network: ConfigNode?) -> Bool {
        guard let layers = network?.members else { return false }
        for layer in layers {
            if layer.node["custom_param_importer"] != nil { return true }
            for key in ["subnetwork", "unit"] where hasParamImporter(layer.node[key]) { return true }
        }
        return false
    }

    /// Reads an active entry's checkpoint; nil when it cannot be matched (unavailable, corrupt, missing file).
    static func entryCheckpoint(_ plan: inout EntryPlan, entry e: PreloadEntry, backend: Backend, inputs: SimulationInputs,
                                complete: inout Bool, skipped: inout [String],
                                lookup: (CheckpointReference) -> CheckpointLookup) -> (Checkpoint?, Outcome?) {
        guard let ref = plan.checkpointReference else { return (nil, nil) }
        let fs = inputs.fileSystem
        let judge = MainCheckpoint.canJudgeExistence(ref.path, reference: ref, inputs: inputs)
        let exists: Bool = {
            switch backend {
            case .tf:
                let p = MainCheckpoint.strip(ref.path)
                return fs.fileExists(p + ".index") || fs.fileExists(p)
            case .torch:
                return fs.fileExists(ref.path)
            }
        }()
        if judge, !exists {
            plan.error = .checkpointMissing
            let message = backend == .tf
                ? "NotFoundError: Unsuccessful TensorSliceReader constructor: Failed to find any matching files for \(MainCheckpoint.strip(ref.path))"
                : "FileNotFoundError: '\(ref.path)' (torch preloads use the path literally, no suffix is added)"
            return (nil, Outcome(error: .checkpointMissing, names: [], message: message,
                                 stage: .preload(entry: e.name), complete: true))
        }
        let l = lookup(ref)
        plan.lookup = l
        switch l {
        case .available(let c): return (c, nil)
        case .corrupt(let error):
            plan.error = .checkpointCorrupt
            return (nil, Outcome(error: .checkpointCorrupt, names: [], message: error.description,
                                 stage: .preload(entry: e.name), complete: true))
        case .unavailable, .unsupported:
            complete = false
            skipped.append("preload entry '\(e.name)': checkpoint '\(ref.path)' is unavailable; its matching was not simulated")
            return (nil, nil)
        }
    }

    static func simulateTFEntry(_ plan: inout EntryPlan, config: ReturnnConfig, model: ModelIndex?,
                                preloaded: inout [Bool], sources: inout [VariableSource?],
                                unknown: inout [Bool], complete: inout Bool, skipped: inout [String],
                                inputs: SimulationInputs, lookup: (CheckpointReference) -> CheckpointLookup) -> Outcome? {
        let e = plan.entry
        switch e.filename {
        case .missing:
            plan.error = .missingFilename
            return Outcome(error: .missingFilename, names: [], message: "KeyError: 'filename' (preload entry '\(e.name)')",
                           stage: .preload(entry: e.name), complete: true)
        case .none, .unusable:
            plan.error = .invalidOption
            return Outcome(error: .invalidOption, names: [],
                           message: "TypeError: preload entry '\(e.name)': filename must be a string on the TF engine",
                           stage: .preload(entry: e.name), complete: true)
        case .path:
            break
        }
        let (ckpt, failure) = entryCheckpoint(&plan, entry: e, backend: .tf, inputs: inputs, complete: &complete,
                                              skipped: &skipped, lookup: lookup)
        if let failure { return failure }
        guard let model else { return nil }
        guard let ckpt, !e.hasUnknownOptions else {
            if e.hasUnknownOptions { complete = false; skipped.append("preload entry '\(e.name)': some options are dynamic; its matching was not simulated") }
            // By name: the variables themselves need not be copied for this.
            let prefix = NameMatching.Needle(e.prefix)
            for i in model.preloadable where e.prefix.isEmpty || prefix.isContained(in: model.name(i)) {
                if !preloaded[i] { unknown[i] = true }
            }
            return nil
        }
        let o = TFLoading.matchEntry(e, plan: &plan, model: model, checkpoint: ckpt, preloaded: preloaded)
        for (i, c) in zip(plan.loads.modelPositions, plan.loads.values) where sources[Int(i)] == nil {
            sources[Int(i)] = .preload(entry: e.name, checkpointName: c)
            preloaded[Int(i)] = true
        }
        return o
    }

    static func simulateTorchEntry(_ plan: inout EntryPlan, config: ReturnnConfig, model: ModelIndex?,
                                   state: inout TorchLoading.State, complete: inout Bool, skipped: inout [String],
                                   inputs: SimulationInputs, lookup: (CheckpointReference) -> CheckpointLookup) -> Outcome? {
        let e = plan.entry
        switch e.filename {
        case .missing:
            plan.error = .missingFilename
            return Outcome(error: .missingFilename, names: [],
                           message: "AssertionError: preload entry '\(e.name)' has no 'filename'",
                           stage: .preload(entry: e.name), complete: true)
        case .none:
            return TorchLoading.randomInit(e, plan: &plan, state: &state)
        case .unusable:
            complete = false
            return nil
        case .path:
            break
        }
        let (ckpt, failure) = entryCheckpoint(&plan, entry: e, backend: .torch, inputs: inputs, complete: &complete,
                                              skipped: &skipped, lookup: lookup)
        if let failure { return failure }
        guard let model, let ckpt, !e.hasUnknownOptions else {
            if e.hasUnknownOptions { complete = false }
            return nil
        }
        return TorchLoading.matchEntry(e, plan: &plan, model: model, checkpoint: ckpt, state: &state)
    }
}
