/// What the pickle interpreter builds: Python values as data. Nothing here can run code; a call
/// that the interpreter does not understand stays a description of the call (`PickleObject`).
///
/// Lists, dicts, tuples and objects are classes because pickle shares them: the memo and the stack
/// hold the same dict, and SETITEMS must change both (a value type would copy the dict on every
/// batch of items, quadratic in the state dict's size). A pickle can make them refer to each other,
/// even in a cycle, so they are owned by a `PickleArena` that empties them all at the end: no
/// reference cycle survives the read, and no deep chain is freed by deep recursion.
///
/// The wide payloads are `indirect` so that a value is 17 bytes, not ~90: the stack and the memo of
/// a 100 000-tensor state dict hold about a million of them.
enum PickleValue {
    case none
    case bool(Bool)
    case int(Int64)
    /// An integer wider than 64 bits: only its size is kept.
    case bigInt(byteCount: Int)
    case float(Double)
    case string(String)
    /// `bytes` / `bytearray`. `prefix` holds the first bytes only (enough for a numpy scalar).
    indirect case bytes(prefix: [UInt8], count: Int)
    case tuple(PickleTuple)
    /// A tuple of leaves only (no tuple, list, dict or object inside), held by value: it cannot be
    /// part of a cycle or of a deep chain, so it needs no arena. Sizes, strides, storage ids and
    /// `()` — most tuples of a state dict — are these.
    case flatTuple([PickleValue])
    case list(PickleList)
    case dict(PickleDict)
    /// A GLOBAL / STACK_GLOBAL: only the name; nothing is imported.
    indirect case global(module: String, name: String)
    /// A call (REDUCE / NEWOBJ) of something outside the allow-list, not performed.
    case object(PickleObject)
    /// A storage named by a persistent id: what `torch.save` writes for tensor data.
    indirect case storage(TorchStorageRef)
    /// A tensor rebuilt by one of the allow-listed constructors.
    indirect case tensor(TorchTensorInfo)
    /// `numpy.dtype('<i8')`: the type string.
    case numpyDtype(String)

    /// The items of either kind of tuple; nil for any other value.
    var tupleItems: [PickleValue]? {
        switch self {
        case .tuple(let t): return t.items
        case .flatTuple(let items): return items
        default: return nil
        }
    }

    /// Holds no container: what a flat tuple may contain.
    var isLeaf: Bool {
        switch self {
        case .tuple, .flatTuple, .list, .dict, .object: return false
        default: return true
        }
    }

    /// For messages: what kind of Python value this is.
    var kindDescription: String {
        switch self {
        case .none: return "None"
        case .bool: return "a bool"
        case .int, .bigInt: return "an int"
        case .float: return "a float"
        case .string: return "a str"
        case .bytes: return "bytes"
        case .tuple, .flatTuple: return "a tuple"
        case .list: return "a list"
        case .dict: return "a dict"
        case .global(let m, let n): return "the name \(m).\(n)"
        case .object(let o): return "an object built by \(o.callable)"
        case .storage: return "a storage"
        case .tensor: return "a tensor"
        case .numpyDtype(let d): return "the numpy dtype '\(d)'"
        }
    }
}

final class PickleTuple {
    var items: [PickleValue]
    init(_ items: [PickleValue]) { self.items = items }
}

final class PickleList {
    var items: [PickleValue] = []
}

/// A dict in insertion order (what a state dict's order is). Items are appended as they come:
/// hashing every key of a 100 000-tensor state dict would cost more than the rest of the read,
/// and `torch.save` never writes a key twice. Python's "a repeated key replaces the value" is
/// honoured where values are looked up: `value(forString:)` takes the last one, and the listing keeps
/// the last tensor of a repeated name (`TorchStateDict`).
final class PickleDict {
    var keys: [PickleValue] = []
    var values: [PickleValue] = []

    func set(_ key: PickleValue, _ value: PickleValue) {
        keys.append(key)
        values.append(value)
    }

    /// The value of the str key `key` (the last one written, as in Python). Only the small
    /// top-level dicts are searched this way.
    func value(forString key: String) -> PickleValue? {
        var i = keys.count - 1
        while i >= 0 {
            if case .string(let k) = keys[i], k == key { return values[i] }
            i -= 1
        }
        return nil
    }

    func removeAll() {
        keys = []
        values = []
    }
}

/// A call that was not performed: which callable, with which arguments, and what BUILD, SETITEM
/// or APPEND later did to the result.
final class PickleObject {
    let callable: String
    var arguments: [PickleValue]
    var state: [PickleValue] = []

    init(callable: String, arguments: [PickleValue]) {
        self.callable = callable
        self.arguments = arguments
    }
}

/// A tensor storage as `torch.save`'s persistent id describes it:
/// `('storage', storage_type, key, location, numel)` (+ view metadata in the legacy format).
struct TorchStorageRef: Sendable, Hashable {
    var dtype: String
    /// The zip entry `<archive>/data/<key>` (or the legacy file's storage key).
    var key: String
    var location: String
    /// Elements of `dtype`.
    var elementCount: Int64
}

struct TorchTensorInfo: Sendable, Hashable {
    var dtype: String
    var shape: [Int]
    var storage: TorchStorageRef
    /// A Parameter rather than a plain tensor (a state dict holds plain ones; `torch.save(dict of
    /// parameters)` holds these).
    var isParameter: Bool
}

/// Owns every container an interpreter run creates, and breaks their references when done.
final class PickleArena {
    private var tuples: [PickleTuple] = []
    private var lists: [PickleList] = []
    private var dicts: [PickleDict] = []
    private var objects: [PickleObject] = []

    func tuple(_ items: [PickleValue]) -> PickleValue {
        if items.allSatisfy(\.isLeaf) { return .flatTuple(items) }
        let t = PickleTuple(items)
        tuples.append(t)
        return .tuple(t)
    }

    func list() -> PickleList {
        let l = PickleList()
        lists.append(l)
        return l
    }

    func dict() -> PickleDict {
        let d = PickleDict()
        dicts.append(d)
        return d
    }

    func object(_ callable: String, _ arguments: [PickleValue]) -> PickleObject {
        let o = PickleObject(callable: callable, arguments: arguments)
        objects.append(o)
        return o
    }

    /// Empties every container. Each is still held by the arena while the others are emptied, so
    /// no release cascades: a million-deep chain is freed in a flat loop.
    func release() {
        for t in tuples { t.items = [] }
        for l in lists { l.items = [] }
        for d in dicts { d.removeAll() }
        for o in objects { o.arguments = []; o.state = [] }
        tuples = []
        lists = []
        dicts = []
        objects = []
    }
}
