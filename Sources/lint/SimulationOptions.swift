import ArgumentParser
import ParamLint

/// The options that feed the RETURNN simulation, shared by `check` and `plan`.
struct SimulationOptions: ParsableArguments {
    @Option(name: .customLong("ckpt"), help: ArgumentHelp(
        "A referenced checkpoint's listing: PATH, or REF=PATH (REF: load, import_model_train_epoch1, preload_from_files/<entry>, or the path as written). Repeatable.",
        valueName: "[REF=]PATH"))
    var ckpt: [String] = []

    @Option(help: "The current model's own variables (a checkpoint or a listing).")
    var model: String?

    @Option(help: "Override the config's task, as `rnn.py config ++task search` would.")
    var task: String?

    @Option(help: "Override the backend the config selects: tf or torch.")
    var backend: BackendChoice?

    @Flag(help: ArgumentHelp(
        "The checkpoints live elsewhere (e.g. CI without the cluster's file system): a referenced path that does not resolve and has no --ckpt listing is unavailable (CK002) instead of missing (LD004, PL016)."))
    var offline = false

    @Option(name: .customLong("existing-epochs"), help: "Epochs already saved under 'model', e.g. 1-80 or none (default: look on disk).")
    var existingEpochs: String?

    enum BackendChoice: String, ExpressibleByArgument, CaseIterable {
        case tf, torch
    }

    func validate() throws {
        if let e = existingEpochs, Self.parseEpochs(e) == nil {
            throw ValidationError("--existing-epochs: '\(e)' is not a list of epochs like 1-80, 3,5,7 or none")
        }
        for item in ckpt where item.isEmpty || item.hasSuffix("=") {
            throw ValidationError("--ckpt: '\(item)' names no file")
        }
    }

    static func parseEpochs(_ text: String) -> [Int]? {
        if text == "none" || text.isEmpty { return [] }
        var epochs: [Int] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            if bounds.count == 1, let e = Int(bounds[0]), e >= 1 {
                epochs.append(e)
            } else if bounds.count == 2, let a = Int(bounds[0]), let b = Int(bounds[1]), a >= 1, a <= b, b <= 100_000 {
                epochs += Array(a...b)
            } else {
                return nil
            }
        }
        return epochs
    }

    /// Reads the given files; an unreadable or corrupt file given here is the user's to fix: exit 2.
    func environment(configs: @autoclosure () -> [ConfigDocument]) throws -> LintEnvironment {
        var given: [(ref: String, checkpoint: CheckpointLookup)] = []
        for item in ckpt {
            var ref = ""
            var path = item
            if let eq = item.firstIndex(of: "="), !FileSystemCheck.exists(item) {
                ref = String(item[..<eq])
                path = String(item[item.index(after: eq)...])
            }
            if ref.isEmpty {
                let refs = Set(configs().flatMap(Self.references))
                if refs.count > 1 {
                    throw ToolError(message: "--ckpt \(path): the config references several checkpoints (\(refs.sorted().joined(separator: ", "))); say which with --ckpt REF=PATH")
                }
            }
            do {
                given.append((ref, .available(try CheckpointLoader.load(path: path))))
            } catch {
                throw ToolError(message: "cannot read checkpoint \(error.description)")
            }
        }
        var modelVariables: ModelVariables?
        if let model {
            do {
                let c = try CheckpointLoader.load(path: model)
                modelVariables = ModelVariables(origin: .listing(path: model), variables: c.variables.map {
                    ModelVariable(name: $0.name, dtype: $0.dtype, shape: $0.shape)
                })
            } catch {
                throw ToolError(message: "cannot read model listing \(error.description)")
            }
        }
        return LintEnvironment(givenCheckpoints: given, model: modelVariables, taskOverride: task,
                               backendOverride: backend.map { $0 == .tf ? Backend.tf : Backend.torch },
                               existingEpochs: existingEpochs.flatMap(Self.parseEpochs), offline: offline)
    }

    /// The checkpoint paths a config names (for refusing an ambiguous bare `--ckpt`).
    static func references(_ document: ConfigDocument) -> [String] {
        guard let config = ReturnnConfig(document: document) else { return [] }
        var refs: [String] = []
        if let l = config.load.value, !l.isEmpty { refs.append(CheckpointLoader.stripCheckpointSuffix(l)) }
        if let i = config.importModelTrainEpoch1.value, !i.isEmpty { refs.append(CheckpointLoader.stripCheckpointSuffix(i)) }
        for e in config.preloadEntries { if case .path(let p) = e.filename { refs.append(CheckpointLoader.stripCheckpointSuffix(p)) } }
        return refs
    }
}

enum FileSystemCheck {
    static func exists(_ path: String) -> Bool { DiskFileSystem().fileExists(path) }
}
