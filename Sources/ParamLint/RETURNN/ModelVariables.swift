/// One variable of the model RETURNN will build (the *current* network), with where it comes from
/// in the config when it was inferred from the `network` dict.
public struct ModelVariable: Sendable, Hashable, NamedVariable {
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
        self.unknownScopes = unknownScopes
        // Listings arrive sorted and without repeats: then the array is kept as it is (one
        // comparison per name, no copy of 20 000 variables).
        var strictlyAscending = true
        var i = 1
        while i < variables.count {
            if Checkpoint.compareBytes(variables[i - 1].name, variables[i].name) >= 0 { strictlyAscending = false; break }
            i += 1
        }
        if strictlyAscending {
            self.variables = variables
            return
        }
        let names = NameOrder(variables.map(\.name))
        // Otherwise sorted, and of equal names the first kept.
        let order = names.stableOrder()
        var unique: [ModelVariable] = []
        unique.reserveCapacity(variables.count)
        var last: Int?
        for i in order {
            if let l = last, names.compare(l, i) == 0 { continue }
            unique.append(variables[i])
            last = i
        }
        self.variables = unique
    }

    /// True when a name falls under a part of the network the linter could not read.
    public func isUnknown(_ name: String) -> Bool {
        unknownScopes.contains { name.hasPrefix($0.scope) }
    }

    public var isComplete: Bool { unknownScopes.isEmpty }
}
