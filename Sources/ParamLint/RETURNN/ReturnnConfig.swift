/// An option value as written: absent, a usable value, or something the linter cannot use
/// (dynamic in a Python config, or of a type CF004 reports). Rules skip what is not `.value`.
public enum OptionValue<T: Sendable>: Sendable {
    case absent
    case value(T, ConfigNode)
    case unusable(ConfigNode)

    public var value: T? {
        if case .value(let v, _) = self { return v }
        return nil
    }

    public var node: ConfigNode? {
        switch self {
        case .absent: return nil
        case .value(_, let n), .unusable(let n): return n
        }
    }

    public var isAbsent: Bool {
        if case .absent = self { return true }
        return false
    }
}

/// Which engine RETURNN selects (semantics section 0).
public enum EngineSelection: Sendable, Hashable {
    /// `backend: "tensorflow-net-dict"`, or `use_tensorflow: true` without `backend`.
    case tfNetDict
    /// `backend: "tensorflow"`: the RF engine in current RETURNN.
    case tfRF
    case torch
    case jax
    /// Neither `backend` nor `use_tensorflow`: RETURNN raises "No backend defined".
    case none
    case unknown(String)

    /// The loading code the simulation follows; nil when RETURNN would not get that far.
    public var simulatedBackend: Backend? {
        switch self {
        case .tfNetDict: return .tf
        case .torch: return .torch
        default: return nil
        }
    }
}

/// `start_epoch`: `"auto"` or an int ≥ 1.
public enum StartEpoch: Sendable, Hashable {
    case auto
    case epoch(Int)
}

/// One `preload_from_files` entry, typed, with the node of every option for findings.
public struct PreloadEntry: Sendable {
    public enum Filename: Sendable, Hashable {
        case missing
        /// torch: a random-init entry.
        case none
        case path(String)
        case unusable
    }

    public var name: String
    public var node: ConfigNode
    public var pointer: JSONPointer { node.pointer }
    public var filename: Filename
    public var prefix: String
    public var initForTrain: ConfigNode?
    public var ignoreMissing: Bool
    public var ignoreParams: [(String, ConfigNode)]
    public var ignoreParamsPrefixes: [(String, ConfigNode)]
    /// `(key, value, node of the value)` in source order.
    public var varNameMapping: [(key: String, value: String, node: ConfigNode)]
    /// torch: `checkpoint_key` ("model" by default; nil when set to null).
    public var checkpointKey: String?
    public var pattern: String?
    /// True when some option of the entry is dynamic or of an unusable type: matching is not simulated.
    public var hasUnknownOptions: Bool

    public func option(_ key: String) -> ConfigMember? { node.member(key) }
}

/// The typed view of a config that the simulation and the rules read; every field keeps its node.
public struct ReturnnConfig: Sendable {
    public var document: ConfigDocument
    public var root: ConfigNode
    public var engine: EngineSelection
    public var engineNode: ConfigNode?
    public var task: String
    public var taskNode: ConfigNode?
    public var model: OptionValue<String>
    public var load: OptionValue<String>
    public var loadEpoch: OptionValue<Int>
    public var importModelTrainEpoch1: OptionValue<String>
    public var startEpoch: OptionValue<StartEpoch>
    public var numEpochs: OptionValue<Int>
    public var allowRandomModelInit: Bool
    public var loadIgnoreMissingVars: OptionValue<Bool>
    public var behaviorVersion: OptionValue<Int>
    /// Entries in RETURNN's processing order: sorted by key.
    public var preloadEntries: [PreloadEntry]
    public var preloadNode: ConfigNode?
    public var network: ConfigNode?
    public var externData: ConfigNode?

    public init?(document: ConfigDocument) {
        guard let root = document.root else { return nil }
        self.document = document
        self.root = root

        let backendNode = root["backend"]
        let useTF = root["use_tensorflow"]
        if let backendNode {
            switch backendNode.value {
            case .string("tensorflow-net-dict"): engine = .tfNetDict
            case .string("tensorflow"): engine = .tfRF
            case .string("torch"): engine = .torch
            case .string("jax"): engine = .jax
            case .string(let other): engine = .unknown(other)
            default: engine = .unknown(backendNode.pythonRepr)
            }
            engineNode = backendNode
        } else if let useTF, useTF.pythonTruthiness == true {
            engine = .tfNetDict
            engineNode = useTF
        } else {
            engine = .none
            engineNode = nil
        }

        taskNode = root["task"]
        task = taskNode?.stringValue ?? "train"
        model = Self.string(root["model"])
        load = Self.string(root["load"])
        loadEpoch = Self.int(root["load_epoch"])
        importModelTrainEpoch1 = Self.string(root["import_model_train_epoch1"])
        if let n = root["start_epoch"] {
            switch n.value {
            case .string("auto"): startEpoch = .value(.auto, n)
            case .int(let e) where e >= 1: startEpoch = .value(.epoch(e), n)
            case .string(let s): startEpoch = Int(s).map { $0 >= 1 ? .value(.epoch($0), n) : .unusable(n) } ?? .unusable(n)
            default: startEpoch = .unusable(n)
            }
        } else {
            startEpoch = .absent
        }
        numEpochs = Self.int(root["num_epochs"])
        allowRandomModelInit = root["allow_random_model_init"]?.pythonTruthiness ?? false
        if let n = root["load_ignore_missing_vars"] {
            loadIgnoreMissingVars = n.boolValue.map { .value($0, n) } ?? .unusable(n)
        } else {
            loadIgnoreMissingVars = .absent
        }
        behaviorVersion = Self.int(root["behavior_version"])
        network = root["network"]
        externData = root["extern_data"]

        preloadNode = root["preload_from_files"]
        var entries: [PreloadEntry] = []
        for member in preloadNode?.members ?? [] where member.node.members != nil {
            entries.append(Self.entry(name: member.key, node: member.node))
        }
        // RETURNN iterates sorted(preload_from_files.items()): Python sorts str by code point.
        preloadEntries = entries.sorted { $0.name.unicodeScalars.lexicographicallyPrecedes($1.name.unicodeScalars) }
    }

    public var isTraining: Bool { task == "train" }

    /// `start_epoch` as RETURNN reads it (`"auto"` when absent or unusable).
    public var startEpochValue: StartEpoch { startEpoch.value ?? .auto }

    /// `num_epochs` (default 5), and the final epoch that bounds discovery (`max(num_epochs, load_epoch)`).
    public var finalEpoch: Int {
        let n = numEpochs.value ?? 5
        if let le = loadEpoch.value { return max(n, le) }
        return n
    }

    static func string(_ node: ConfigNode?) -> OptionValue<String> {
        guard let node else { return .absent }
        if let s = node.stringValue { return .value(s, node) }
        return .unusable(node)
    }

    static func int(_ node: ConfigNode?) -> OptionValue<Int> {
        guard let node else { return .absent }
        if case .bool = node.value { return .unusable(node) }
        if let i = node.intValue { return .value(i, node) }
        return .unusable(node)
    }

    static func strings(_ node: ConfigNode?, unknown: inout Bool) -> [(String, ConfigNode)] {
        guard let node else { return [] }
        guard let elements = node.elements else { unknown = true; return [] }
        var out: [(String, ConfigNode)] = []
        for e in elements {
            if let s = e.stringValue { out.append((s, e)) } else { unknown = true }
        }
        return out
    }

    static func entry(name: String, node: ConfigNode) -> PreloadEntry {
        var unknown = false
        let filename: PreloadEntry.Filename
        if let f = node["filename"] {
            switch f.value {
            case .string(let s): filename = .path(s)
            case .null: filename = .none
            default: filename = .unusable; unknown = true
            }
        } else {
            filename = .missing
        }
        var prefix = ""
        if let p = node["prefix"] {
            if let s = p.stringValue { prefix = s } else { unknown = true }
        }
        var ignoreMissing = false
        if let m = node["ignore_missing"] {
            if let t = m.pythonTruthiness { ignoreMissing = t } else { unknown = true }
        }
        let ignoreParams = strings(node["ignore_params"], unknown: &unknown)
        let ignorePrefixes = strings(node["ignore_params_prefixes"], unknown: &unknown)
        var mapping: [(key: String, value: String, node: ConfigNode)] = []
        if let m = node["var_name_mapping"] {
            if let members = m.members {
                for member in members {
                    if let v = member.node.stringValue { mapping.append((member.key, v, member.node)) } else { unknown = true }
                }
            } else {
                unknown = true
            }
        }
        var checkpointKey: String? = "model"
        if let k = node["checkpoint_key"] {
            switch k.value {
            case .null: checkpointKey = nil
            case .string(let s): checkpointKey = s
            default: unknown = true
            }
        }
        if let ift = node["init_for_train"], ift.isDynamic { unknown = true }
        return PreloadEntry(name: name, node: node, filename: filename, prefix: prefix,
                            initForTrain: node["init_for_train"], ignoreMissing: ignoreMissing,
                            ignoreParams: ignoreParams, ignoreParamsPrefixes: ignorePrefixes,
                            varNameMapping: mapping, checkpointKey: checkpointKey,
                            pattern: node["pattern"]?.stringValue, hasUnknownOptions: unknown)
    }
}
