/// TF net-dict loading: `CustomCheckpointLoader` for preloads (semantics 1.2, 3.2) and
/// `load_params_from_file` for the main checkpoint (3.1).
enum TFLoading {
    /// One active entry against the model (without `global_step`) and its checkpoint.
    /// `preloaded`: variables an earlier entry already loaded.
    static func matchEntry(_ e: PreloadEntry, plan: inout EntryPlan, model: ModelIndex, checkpoint: Checkpoint,
                           preloaded: [Bool]) -> Outcome? {
        let prefix = e.prefix
        let needle = NameMatching.Needle(prefix)
        let ignoreExact = Set(e.ignoreParams.map(\.0))
        let ignorePrefixes = e.ignoreParamsPrefixes.map(\.0)
        var count = 0
        var usedIgnores = Set<String>()
        var cursor = checkpoint.sortedNames.cursor()
        let variables = model.all.variables
        for i in model.preloadable {
            let modelName = variables[i].name
            var name = modelName
            if !prefix.isEmpty {
                guard let first = needle.firstOffset(in: name) else { continue }
                // M8: a prefix is a substring marker, not a scope: elsewhere in a name it matches too.
                if first != 0 || needle.firstOffset(in: name, from: prefix.utf8.count) != nil {
                    plan.substringMatches.append(modelName)
                }
                name = NameMatching.removingAll(prefix, from: name)
            }
            if !ignoreExact.isEmpty, ignoreExact.contains(name) { usedIgnores.insert(name); continue }
            if !ignorePrefixes.isEmpty, let p = ignorePrefixes.first(where: { NameMatching.hasPrefix(name, $0) }) {
                usedIgnores.insert(p)
                continue
            }
            count += 1
            let found = cursor.position(of: name)
            // The checkpoint's own string: the one just built is freed at once.
            if let found { name = checkpoint.variables[found].name }
            if preloaded[i] { plan.preempted.append(modelName, name, model: i, checkpoint: found); continue }
            plan.candidates.append(modelName, name, model: i, checkpoint: found)
            if name.utf8.first == UInt8(ascii: "/") { plan.slashNames.append(name) }
        }
        // Ignore items that meet nothing in the checkpoint-side space (M11).
        for (item, node) in e.ignoreParams where !usedIgnores.contains(item) {
            plan.unusedIgnores.append(UnusedIgnore(item: item, node: node, option: "ignore_params",
                                                   matchesOtherSpace: model.contains(item) && !prefix.isEmpty))
        }
        for (item, node) in e.ignoreParamsPrefixes where !usedIgnores.contains(item) {
            plan.unusedIgnores.append(UnusedIgnore(item: item, node: node, option: "ignore_params_prefixes",
                                                   matchesOtherSpace: !prefix.isEmpty && variables.contains { $0.name.hasPrefix(item) }))
        }
        plan.simulated = true

        if count == 0 {
            // Under an unknown scope some variable might contain the prefix: then this is not decidable.
            if !model.all.isComplete { plan.simulated = false; return nil }
            plan.error = .nothingToLoad
            return Outcome(error: .nothingToLoad, names: [],
                           message: "AssertionError: CustomCheckpointLoader(\(e.name)): no saveable vars" +
                               (prefix.isEmpty ? "" : " (no model variable contains the prefix '\(prefix)')"),
                           stage: .preload(entry: e.name), complete: true)
        }

        // Candidates by their place in plan.candidates: model position, checkpoint name, checkpoint position.
        let c = plan.candidates
        let candidates = c.modelPositions.indices.lazy.map {
            (model: Int(c.modelPositions[$0]), ckpt: c.values[$0], found: c.checkpointPositions[$0] < 0 ? nil : Int(c.checkpointPositions[$0]))
        }
        let missing = candidates.filter { $0.found == nil }
        let candidateNames = e.varNameMapping.isEmpty && missing.isEmpty ? [] : Set(c.values)
        for m in e.varNameMapping {
            let reason: IneffectiveMapping.Reason?
            if !candidateNames.contains(m.key) { reason = .keyNotAModelName }
            else if checkpoint.contains(m.key) { reason = .ownNamePresent }
            else if !checkpoint.contains(m.value) { reason = .targetMissing }
            else { reason = nil }
            if let reason { plan.ineffectiveMappings.append(IneffectiveMapping(key: m.key, value: m.value, node: m.node, reason: reason)) }
        }

        if missing.isEmpty {
            // Every candidate is loaded under its own name: the same map.
            plan.loads = c
            for k in c.modelPositions.indices {
                compare(Int(c.modelPositions[k]), c.values[k], found: Int(c.checkpointPositions[k]), plan: &plan, model: model,
                        checkpoint: checkpoint)
            }
            return shapeFailure(e, plan: &plan)
        }
        // Slow path: automatic renames from obsolete checkpoint names, then the user's mapping.
        let obsolete = Set(checkpoint.names).subtracting(candidateNames)
        var map = AutomaticRenames.sources(missing: missing.map(\.ckpt), obsolete: obsolete)
        for m in e.varNameMapping { map[m.key] = [m.value] }
        let couldNotFind = missing.filter { map[$0.ckpt] == nil }
        if !couldNotFind.isEmpty && !e.ignoreMissing {
            plan.missing = couldNotFind.map { (model.name($0.model), $0.ckpt) }
            plan.error = .missingVariables
            return Outcome(error: .missingVariables, names: couldNotFind.map { model.name($0.model) },
                           message: "NotFoundError: CustomCheckpointLoader. could_not_find_map_list: [\(couldNotFind.map { "'\($0.ckpt)'" }.joined(separator: ", "))]",
                           stage: .preload(entry: e.name), complete: true)
        }
        plan.missing = couldNotFind.map { (model.name($0.model), $0.ckpt) }
        for c in candidates {
            if c.found != nil {
                load(c.model, from: c.ckpt, found: c.found, plan: &plan, model: model, checkpoint: checkpoint)
            } else if let sources = map[c.ckpt] {
                if let absent = sources.first(where: { !checkpoint.contains($0) }) {
                    plan.error = .mappingTargetMissing
                    return Outcome(error: .mappingTargetMissing, names: [model.name(c.model)],
                                   message: "NotFoundError: Key \(absent) not found in checkpoint",
                                   stage: .preload(entry: e.name), complete: true)
                }
                if sources.count == 1 {
                    load(c.model, from: sources[0], found: checkpoint.position(of: sources[0]), plan: &plan, model: model,
                         checkpoint: checkpoint)
                } else {
                    plan.loads.append(model.name(c.model), reading: sources, model: c.model)
                }
            } else {
                plan.leftUninitialized.append(model.name(c.model))
            }
        }
        if plan.loads.isEmpty {
            plan.error = .nothingToLoad
            return Outcome(error: .nothingToLoad, names: [],
                           message: "AssertionError: CustomCheckpointLoader(\(e.name)): no vars to load",
                           stage: .preload(entry: e.name), complete: true)
        }
        return shapeFailure(e, plan: &plan)
    }

    /// The custom loader feeds each value into the variable's initializer: a shape mismatch fails there.
    static func shapeFailure(_ e: PreloadEntry, plan: inout EntryPlan) -> Outcome? {
        guard let mismatch = plan.shapeMismatches.first else { return nil }
        plan.error = .shapeMismatch
        return Outcome(error: .shapeMismatch, names: plan.shapeMismatches.map(\.model),
                       message: "ValueError: Cannot feed value of shape \(mismatch.checkpointValue) for \(mismatch.model), which has shape \(mismatch.modelValue)",
                       stage: .preload(entry: e.name), complete: true)
    }

    static func load(_ i: Int, from ckptName: String, found: Int?, plan: inout EntryPlan, model: ModelIndex, checkpoint: Checkpoint) {
        plan.loads.append(model.name(i), ckptName, model: i, checkpoint: found)
        if let found { compare(i, ckptName, found: found, plan: &plan, model: model, checkpoint: checkpoint) }
    }

    /// Shape and dtype of model variable `i` against checkpoint variable `found`.
    static func compare(_ i: Int, _ ckptName: String, found: Int, plan: inout EntryPlan, model: ModelIndex, checkpoint: Checkpoint) {
        let mv = model.all.variables, cv = checkpoint.variables
        if let ms = mv[i].shape, let cs = cv[found].shape, ms != cs {
            plan.shapeMismatches.append(VariableMismatch(model: mv[i].name, checkpointName: ckptName,
                                                         modelValue: VariableMismatch.describe(ms), checkpointValue: VariableMismatch.describe(cs)))
        }
        if let md = mv[i].dtype, let cd = cv[found].dtype, md != cd {
            plan.dtypeMismatches.append(VariableMismatch(model: mv[i].name, checkpointName: ckptName, modelValue: md, checkpointValue: cd))
        }
    }
}
