/// One variable of a checkpoint or listing, in TensorFlow's words.
public struct CheckpointVariable: Sendable, Hashable {
    public var name: String
    /// TensorFlow's lower-case dtype name (`float32`, `int64`, ...); nil when a listing omits it.
    public var dtype: String?
    /// nil when a listing omits the shape; `[]` is a scalar.
    public var shape: [Int]?

    public init(name: String, dtype: String?, shape: [Int]?) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
    }
}

/// The formats the readers recognise (the contract's names, as printed in `lint vars --format json`).
public enum CheckpointFormat: String, Sendable, Hashable, CaseIterable {
    case tfIndex = "tf-index"
    case pytorch = "pytorch"
    case safetensors = "safetensors"
    case textListing = "text-listing"
    case jsonListing = "json-listing"

    /// Which RETURNN backend writes this format, when the format says so.
    public var backend: Backend? {
        switch self {
        case .tfIndex: return .tf
        case .pytorch, .safetensors: return .torch
        case .textListing, .jsonListing: return nil
        }
    }
}

/// The RETURNN engines whose loading code the linter simulates.
public enum Backend: String, Sendable, Hashable, CaseIterable {
    case tf
    case torch
}

/// What a checkpoint contains: name → dtype, shape. The same model whatever the file format.
public struct Checkpoint: Sendable {
    public var path: String
    public var format: CheckpointFormat
    /// Sorted by name in byte order; each logical variable once.
    public private(set) var variables: [CheckpointVariable]
    private var index: [String: Int]

    public init(path: String, format: CheckpointFormat, variables: [CheckpointVariable]) {
        self.path = path
        self.format = format
        // Readers hand over variables already in byte order (a TF index is sorted): check in one
        // pass and sort only when needed.
        var inOrder = true
        var i = 1
        while i < variables.count {
            if variables[i].name.utf8.lexicographicallyPrecedes(variables[i - 1].name.utf8) { inOrder = false; break }
            i += 1
        }
        let sorted = inOrder ? variables : variables.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        self.variables = sorted
        var index: [String: Int] = [:]
        index.reserveCapacity(sorted.count)
        for (i, v) in sorted.enumerated() { index[v.name] = i }
        self.index = index
    }

    public subscript(name: String) -> CheckpointVariable? {
        guard let i = index[name] else { return nil }
        return variables[i]
    }

    public func contains(_ name: String) -> Bool { index[name] != nil }

    public var names: [String] { variables.map(\.name) }
}

/// Why a checkpoint could not be read: which file, where in it, and the reason, as one sentence.
public struct CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// e.g. "block at offset 4096", "entry 'enc/W'"; nil when the problem is the whole file.
    public var location: String?
    public var reason: String

    public init(file: String, location: String? = nil, reason: String) {
        self.file = file
        self.location = location
        self.reason = reason
    }

    public var description: String {
        if let location { return "\(file): \(location): \(reason)" }
        return "\(file): \(reason)"
    }
}
