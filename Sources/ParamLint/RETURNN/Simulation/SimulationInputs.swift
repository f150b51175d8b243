/// A checkpoint the config refers to, named as `--ckpt REF=PATH` names it.
public struct CheckpointReference: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case load
        case importModelTrainEpoch1
        case preload(entry: String)
        /// `model.NNN`, found on disk or selected with `load_epoch`.
        case existingEpoch(Int)
    }

    public var kind: Kind
    /// The path as written in the config (or `model.NNN` for an existing epoch).
    public var path: String
    /// Where the config writes it (nil for an existing epoch found on disk).
    public var pointer: JSONPointer?

    public init(kind: Kind, path: String, pointer: JSONPointer?) {
        self.kind = kind
        self.path = path
        self.pointer = pointer
    }

    /// `load`, `import_model_train_epoch1`, `preload_from_files/<entry>`, `existing-epoch`.
    public var name: String {
        switch kind {
        case .load: return "load"
        case .importModelTrainEpoch1: return "import_model_train_epoch1"
        case .preload(let entry): return "preload_from_files/\(entry)"
        case .existingEpoch: return "existing-epoch"
        }
    }
}

/// What the linter knows of a referenced checkpoint's variables.
public enum CheckpointLookup: Sendable {
    case available(Checkpoint)
    /// Not on disk, not given with `--ckpt`, and `--offline` says it lives elsewhere: checks that
    /// need its variables are skipped (CK002). Without `--offline` such a path is missing instead.
    case unavailable
    /// On disk or given, but unreadable (CK001); RETURNN would fail reading it too.
    case corrupt(CheckpointError)
    /// Readable by RETURNN but not (yet) by the linter, e.g. a PyTorch zip: its variables are unknown.
    case unsupported(path: String, format: CheckpointFormat, reason: String)

    public var checkpoint: Checkpoint? {
        if case .available(let c) = self { return c }
        return nil
    }
}

/// Supplies referenced checkpoints: from disk where the path resolves, else from `--ckpt`.
public protocol CheckpointProvider: Sendable {
    func lookup(_ reference: CheckpointReference, backend: Backend) -> CheckpointLookup
    /// True when `--ckpt` supplied this reference: the file is elsewhere, so RETURNN's existence
    /// checks cannot be judged on this machine.
    func isSuppliedByUser(_ reference: CheckpointReference) -> Bool
}

/// Everything the simulation needs besides the config.
public struct SimulationInputs: Sendable {
    public var fileSystem: any FileSystem
    public var checkpoints: any CheckpointProvider
    /// The model's own variables (`--model`, or inferred); nil when unknown.
    public var model: ModelVariables?
    public var taskOverride: String?
    public var backendOverride: Backend?
    /// Epochs already saved under `model` (`--existing-epochs`); nil: look on disk as RETURNN does.
    public var existingEpochs: [Int]?
    /// `--offline`: the checkpoints live elsewhere, so a referenced path that does not resolve here
    /// is *unavailable* (CK002), not *missing* (LD004, PL016, `checkpoint-missing`).
    public var offline: Bool

    public init(fileSystem: any FileSystem, checkpoints: any CheckpointProvider, model: ModelVariables? = nil,
                taskOverride: String? = nil, backendOverride: Backend? = nil, existingEpochs: [Int]? = nil,
                offline: Bool = false) {
        self.fileSystem = fileSystem
        self.checkpoints = checkpoints
        self.model = model
        self.taskOverride = taskOverride
        self.backendOverride = backendOverride
        self.existingEpochs = existingEpochs
        self.offline = offline
    }
}
