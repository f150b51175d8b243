/// How RETURNN reads a config file (semantics section 5).
public enum ConfigFormat: String, Sendable, Hashable {
    case json
    case python
    /// The old `key value` line format: every typed option vanishes.
    case lineBased = "line-based"
}

/// Where a front end stopped on input it could not read (rule CF001).
public struct ConfigSyntaxError: Sendable, Hashable {
    public var message: String
    public var position: SourcePosition

    public init(message: String, position: SourcePosition) {
        self.message = message
        self.position = position
    }
}

/// A key written twice in one object (rule CF002); RETURNN keeps the last value.
public struct DuplicateKey: Sendable, Hashable {
    public var objectPointer: JSONPointer
    public var key: String
    public var firstKeyRange: SourceRange
    public var laterKeyRange: SourceRange

    public init(objectPointer: JSONPointer, key: String, firstKeyRange: SourceRange, laterKeyRange: SourceRange) {
        self.objectPointer = objectPointer
        self.key = key
        self.firstKeyRange = firstKeyRange
        self.laterKeyRange = laterKeyRange
    }
}

/// A value the front end could not know statically, and why (Python configs).
public struct DynamicNote: Sendable, Hashable {
    public var pointer: JSONPointer
    public var range: SourceRange
    public var reason: String

    public init(pointer: JSONPointer, range: SourceRange, reason: String) {
        self.pointer = pointer
        self.range = range
        self.reason = reason
    }
}

/// A parsed config: the tree of values with pointers and ranges, and what went wrong reading it.
/// Both front ends produce this, so every rule works on JSON and Python configs alike.
public struct ConfigDocument: Sendable {
    public var file: String
    public var format: ConfigFormat
    /// nil when the file did not parse (then `syntaxError` is set).
    public var root: ConfigNode?
    public var syntaxError: ConfigSyntaxError?
    public var duplicateKeys: [DuplicateKey]
    public var dynamicValues: [DynamicNote]
    /// Dicts (by pointer) that something the linter did not evaluate may have changed: keys may be
    /// missing or extra, and the values it holds may have been replaced (Python configs).
    public var partialValues: [DynamicNote]
    /// Top-level names bound to a function (`def`, `lambda`), with where they were bound.
    public var functions: [(name: String, range: SourceRange)]
    /// Set when the evaluation of a Python config stopped before its end (a `raise`, the budget):
    /// any option may be set, changed or deleted after that point.
    public var incomplete: DynamicNote?
    public let lines: LineIndex

    public init(file: String, format: ConfigFormat, root: ConfigNode?, syntaxError: ConfigSyntaxError?,
                duplicateKeys: [DuplicateKey] = [], dynamicValues: [DynamicNote] = [],
                partialValues: [DynamicNote] = [], functions: [(name: String, range: SourceRange)] = [],
                incomplete: DynamicNote? = nil, lines: LineIndex) {
        self.file = file
        self.format = format
        self.root = root
        self.syntaxError = syntaxError
        self.duplicateKeys = duplicateKeys
        self.dynamicValues = dynamicValues
        self.partialValues = partialValues
        self.functions = functions
        self.incomplete = incomplete
        self.lines = lines
    }

    /// Why the dict at `pointer` may have been changed by code the linter did not evaluate, if it may.
    /// Python configs that define `get_network`: RETURNN's call `get_network(epoch=N)`, evaluated
    /// (the network RETURNN builds outside pretrain epochs). nil when the config defines none.
    public var networkForEpoch: (@Sendable (Int) -> NetworkCall)? = nil

    /// Set when `network` is what `get_network(epoch=N)` returned (N), not a value of the file.
    public var networkFromCall: Int? = nil

    public struct NetworkCall: Sendable {
        public var node: ConfigNode
        public var dynamicValues: [DynamicNote]
        public var partialValues: [DynamicNote]
    }

    public func partial(at pointer: JSONPointer) -> DynamicNote? {
        partialValues.first { $0.pointer == pointer }
    }

    /// Whether a top-level name is bound to a function.
    public func isFunction(_ name: String) -> Bool { functions.contains { $0.name == name } }

    public func node(at pointer: JSONPointer) -> ConfigNode? { root?.node(at: pointer) }

    /// The top-level value of an option, e.g. `document["preload_from_files"]`.
    public subscript(key: String) -> ConfigNode? { root?[key] }

    /// Reads a config as RETURNN would: Python for a `#!` first line or a `.py` name, JSON for content
    /// starting with `{`, otherwise the old line-based format.
    public static func parse(file: String, bytes: [UInt8]) -> ConfigDocument {
        switch detectFormat(file: file, bytes: bytes) {
        case .json:
            return JSONFrontEnd.parse(file: file, bytes: bytes)
        case .python:
            return PythonFrontEnd.parse(file: file, bytes: bytes)
        case .lineBased:
            let lines = LineIndex(bytes: bytes)
            var error: ConfigSyntaxError?
            if let start = leadingCommentBeforeJSON(bytes) {
                // RETURNN tests `content.startswith("{")` before it strips comments: this JSON is read
                // as the line-based format, which stops at the first line without a value.
                error = ConfigSyntaxError(
                    message: "the config starts with a comment, so RETURNN does not read it as JSON (the content must start with '{') but as the line-based format, which fails ('unable to parse config line'); move the comment inside the braces",
                    position: lines.position(ofOffset: start))
            }
            return ConfigDocument(file: file, format: .lineBased, root: nil, syntaxError: error, lines: lines)
        }
    }

    /// The offset of a leading `//` or `/*` comment when comments are all that stand before a `{`.
    static func leadingCommentBeforeJSON(_ bytes: [UInt8]) -> Int? {
        let stripped = JSONFrontEnd.removeComments(bytes)
        var i = 0
        while i < bytes.count, JSONFrontEnd.isSpace(bytes[i]) { i += 1 }
        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "/"), bytes[i + 1] == UInt8(ascii: "/") || bytes[i + 1] == UInt8(ascii: "*") else { return nil }
        var j = i
        while j < stripped.count, JSONFrontEnd.isSpace(stripped[j]) { j += 1 }
        return j < stripped.count && stripped[j] == UInt8(ascii: "{") ? i : nil
    }

    /// RETURNN's `Config.load_file` choice, on the stripped content.
    public static func detectFormat(file: String, bytes: [UInt8]) -> ConfigFormat {
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C].contains(bytes[i]) { i += 1 }
        if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "#"), bytes[i + 1] == UInt8(ascii: "!") { return .python }
        if file.hasSuffix(".py") { return .python }
        if i < bytes.count, bytes[i] == UInt8(ascii: "{") { return .json }
        return .lineBased
    }
}
