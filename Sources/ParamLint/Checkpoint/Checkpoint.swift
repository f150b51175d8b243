import Glibc

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
}

/// What a checkpoint contains: name → dtype, shape. The same model whatever the file format.
public struct Checkpoint: Sendable {
    public var path: String
    public var format: CheckpointFormat
    /// Sorted by name in byte order; each logical variable once.
    public private(set) var variables: [CheckpointVariable]
    /// For a `.pt` file: its top-level keys, stored epoch and step, and what kind of dict it is.
    public var torch: TorchFileInfo? = nil

    public init(path: String, format: CheckpointFormat, variables: [CheckpointVariable]) {
        self.init(path: path, format: format, variables: variables, byteOrder: nil)
    }

    /// `byteOrder`: the order of `variables` by name, when the reader already knows it.
    init(path: String, format: CheckpointFormat, variables: [CheckpointVariable], byteOrder: [Int]?) {
        self.path = path
        self.format = format
        if let byteOrder, byteOrder.count == variables.count {
            self.variables = byteOrder.map { variables[$0] }
            return
        }
        // Readers hand over variables already in byte order (a TF index is sorted): check in one
        // pass and sort only when needed. Lookups are binary searches over this order, so a
        // million-variable checkpoint costs no hash table (~0.3 s and 50 MB saved).
        var inOrder = true
        var i = 1
        while i < variables.count {
            if Checkpoint.compareBytes(variables[i - 1].name, variables[i].name) > 0 { inOrder = false; break }
            i += 1
        }
        self.variables = inOrder ? variables : Checkpoint.sortedByName(variables, name: \.name)
    }

    /// A stable sort by the names' UTF-8 bytes.
    public static func sortedByName<T>(_ items: [T], name: (T) -> String) -> [T] {
        NameOrder.sorted(items, name: name)
    }

    public subscript(name: String) -> CheckpointVariable? {
        guard let i = position(of: name) else { return nil }
        return variables[i]
    }

    public func contains(_ name: String) -> Bool { position(of: name) != nil }

    /// The index of `name` (the last one, should a hand-made variable list repeat a name).
    func position(of name: String) -> Int? { sortedNames.position(of: name) }

    /// The variables as a sorted list to search (lookups, prefix ranges, ascending cursors).
    var sortedNames: SortedNames<[CheckpointVariable]> { SortedNames(variables) }

    /// Byte order of the UTF-8 encodings (what TensorFlow sorts by; Swift's `<` on String is not it).
    public static func compareBytes(_ a: String, _ b: String) -> Int { SortedNames<[String]>.compare(a, b) }

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
