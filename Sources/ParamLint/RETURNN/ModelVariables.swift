/// One variable of the model RETURNN will build (the *current* network), with where it comes from
/// in the config when it was inferred from the `network` dict.
public struct ModelVariable: Sendable, Hashable {
    public var name: String
    /// TensorFlow dtype name; nil when unknown.
    public var dtype: String?
    /// nil when the shape cannot be derived statically.
    public var shape: [Int]?
    /// Pointer to the layer definition that creates it (nil for listings and `global_step`).
    public var layerPointer: JSONPointer?
    /// Whether TF puts it in `TRAINABLE_VARIABLES`; nil when unknown (listings). Non-trainable
    /// variables are still saved and loaded.
    public var trainable: Bool?

    public init(name: String, dtype: String?, shape: [Int]?, layerPointer: JSONPointer? = nil,
                trainable: Bool? = nil) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.layerPointer = layerPointer
        self.trainable = trainable
    }
}

/// A part of the network whose variables the linter cannot know (an unknown layer class, a
/// dynamic value): everything under `scope` is unknown, so rules must not judge names there.
public struct UnknownScope: Sendable, Hashable {
    /// e.g. `"enc/"`; variables of this layer all start with it.
    public var scope: String
    public var layerClass: String?
    public var pointer: JSONPointer?
    public var reason: String

    public init(scope: String, layerClass: String?, pointer: JSONPointer?, reason: String) {
        self.scope = scope
        self.layerClass = layerClass
        self.pointer = pointer
        self.reason = reason
    }
}

/// The model's own variables, from a `--model` listing or inferred from the `network` dict.
public struct ModelVariables: Sendable {
    public enum Origin: Sendable, Hashable {
        case listing(path: String)
        case inferred
    }

    public var origin: Origin
    /// Sorted by name (byte order), without duplicates.
    public var variables: [ModelVariable]
    public var unknownScopes: [UnknownScope]

    public init(origin: Origin, variables: [ModelVariable], unknownScopes: [UnknownScope] = []) {
        self.origin = origin
        // Listings arrive sorted: check before sorting, then drop repeats next to each other.
        var unique: [ModelVariable] = []
        unique.reserveCapacity(variables.count)
        if zip(variables, variables.dropFirst()).contains(where: { Checkpoint.compareBytes($0.name, $1.name) > 0 }) {
            let order = Self.byteOrder(variables.map(\.name))
            var lastName: String?
            for i in order where variables[i].name != lastName {
                unique.append(variables[i])
                lastName = variables[i].name
            }
        } else {
            var lastName: String?
            for v in variables where v.name != lastName {
                unique.append(v)
                lastName = v.name
            }
        }
        self.variables = unique
        self.unknownScopes = unknownScopes
    }

    /// The positions of `names` in byte order of the names, equal names in their original order
    /// (a stable sort).
    static func byteOrder(_ names: [String]) -> [Int] {
        // The names are laid out in one buffer, so that a comparison is a plain byte compare (no
        // allocation each), and most comparisons are settled by the first 16 bytes read as two
        // big-endian integers (zero-padded: where they differ, they order as the bytes do).
        var bytes: [UInt8] = []
        var bounds: [Range<Int>] = []
        var heads: [(UInt64, UInt64)] = []
        bounds.reserveCapacity(names.count)
        heads.reserveCapacity(names.count)
        for name in names {
            let start = bytes.count
            bytes.append(contentsOf: name.utf8)
            bounds.append(start..<bytes.count)
            var head: (UInt64, UInt64) = (0, 0)
            for (i, b) in bytes[start...].prefix(16).enumerated() {
                if i < 8 { head.0 |= UInt64(b) << (56 - 8 * i) } else { head.1 |= UInt64(b) << (56 - 8 * (i - 8)) }
            }
            heads.append(head)
        }
        return bytes.withUnsafeBytes { buffer in
            func less(_ a: Int, _ b: Int) -> Bool {
                if heads[a] != heads[b] { return heads[a] < heads[b] }
                return compareBytes(UnsafeRawBufferPointer(rebasing: buffer[bounds[a]]),
                                    UnsafeRawBufferPointer(rebasing: buffer[bounds[b]])) < 0
            }
            // Inferred variables come layer by layer from `output` back to the inputs: ascending
            // runs (a layer's variables) whose order is descending. Then the runs reversed are the
            // sorted order (no name is shared between runs, so it is the stable sort's); this
            // takes one comparison per name instead of a sort's many.
            var runStarts = [0]
            for i in names.indices.dropFirst() where less(i, i - 1) { runStarts.append(i) }
            let runEnds = Array(runStarts.dropFirst()) + [names.count]
            // Each run's last name must come before the first name of the run before it.
            if runStarts.indices.dropFirst().allSatisfy({ less(runEnds[$0] - 1, runStarts[$0 - 1]) }) {
                var order: [Int] = []
                order.reserveCapacity(names.count)
                for (start, end) in zip(runStarts, runEnds).reversed() { order += start..<end }
                return order
            }
            return names.indices.sorted(by: less)
        }
    }

    /// True when a name falls under a part of the network the linter could not read.
    public func isUnknown(_ name: String) -> Bool {
        unknownScopes.contains { name.hasPrefix($0.scope) }
    }

    public var isComplete: Bool { unknownScopes.isEmpty }
}
