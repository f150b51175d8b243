/// The main checkpoint's load, after (TF) or before (torch) the preloads.
enum MainLoading {
    /// TF `load_params_from_file`: a plain Saver restore with exact names, or `CustomCheckpointLoader`
    /// when a variable is already custom-initialised, `load_ignore_missing_vars` is set, or a layer
    /// has `custom_param_importer` — and as the fallback when the Saver misses a name.
    static func tf(plan main: inout MainCheckpointPlan, model: ModelIndex, checkpoint: Checkpoint, preloaded: Set<String>,
                   ignoreMissing: Bool, hasParamImporter: Bool) -> Outcome? {
        let vars = model.all.variables.map(\.name)
        let toLoad = vars.filter { !preloaded.contains($0) }
        let missing = toLoad.filter { !checkpoint.contains($0) }
        main.viaCustomLoader = !preloaded.isEmpty || ignoreMissing || hasParamImporter || !missing.isEmpty
        var loads: [String: String] = [:]
        if missing.isEmpty {
            for n in toLoad { loads[n] = n }
        } else {
            let obsolete = Set(checkpoint.names).subtracting(vars)
            let renames = NameMatching.automaticRenames(missing: missing, obsolete: obsolete)
            let couldNotFind = missing.filter { renames[$0] == nil }
            main.missing = couldNotFind
            if !couldNotFind.isEmpty && !ignoreMissing {
                return Outcome(error: .missingVariables, names: couldNotFind,
                               message: "NotFoundError: could_not_find_map_list: [\(couldNotFind.map { "'\($0)'" }.joined(separator: ", "))]; RETURNN exits with 'Exiting now because model cannot be loaded.'",
                               stage: "main", complete: true)
            }
            main.leftUninitialized = couldNotFind
            for n in toLoad {
                if checkpoint.contains(n) { loads[n] = n } else if let r = renames[n] { loads[n] = r.joined(separator: "+") }
            }
            if loads.isEmpty {
                return Outcome(error: .nothingToLoad, names: [], message: "AssertionError: no vars to load",
                               stage: "main", complete: true)
            }
        }
        main.loads = loads
        compare(&main, model: model, checkpoint: checkpoint)
        if main.viaCustomLoader, let m = main.shapeMismatches.first {
            return Outcome(error: .shapeMismatch, names: main.shapeMismatches.map(\.model),
                           message: "ValueError: Cannot feed value of shape \(m.checkpointValue) for \(m.model), which has shape \(m.modelValue)",
                           stage: "main", complete: true)
        }
        if !main.viaCustomLoader, let m = main.dtypeMismatches.first {
            return Outcome(error: .dtypeMismatch, names: main.dtypeMismatches.map(\.model),
                           message: "InvalidArgumentError: tensor \(m.checkpointName): expected dtype \(m.modelValue) does not equal original dtype \(m.checkpointValue)",
                           stage: "main", complete: true)
        }
        return nil
    }

    /// Torch `load_state_dict(strict=False)`: exact keys; missing keys are judged after the preloads.
    static func torch(plan main: inout MainCheckpointPlan, model: ModelIndex, checkpoint: Checkpoint) -> Outcome? {
        var loads: [String: String] = [:]
        for v in model.all.variables where checkpoint.contains(v.name) { loads[v.name] = v.name }
        main.loads = loads
        main.missing = model.all.variables.map(\.name).filter { loads[$0] == nil }
        compare(&main, model: model, checkpoint: checkpoint)
        if let m = main.shapeMismatches.first {
            return Outcome(error: .shapeMismatch, names: main.shapeMismatches.map(\.model),
                           message: "RuntimeError: size mismatch for \(m.model): copying a param with shape \(m.checkpointValue) from checkpoint, the shape in current model is \(m.modelValue)",
                           stage: "main", complete: true)
        }
        return nil
    }

    static func compare(_ main: inout MainCheckpointPlan, model: ModelIndex, checkpoint: Checkpoint) {
        for (m, c) in main.loads.sorted(by: { $0.key < $1.key }) {
            guard let v = model.variable(named: m), let cv = checkpoint[c] else { continue }
            if let ms = v.shape, let cs = cv.shape, ms != cs {
                main.shapeMismatches.append(VariableMismatch(model: m, checkpointName: c, modelValue: NameMatching.describe(ms),
                                                             checkpointValue: NameMatching.describe(cs)))
            }
            if let md = v.dtype, let cd = cv.dtype, md != cd {
                main.dtypeMismatches.append(VariableMismatch(model: m, checkpointName: c, modelValue: md, checkpointValue: cd))
            }
        }
    }
}
