/// The main checkpoint's load, after (TF) or before (torch) the preloads.
enum MainLoading {
    /// TF `load_params_from_file`: a plain Saver restore with exact names, or `CustomCheckpointLoader`
    /// when a variable is already custom-initialised, `load_ignore_missing_vars` is set, or a layer
    /// has `custom_param_importer` — and as the fallback when the Saver misses a name.
    static func tf(plan main: inout MainCheckpointPlan, model: ModelIndex, checkpoint: Checkpoint, preloaded: [Bool],
                   ignoreMissing: Bool, hasParamImporter: Bool) -> Outcome? {
        let vars = model.all.variables
        // Model names ascend, so each lookup continues where the previous one ended.
        var cursor = checkpoint.sortedNames.cursor()
        var toLoad: [(model: Int, found: Int?)] = []
        toLoad.reserveCapacity(vars.count)
        var missing: [String] = []
        for i in vars.indices where !preloaded[i] {
            let found = cursor.position(of: vars[i].name)
            toLoad.append((i, found))
            if found == nil { missing.append(vars[i].name) }
        }
        main.viaCustomLoader = preloaded.contains(true) || ignoreMissing || hasParamImporter || !missing.isEmpty
        var loads = NameMap()
        if missing.isEmpty {
            for t in toLoad { loads.append(vars[t.model].name, checkpoint.variables[t.found!].name, model: t.model, checkpoint: t.found) }
        } else {
            let obsolete = Set(checkpoint.names).subtracting(vars.map(\.name))
            let renames = AutomaticRenames.sources(missing: missing, obsolete: obsolete)
            let couldNotFind = missing.filter { renames[$0] == nil }
            main.missing = couldNotFind
            if !couldNotFind.isEmpty && !ignoreMissing {
                return Outcome(error: .missingVariables, names: couldNotFind,
                               message: "NotFoundError: could_not_find_map_list: [\(couldNotFind.map { "'\($0)'" }.joined(separator: ", "))]; RETURNN exits with 'Exiting now because model cannot be loaded.'",
                               stage: .main, complete: true)
            }
            main.leftUninitialized = couldNotFind
            for t in toLoad {
                let n = vars[t.model].name
                if let found = t.found {
                    loads.append(n, n, model: t.model, checkpoint: found)
                } else if let r = renames[n] {
                    if r.count == 1 {
                        loads.append(n, r[0], model: t.model, checkpoint: checkpoint.position(of: r[0]))
                    } else {
                        loads.append(n, reading: r, model: t.model)
                    }
                }
            }
            if loads.isEmpty {
                return Outcome(error: .nothingToLoad, names: [], message: "AssertionError: no vars to load",
                               stage: .main, complete: true)
            }
        }
        main.loads = loads
        compare(&main, model: model, checkpoint: checkpoint)
        if main.viaCustomLoader, let m = main.shapeMismatches.first {
            return Outcome(error: .shapeMismatch, names: main.shapeMismatches.map(\.model),
                           message: "ValueError: Cannot feed value of shape \(m.checkpointValue) for \(m.model), which has shape \(m.modelValue)",
                           stage: .main, complete: true)
        }
        if !main.viaCustomLoader, let m = main.dtypeMismatches.first {
            return Outcome(error: .dtypeMismatch, names: main.dtypeMismatches.map(\.model),
                           message: "InvalidArgumentError: tensor \(m.checkpointName): expected dtype \(m.modelValue) does not equal original dtype \(m.checkpointValue)",
                           stage: .main, complete: true)
        }
        return nil
    }

    /// Torch `load_state_dict(strict=False)`: exact keys; missing keys are judged after the preloads.
    static func torch(plan main: inout MainCheckpointPlan, model: ModelIndex, checkpoint: Checkpoint) -> Outcome? {
        var loads = NameMap()
        var cursor = checkpoint.sortedNames.cursor()
        for (i, v) in model.all.variables.enumerated() {
            if let found = cursor.position(of: v.name) {
                loads.append(v.name, v.name, model: i, checkpoint: found)
            } else {
                main.missing.append(v.name)
            }
        }
        main.loads = loads
        compare(&main, model: model, checkpoint: checkpoint)
        if let m = main.shapeMismatches.first {
            return Outcome(error: .shapeMismatch, names: main.shapeMismatches.map(\.model),
                           message: "RuntimeError: size mismatch for \(m.model): copying a param with shape \(m.checkpointValue) from checkpoint, the shape in current model is \(m.modelValue)",
                           stage: .main, complete: true)
        }
        return nil
    }

    static func compare(_ main: inout MainCheckpointPlan, model: ModelIndex, checkpoint: Checkpoint) {
        for k in 0..<main.loads.count {
            let v = model.all.variables[Int(main.loads.modelPositions[k])]
            let c = main.loads.values[k]
            let p = main.loads.checkpointPositions[k]
            guard let cv = p >= 0 ? checkpoint.variables[Int(p)] : checkpoint[c] else { continue }
            if let ms = v.shape, let cs = cv.shape, ms != cs {
                main.shapeMismatches.append(VariableMismatch(model: v.name, checkpointName: c, modelValue: VariableMismatch.describe(ms),
                                                             checkpointValue: VariableMismatch.describe(cs)))
            }
            if let md = v.dtype, let cd = cv.dtype, md != cd {
                main.dtypeMismatches.append(VariableMismatch(model: v.name, checkpointName: c, modelValue: md, checkpointValue: cd))
            }
        }
    }
}
