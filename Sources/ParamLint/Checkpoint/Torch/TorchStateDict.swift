/// From the unpickled top-level object to a `Checkpoint`: which dict holds the model's tensors
/// (RETURNN's `"model"`, a raw state dict, nested dicts, an optimizer state), the stored `epoch` and
/// `step`, and the top-level keys. The walk over nested dicts is iterative, bounded in depth, and
/// refuses a dict that contains itself, so a hostile pickle cannot make it recurse or loop.
enum TorchStateDict {
    static let maxDepth = 100

    typealias StorageCheck = (TorchStorageRef) throws(CheckpointError) -> Void

    static func checkpoint(from top: PickleValue, file: String, legacy: Bool,
                           checkStorage: StorageCheck) throws(CheckpointError) -> Checkpoint {
        guard case .dict(let d) = top else {
            throw CheckpointError(file: file, reason: describeNonDict(top))
        }
        var seenKeys = Set<String>()
        let keys = d.keys.map(keyString).filter { seenKeys.insert($0).inserted }
        func int(_ key: String) -> Int? {
            if case .int(let i)? = d.value(forString: key) { return Int(i) }
            return nil
        }
        var contents: TorchFileInfo.Contents
        var listed: PickleDict = d
        var listedKey: String?
        if case .dict(let model)? = d.value(forString: "model") {
            contents = .returnnCheckpoint
            listed = model
            listedKey = "model"
        } else if isOptimizerState(d) {
            contents = .optimizer
        } else if case .dict(let o)? = d.value(forString: "optimizer"), isOptimizerState(o) {
            contents = .optimizer
        } else if d.values.contains(where: { if case .tensor = $0 { return true }; return false }) {
            contents = .stateDict
        } else {
            contents = .nested
        }
        let strict = contents != .optimizer
        let variables = try flatten(listed, prefix: "", file: file, strict: strict, checkStorage: checkStorage)
        var others: [String: [CheckpointVariable]] = [:]
        var topTensors: [CheckpointVariable] = []
        for (k, v) in zip(d.keys, d.values) {
            let name = keyString(k)
            switch v {
            case .dict(let sub) where name != listedKey && contents != .optimizer:
                let vars = try flatten(sub, prefix: "", file: file, strict: false, checkStorage: checkStorage)
                if !vars.isEmpty { others[name] = vars }
            case .tensor(let t):
                topTensors.append(CheckpointVariable(name: name, dtype: t.dtype, shape: t.shape))
            default: break
            }
        }
        // A raw state dict's top-level tensors are its variables already: not kept twice.
        if contents == .stateDict { topTensors = [] }
        var c = Checkpoint(path: file, format: .pytorch, variables: variables)
        c = lastOfRepeatedNames(c)
        c.torch = TorchFileInfo(contents: contents, topLevelKeys: keys, epoch: int("epoch"), step: int("step"),
                                legacy: legacy, otherStateDicts: others, topLevelTensors: topTensors)
        return c
    }

    /// A name written twice (a repeated dict key, or `a.b` beside a nested `a` → `b`) keeps its last
    /// tensor, as Python's dict keeps the last value. The variables are sorted stably, so the last of
    /// a run of equal names is the last written.
    static func lastOfRepeatedNames(_ c: Checkpoint) -> Checkpoint {
        let v = c.variables
        var i = 1
        while i < v.count, v[i - 1].name != v[i].name { i += 1 }
        guard i < v.count else { return c }
        var kept: [CheckpointVariable] = []
        kept.reserveCapacity(v.count)
        for k in v.indices where k + 1 == v.count || v[k + 1].name != v[k].name { kept.append(v[k]) }
        var out = Checkpoint(path: c.path, format: c.format, variables: kept)
        out.torch = c.torch
        return out
    }

    static func isOptimizerState(_ d: PickleDict) -> Bool {
        guard case .dict? = d.value(forString: "state"), case .list? = d.value(forString: "param_groups") else { return false }
        return true
    }

    /// Every tensor under `root`, named by the dotted path of keys. `strict`: a value built by a
    /// constructor that was not interpreted is an error (in a state dict every value is a tensor);
    /// otherwise it is passed over.
    static func flatten(_ root: PickleDict, prefix: String, file: String, strict: Bool,
                        checkStorage: StorageCheck) throws(CheckpointError) -> [CheckpointVariable] {
        var out: [CheckpointVariable] = []
        out.reserveCapacity(root.values.count)
        var onPath: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        // (dict, its name prefix, depth, next index); a dict leaves `onPath` when its last item is done.
        var stack: [(dict: PickleDict, prefix: String, depth: Int, index: Int)] = [(root, prefix, 1, 0)]
        while var frame = stack.popLast() {
            guard frame.index < frame.dict.values.count else {
                onPath.remove(ObjectIdentifier(frame.dict))
                continue
            }
            let i = frame.index
            frame.index += 1
            stack.append(frame)
            let key = keyString(frame.dict.keys[i])
            let name = frame.prefix.isEmpty ? key : frame.prefix + "." + key
            switch frame.dict.values[i] {
            case .tensor(let t):
                try checkStorage(t.storage)
                out.append(CheckpointVariable(name: name, dtype: t.dtype, shape: t.shape))
            case .dict(let sub):
                guard frame.depth < maxDepth else {
                    throw CheckpointError(file: file, location: "entry '\(name)'", reason: "dicts nested deeper than \(maxDepth)")
                }
                guard onPath.insert(ObjectIdentifier(sub)).inserted else {
                    throw CheckpointError(file: file, location: "entry '\(name)'", reason: "the dict contains itself (a cyclic pickle): not a checkpoint")
                }
                stack.append((sub, name, frame.depth + 1, 0))
            case .object(let o) where strict:
                throw CheckpointError(file: file, location: "entry '\(name)'",
                                      reason: "not a tensor but a call to \(o.callable), which is not performed (only the constructors of tensors and dicts are interpreted)")
            default:
                break
            }
        }
        return out
    }

    static func keyString(_ v: PickleValue) -> String {
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        default: return "<\(v.kindDescription)>"
        }
    }

    static func describeNonDict(_ v: PickleValue) -> String {
        switch v {
        case .object(let o):
            return "the file's top-level object is built by \(o.callable), which is not performed: not a checkpoint (a checkpoint is a dict; was it torch.save(model) rather than model.state_dict()?)"
        case .tensor(let t):
            return "the file holds a single tensor (\(t.dtype) \(t.shape)), not a state dict"
        default:
            return "the file's top-level object is \(v.kindDescription), not a dict: not a checkpoint"
        }
    }
}
