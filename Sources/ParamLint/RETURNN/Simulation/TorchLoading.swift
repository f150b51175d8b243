/// Torch `_load_model` preloads (semantics 1.3, 3.5): entries in reversed sorted order, each
/// overwriting the previous, so the first key in sorted order wins; missing keys judged at the end.
enum TorchLoading {
    struct State {
        var loadedBefore: Set<String>
        var missingKeys: Set<String>
        var source: [String: (entry: String, ckpt: String)] = [:]
    }

    static func isUnder(_ name: String, prefix: String) -> Bool { prefix.isEmpty || name.hasPrefix(prefix) }

    static func randomInit(_ e: PreloadEntry, plan: inout EntryPlan, state: inout State) -> Outcome? {
        plan.simulated = true
        guard e.pattern != nil || !e.prefix.isEmpty else {
            plan.error = .invalidOption
            return Outcome(error: .invalidOption, names: [],
                           message: "ValueError: preload key \(e.name): filename None needs 'pattern' or 'prefix'",
                           stage: .preload(entry: e.name), complete: true)
        }
        state.missingKeys = state.missingKeys.filter { !plan.randomInitResets($0) }
        return nil
    }

    static func matchEntry(_ e: PreloadEntry, plan: inout EntryPlan, model: ModelIndex, checkpoint file: Checkpoint,
                           state: inout State) -> Outcome? {
        plan.simulated = true
        // state[checkpoint_key] (TorchStoredState: safetensors, raw state dicts, nested dicts).
        let checkpoint: Checkpoint
        switch TorchStoredState.select(file, key: e.checkpointKey) {
        case .state(let selected): checkpoint = selected
        case .keyError(let why):
            plan.error = .checkpointKey
            return Outcome(error: .checkpointKey, names: [],
                           message: "KeyError: '\(e.checkpointKey ?? "")' (\(why))",
                           stage: .preload(entry: e.name), complete: true)
        }
        let ignoreExact = Set(e.ignoreParams.map(\.0))
        let ignorePrefixes = e.ignoreParamsPrefixes.map(\.0)
        var usedIgnores = Set<String>()
        // checkpoint key → model-side key
        var state2: [String: String] = [:]
        for k in checkpoint.names {
            let name = e.prefix + k
            if ignoreExact.contains(name) { usedIgnores.insert(name); continue }
            if let p = ignorePrefixes.first(where: { name.hasPrefix($0) }) { usedIgnores.insert(p); continue }
            state2[name] = k
        }
        let ckptNames = Set(checkpoint.names)
        for (item, node) in e.ignoreParams where !usedIgnores.contains(item) {
            plan.unusedIgnores.append(UnusedIgnore(item: item, node: node, option: "ignore_params",
                                                   matchesOtherSpace: ckptNames.contains(item)))
        }
        for (item, node) in e.ignoreParamsPrefixes where !usedIgnores.contains(item) {
            plan.unusedIgnores.append(UnusedIgnore(item: item, node: node, option: "ignore_params_prefixes",
                                                   matchesOtherSpace: ckptNames.contains { $0.hasPrefix(item) }))
        }
        for m in e.varNameMapping {
            guard let source = state2.removeValue(forKey: m.value) else {
                plan.ineffectiveMappings.append(IneffectiveMapping(key: m.key, value: m.value, node: m.node, reason: .targetMissing))
                plan.error = .mappingTargetMissing
                return Outcome(error: .mappingTargetMissing, names: [m.key],
                               message: "KeyError: '\(m.value)' (var_name_mapping values are prefixed checkpoint keys)",
                               stage: .preload(entry: e.name), complete: true)
            }
            state2[m.key] = source
        }
        let loaded = state2.filter { model.contains($0.key) && isUnder($0.key, prefix: e.prefix) }
        if loaded.isEmpty {
            if !model.all.isComplete { plan.simulated = false; return nil }
            plan.error = .nothingToLoad
            return Outcome(error: .nothingToLoad, names: [],
                           message: "Exception: No keys with prefix '\(e.prefix)' found in preload model state",
                           stage: .preload(entry: e.name), complete: true)
        }
        let pairs = loaded.map { (key: $0.key, value: $0.value, model: model.position(of: $0.key)!, checkpoint: checkpoint.position(of: $0.value)) }
        plan.candidates = NameMap(unordered: pairs)
        plan.loads = plan.candidates
        for (m, c) in loaded {
            state.source[m] = (e.name, c)
            if let v = model.variable(named: m), let cv = checkpoint[c], let ms = v.shape, let cs = cv.shape, ms != cs {
                plan.shapeMismatches.append(VariableMismatch(model: m, checkpointName: c, modelValue: VariableMismatch.describe(ms),
                                                             checkpointValue: VariableMismatch.describe(cs)))
            }
        }
        if let m = plan.shapeMismatches.sorted(by: { $0.model < $1.model }).first {
            plan.error = .shapeMismatch
            return Outcome(error: .shapeMismatch, names: plan.shapeMismatches.map(\.model).sorted(),
                           message: "RuntimeError: size mismatch for \(m.model): copying a param with shape \(m.checkpointValue) from checkpoint, the shape in current model is \(m.modelValue)",
                           stage: .preload(entry: e.name), complete: true)
        }
        state.missingKeys.subtract(loaded.keys)
        if !e.ignoreMissing {
            let notLoaded = model.all.variables.map(\.name).filter { isUnder($0, prefix: e.prefix) && loaded[$0] == nil && !state.loadedBefore.contains($0) }
            state.missingKeys.formUnion(notLoaded)
            plan.missing = notLoaded.sorted().map { ($0, String($0.dropFirst(e.prefix.count))) }
        } else {
            plan.leftUninitialized = model.all.variables.map(\.name).filter { isUnder($0, prefix: e.prefix) && loaded[$0] == nil && !state.loadedBefore.contains($0) }.sorted()
        }
        state.loadedBefore.formUnion(loaded.keys)
        return nil
    }
}
