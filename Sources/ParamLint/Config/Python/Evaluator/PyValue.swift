/// The evaluator's runtime values. Lists, dicts and sets are classes because Python aliasing is
/// observable in configs (`net = network; net["x"] = {...}` changes `network`); every stored value
/// carries the range where it was written or computed, so a frozen node can point back at it.
enum PyValue {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case str(String)
    case bytes([UInt8])
    case list(PyListObject)
    indirect case tuple([PyBox])
    case dict(PyDictObject)
    case set(PySetObject)
    case range(start: Int, stop: Int, step: Int)
    case function(PyFunctionObject)
    /// A builtin function or a function of a modelled module, by its qualified name (`len`, `os.path.join`).
    case builtin(String)
    /// A method of a runtime value (`d.update`, `"a".join`), called later with its receiver.
    indirect case boundMethod(receiver: PyBox, name: String)
    /// A modelled module (`os`, `os.path`, `copy`, `math`, `json`, `sys`).
    case module(String)
    /// A value the evaluator does not know; operations on it keep this first reason.
    case dynamic(PyDynamicReason)
}

/// A value with the range where it was written or computed.
struct PyBox {
    var value: PyValue
    var range: SourceRange
}

/// Why the possibly-modified marks exist: an unknown call or an undecidable branch may have
/// changed an object the evaluator still holds, and every later read must say so.
final class PyListObject {
    var items: [PyBox]
    /// Set when something the evaluator did not run may have changed the list.
    var tainted: PyDynamicReason?
    init(_ items: [PyBox]) { self.items = items }
}

final class PySetObject {
    var items: [PyBox]
    var keys: Set<PyHashKey>
    var frozen: Bool
    var tainted: PyDynamicReason?
    init(frozen: Bool) { self.items = []; self.keys = []; self.frozen = frozen }

    func insert(_ b: PyBox, key: PyHashKey) {
        if keys.insert(key).inserted { items.append(b) }
    }

    func remove(key: PyHashKey) -> Bool {
        guard keys.remove(key) != nil else { return false }
        items.removeAll { PyHashKey.of($0.value) == key }
        return true
    }
}

struct PyDictEntry {
    var key: PyBox
    var value: PyBox
}

final class PyDictObject {
    private(set) var entries: [PyDictEntry] = []
    private var index: [PyHashKey: Int] = [:]
    /// Set when something the evaluator did not run may have changed the dict: keys may be missing or extra.
    var partial: PyDynamicReason?

    init() {}

    var count: Int { entries.count }

    func get(_ key: PyHashKey) -> PyBox? {
        guard let i = index[key] else { return nil }
        return entries[i].value
    }

    func set(_ key: PyHashKey, keyBox: PyBox, value: PyBox) {
        if let i = index[key] {
            // Python keeps the first key object and its position; only the value changes.
            entries[i].value = value
        } else {
            index[key] = entries.count
            entries.append(PyDictEntry(key: keyBox, value: value))
        }
    }

    @discardableResult
    func remove(_ key: PyHashKey) -> PyBox? {
        guard let i = index[key] else { return nil }
        let v = entries[i].value
        entries.remove(at: i)
        index.removeAll(keepingCapacity: true)
        for (j, e) in entries.enumerated() { if let k = PyHashKey.of(e.key.value) { index[k] = j } }
        return v
    }

    func removeAll() {
        entries.removeAll()
        index.removeAll()
    }

    func copy() -> PyDictObject {
        let d = PyDictObject()
        d.entries = entries
        d.index = index
        d.partial = partial
        return d
    }
}

/// A `def` or `lambda`: its code, defaults evaluated when the `def` ran, and the scope it closes over.
final class PyFunctionObject {
    let name: String
    let parameters: PyParameters
    /// The body of a `def`; a lambda has `lambdaBody` instead.
    let body: [PyStmt]
    let lambdaBody: PyExpr?
    var defaults: [String: PyBox]
    /// The enclosing function scopes (innermost last); the module scope is always reachable.
    let closure: [PyScope]
    let headerRange: SourceRange
    /// Names the body assigns (and so are local unless declared `global`/`nonlocal`).
    let locals: Set<String>
    let globals: Set<String>
    let nonlocals: Set<String>

    init(name: String, parameters: PyParameters, body: [PyStmt], lambdaBody: PyExpr?, defaults: [String: PyBox],
         closure: [PyScope], headerRange: SourceRange) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.lambdaBody = lambdaBody
        self.defaults = defaults
        self.closure = closure
        self.headerRange = headerRange
        var g = Set<String>(), n = Set<String>()
        PyAssignedNames.declarations(body, globals: &g, nonlocals: &n)
        var l = Set(parameters.parameters.map(\.name))
        for s in body { PyAssignedNames.collect(s, into: &l) }
        self.globals = g
        self.nonlocals = n
        self.locals = l.subtracting(g).subtracting(n)
    }
}

/// A function call's local names (also the module namespace, which additionally keeps binding order).
final class PyScope {
    var names: [String: PyBinder] = [:]
    /// Module scope only: names in the order of their first binding (see `PyEvaluationResult.bindings`).
    var order: [String] = []
    let isModule: Bool
    init(isModule: Bool) { self.isModule = isModule }

    func bind(_ name: String, _ value: PyBox, nameRange: SourceRange, byImport: Bool = false) {
        if names[name] == nil, isModule { order.append(name) }
        names[name] = PyBinder(box: value, nameRange: nameRange, byImport: byImport)
    }

    func unbind(_ name: String) {
        guard names.removeValue(forKey: name) != nil else { return }
        if isModule { order.removeAll { $0 == name } }
    }
}

struct PyBinder {
    var box: PyBox
    var nameRange: SourceRange
    var byImport: Bool
}

/// A hashable image of a known Python value, with Python's equalities (`1 == 1.0 == True`).
indirect enum PyHashKey: Hashable {
    case none
    case int(Int)
    case float(Double)
    case str(String)
    case bytes([UInt8])
    case tuple([PyHashKey])
    case frozenset(Set<PyHashKey>)
    case range(Int, Int, Int)
    /// Functions and other identity-hashed values.
    case identity(ObjectIdentifier)
    case builtin(String)

    static func of(_ v: PyValue) -> PyHashKey? {
        switch v {
        case .none: return PyHashKey.none
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(i)
        case .float(let d):
            if d == d.rounded(), abs(d) < 9.2e18 { return .int(Int(d)) }
            return .float(d)
        case .str(let s): return .str(s)
        case .bytes(let b): return .bytes(b)
        case .tuple(let items):
            var keys: [PyHashKey] = []
            for i in items { guard let k = of(i.value) else { return nil }; keys.append(k) }
            return .tuple(keys)
        case .set(let s) where s.frozen && s.tainted == nil: return .frozenset(s.keys)
        case .range(let a, let b, let c): return .range(a, b, c)
        case .function(let f): return .identity(ObjectIdentifier(f))
        case .builtin(let n): return .builtin(n)
        case .module(let n): return .builtin("module " + n)
        case .list, .dict, .set, .boundMethod, .dynamic: return nil
        }
    }
}

/// Python's type names, for `TypeError` messages and `isinstance`.
extension PyValue {
    var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .str: return "str"
        case .bytes: return "bytes"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .set(let s): return s.frozen ? "frozenset" : "set"
        case .range: return "range"
        case .function: return "function"
        case .builtin: return "builtin_function_or_method"
        case .boundMethod: return "method"
        case .module: return "module"
        case .dynamic: return "unknown"
        }
    }

    var dynamicReason: PyDynamicReason? {
        if case .dynamic(let r) = self { return r }
        return nil
    }
}
