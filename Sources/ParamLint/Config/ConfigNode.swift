/// A value of a RETURNN config, as either front end (JSON or Python) reads it.
public indirect enum ConfigValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// JSON arrays, Python lists and tuples.
    case array([ConfigNode])
    /// Members in source order; a repeated key appears once, with the last value (RETURNN keeps the last).
    case object([ConfigMember])
    /// A value only Python knows at run time (a call, a name, a comprehension, ...).
    /// Rules treat it as unknown; `reason` says what it was.
    case dynamic(reason: String)
}

/// One `key: value` of an object, with the key's own range for findings about the key.
public struct ConfigMember: Sendable {
    public var key: String
    public var keyRange: SourceRange
    public var node: ConfigNode

    public init(key: String, keyRange: SourceRange, node: ConfigNode) {
        self.key = key
        self.keyRange = keyRange
        self.node = node
    }
}

/// A value with its address (JSON Pointer) and exact source range.
public struct ConfigNode: Sendable {
    public var value: ConfigValue
    public var pointer: JSONPointer
    public var range: SourceRange

    public init(value: ConfigValue, pointer: JSONPointer, range: SourceRange) {
        self.value = value
        self.pointer = pointer
        self.range = range
    }

    public var members: [ConfigMember]? {
        if case .object(let m) = value { return m }
        return nil
    }

    public var elements: [ConfigNode]? {
        if case .array(let e) = value { return e }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = value { return b }
        return nil
    }

    public var intValue: Int? {
        if case .int(let i) = value { return i }
        return nil
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    public var isDynamic: Bool {
        if case .dynamic = value { return true }
        return false
    }

    // Options are looked up very often, mostly ones that are absent: compare lengths before
    // strings, and copy only the member found (by index).

    public func member(_ key: String) -> ConfigMember? {
        guard case .object(let members) = value else { return nil }
        let length = key.utf8.count
        for i in members.indices where members[i].key.utf8.count == length && members[i].key == key { return members[i] }
        return nil
    }

    public subscript(key: String) -> ConfigNode? {
        guard case .object(let members) = value else { return nil }
        let length = key.utf8.count
        for i in members.indices where members[i].key.utf8.count == length && members[i].key == key { return members[i].node }
        return nil
    }

    /// The node at a pointer below this one.
    public func node(at pointer: JSONPointer) -> ConfigNode? {
        var current = self
        for token in pointer.tokens.dropFirst(self.pointer.depth) {
            switch current.value {
            case .object(let members):
                guard let m = members.first(where: { $0.key == token }) else { return nil }
                current = m.node
            case .array(let elements):
                guard let i = Int(token), i >= 0, i < elements.count else { return nil }
                current = elements[i]
            default:
                return nil
            }
        }
        return current
    }

    /// Python's truthiness, which is what RETURNN's `if opts.get(...)` tests; nil when dynamic.
    public var pythonTruthiness: Bool? {
        switch value {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .array(let e): return !e.isEmpty
        case .object(let m): return !m.isEmpty
        case .dynamic: return nil
        }
    }

    /// A short Python-style rendering for messages (`"False"`, `True`, `1`).
    public var pythonRepr: String {
        switch value {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return "'" + s + "'"
        case .array: return "[...]"
        case .object: return "{...}"
        case .dynamic(let reason): return "<\(reason)>"
        }
    }

    /// The Python type name RETURNN would see, for messages.
    public var pythonTypeName: String {
        switch value {
        case .null: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .array: return "list"
        case .object: return "dict"
        case .dynamic: return "dynamic value"
        }
    }
}
