/// The catalogue of RETURNN (TF net-dict) layer classes: for each class, the variables it
/// creates as a function of its options and input, and the feature dimension of its output.
///
/// One `LayerClass` value per class, grouped in `LayerCatalog+Parametric.swift` (classes with
/// variables), `LayerCatalog+Nested.swift` (subnetworks and rec units) and
/// `LayerCatalog+ParamFree.swift`. To add a class, add one declaration there and list it in
/// `LayerCatalog.all`; `rules/layers.md` is generated from the same values
/// (`LayerCatalog.layersMarkdown()`).
///
/// Sources: `shared/spec/returnn-layer-params.md` (measured with the real RETURNN) and
/// RETURNN's `returnn/tf/layers/*.py` at the snapshot the spec cites.

/// What is statically known about a layer's output (or an `extern_data` entry).
public struct LayerShape: Sendable, Hashable {
    /// The feature dimension, or the vocabulary size when `sparse`. nil when not derivable.
    public var dim: Int?
    public var sparse: Bool
    /// Number of axes including the batch axis (`[B,T,F]` is 3); nil when not derivable.
    public var rank: Int?

    /// The sizes of the axes other than batch and feature, in order (nil entries: dynamic, e.g. time),
    /// where a rule derived them (`merge_dims` over static axes needs them); nil when not known.
    public var spatial: [Int?]?

    public init(dim: Int?, sparse: Bool = false, rank: Int?, spatial: [Int?]? = nil) {
        self.dim = dim
        self.sparse = sparse
        self.rank = rank
        self.spatial = spatial
    }

    /// `_ConcatInputLayer`: the sources concatenated along the feature axis.
    /// One source is passed through; several dense sources add up their dims.
    /// Unknown sources (nil) make the dim unknown; the rank is taken from the first known one.
    static func concatenating(_ sources: [LayerShape?]) -> LayerShape? {
        if sources.isEmpty { return nil }
        if sources.count == 1 { return sources[0] }
        let rank = sources.lazy.compactMap { $0?.rank }.first
        if sources.contains(where: { $0?.sparse ?? false }) { return LayerShape(dim: nil, rank: rank) }
        var total = 0
        for s in sources {
            guard let d = s?.dim else { return LayerShape(dim: nil, rank: rank) }
            total += d
        }
        let spatial = sources[0]?.spatial
        return LayerShape(dim: total, rank: rank,
                          spatial: sources.allSatisfy { $0?.spatial == spatial } ? spatial : nil)
    }
}

/// One variable a layer creates, relative to the layer's variable scope (`"W"`, `"rec/W_re"`).
public struct LayerParam: Sendable, Hashable {
    public var name: String
    /// nil when a dimension cannot be derived.
    public var shape: [Int]?
    public var dtype: String
    public var trainable: Bool

    public init(_ name: String, _ shape: [Int?]?, dtype: String = "float32", trainable: Bool = true) {
        self.name = name
        self.shape = shape.flatMap { dims in
            // Every dim known, or no shape (one pass: this runs for every variable of a network).
            var known: [Int] = []
            known.reserveCapacity(dims.count)
            for dim in dims {
                guard let dim else { return nil }
                known.append(dim)
            }
            return known
        }
        self.dtype = dtype
        self.trainable = trainable
    }
}

/// Everything a class's rules may look at.
public struct LayerContext: Sendable {
    /// The layer's name in its (sub)network, as RETURNN's `self.name`.
    public var name: String
    /// The layer dict.
    public var options: ConfigNode
    /// The sources (`from`), in order; nil entries are not derivable.
    public var sources: [LayerShape?]
    /// The sources concatenated, as `_ConcatInputLayer.input_data`.
    public var input: LayerShape?
    /// `n_out`, or the dim guessed from `target` (+1 for CTC) when neither `n_out` nor `out_dim` is set.
    public var nOut: Int?
    /// The effective behavior version.
    public var behaviorVersion: Int
    /// True for a layer inside a rec loop (`rec` unit net dict): its data has no time axis.
    public var insideRecLoop: Bool
    /// The outputs of the layers named by the class's `shapeReferences` options (e.g. `base`), when known.
    public var referenced: [String: LayerShape] = [:]

    public subscript(key: String) -> ConfigNode? { options[key] }

    /// The option as int when it is a literal int; nil otherwise.
    public func int(_ key: String) -> Int? { options[key]?.intValue }

    /// Python truthiness of an option; `default` when absent; nil when dynamic.
    public func flag(_ key: String, default value: Bool) -> Bool? {
        guard let node = options[key] else { return value }
        return node.pythonTruthiness
    }

    /// A list of literal ints (or a single int); nil otherwise.
    public func ints(_ key: String) -> [Int]? {
        guard let node = options[key] else { return nil }
        if let i = node.intValue { return [i] }
        guard let elements = node.elements else { return nil }
        let values = elements.compactMap(\.intValue)
        return values.count == elements.count ? values : nil
    }

    /// The input feature dimension (the vocabulary size for sparse input).
    public var nIn: Int? { input?.dim }
}

/// The result of a class's variable rule.
public enum LayerParamsResult: Sendable {
    case params([LayerParam])
    /// The linter cannot know this layer's variables (the reason is reported in an `UnknownScope`).
    case unknown(String)
}

/// How a class's output feature dimension follows from its options and input.
public enum LayerOutputRule: Sendable {
    /// `n_out` (or `out_dim`, or the target's dim); dense.
    case nOut
    /// The same as the (concatenated) input, sparse stays sparse (e.g. `copy`, `activation`).
    case input
    /// The first source's (e.g. `combine`, whose sources are broadcast to each other).
    case firstSource
    /// Not derived statically: layers after it get no shapes.
    case unknown
    case custom(@Sendable (LayerContext) -> LayerShape?)

    /// A short description for `rules/layers.md`.
    var summary: String {
        switch self {
        case .nOut: return "`n_out`"
        case .input: return "input"
        case .firstSource: return "first source"
        case .unknown: return "not derived"
        case .custom: return "derived (see notes)"
        }
    }
}

/// How a class takes part in the network: plain layers, or ones that hold a net dict.
public enum LayerKind: Sendable, Hashable {
    case plain
    /// `subnetwork`: sub-layers under `<layer>/`.
    case subnetwork
    /// `rec`: a string `unit` is a plain cell; a dict `unit` is a loop net under `<layer>/rec/`.
    case rec
}

/// One RETURNN layer class.
public struct LayerClass: Sendable {
    /// The `class` string in the net dict.
    public var name: String
    public var kind: LayerKind
    /// The variables, as rendered in `rules/layers.md` (relative to `<layer>/`).
    public var variablesDoc: String
    /// Their shapes, for the docs.
    public var shapesDoc: String
    public var notes: String
    public var output: LayerOutputRule
    /// `from` when the layer dict has none (`["data"]` for most classes).
    public var defaultFrom: [String]
    /// Other options whose string values are layer names (constructed as dependencies). `"*"`: every
    /// string option that names a layer of the net (as for an unknown class).
    public var references: [String]
    /// Reference options whose layers' outputs the output rule reads (`LayerContext.referenced`).
    public var shapeReferences: [String] = []
    /// The variables, relative to the layer's scope, from the options and input.
    public var params: @Sendable (LayerContext) -> LayerParamsResult

    public init(
        _ name: String,
        kind: LayerKind = .plain,
        variables: String,
        shapes: String = "",
        notes: String = "",
        output: LayerOutputRule,
        defaultFrom: [String] = ["data"],
        references: [String] = [],
        params: @escaping @Sendable (LayerContext) -> LayerParamsResult
    ) {
        self.name = name
        self.kind = kind
        self.variablesDoc = variables
        self.shapesDoc = shapes
        self.notes = notes
        self.output = output
        self.defaultFrom = defaultFrom
        self.references = references
        self.params = params
    }

    /// A class without variables of its own.
    static func paramFree(
        _ name: String, output: LayerOutputRule, notes: String = "", defaultFrom: [String] = ["data"],
        references: [String] = [], shapeReferences: [String] = []
    ) -> LayerClass {
        var c = LayerClass(name, variables: "—", notes: notes, output: output, defaultFrom: defaultFrom,
                           references: references) { _ in .params([]) }
        c.shapeReferences = shapeReferences
        return c
    }

    var hasParams: Bool { variablesDoc != "—" }
}

public enum LayerCatalog {
    /// Every class the linter knows, parametric first, then nested, then parameter-free.
    public static let all: [LayerClass] = parametric + nested + paramFree

    /// Positions in `all` by name (the first of a name).
    private static let byName: [String: Int] = {
        var d: [String: Int] = [:]
        for (i, c) in all.enumerated() where d[c.name] == nil { d[c.name] = i }
        return d
    }()

    /// The class for a `class` string; nil when the linter does not know it.
    public static func layerClass(named name: String) -> LayerClass? { index(named: name).map { all[$0] } }

    /// The class's position in `all`: a `LayerClass` is large to copy, so a network keeps this.
    static func index(named name: String) -> Int? { byName[name] }

    /// Behavior-version gates this catalogue applies (`BehaviorVersion.get()` uses in RETURNN's
    /// TF layer code that change variables), rendered into `rules/layers.md`.
    public static let behaviorVersionGates: [(version: Int, what: String)] = [
        (10, "`conv`: `with_bias` defaults to True from 10 on; below 10 a conv layer has no `bias` (unless the `bias` option names a layer, which then replaces the variable)."),
        (12, "`batch_norm` (the layer and the option): `param_version` defaults to 2 from 12 on (`v2_beta` … `[n]`), to 0 below (`<name>_<name>_output_beta` … `[1,…,1,n]`). From 12 on `masked_time` must also be given explicitly, otherwise construction fails."),
        (1, "a layer without `from` raises from 1 on; below 1 it reads `data` (this catalogue still reads `data`)."),
    ]
}
