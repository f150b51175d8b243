/// What RETURNN will do when it loads parameters, as the simulation predicts it.
public struct LoadPlan: Sendable {
    public var backend: Backend
    public var task: String
    public var main: MainCheckpointPlan
    /// In RETURNN's order (sorted by key).
    public var entries: [EntryPlan]
    /// Every model variable and where its value comes from; empty when the model is unknown.
    public var variables: [PlannedVariable]
    public var outcome: Outcome
    /// True when the model's variables are known (from `--model` or inference).
    public var modelKnown: Bool
    /// The model's variables that no rule may judge (unknown layer classes, dynamic values).
    public var unknownScopes: [UnknownScope]
    /// Every referenced checkpoint and what is known of it.
    public var checkpoints: [(reference: CheckpointReference, lookup: CheckpointLookup)]
    /// Checks that could not be made, and why (said once, by CK002 or the plan).
    public var skipped: [String]
    /// True for the first epoch of a new training (`is_first_train_epoch`).
    public var isFirstTrainEpoch: Bool
    /// The epoch training starts at (train-like tasks), nil otherwise or when RETURNN fails first.
    public var trainStartEpoch: Int?
    /// Epochs found under `model` (or given), and how they were found.
    public var existingEpochs: [Int]
    public var existingEpochsKnown: Bool
    /// The loading options whose values the linter could not determine (Python configs).
    public var dynamicInputs: [DynamicInput] = []
    /// Set when the task is dynamic (and not given with `--task`): the plan assumes RETURNN's default.
    public var taskUnknown: DynamicInput? = nil
    /// Set when the main checkpoint depends on a dynamic input: `main` is then not a prediction.
    public var mainUnknown: DynamicInput? = nil
    /// Set when the preload entries themselves (which there are) are not known.
    public var entriesUnknown: DynamicInput? = nil
    /// When RETURNN fails before it loads anything for a reason that is not about loading (the
    /// backend selection: `outcome`), what the net-dict engine's loading would do once that is
    /// fixed; the loading rules judge this. nil otherwise.
    public var loadingOutcome: Outcome? = nil

    /// The outcome of the parameter loading itself: what the loading rules judge.
    public var loading: Outcome { loadingOutcome ?? outcome }

    public func entry(_ name: String) -> EntryPlan? { entries.first { $0.name == name } }
}

/// The main checkpoint: `get_epoch_model`'s choice and why.
public struct MainCheckpointPlan: Sendable {
    public enum Reference: String, Sendable, Hashable {
        case load
        case importModelTrainEpoch1 = "import_model_train_epoch1"
        case existingEpoch = "existing-epoch"
    }

    public var reference: Reference?
    /// The path as RETURNN uses it (suffix stripped).
    public var path: String?
    /// The epoch RETURNN assigns (0 for an import, nil when none).
    public var epoch: Int?
    public var why: String
    public var checkpointReference: CheckpointReference?
    public var lookup: CheckpointLookup?
    /// Notes on what RETURNN ignores on the way (a shadowed `load`, an ignored `start_epoch`, ...).
    public var events: [PlanEvent]
    /// Model variables the main load fills (after preloads took theirs): model name → checkpoint name.
    public var loads: NameMap
    /// Model variables the main load needs but the checkpoint lacks.
    public var missing: [String]
    /// With `load_ignore_missing_vars`: missing ones left at their initializer.
    public var leftUninitialized: [String]
    /// True when RETURNN restores through `CustomCheckpointLoader` rather than a plain Saver.
    public var viaCustomLoader: Bool
    public var shapeMismatches: [VariableMismatch]
    public var dtypeMismatches: [VariableMismatch]
}

/// A note about what RETURNN does silently on the way to its choice.
public struct PlanEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case loadIgnoredExistingModel
        case loadShadowedByImport
        case importIgnoredExistingModel
        case importIgnoredNotTraining
        case importIgnoredStartEpoch
        case startEpochIgnored
        case startEpochResetsExisting
        case loadContinuesTraining
        case loadEpochIgnoredInTraining
        case latestEpochScanLimited
    }

    public var kind: Kind
    public var message: String
}

/// One `preload_from_files` entry in the plan.
public struct EntryPlan: Sendable {
    /// The config's entry: rules read its options here instead of looking it up by name.
    public var entry: PreloadEntry
    /// How the entry's prefix turns model names into checkpoint names on this run's engine.
    public var naming: PrefixRule
    public var name: String { entry.name }
    public var pointer: JSONPointer { entry.pointer }
    /// nil when it cannot be decided (a dynamic `init_for_train`).
    public var active: Bool?
    public var why: String
    public var checkpointReference: CheckpointReference?
    public var lookup: CheckpointLookup?
    /// True when the entry's name matching was simulated (active, checkpoint and model known).
    public var simulated: Bool
    /// Model variables this entry considers (TF: contain the prefix and are not ignored), model name → checkpoint name.
    public var candidates: NameMap
    /// Model variables this entry loads in the end: model name → checkpoint name.
    public var loads: NameMap
    /// Candidates an earlier entry already loaded ("Not loading pre-initialized variable").
    public var preempted: NameMap
    /// Model names (with the checkpoint name RETURNN looked for) that are not in the checkpoint.
    public var missing: [(model: String, checkpoint: String)]
    /// With `ignore_missing`: missing ones left at their initializer.
    public var leftUninitialized: [String]
    /// Model variables whose name contains the TF prefix other than at position 0 (PL006).
    public var substringMatches: [String]
    /// Checkpoint-side names that start with "/" (a TF prefix without its trailing slash).
    public var slashNames: [String]
    public var unusedIgnores: [UnusedIgnore]
    public var ineffectiveMappings: [IneffectiveMapping]
    public var shapeMismatches: [VariableMismatch]
    public var dtypeMismatches: [VariableMismatch]
    public var error: Outcome.ErrorKind?

}

extension EntryPlan {
    /// An entry before any matching: only its activation is decided.
    init(_ e: PreloadEntry, backend: Backend, active: Bool?, why: String) {
        self.init(entry: e, naming: PrefixRule(backend: backend, prefix: e.prefix), active: active, why: why, checkpointReference: nil, lookup: nil,
                  simulated: false, candidates: NameMap(), loads: NameMap(), preempted: NameMap(), missing: [], leftUninitialized: [],
                  substringMatches: [], slashNames: [], unusedIgnores: [], ineffectiveMappings: [], shapeMismatches: [],
                  dtypeMismatches: [], error: nil)
    }
}

public struct UnusedIgnore: Sendable {
    public var item: String
    public var node: ConfigNode
    public var option: String
    /// True when the item matches in the other name space (TF: model side; torch: checkpoint side).
    public var matchesOtherSpace: Bool
}

public struct IneffectiveMapping: Sendable {
    public enum Reason: Sendable, Hashable {
        /// TF: the key's own name is in the checkpoint, so the mapping is never consulted.
        case ownNamePresent
        /// The key is no candidate name of this entry.
        case keyNotAModelName
        /// The target is not in the checkpoint (TF NotFoundError / torch KeyError).
        case targetMissing
        /// TF fast path: nothing is missing, so no mapping is consulted.
        case fastPath
    }

    public var key: String
    public var value: String
    public var node: ConfigNode
    public var reason: Reason
}

public struct VariableMismatch: Sendable, Hashable {
    public var model: String
    public var checkpointName: String
    public var modelValue: String
    public var checkpointValue: String

    /// A shape as RETURNN's messages print it (`[9, 7]`; `?` when unknown).
    static func describe(_ shape: [Int]?) -> String {
        guard let shape else { return "?" }
        return "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}

/// Where a model variable's value comes from.
public enum VariableSource: Sendable, Hashable {
    case preload(entry: String, checkpointName: String)
    case main(checkpointName: String)
    /// Left at its initializer.
    case initializer
    /// Not decidable (a checkpoint is unavailable, or an entry's options are dynamic).
    case unknown
}

public struct PlannedVariable: Sendable, Hashable, NamedVariable {
    public var name: String
    public var shape: [Int]?
    public var dtype: String?
    public var source: VariableSource
}

/// The step of RETURNN's start that fails, in RETURNN's order; `description` is the name `lint plan`
/// prints (RETURNN's function or option).
public enum Stage: Sendable, Hashable, CustomStringConvertible {
    /// The backend selection (`backend` option).
    case backend
    /// `get_epoch_model`: choosing the main checkpoint.
    case getEpochModel
    /// `init_network_from_config`: a non-training task that finds no checkpoint.
    case initNetworkFromConfig
    /// One `preload_from_files` entry's load.
    case preload(entry: String)
    /// The main checkpoint's load.
    case main

    public var description: String {
        switch self {
        case .backend: "backend"
        case .getEpochModel: "get_epoch_model"
        case .initNetworkFromConfig: "init_network_from_config"
        case .preload(let entry): "preload_from_files/" + entry
        case .main: "main"
        }
    }
}

/// RETURNN's outcome: starts normally, or fails with this error.
public struct Outcome: Sendable {
    public enum ErrorKind: String, Sendable, Hashable {
        case missingVariables = "missing-variables"
        case nothingToLoad = "nothing-to-load"
        case shapeMismatch = "shape-mismatch"
        case dtypeMismatch = "dtype-mismatch"
        case checkpointMissing = "checkpoint-missing"
        case checkpointCorrupt = "checkpoint-corrupt"
        case mappingTargetMissing = "mapping-target-missing"
        case missingFilename = "missing-filename"
        case checkpointKey = "checkpoint-key"
        case invalidOption = "invalid-option"
        case noCheckpoint = "no-checkpoint"
    }

    public var error: ErrorKind?
    /// The variables concerned, in the model's names.
    public var names: [String]
    /// RETURNN's message, paraphrased.
    public var message: String?
    /// Which step fails.
    public var stage: Stage?
    /// False when something the prediction depends on is unknown (then `ok` means "no failure found").
    public var complete: Bool
    /// The option in the config that the failure is about.
    public var pointer: JSONPointer? = nil
    /// Set when the outcome depends on a dynamic input: then no outcome is predicted, and this says why.
    public var unknown: String? = nil

    public var ok: Bool { error == nil }

    public static let success = Outcome(error: nil, names: [], message: nil, stage: nil, complete: true)
}

/// Model variable name → checkpoint name, in byte order of the model names (the order the
/// simulation visits the model in). Lookups are binary searches, and each pair remembers where
/// its two names sit in the model and the checkpoint, so that rules over 20 000 variables compare
/// positions instead of hashing strings.
public struct NameMap: Sendable, Sequence {
    public private(set) var keys: [String] = []
    public private(set) var values: [String] = []
    /// Positions in the model's variables (sorted by name), parallel to `keys`.
    private(set) var modelPositions: [Int32] = []
    /// Positions in the checkpoint's variables; -1 when the value is not one variable of it (a
    /// conversion that reads several).
    private(set) var checkpointPositions: [Int32] = []
    /// The checkpoint names a conversion reads, by pair index; its `values` entry is only their
    /// display form (`a+b`), never parsed back.
    private var conversions: [Int: [String]] = [:]

    public init() {}

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> String? {
        guard let i = index(of: key) else { return nil }
        return values[i]
    }

    public func contains(_ key: String) -> Bool { index(of: key) != nil }

    public func makeIterator() -> Zip2Sequence<[String], [String]>.Iterator { zip(keys, values).makeIterator() }

    /// Adds a pair whose model name sorts after every key so far (the simulation's visiting order).
    mutating func append(_ key: String, _ value: String, model: Int, checkpoint: Int?) {
        keys.append(key)
        values.append(value)
        modelPositions.append(Int32(model))
        checkpointPositions.append(Int32(checkpoint ?? -1))
    }

    /// A model variable that a conversion computes from several checkpoint variables.
    mutating func append(_ key: String, reading sources: [String], model: Int) {
        conversions[keys.count] = sources
        append(key, sources.joined(separator: "+"), model: model, checkpoint: nil)
    }

    /// The checkpoint variables pair `i` reads: its value, or a conversion's sources.
    func checkpointNames(at i: Int) -> [String] { conversions[i] ?? [values[i]] }

    /// Pairs in any order (a torch state dict comes as a dictionary): sorted first.
    init(unordered pairs: [(key: String, value: String, model: Int, checkpoint: Int?)]) {
        for p in pairs.sorted(by: { $0.model < $1.model }) { append(p.key, p.value, model: p.model, checkpoint: p.checkpoint) }
    }

    private func index(of key: String) -> Int? {
        SortedNames(keys).position(of: key)
    }
}
