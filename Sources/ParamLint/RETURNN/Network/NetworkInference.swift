/// Infers the variables RETURNN's TF net-dict engine creates for a `network`, without running it.
///
/// What it follows (see `rules/layers.md` for the per-class rules):
/// - **Which layers exist.** Only constructed layers have variables. Construction starts from
///   `output`, from layers with a truthy `loss`, `is_output_layer` or `register_as_extern_data`
///   (names starting with `#` and `only_on_search` layers are skipped: the train network) and
///   follows every layer reference: `from` (default `data`), `target` when it names a layer,
///   `reuse_params` (string, `reuse_layer`, `map` values), `initial_output`/`initial_state`, and the
///   class's own reference options (e.g. `conv`'s `filter`). A `subnetwork` constructs its
///   `output` and its loss/`is_output_layer` sub-layers; a rec loop (dict `unit`) also `end` and
///   `need_last` layers. A subnetwork's own `from` is only constructed when a sub-layer reads `data`.
/// - **Names.** `<scope>/<layer>/<param>`; subnetworks add `<layer>/`, rec units `<layer>/rec/`;
///   `name_scope` replaces the layer's component; invalid TF scope characters are replaced as
///   RETURNN's `get_valid_scope_name_from_str` does.
/// - **Shapes.** Input dims flow through `from` from `extern_data` (`dim`, `sparse`, `shape`); a
///   dim that cannot be derived leaves the shape nil. `n_out` is taken from the layer, else from its
///   `target` (the default target `classes` when only `loss` is set; +1 for `loss: ctc`).
/// - **Unknown parts.** An unknown class, a dynamic value in an option that matters, or a unit the
///   catalogue does not model gives an `UnknownScope` for `<layer>/`, never invented variables.
///   Layer names in an unknown class's string options are still followed as references.
///
/// `behaviorVersion` is the effective version: the config's `behavior_version`, else what the
/// backend forces (0 for `tensorflow-net-dict`/`use_tensorflow`). It gates `conv`'s `with_bias`
/// (≥ 10) and `batch_norm`'s `param_version` (≥ 12); see `LayerCatalog.behaviorVersionGates`.
public enum NetworkInference {
    public static func infer(network: ConfigNode, externData: ConfigNode?, behaviorVersion: Int) -> ModelVariables {
        var externs: [String: LayerShape] = [:]
        for member in externData?.members ?? [] { externs[member.key] = ExternData.shape(member.node) }
        return infer(network: network, externs: externs, behaviorVersion: behaviorVersion)
    }

    /// With the data keys as `ExternData.shapes(config:)` derives them from a whole config.
    /// `search`: the network is built with `search_flag` (task `search`); else as for training.
    public static func infer(network: ConfigNode, config root: ConfigNode, behaviorVersion: Int,
                             search: Bool = false) -> ModelVariables {
        infer(network: network, externs: ExternData.shapes(config: root), behaviorVersion: behaviorVersion,
              search: search)
    }

    static func infer(network: ConfigNode, externs: [String: LayerShape], behaviorVersion: Int,
                      search: Bool = false) -> ModelVariables {
        var engine = InferenceEngine(externs: externs, behaviorVersion: behaviorVersion, search: search)
        engine.run(network: network)
        engine.variables.append(ModelVariable(name: "global_step", dtype: "int64", shape: [], trainable: false))
        return ModelVariables(origin: .inferred, variables: engine.variables, unknownScopes: engine.unknownScopes)
    }

    /// RETURNN's `get_valid_scope_name_from_str`: the TF scope component for a layer name.
    public static func validScopeName(_ name: String) -> String {
        // Nearly every name is plain ASCII that needs no change: say so without rebuilding it.
        if let first = name.utf8.first, !startsEscaped(first), name.utf8.allSatisfy({ $0 < 128 && !isReplaced($0) }) {
            return name
        }
        var out = ""
        for scalar in name.unicodeScalars where scalar.value < 128 {
            if isReplaced(UInt8(scalar.value)) {
                out += "__"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if let first = out.unicodeScalars.first, startsEscaped(UInt8(first.value)) {
            out = ".\(first.value)." + String(out.unicodeScalars.dropFirst())
        }
        return out
    }

    /// The characters `get_valid_scope_name_from_str` replaces by `__`: `:(){}&+-*'" ,`.
    private static func isReplaced(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "'"),
             UInt8(ascii: "\""), UInt8(ascii: " "), UInt8(ascii: ","):
            return true
        default:
            return false
        }
    }

    /// A scope may not start with `_-\/`: such a first character is written as `.<code>.`.
    private static func startsEscaped(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: "\\") || b == UInt8(ascii: "/")
    }
}

/// The working state of one inference; it never leaves `NetworkInference.infer`. A struct whose
/// methods mutate it in place: a class's stored properties would be checked for exclusive access
/// at run time on every use, which in these loops cost more than some of the work itself.
///
/// Every layer dict of a walked net gets a slot in `layers` (its `LayerID`), and what is derived
/// from a layer's options (class, resolved `from`, how `n_out` is found, dynamic options) is kept
/// there once derived: a network of thousands of layers is visited by construction, by every round
/// of the output fixpoint and by the variables pass, and re-deriving it (and hashing names) on
/// each visit used to cost more than the inference itself.
struct InferenceEngine {
    /// A layer dict: its index in `layers`.
    typealias LayerID = Int

    /// Where a layer reference leads.
    enum Source: Hashable {
        case layer(LayerID)
        /// An `extern_data` key; `perFrame` inside a rec loop (no time axis).
        case extern(String, perFrame: Bool)
        /// The input of a subnetwork (`data`) or a rec loop (`data:source`); `index` for one of
        /// several sources when `concat_sources` is False.
        case netInput(net: Int, index: Int?)
    }

    /// `overlay`: the layer dicts a `cond` (`condition`, `true_layer`, `false_layer`) or a
    /// `masked_computation` (`unit`) builds under the owner's own name and scope; references resolve in
    /// the owner's net, except `data` in a masked unit (the owner's `from`).
    enum NetKind { case root, subnetwork, recLoop, overlay }

    struct Net {
        var kind: NetKind
        var parent: Int?
        var owner: LayerID?
        /// The slots of this net's layer dicts, in source order.
        var slots: Range<LayerID>
        /// Layer slots by name (the last of repeated keys, as Python keeps it).
        var index: [String: LayerID]
        /// The variable-scope prefix of the layers in this net (`""`, `"sub/"`, `"lstm/rec/"`).
        var varPrefix: String
        /// The owner's `from` (in the parent net): the net's `data` / `data:source`.
        var inputRefs: [String]
        var concatSources: Bool
        /// Inside a rec loop (this net or an outer one): data has no time axis.
        var perFrame: Bool

        func layer(_ name: String) -> LayerID? { index[name] }
    }

    /// How `nOut(of:)` finds a layer's `n_out`; decided once, as the fixpoint asks every round.
    enum NOutRule {
        case fixed(Int?)
        /// The dim of the target's output, +1 for CTC's blank label.
        case target(Source?, plusOne: Bool)
    }

    /// One layer dict and what has been derived about it.
    struct Layer {
        let net: Int
        let name: String
        let opts: ConfigNode
        /// The literal `class`, and its position in `LayerCatalog.all` when the catalogue knows it.
        let className: String?
        let classIndex: Int?
        var constructed = false
        /// `childNet(of:)`'s answer, once asked (`.some(nil)`: the layer holds no net).
        var child: Int?? = nil
        /// `dynamicOption(_:)` of the options, once asked.
        var dynamicKey: String?? = nil
        /// `from`, resolved at construction (or when first asked): a reference resolves the same
        /// way every time.
        var sources: [Source?]?
        var nOutRule: NOutRule?
        var output: LayerShape?
        /// The layers whose `computeOutput` read this layer's output (repeats possible). The
        /// first is kept apart: most layers have one reader, and a network has thousands of layers.
        var firstReader: LayerID?
        var moreReaders: [LayerID] = []
        /// True until `computeOutput` has run, and again whenever an output it read changed.
        var dirty = true

        init(net: Int, name: String, opts: ConfigNode) {
            self.net = net
            self.name = name
            self.opts = opts
            className = opts["class"]?.stringValue
            classIndex = className.flatMap(LayerCatalog.index(named:))
        }
    }

    let externs: [String: LayerShape]
    let behaviorVersion: Int
    let search: Bool
    var nets: [Net] = []
    var layers: [Layer] = []
    /// Constructed layers, in construction order.
    var order: [LayerID] = []
    var variables: [ModelVariable] = []
    var unknownScopes: [UnknownScope] = []
    /// The first parameter-free layer whose sources are dynamic: it has no variables itself, but
    /// any layer nothing else builds may be built through it.
    var dynamicReach: (layer: String, key: String)? = nil
    private var reportedScopes: Set<String> = []
    /// `register_as_extern_data` names of the root net, collected on first use.
    private var registered: [String: LayerID]?
    /// The layer `computeOutput` is working on: `output(of:)` records it as a reader.
    private var reader: LayerID?

    init(externs: [String: LayerShape], behaviorVersion: Int, search: Bool = false) {
        self.behaviorVersion = behaviorVersion
        self.externs = externs
        self.search = search
    }

    /// The search flag of the layer's network: the root's, or true inside an `extra.search:` layer.
    func searchFlag(_ id: LayerID) -> Bool {
        if search { return true }
        var current: LayerID? = id
        while let l = current {
            if Self.inExtraSearchNet(layers[l].name) { return true }
            current = nets[layers[l].net].owner
        }
        return false
    }

    /// `ChoiceLayer.transform_config_dict`: without search (and without `add_to_beam_scores` or
    /// `scheduled_sampling`) a choice layer drops its `from`, so nothing builds it for the choice
    /// (oracle case n45). nil when that depends on a dynamic value.
    func choiceDropsFrom(_ id: LayerID) -> Bool? {
        let opts = layers[id].opts
        let search: Bool
        if let node = opts["search"] {
            guard let b = node.pythonTruthiness else { return nil }
            search = b
        } else {
            search = searchFlag(id)
        }
        let addToBeam: Bool
        if let node = opts["add_to_beam_scores"] {
            guard let b = node.pythonTruthiness else { return nil }
            addToBeam = b
        } else {
            addToBeam = search || searchFlag(id)
        }
        guard let scheduled = truthy(opts["scheduled_sampling"]) else { return nil }
        return !search && !addToBeam && !scheduled
    }

    /// `Data(**opts)` as far as dims go: `dim`, `sparse`/`sparse_dim`, `shape`.
    static func externShape(_ node: ConfigNode) -> LayerShape {
        guard node.members != nil else { return LayerShape(dim: nil, rank: nil) }
        if node["dim_tags"] != nil || node["dims"] != nil { return LayerShape(dim: nil, rank: nil) }
        let sparse = node["sparse"]?.pythonTruthiness ?? false || node["sparse_dim"] != nil
        var dim: Int?
        if let d = node["dim"] {
            dim = d.intValue
        } else if !sparse, let last = node["shape"]?.elements?.last {
            dim = last.intValue
        }
        var rank: Int?
        var spatial: [Int?]?
        if let shape = node["shape"] {
            let hasBatch = !(node["batch_dim_axis"]?.isNull ?? false)
            rank = shape.elements.map { $0.count + (hasBatch ? 1 : 0) }
            if hasBatch, !sparse, let e = shape.elements, !e.isEmpty, node["feature_dim_axis"] == nil {
                spatial = e.dropLast().map(\.intValue)
            }
        } else {
            rank = sparse ? 2 : 3
            spatial = sparse ? nil : [nil]
        }
        return LayerShape(dim: dim, sparse: sparse, rank: rank, spatial: spatial)
    }

    // What the engine reads of a layer's catalogue class, field by field: a whole `LayerClass`
    // is costly to copy, and these are read for every layer.
    func classKind(_ id: LayerID) -> LayerKind? { layers[id].classIndex.map { LayerCatalog.all[$0].kind } }
    func classDefaultFrom(_ id: LayerID) -> [String]? { layers[id].classIndex.map { LayerCatalog.all[$0].defaultFrom } }
    func classReferences(_ id: LayerID) -> [String]? { layers[id].classIndex.map { LayerCatalog.all[$0].references } }
    func classOutput(_ id: LayerID) -> LayerOutputRule? { layers[id].classIndex.map { LayerCatalog.all[$0].output } }
    func classParams(_ id: LayerID) -> (@Sendable (LayerContext) -> LayerParamsResult)? {
        layers[id].classIndex.map { LayerCatalog.all[$0].params }
    }

    /// Adds a net, with a slot for each of its layer dicts.
    mutating func addNet(kind: NetKind, parent: Int?, owner: LayerID?, members: [ConfigMember], varPrefix: String,
                         inputRefs: [String], concatSources: Bool, perFrame: Bool, layerName: String? = nil) -> Int {
        let net = nets.count
        let first = layers.count
        var index: [String: LayerID] = [:]
        index.reserveCapacity(members.count)
        layers.reserveCapacity(first + members.count)
        for member in members {
            index[member.key] = layers.count
            layers.append(Layer(net: net, name: layerName ?? member.key, opts: member.node))
        }
        nets.append(Net(kind: kind, parent: parent, owner: owner, slots: first..<layers.count, index: index,
                        varPrefix: varPrefix, inputRefs: inputRefs, concatSources: concatSources, perFrame: perFrame))
        return net
    }

    // MARK: - Driving

    mutating func run(network: ConfigNode) {
        guard let members = network.members else {
            report(scope: "", layerClass: nil, pointer: network.pointer,
                   reason: "`network` is not a literal dict (\(network.pythonRepr))")
            return
        }
        _ = addNet(kind: .root, parent: nil, owner: nil, members: members, varPrefix: "", inputRefs: [],
                   concatSources: true, perFrame: false)
        constructRoots(of: 0)
        computeOutputs()
        var i = 0
        while i < order.count {  // resolving `x/y` may still construct layers
            emitVariables(of: order[i])
            i += 1
        }
        if let reach = dynamicReach { reportMayBeBuilt(reach) }
    }

    /// Classes whose layer dict holds further layers (which may have variables of their own).
    static let netHoldingClasses: Set<String> = ["subnetwork", "rec", "cond", "masked_computation", "rnn_cell"]

    /// After a dynamic `from`: every layer that was not built and could have variables may be
    /// built through it, so it is unknown; parameter-free layers stay without variables.
    mutating func reportMayBeBuilt(_ reach: (layer: String, key: String)) {
        for id in layers.indices where !layers[id].constructed {
            let name = layers[id].name
            if name.hasPrefix("#") { continue }
            let opts = layers[id].opts
            guard opts.members != nil else { continue }  // reported as a dynamic layer dict already
            if truthy(opts["only_on_search"]) == true, !searchFlag(id) { continue }
            if let c = layers[id].className, let index = layers[id].classIndex,
               !LayerCatalog.all[index].hasParams, !Self.netHoldingClasses.contains(c) { continue }
            report(scope: layerPrefix(id), layerClass: layers[id].className, pointer: opts.pointer,
                   reason: "it may be built: option `\(reach.key)` of layer '\(reach.layer)' is dynamic")
        }
    }

    /// `construct_from_dict` (and a rec loop's template construction): the layers that are built
    /// whatever else happens.
    mutating func constructRoots(of net: Int) {
        let kind = nets[net].kind
        for slot in nets[net].slots.sorted(by: { layers[$0].name < layers[$1].name }) {
            let name = layers[slot].name
            if name.utf8.first == UInt8(ascii: "#"), name.hasPrefix("#") { continue }
            let opts = layers[slot].opts
            // A repeated key's earlier dict is still looked at here, but the name means the last one.
            let id = kind == .overlay ? slot : (nets[net].layer(name) ?? slot)
            guard opts.members != nil else {
                report(scope: layerPrefix(id), layerClass: nil,
                       pointer: opts.pointer, reason: "the layer dict is dynamic (\(opts.pythonRepr))")
                continue
            }
            // `only_on_search` layers exist only with the search flag (task search, extra.search nets).
            if truthy(opts["only_on_search"]) == true, !searchFlag(id) { continue }
            var isRoot = name == "output" || truthy(opts["loss"]) != false || truthy(opts["is_output_layer"]) == true
            switch kind {
            case .root, .subnetwork:
                isRoot = isRoot || (name.utf8.last == UInt8(ascii: "t") && name.hasSuffix(":output"))
                    || truthy(opts["register_as_extern_data"]) == true
            case .recLoop:
                isRoot = isRoot || name == "end" || truthy(opts["need_last"]) == true
            case .overlay:
                isRoot = true
            }
            if isRoot { require(id) }
        }
    }

    /// Truthiness with "absent" as false and dynamic as nil.
    func truthy(_ node: ConfigNode?) -> Bool? {
        guard let node else { return false }
        return node.pythonTruthiness
    }

    // MARK: - Construction (reachability)

    mutating func require(_ id: LayerID) { requireAll(.layer(id)) }

    mutating func requireSource(_ source: Source) { requireAll(source) }

    /// Reachability with an explicit stack: a chain of thousands of layers must not recurse that deep.
    mutating func requireAll(_ first: Source) {
        var stack: [Source] = [first]
        while let source = stack.popLast() {
            switch source {
            case .layer(let id):
                guard !layers[id].constructed else { continue }
                layers[id].constructed = true
                order.append(id)
                guard layers[id].opts.members != nil else { continue }
                let net = layers[id].net
                let (refs, fromCount) = dependencies(of: id)
                let resolved = refs.map { resolve($0, in: net) }
                // `from` leads the dependencies: keep it resolved for `context(of:)`.
                if let fromCount, layers[id].sources == nil { layers[id].sources = Array(resolved[..<fromCount]) }
                stack.append(contentsOf: resolved.reversed().compactMap { $0 })
                if let child = childNet(of: id) { constructRoots(of: child) }
            case .extern:
                break
            case .netInput(let net, let index):
                guard let parent = nets[net].parent else { continue }
                let refs = nets[net].inputRefs
                let selected = index.map { $0 < refs.count ? [refs[$0]] : [] } ?? refs
                stack.append(contentsOf: selected.compactMap { resolve($0, in: parent) }.reversed())
            }
        }
    }

    /// Strings of an option that may be one name, a list of names, or a dict of names.
    func names(in node: ConfigNode?) -> [String] {
        guard let node else { return [] }
        if let s = node.stringValue { return [s] }
        if let e = node.elements { return e.flatMap { names(in: $0) } }
        if let m = node.members { return m.flatMap { names(in: $0.node) } }
        return []
    }

    /// The sources (`from`), with the class's default when absent.
    func fromRefs(_ id: LayerID) -> [String] {
        guard let from = layers[id].opts["from"] else {
            return classDefaultFrom(id) ?? ["data"]
        }
        if from.isNull { return [] }
        if let s = from.stringValue { return [s] }
        return from.elements?.compactMap(\.stringValue) ?? []
    }

    static let initialKeywords: Set<String> = ["zeros", "ones", "var", "keep_over_epoch", "keep_over_epoch_no_init", "apply(0)"]

    /// Losses without a target (`need_target = False`): no default target.
    static let targetlessLosses: Set<String> = ["as_is", "via_layer", "search_score", "sprint", "fast_bw"]

    /// Options of a class the catalogue does not know that are never layer references.
    static let nonReferenceOptions: Set<String> = ["class", "from", "target", "reuse_params", "loss", "name_scope", "activation"]

    /// The target names of a layer: `target`, or the default target `classes` for a loss that needs one.
    func targets(_ opts: ConfigNode) -> [String] {
        if let t = opts["target"], !t.isNull { return names(in: t) }
        if truthy(opts["loss"]) != false, let loss = opts["loss"]?.stringValue, !Self.targetlessLosses.contains(loss) {
            return ["classes"]
        }
        return []
    }

    /// Every layer reference `transform_config_dict` resolves for this layer; `fromCount` when
    /// the first ones are the layer's `from`.
    mutating func dependencies(of id: LayerID) -> (refs: [String], fromCount: Int?) {
        let opts = layers[id].opts
        guard let members = opts.members else { return ([], nil) }
        let net = layers[id].net
        var refs: [String] = []
        var fromCount: Int?
        if classKind(id) != .subnetwork {
            refs = fromRefs(id)
            if layers[id].className == "choice", choiceDropsFrom(id) == true { refs = [] }
            fromCount = refs.count
        }
        for target in targets(opts) {
            if target.hasPrefix("layer:") {
                refs.append(String(target.dropFirst("layer:".count)))
            } else if case .layer = resolve(target, in: net) {
                refs.append(target)
            }
        }
        if let reuse = opts["reuse_params"] {
            if let s = reuse.stringValue {
                refs.append(s)
            } else {
                refs += names(in: reuse["reuse_layer"])
                for entry in reuse["map"]?.members ?? [] {
                    if let s = entry.node.stringValue { refs.append(s) }
                    refs += names(in: entry.node["reuse_layer"]) + names(in: entry.node["layer_output"])
                }
            }
        }
        // `Loss.transform_config_dict` resolves layers named in `loss_opts`: `custom_inv_norm_factor`
        // (every loss) and `error_signal_layer` / `align_layer` (`via_layer`; oracle case n68).
        if truthy(opts["loss"]) == true, let lossOpts = opts["loss_opts"], lossOpts.members != nil {
            refs += names(in: lossOpts["custom_inv_norm_factor"])
            if opts["loss"]?.stringValue == "via_layer" {
                refs += names(in: lossOpts["error_signal_layer"]) + names(in: lossOpts["align_layer"])
            }
        }
        let initial = names(in: opts["initial_output"]) + names(in: opts["initial_state"])
        refs += initial.filter { !Self.initialKeywords.contains($0) }
        if let references = classReferences(id), !references.contains("*") {
            let isCond = layers[id].className == "cond"
            for key in references where key != "initial_state" {
                if isCond, opts[key]?.members != nil { continue }  // a dict: built in the overlay net
                refs += names(in: opts[key])
            }
        } else {
            // Unknown class: a string option naming a layer of this net is almost surely resolved by
            // RETURNN's transform_config_dict, so follow it (layers only it reaches do exist).
            for m in members where !Self.nonReferenceOptions.contains(m.key) {
                for s in names(in: m.node) {
                    if case .layer = resolve(s, in: net) { refs.append(s) }
                }
            }
        }
        return (refs, fromCount)
    }

    /// The nested net of a `subnetwork` or dict-unit `rec` layer, created on first use.
    mutating func childNet(of id: LayerID) -> Int? {
        if let known = layers[id].child { return known }
        let child = makeChildNet(of: id)
        layers[id].child = .some(child)
        return child
    }

    private mutating func makeChildNet(of id: LayerID) -> Int? {
        let opts = layers[id].opts
        let parent = layers[id].net
        switch layers[id].className {
        case "subnetwork":
            guard let sub = opts["subnetwork"]?.members else { return nil }
            return addNet(kind: .subnetwork, parent: parent, owner: id, members: sub, varPrefix: layerPrefix(id),
                          inputRefs: fromRefs(id), concatSources: opts["concat_sources"]?.pythonTruthiness ?? true,
                          perFrame: nets[parent].perFrame)
        case "rec":
            guard let unit = opts["unit"]?.members else { return nil }
            let recScope = opts["name_scope"] == nil ? "rec/" : ""
            return addNet(kind: .recLoop, parent: parent, owner: id, members: unit, varPrefix: layerPrefix(id) + recScope,
                          inputRefs: fromRefs(id), concatSources: true, perFrame: true)
        case "cond", "masked_computation":
            // CondLayer._make_layer / MaskedComputationLayer: each dict is created with the owner's
            // name in the owner's scope (oracle cases n43, n42), so its variables are `<owner>/…`.
            let keys = layers[id].className == "cond" ? ["condition", "true_layer", "false_layer"] : ["unit"]
            let members = (opts.members ?? []).filter { keys.contains($0.key) && $0.node.members != nil }
            let scope = String(layerPrefix(id).dropLast())
            let ownScope = scope.split(separator: "/").last.map(String.init) ?? layers[id].name
            let varPrefix = String(scope.dropLast(ownScope.count))
            return addNet(kind: .overlay, parent: parent, owner: id, members: members, varPrefix: varPrefix,
                          inputRefs: layers[id].className == "masked_computation" ? fromRefs(id) : [],
                          concatSources: true, perFrame: nets[parent].perFrame, layerName: layers[id].name)
        default:
            return nil
        }
    }

    // MARK: - Reference resolution

    /// Resolves a layer reference as RETURNN's `get_layer` in `net` would.
    mutating func resolve(_ ref: String, in net: Int) -> Source? {
        if ref == "none" { return nil }
        // The prefixes are ASCII: testing the first byte spares most references the (Unicode-aware) hasPrefix.
        let first = ref.utf8.first
        if first == UInt8(ascii: "b"), ref.hasPrefix("base:") {
            guard let parent = nets[net].parent else { return nil }
            return resolve(String(ref.dropFirst("base:".count)), in: parent)
        }
        if first == UInt8(ascii: "p"), ref.hasPrefix("prev:") {
            guard nets[net].kind == .recLoop else { return nil }
            return nets[net].layer(String(ref.dropFirst("prev:".count))).map { .layer($0) }
        }
        if nets[net].kind == .overlay {
            if ref == "data", !nets[net].inputRefs.isEmpty { return .netInput(net: net, index: nil) }
            guard let parent = nets[net].parent else { return nil }
            return resolve(ref, in: parent)
        }
        if first == UInt8(ascii: "d"), ref == "data" || ref.hasPrefix("data:") {
            let key = ref == "data" ? "data" : String(ref.dropFirst("data:".count))
            switch nets[net].kind {
            case .root:
                return .extern(key, perFrame: nets[net].perFrame)
            case .subnetwork:
                let inputRefs = nets[net].inputRefs
                if nets[net].concatSources {
                    if key == "data" { return .netInput(net: net, index: nil) }
                } else {
                    if key == "data" { return .netInput(net: net, index: 0) }
                    if let i = inputRefs.firstIndex(of: key) ?? Int(key).flatMap({ $0 < inputRefs.count ? $0 : nil }) {
                        return .netInput(net: net, index: i)
                    }
                }
                guard let parent = nets[net].parent else { return nil }  // a subnetwork always has one
                return resolve("data:" + key, in: parent)
            case .recLoop:
                if key == "source" { return .netInput(net: net, index: nil) }
                return .extern(key, perFrame: true)
            case .overlay:
                return nil  // handled above
            }
        }
        if let id = nets[net].layer(ref) { return .layer(id) }
        if let slash = ref.firstIndex(of: "/") {
            guard let outer = nets[net].layer(String(ref[..<slash])), let child = childNet(of: outer) else { return nil }
            // `x/y` constructs x (and so all of x's roots) as well.
            if !layers[outer].constructed { require(outer) }
            return resolve(String(ref[ref.index(after: slash)...]), in: child).flatMap {
                if case .layer = $0 { return $0 }
                return nil
            }
        }
        return nil
    }

    // MARK: - Shapes

    mutating func shape(of source: Source) -> LayerShape? {
        switch source {
        case .layer(let id):
            return output(of: id)
        case .extern(let key, let perFrame):
            guard let s = externs[key] else { return nil }
            return perFrame ? LayerShape(dim: s.dim, sparse: s.sparse, rank: s.rank.map { $0 - 1 },
                                         spatial: s.spatial.map { Array($0.dropFirst()) }) : s
        case .netInput(let net, let index):
            guard let parent = nets[net].parent else { return nil }
            let inputRefs = nets[net].inputRefs
            let refs = index.map { $0 < inputRefs.count ? [inputRefs[$0]] : [] } ?? inputRefs
            let shapes = refs.map { ref in resolve(ref, in: parent).flatMap { shape(of: $0) } }
            guard var s = LayerShape.concatenating(shapes) else { return nil }
            if nets[net].kind == .recLoop {
                s.rank = s.rank.map { $0 - 1 }
                s.spatial = s.spatial.map { Array($0.dropFirst()) }
            }
            return s
        }
    }

    /// The layer's output as far as `computeOutputs` has derived it.
    mutating func output(of id: LayerID) -> LayerShape? {
        if let reader {
            if layers[id].firstReader == nil {
                layers[id].firstReader = reader
            } else if layers[id].firstReader != reader, layers[id].moreReaders.last != reader {
                layers[id].moreReaders.append(reader)
            }
        }
        return layers[id].output
    }

    /// Derives every constructed layer's output by iterating to a fixpoint: rec loops reference
    /// layers cyclically (`prev:x`), so a recursive walk would either stop at the cycle or recompute
    /// exponentially. Each round goes over all layers in the same order, and a layer's output is a
    /// function of the outputs it reads; so a layer none of whose inputs changed since it was last
    /// computed would only compute the same value again, and is skipped (`dirty` is false). The
    /// rounds and their values are those of recomputing everything; an acyclic network (dependencies
    /// come first in this order) is done after one computation per layer and one round that checks.
    mutating func computeOutputs() {
        let snapshot = Array(order.reversed())  // dependencies were constructed after their users
        for _ in 0...snapshot.count {
            var changed = false
            for id in snapshot where layers[id].dirty {
                layers[id].dirty = false
                reader = id
                let new = computeOutput(of: id)
                reader = nil
                if layers[id].output != new {
                    layers[id].output = new
                    changed = true
                    if let r = layers[id].firstReader { layers[r].dirty = true }
                    for r in layers[id].moreReaders { layers[r].dirty = true }
                }
            }
            if !changed { return }
        }
    }

    mutating func computeOutput(of id: LayerID) -> LayerShape? {
        guard layers[id].opts.members != nil, let kind = classKind(id), dynamicOption(of: id) == nil
        else { return nil }
        if kind == .subnetwork {
            guard let child = childNet(of: id), let output = nets[child].layer("output") else { return nil }
            return self.output(of: output)
        }
        if kind == .rec, layers[id].opts["unit"]?.members != nil {
            guard let child = childNet(of: id), let output = nets[child].layer("output"),
                  var s = self.output(of: output)
            else { return nil }
            s.rank = s.rank.map { $0 + 1 }
            s.spatial = s.spatial.map { [nil] + $0 }
            return s
        }
        if let name = layers[id].className, name == "cond" || name == "masked_computation" {
            guard let child = childNet(of: id) else { return nil }
            let key = name == "cond" ? "true_layer" : "unit"
            guard let inner = nets[child].layer(key) else { return nil }
            return self.output(of: inner)
        }
        let ctx = context(of: id)
        switch classOutput(id) {
        case .nOut:
            return LayerShape(dim: ctx.nOut, rank: ctx.input?.rank)
        case .input:
            return ctx.input
        case .firstSource:
            // An explicit dim (`n_out`, `out_type.dim`) with the first source still underived (a
            // `prev:` cycle): the axes of the first known source.
            if let outType = ctx["out_type"], outType.members == nil { return nil }  // dynamic: not derived
            let explicitDim = ctx["n_out"] != nil || ctx["out_type"]?["dim"] != nil
            guard var s = (ctx.sources.first ?? nil) ?? (explicitDim ? ctx.sources.lazy.compactMap({ $0 }).first : nil)
            else { return nil }
            if ctx["n_out"] != nil { s = LayerShape(dim: ctx.int("n_out"), rank: s.rank) }
            // `out_type: {"dim": d}`: RETURNN asserts the output has that dim (oracle case n49).
            if let d = ctx["out_type"]?["dim"] { s = LayerShape(dim: d.intValue, rank: s.rank) }
            return s
        case .unknown, nil:
            return nil
        case .custom(let rule):
            return rule(ctx)
        }
    }

    mutating func context(of id: LayerID) -> LayerContext {
        let sources = fromSources(of: id).map { $0.flatMap { shape(of: $0) } }
        var ctx = LayerContext(name: layers[id].name, options: layers[id].opts, sources: sources,
                               input: LayerShape.concatenating(sources), nOut: nOut(of: id),
                               behaviorVersion: behaviorVersion, insideRecLoop: nets[layers[id].net].perFrame)
        if let index = layers[id].classIndex, !LayerCatalog.all[index].shapeReferences.isEmpty {
            let net = layers[id].net
            for key in LayerCatalog.all[index].shapeReferences {
                guard let ref = layers[id].opts[key]?.stringValue, let source = resolve(ref, in: net),
                      let s = shape(of: source) else { continue }
                ctx.referenced[key] = s
            }
        }
        if layers[id].className == "source" {
            // `SourceLayer`: the extern data `data_key` (default `data`) of the layer's network.
            let key = layers[id].opts["data_key"].map { $0.stringValue } ?? "data"
            if let key, let s = resolve(key == "data" ? "data" : "data:" + key, in: layers[id].net).flatMap({ shape(of: $0) }) {
                ctx.referenced["data_key"] = s
            }
        }
        return ctx
    }

    /// `from`, resolved in the layer's net.
    mutating func fromSources(of id: LayerID) -> [Source?] {
        if let known = layers[id].sources { return known }
        let net = layers[id].net
        let sources = fromRefs(id).map { resolve($0, in: net) }
        layers[id].sources = sources
        return sources
    }

    /// `n_out`; else, without `out_dim`, the target's dim (`_guess_out_dim_from_target_and_opt_loss`).
    mutating func nOut(of id: LayerID) -> Int? {
        let rule: NOutRule
        if let known = layers[id].nOutRule {
            rule = known
        } else {
            rule = nOutRule(of: id)
            layers[id].nOutRule = rule
        }
        switch rule {
        case .fixed(let n):
            return n
        case .target(let source, let plusOne):
            let dim = source.flatMap { shape(of: $0) }?.dim
            return plusOne ? dim.map { $0 + 1 } : dim
        }
    }

    private mutating func nOutRule(of id: LayerID) -> NOutRule {
        let opts = layers[id].opts
        if let n = opts["n_out"] { return .fixed(n.intValue) }
        if opts["out_dim"] != nil { return .fixed(nil) }
        if layers[id].className == "rec", opts["unit"]?.members != nil { return .fixed(nil) }
        guard let target = targets(opts).first else { return .fixed(nil) }
        let net = layers[id].net
        let source: Source?
        if target.hasPrefix("layer:") {
            source = resolve(String(target.dropFirst("layer:".count)), in: net)
        } else if case .layer(let t)? = resolve(target, in: net) {
            source = .layer(t)
        } else if let registered = registeredExternData(target) {
            source = .layer(registered)
        } else {
            source = .extern(target, perFrame: false)  // its dim, whatever the axes
        }
        return .target(source, plusOne: opts["loss"]?.stringValue == "ctc")
    }

    /// The layer of the root net registered as extern data `key` (`register_as_extern_data`, built
    /// first by `construct_from_dict`; oracle case n50), when `extern_data` has no such key.
    mutating func registeredExternData(_ key: String) -> LayerID? {
        guard externs[key] == nil, !nets.isEmpty else { return nil }
        if registered == nil {
            var found: [String: LayerID] = [:]
            for slot in nets[0].slots {
                if let name = layers[slot].opts["register_as_extern_data"]?.stringValue, found[name] == nil { found[name] = slot }
            }
            registered = found
        }
        return registered?[key]
    }

    // MARK: - Variables

    /// The layer's variable-scope prefix, e.g. `"enc/"`, `"lstm/rec/lin/"`, with `name_scope`.
    func layerPrefix(_ id: LayerID) -> String {
        let varPrefix = nets[layers[id].net].varPrefix
        if let scope = layers[id].opts["name_scope"]?.stringValue {
            if scope.isEmpty { return varPrefix }
            if scope == "/" { return "" }
            if scope.hasPrefix("/") { return String(scope.dropFirst()) + "/" }
            return varPrefix + scope + "/"
        }
        return varPrefix + NetworkInference.validScopeName(Self.withoutExtraNetPrefix(layers[id].name)) + "/"
    }

    /// `extra.search:x` / `extra.<name>:x` (`TFNetwork._extra_layer_name_prefix_pattern`,
    /// `^(extra(\.[A-Za-z0-9_.()]+)?):`): the layer is built in an extra net under the name `x`, in
    /// the main net's scope, so it shares `x`'s variables (oracle case n53). Other names unchanged.
    static func withoutExtraNetPrefix(_ name: String) -> String {
        guard name.utf8.first == UInt8(ascii: "e"), name.hasPrefix("extra"), let colon = name.firstIndex(of: ":")
        else { return name }
        let prefix = name[..<colon]
        if prefix != "extra" {
            guard prefix.hasPrefix("extra."), prefix.count > "extra.".count else { return name }
            let allowed = prefix.dropFirst("extra.".count).allSatisfy { c in
                c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "." || c == "(" || c == ")")
            }
            guard allowed else { return name }
        }
        return String(name[name.index(after: colon)...])
    }

    /// True for a layer of an `extra.search…:` net (RETURNN: `".search" in prefix_name`).
    static func inExtraSearchNet(_ name: String) -> Bool {
        let stripped = withoutExtraNetPrefix(name)
        guard stripped.utf8.count != name.utf8.count else { return false }
        return name.dropLast(stripped.count + 1).contains(".search")
    }

    /// Options that do not change variable names or shapes; a dynamic value there is harmless.
    static let harmlessOptions: Set<String> = [
        "dropout", "dropout_noise_shape", "dropout_on_forward", "forward_weights_init", "recurrent_weights_init",
        "bias_init", "weights_init", "init", "loss_opts", "loss_scale", "L2", "darc1", "spatial_smoothing",
        "param_variational_noise", "param_dropout", "param_dropout_min_ndim", "updater_opts", "gamma_init",
        "beta_init", "epsilon", "momentum", "grad_filter", "activation", "eval", "eval_locals",
        "custom_param_importer", "collocate_with", "max_seq_len", "out_shape", "control_dependencies_on_output",
        "is_output_layer", "only_on_eval", "need_last", "encapsulate", "load_on_init", "subnetwork",
        // Search and loss settings: they never create or rename a variable.
        "beam_size", "cheating", "length_normalization", "length_normalization_exponent", "custom_score_combine",
        "input_type", "ce_smoothing", "label_smoothing", "use_normalized_loss", "sprint_opts", "scheduled_sampling",
        "max_seq_len_via", "include_eos", "optimize_move_layers_out", "unroll", "back_prop",
        "use_global_rec_step_offset", "debug", "allow_random_seq_len",
    ]

    /// Options whose dynamic value only leaves dimensions unknown: the variables are the same names.
    /// (Dim-tag options name axes, never variables: a rule that reads one treats a dynamic value as underived.)
    static let dimensionOptions: Set<String> = [
        "n_out", "out_dim", "target", "size_target", "in_dim", "in_spatial_dim", "in_spatial_dims", "out_spatial_dim",
        "out_spatial_dims", "key_value_spatial_dim", "query_spatial_dim", "axis", "axes", "out_type", "position_axis",
    ]

    /// Options that decide which layers are built (or how their variables are shared): a dynamic
    /// value there makes the layer unknown even for a parameter-free class.
    static let reachabilityOptions: Set<String> = [
        "from", "loss", "reuse_params", "register_as_extern_data", "initial_output", "initial_state", "unit",
        "class", "name_scope", "only_on_search", "search", "add_to_beam_scores", "batch_norm", "condition",
        "true_layer", "false_layer", "mask", "masked_from",
    ]

    /// `dynamicOption(_:)` of the layer's options, derived once.
    mutating func dynamicOption(of id: LayerID) -> String? {
        if let known = layers[id].dynamicKey { return known }
        let key = dynamicOption(layers[id].opts)
        layers[id].dynamicKey = .some(key)
        return key
    }

    /// The first option with a dynamic value that matters (nested values included), or nil.
    func dynamicOption(_ opts: ConfigNode) -> String? {
        func containsDynamic(_ node: borrowing ConfigNode) -> Bool {
            switch node.value {
            case .dynamic: return true
            case .array(let e): return e.contains(where: containsDynamic)
            case .object(let m): return m.contains { containsDynamic($0.node) }
            default: return false
            }
        }
        guard case .object(let members) = opts.value else { return nil }
        // Dynamic values are rare (never in JSON): look for one before asking whether the option
        // matters, and look at the members in place (copying each node out would cost more).
        return members.withUnsafeBufferPointer { buffer in
            for i in buffer.indices where containsDynamic(buffer[i].node) {
                let key = buffer[i].key
                if Self.harmlessOptions.contains(key) || Self.dimensionOptions.contains(key) { continue }
                // A loop net, or the dicts of a cond / masked_computation: walked on their own.
                if key == "unit" || key == "true_layer" || key == "false_layer" || key == "condition",
                   buffer[i].node.members != nil { continue }
                return key
            }
            return nil
        }
    }

    mutating func report(scope: String, layerClass: String?, pointer: JSONPointer?, reason: String) {
        guard reportedScopes.insert(scope).inserted else { return }
        unknownScopes.append(UnknownScope(scope: scope, layerClass: layerClass, pointer: pointer, reason: reason))
    }

    enum ReuseDecision { case own, shared, unknown(String) }

    /// `ReuseParams.variable_custom_getter` for a param named `key` (relative to the layer's
    /// absolute scope): is the variable created under this layer, or taken from another?
    func reuseDecision(_ reuse: ConfigNode?, key: String) -> ReuseDecision {
        guard let reuse, truthy(reuse) != false else { return .own }
        if reuse.isDynamic { return .unknown("dynamic `reuse_params`") }
        if reuse.stringValue != nil { return .shared }
        guard reuse.members != nil else { return .unknown("`reuse_params` is neither a layer name nor a dict") }
        if reuse["custom"] != nil { return .unknown("`reuse_params` with a custom getter") }
        let autoCreate = truthy(reuse["auto_create_missing"]) == true
        if let map = reuse["map"] {
            guard let entries = map.members else { return .unknown("`reuse_params.map` is not a dict") }
            if let entry = entries.last(where: { $0.key == key })?.node {
                if entry.isNull { return .own }
                if entry.stringValue != nil { return .shared }
                return reuseDecision(entry.members != nil ? entry : nil, key: key, nested: true)
            }
            if !autoCreate { return .unknown("`reuse_params.map` has no entry for '\(key)' (RETURNN asserts)") }
        }
        return reuseDecision(reuse, key: key, nested: true)
    }

    /// The layer name a `.shared` decision takes `key` from (nil for `layer_output` or when not a literal name).
    func reuseTarget(_ reuse: ConfigNode?, key: String) -> String? {
        guard let reuse else { return nil }
        if let s = reuse.stringValue { return s }
        if let entry = reuse["map"]?.members?.last(where: { $0.key == key })?.node {
            if let s = entry.stringValue { return s }
            return entry["reuse_layer"]?.stringValue
        }
        return reuse["reuse_layer"]?.stringValue
    }

    private func reuseDecision(_ opts: ConfigNode?, key: String, nested: Bool) -> ReuseDecision {
        guard let opts else { return .unknown("invalid `reuse_params` entry for '\(key)'") }
        if opts["custom"] != nil { return .unknown("`reuse_params` with a custom getter") }
        if truthy(opts["reuse_layer"]) == true || truthy(opts["layer_output"]) == true { return .shared }
        if truthy(opts["auto_create_missing"]) == true { return .own }
        return .unknown("`reuse_params` for '\(key)' names no layer (RETURNN asserts)")
    }

    /// With `reuse_params`, RETURNN enters the layer's variable scope again through
    /// `tf.compat.v1.variable_scope(scope_object)`, which opens the *relative* name scope
    /// `<scope>/<last scope component>/`. A variable whose name is that last component (a layer `b`
    /// creating its own `b`) then collides, and TF makes it `b/b_1` (observed, oracle case n22).
    static func reuseUniquified(_ name: String, key: String, subScope: String, prefix: String,
                                reuse: ConfigNode?) -> String {
        guard let reuse, reuse.pythonTruthiness == true, !key.contains("/") else { return name }
        let entryScope = String((prefix + subScope).dropLast())
        let last = entryScope.split(separator: "/").last.map(String.init) ?? ""
        return key == last ? name + "_1" : name
    }

    mutating func emitVariables(of id: LayerID) {
        let opts = layers[id].opts
        let prefix = layerPrefix(id)
        guard let name = layers[id].className else {
            report(scope: prefix, layerClass: nil, pointer: opts.pointer, reason: "the layer has no literal `class`")
            return
        }
        guard let classParams = classParams(id) else {
            let reason = LayerCatalog.returnnLayerClasses.contains(name)
                ? "layer class '\(name)' is not in the catalogue"
                : "RETURNN has no layer class '\(name)': it raises its unknown-layer-class exception unless the config registers one"
            report(scope: prefix, layerClass: name, pointer: opts.pointer, reason: reason)
            return
        }
        if let key = dynamicOption(of: id) {
            // A class without variables keeps none whatever the option says, unless the option
            // decides which other layers exist.
            let references = classReferences(id) ?? []
            if let index = layers[id].classIndex, !LayerCatalog.all[index].hasParams,
               !Self.reachabilityOptions.contains(key), !references.contains(key), !references.contains("*") {
                return
            }
            // Its own variables are none either way; what the option decides is which other layers
            // exist, and the layers built anyway are known. Those nothing else builds are judged
            // after the walk.
            if let index = layers[id].classIndex, !LayerCatalog.all[index].hasParams,
               !Self.netHoldingClasses.contains(name), key == "from" {
                if dynamicReach == nil { dynamicReach = (String(prefix.dropLast()), key) }
                return
            }
            report(scope: prefix, layerClass: name, pointer: opts.pointer, reason: "option `\(key)` is dynamic")
            return
        }
        let ctx = context(of: id)
        var params: [LayerParam]
        switch classParams(ctx) {
        case .params(let p): params = p
        case .unknown(let reason):
            report(scope: prefix, layerClass: name, pointer: opts.pointer, reason: reason)
            return
        }
        // The layer's absolute scope: `rec`/`rnn_cell` add `rec/` (without `name_scope`).
        let subScope = (name == "rec" || name == "rnn_cell") ? LayerCatalog.recSubScope(ctx) : ""
        if name != "batch_norm", let bn = opts["batch_norm"], truthy(bn) != false {
            switch LayerCatalog.batchNormParams(layerName: layers[id].name, options: bn.members != nil ? bn : nil,
                                                data: output(of: id), behaviorVersion: behaviorVersion) {
            case .params(let p): params += p.map { var q = $0; q.name = subScope + q.name; return q }
            case .unknown(let reason):
                report(scope: prefix, layerClass: name, pointer: opts.pointer, reason: reason)
                return
            }
        }
        let trainable = opts["trainable"]?.pythonTruthiness ?? true
        let reuse = opts["reuse_params"]
        let first = variables.count  // the layer's own variables, taken back if one is unknown
        for param in params {
            let key = !subScope.isEmpty && param.name.hasPrefix(subScope) ? String(param.name.dropFirst(subScope.count)) : param.name
            switch reuseDecision(reuse, key: key) {
            case .shared:
                if let owner = reuseTarget(reuse, key: key).flatMap({ resolve($0, in: layers[id].net) }),
                   case .layer(let target) = owner, case .shared = reuseDecision(layers[target].opts["reuse_params"], key: key) {
                    // `ReuseParams.variable_custom_getter` asserts `param_name in reuse_layer.params`: a
                    // layer that itself reuses the param does not hold it (oracle case n54).
                    variables.removeSubrange(first...)
                    report(scope: prefix, layerClass: name, pointer: opts.pointer,
                           reason: "`reuse_params` names '\(layers[target].name)', which itself reuses '\(key)': RETURNN asserts `param_name in reuse_layer.params`")
                    return
                }
                continue
            case .unknown(let reason):
                variables.removeSubrange(first...)
                report(scope: prefix, layerClass: name, pointer: opts.pointer, reason: reason)
                return
            case .own:
                variables.append(ModelVariable(
                    name: prefix + Self.reuseUniquified(param.name, key: key, subScope: subScope, prefix: prefix,
                                                        reuse: reuse),
                    dtype: param.dtype, shape: param.shape,
                    layerPointer: opts.pointer, trainable: param.trainable && trainable))
            }
        }
    }
}
