/// `EngineBase.get_epoch_model` (semantics 2.1, decision table 2.2), as of RETURNN 1.20261022
/// (the version the oracle runs): which checkpoint becomes the main model, with which epoch.
struct MainCheckpointSelection {
    var reference: MainCheckpointPlan.Reference?
    var path: String?
    var epoch: Int?
    var why: String
    var events: [PlanEvent] = []
    var failure: Outcome?
    var checkpointReference: CheckpointReference?
}

enum MainCheckpoint {
    /// RETURNN's `get_checkpoint_filepattern`: strips one trailing `.meta`, `.index` or `.pt`.
    static func strip(_ path: String) -> String { CheckpointLoader.stripCheckpointSuffix(path) }

    /// `model_epoch_from_filename`: the digits after the last dot of the basename, if any.
    static func epochFromFilename(_ path: String) -> Int? {
        let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        guard let dot = base.lastIndex(of: ".") else { return nil }
        let digits = base[base.index(after: dot)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    static func epochFilename(model: String, epoch: Int) -> String {
        var digits = String(epoch)
        while digits.count < 3 { digits = "0" + digits }
        return "\(model).\(digits)"
    }

    /// `get_existing_models`: epochs 1...finalEpoch whose files exist (TF: `model.NNN` or
    /// `model.NNN.index`, also the `.pretrain.` names; torch: `model.NNN.pt`, and in training also
    /// `model.NNN.opt.pt`).
    static func existingModels(model: String?, finalEpoch: Int, backend: Backend, task: String,
                               fileSystem: any FileSystem) -> [Int: String] {
        guard let model, !model.isEmpty, finalEpoch >= 1 else { return [:] }
        let dir = directoryName(model)
        guard fileSystem.directoryExists(dir) else { return [:] }
        var found: [Int: String] = [:]
        for epoch in 1...min(finalEpoch, 100_000) {
            let name = epochFilename(model: model, epoch: epoch)
            switch backend {
            case .tf:
                if fileSystem.fileExists(name) || fileSystem.fileExists(name + ".index") {
                    found[epoch] = name
                } else {
                    let pretrain = epochFilename(model: model + ".pretrain", epoch: epoch)
                    if fileSystem.fileExists(pretrain) || fileSystem.fileExists(pretrain + ".index") { found[epoch] = pretrain }
                }
            case .torch:
                if fileSystem.fileExists(name + ".pt"), task != "train" || fileSystem.fileExists(name + ".opt.pt") {
                    found[epoch] = name
                }
            }
        }
        return found
    }

    static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    static func postfix(_ backend: Backend) -> String { backend == .tf ? ".meta" : ".pt" }

    static func select(config: ReturnnConfig, task: String, backend: Backend, existing: [Int: String],
                       inputs: SimulationInputs) -> MainCheckpointSelection {
        let start: Int? = { if case .epoch(let n) = config.startEpochValue { return n }; return nil }()
        let training = task == "train"
        let fs = inputs.fileSystem
        let post = postfix(backend)
        var events: [PlanEvent] = []

        // Existence assertions, for every task.
        var loadPath: String?
        if let raw = config.load.value, !raw.isEmpty {
            let l = strip(raw)
            loadPath = l
            let ref = CheckpointReference(kind: .load, path: raw, pointer: config.load.node?.pointer)
            if canJudgeExistence(l, reference: ref, inputs: inputs), !fs.fileExists(l + post), !fs.fileExists(l) {
                return MainCheckpointSelection(
                    why: "the 'load' file does not exist", failure: Outcome(
                        error: .checkpointMissing, names: [],
                        message: "AssertionError: config option load='\(raw)', file '\(l)\(post)' does not exist",
                        stage: .getEpochModel, complete: true, pointer: config.load.node?.pointer))
            }
        }
        var importPath: String?
        if let raw = config.importModelTrainEpoch1.value, !raw.isEmpty {
            let i = strip(raw)
            importPath = i
            let ref = CheckpointReference(kind: .importModelTrainEpoch1, path: raw,
                                          pointer: config.importModelTrainEpoch1.node?.pointer)
            if canJudgeExistence(i, reference: ref, inputs: inputs), !fs.fileExists(i + post) {
                return MainCheckpointSelection(
                    why: "the 'import_model_train_epoch1' file does not exist", failure: Outcome(
                        error: .checkpointMissing, names: [],
                        message: "AssertionError: '\(i)\(post)' does not exist (import_model_train_epoch1 is checked in every task)",
                        stage: .getEpochModel, complete: true, pointer: config.importModelTrainEpoch1.node?.pointer))
            }
        }

        var le = config.loadEpoch.value ?? -1
        var lFile = loadPath
        var lFromEpoch = false
        var lEpoch: Int?
        if loadPath != nil {
            lEpoch = le <= 0 ? epochFromFilename(loadPath!) : le
        } else if le > 0 {
            guard let file = existing[le] else {
                return MainCheckpointSelection(
                    why: "load_epoch \(le) is not among the existing epochs", failure: Outcome(
                        error: .checkpointMissing, names: [],
                        message: "AssertionError: load_epoch=\(le), but epoch \(le) is not among the existing models",
                        stage: .getEpochModel, complete: true, pointer: config.loadEpoch.node?.pointer))
            }
            lFile = file
            lFromEpoch = true
            lEpoch = le
        }
        le = lEpoch ?? -1

        var sel: MainCheckpointSelection
        func refFor(_ path: String?) -> (MainCheckpointPlan.Reference?, CheckpointReference?) {
            guard let path else { return (nil, nil) }
            if path == loadPath, !lFromEpoch, let raw = config.load.value {
                return (.load, CheckpointReference(kind: .load, path: raw, pointer: config.load.node?.pointer))
            }
            if path == importPath, let raw = config.importModelTrainEpoch1.value {
                return (.importModelTrainEpoch1, CheckpointReference(kind: .importModelTrainEpoch1, path: raw,
                                                                      pointer: config.importModelTrainEpoch1.node?.pointer))
            }
            let epoch = existing.first { $0.value == path }?.key ?? 0
            return (.existingEpoch, CheckpointReference(kind: .existingEpoch(epoch), path: path,
                                                        pointer: lFromEpoch ? config.loadEpoch.node?.pointer : nil))
        }

        if let lf = lFile, !training || start != nil {
            // B1
            var epoch: Int? = training ? nil : lEpoch
            if training, let s = start, s > 1, lFromEpoch {
                if le != s - 1 {
                    return MainCheckpointSelection(
                        why: "load_epoch and start_epoch disagree", failure: Outcome(
                            error: .invalidOption, names: [],
                            message: "ValueError: start_epoch=\(s) but load_epoch=\(le); they must satisfy load_epoch == start_epoch - 1",
                            stage: .getEpochModel, complete: true, pointer: config.startEpoch.node?.pointer))
                }
                epoch = le
            }
            let (r, cr) = refFor(lf)
            let what = r == .existingEpoch ? "epoch \(le) of 'model' (load_epoch)" : "'load'"
            sel = MainCheckpointSelection(
                reference: r, path: lf, epoch: epoch,
                why: training
                    ? "\(what) with an explicit start_epoch: used as initial weights"
                    : "\(what) in task '\(task)'" + (existing.isEmpty ? "" : "; existing epochs under 'model' are ignored"),
                checkpointReference: cr)
            if training, epoch == nil, let s = start, s > 1 {
                events.append(PlanEvent(kind: .startEpochIgnored,
                                        message: "start_epoch=\(s) is ignored: 'load' is used as an import and training starts at epoch 1"))
            }
        } else if let latest = existing.keys.max() {
            // B2
            let (r, cr) = refFor(existing[latest])
            sel = MainCheckpointSelection(reference: r, path: existing[latest], epoch: latest,
                                          why: "the latest existing epoch under 'model' (\(latest))", checkpointReference: cr)
            if loadPath != nil {
                events.append(PlanEvent(kind: .loadIgnoredExistingModel,
                                        message: "'load' is ignored because 'model' already has epoch \(latest)"))
            }
            if importPath != nil, training {
                events.append(PlanEvent(kind: .importIgnoredExistingModel,
                                        message: "'import_model_train_epoch1' is ignored silently because 'model' already has epoch \(latest)"))
            }
            if config.loadEpoch.value != nil, training, !lFromEpoch {
                events.append(PlanEvent(kind: .loadEpochIgnoredInTraining, message: "load_epoch is ignored in training"))
            }
        } else if training, let imp = importPath, start == nil || start == 1 {
            // B3
            let (r, cr) = refFor(imp)
            sel = MainCheckpointSelection(reference: r, path: imp, epoch: 0,
                                          why: "'import_model_train_epoch1' for a new training (no existing epochs)",
                                          checkpointReference: cr)
            if loadPath != nil {
                events.append(PlanEvent(kind: .loadShadowedByImport,
                                        message: "'load' is ignored silently: import_model_train_epoch1 wins in a new training"))
            }
        } else if let lf = lFile {
            // B4: training with auto start_epoch continues from the load epoch.
            let (r, cr) = refFor(lf)
            sel = MainCheckpointSelection(
                reference: r, path: lf, epoch: lEpoch,
                why: lEpoch.map { "'load' in training with start_epoch auto: training continues at epoch \($0 + 1)" }
                    ?? "'load' without an epoch number in training: used as initial weights",
                checkpointReference: cr)
            if let e = lEpoch {
                events.append(PlanEvent(kind: .loadContinuesTraining,
                                        message: "training continues at epoch \(e + 1) from '\(config.load.value ?? lf)'"))
            }
        } else {
            // B5
            sel = MainCheckpointSelection(why: training ? "no checkpoint: a new training from random initialisation"
                                                        : "no 'load', no 'load_epoch' and no existing epoch")
            if !training, importPath != nil {
                events.append(PlanEvent(kind: .importIgnoredNotTraining,
                                        message: "'import_model_train_epoch1' is ignored in task '\(task)'"))
            }
            if training, importPath != nil, let s = start, s > 1 {
                events.append(PlanEvent(kind: .importIgnoredStartEpoch,
                                        message: "'import_model_train_epoch1' is ignored because start_epoch=\(s)"))
            }
            if training, let s = start, s > 1 {
                events.append(PlanEvent(kind: .startEpochIgnored,
                                        message: "start_epoch=\(s) is ignored: 'model' has no epoch \(s - 1); training starts at epoch 1"))
            }
        }
        if !training, importPath != nil, sel.reference != .importModelTrainEpoch1,
           !events.contains(where: { $0.kind == .importIgnoredNotTraining }) {
            events.append(PlanEvent(kind: .importIgnoredNotTraining,
                                    message: "'import_model_train_epoch1' is ignored in task '\(task)'"))
        }

        // start_epoch post-processing.
        if let s = start, let e = sel.epoch, e != 0 {
            if s == 1 {
                events.append(PlanEvent(kind: .startEpochResetsExisting,
                                        message: "start_epoch=1 with an existing model: training restarts from random initialisation"))
                if sel.reference == .existingEpoch, importPath != nil {
                    events.append(PlanEvent(kind: .importIgnoredStartEpoch,
                                            message: "'import_model_train_epoch1' is dropped: the existing model is chosen, then reset by start_epoch=1"))
                }
                sel = MainCheckpointSelection(why: "start_epoch=1 discards the existing model: random initialisation")
            } else if s > 1 {
                guard let file = existing[s - 1] else {
                    return MainCheckpointSelection(
                        why: "start_epoch needs epoch \(s - 1)", failure: Outcome(
                            error: .checkpointMissing, names: [],
                            message: "KeyError: \(s - 1) (start_epoch=\(s) needs '\(epochFilename(model: config.model.value ?? "model", epoch: s - 1))')",
                            stage: .getEpochModel, complete: true, pointer: config.startEpoch.node?.pointer))
                }
                let (r, cr) = refFor(file)
                sel = MainCheckpointSelection(reference: r, path: file, epoch: s - 1,
                                              why: "start_epoch=\(s): epoch \(s - 1) of 'model'", checkpointReference: cr)
            }
        }
        sel.events = events + sel.events
        return sel
    }

    /// RETURNN's existence assertions are judged on this machine's file system — it is the truth,
    /// whether or not the directory exists — unless the user supplied the checkpoint from elsewhere
    /// with `--ckpt`, or said with `--offline` that the checkpoints live elsewhere.
    static func canJudgeExistence(_ path: String, reference: CheckpointReference, inputs: SimulationInputs) -> Bool {
        if inputs.offline || inputs.checkpoints.isSuppliedByUser(reference) { return false }
        return true
    }
}
