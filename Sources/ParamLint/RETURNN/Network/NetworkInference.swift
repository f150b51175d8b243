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
        let engine = InferenceEngine(externData: externData, behaviorVersion: behaviorVersion)
        engine.run(network: network)
        var variables = engine.variables
        variables.append(ModelVariable(name: "global_step", dtype: "int64", shape: [], trainable: false))
        return ModelVariables(origin: .inferred, variables: variables, unknownScopes: engine.unknownScopes)
    }

    /// RETURNN's `get_valid_scope_name_from_str`: the TF scope component for a layer name.
    public static func validScopeName(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars where scalar.value < 128 {
            if ":(){}&+-*'\" ,".unicodeScalars.contains(scalar) {
                out += "__"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if let first = out.unicodeScalars.first, "_-\\/".unicodeScalars.contains(first) {
            out = ".\(first.value)." + String(out.unicodeScalars.dropFirst())
        }
        return out
    }
}

/// The working state of one inference. A class because nets and layers refer to each other;
/// it never leaves `NetworkInference.infer`.
final class InferenceEngine {
    struct LayerID: Hashable {
        var net: Int
        var name: String
    }

    /// Where a layer reference leads.
    enum Source: Hashable {
        case layer(LayerID)
        /// An `extern_data` key; `perFrame` inside a rec loop (no time axis).
        case extern(String, perFrame: Bool)
        /// The input of a subnetwork (`data`) or a rec loop (`data:source`); `index` for one of
        /// several sources when `concat_sources` is False.
        case netInput(net: Int, index: Int?)
    }

    enum NetKind { case root, subnetwork, recLoop }

    struct Net {
        var kind: NetKind
        var parent: Int?
        var owner: LayerID?
        var layers: [ConfigMember] {
            didSet { index = Self.index(layers) }
        }
        /// Layer dicts by name (the last of repeated keys, as Python keeps it).
        private var index: [String: ConfigNode]
        /// The variable-scope prefix of the layers in this net (`""`, `"sub/"`, `"lstm/rec/"`).
        var varPrefix: String
        /// The owner's `from` (in the parent net): the net's `data` / `data:source`.
        var inputRefs: [String]
        var concatSources: Bool
        /// Inside a rec loop (this net or an outer one): data has no time axis.
        var perFrame: Bool

        init(kind: NetKind, parent: Int?, owner: LayerID?, layers: [ConfigMember], varPrefix: String,
             inputRefs: [String], concatSources: Bool, perFrame: Bool) {
            self.kind = kind
            self.parent = parent
            self.owner = owner
            self.layers = layers
            self.index = Self.index(layers)
            self.varPrefix = varPrefix
            self.inputRefs = inputRefs
            self.concatSources = concatSources
            self.perFrame = perFrame
        }

        private static func index(_ layers: [ConfigMember]) -> [String: ConfigNode] {
            Dictionary(layers.map { ($0.key, $0.node) }, uniquingKeysWith: { _, last in last })
        }

        func layer(_ name: String) -> ConfigNode? { index[name] }
    }

    let externs: [String: LayerShape]
    let behaviorVersion: Int
    var nets: [Net] = []
    var childNets: [LayerID: Int] = [:]
    var constructed: Set<LayerID> = []
    var order: [LayerID] = []
    var outputs: [LayerID: LayerShape] = [:]
    var variables: [ModelVariable] = []
    var unknownScopes: [UnknownScope] = []
    private var reportedScopes: Set<String> = []

    init(externData: ConfigNode?, behaviorVersion: Int) {
        self.behaviorVersion = behaviorVersion
        var externs: [String: LayerShape] = [:]
        for member in externData?.members ?? [] {
            externs[member.key] = Self.externShape(member.node)
        }
        self.externs = externs
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
        if let shape = node["shape"] {
            let hasBatch = !(node["batch_dim_axis"]?.isNull ?? false)
            rank = shape.elements.map { $0.count + (hasBatch ? 1 : 0) }
        } else {
            rank = sparse ? 2 : 3
        }
        return LayerShape(dim: dim, sparse: sparse, rank: rank)
    }

    // MARK: - Driving

    func run(network: ConfigNode) {
        guard let members = network.members else {
            report(scope: "", layerClass: nil, pointer: network.pointer,
                   reason: "`network` is not a literal dict (\(network.pythonRepr))")
            return
        }
        nets.append(Net(kind: .root, parent: nil, owner: nil, layers: members, varPrefix: "", inputRefs: [],
                        concatSources: true, perFrame: false))
        constructRoots(of: 0)
        computeOutputs()
        var i = 0
        while i < order.count {  // resolving `x/y` may still construct layers
            emitVariables(of: order[i])
            i += 1
        }
    }

    /// `construct_from_dict` (and a rec loop's template construction): the layers that are built
    /// whatever else happens.
    func constructRoots(of net: Int) {
        let kind = nets[net].kind
        for member in nets[net].layers.sorted(by: { $0.key < $1.key }) {
            let name = member.key
            if name.hasPrefix("#") { continue }
            guard member.node.members != nil else {
                report(scope: layerPrefix(LayerID(net: net, name: name)), layerClass: nil,
                       pointer: member.node.pointer, reason: "the layer dict is dynamic (\(member.node.pythonRepr))")
                continue
            }
            let opts = member.node
            if truthy(opts["only_on_search"]) == true { continue }
            var isRoot = name == "output" || truthy(opts["loss"]) != false || truthy(opts["is_output_layer"]) == true
            switch kind {
            case .root, .subnetwork:
                isRoot = isRoot || name.hasSuffix(":output") || truthy(opts["register_as_extern_data"]) == true
            case .recLoop:
                isRoot = isRoot || name == "end" || truthy(opts["need_last"]) == true
            }
            if isRoot { require(LayerID(net: net, name: name)) }
        }
    }

    /// Truthiness with "absent" as false and dynamic as nil.
    func truthy(_ node: ConfigNode?) -> Bool? {
        guard let node else { return false }
        return node.pythonTruthiness
    }

    // MARK: - Construction (reachability)

    func require(_ id: LayerID) { requireAll(.layer(id)) }

    func requireSource(_ source: Source) { requireAll(source) }

    /// Reachability with an explicit stack: a chain of thousands of layers must not recurse that deep.
    func requireAll(_ first: Source) {
        var stack: [Source] = [first]
        while let source = stack.popLast() {
            switch source {
            case .layer(let id):
                guard nets[id.net].layer(id.name) != nil, constructed.insert(id).inserted else { continue }
                order.append(id)
                guard let opts = nets[id.net].layer(id.name), opts.members != nil else { continue }
                let deps = dependencies(of: id).compactMap { resolve($0, in: id.net) }
                stack.append(contentsOf: deps.reversed())
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

    func className(_ opts: ConfigNode) -> String? { opts["class"]?.stringValue }

    /// Strings of an option that may be one name, a list of names, or a dict of names.
    func names(in node: ConfigNode?) -> [String] {
        guard let node else { return [] }
        if let s = node.stringValue { return [s] }
        if let e = node.elements { return e.flatMap { names(in: $0) } }
        if let m = node.members { return m.flatMap { names(in: $0.node) } }
        return []
    }

    /// The sources (`from`), with the class's default when absent.
    func fromRefs(_ opts: ConfigNode) -> [String] {
        guard let from = opts["from"] else {
            return className(opts).flatMap(LayerCatalog.layerClass(named:))?.defaultFrom ?? ["data"]
        }
        if from.isNull { return [] }
        if let s = from.stringValue { return [s] }
        return from.elements?.compactMap(\.stringValue) ?? []
    }

    static let initialKeywords: Set<String> = ["zeros", "ones", "var", "keep_over_epoch", "keep_over_epoch_no_init", "apply(0)"]

    /// Losses without a target (`need_target = False`): no default target.
    static let targetlessLosses: Set<String> = ["as_is", "via_layer", "search_score", "sprint", "fast_bw"]

    /// The target names of a layer: `target`, or the default target `classes` for a loss that needs one.
    func targets(_ opts: ConfigNode) -> [String] {
        if let t = opts["target"], !t.isNull { return names(in: t) }
        if truthy(opts["loss"]) != false, let loss = opts["loss"]?.stringValue, !Self.targetlessLosses.contains(loss) {
            return ["classes"]
        }
        return []
    }

    /// Every layer reference `transform_config_dict` resolves for this layer.
    func dependencies(of id: LayerID) -> [String] {
        guard let opts = nets[id.net].layer(id.name), let members = opts.members else { return [] }
        let name = className(opts)
        let cls = name.flatMap(LayerCatalog.layerClass(named:))
        var refs: [String] = []
        if cls?.kind != .subnetwork { refs += fromRefs(opts) }
        for target in targets(opts) {
            if target.hasPrefix("layer:") {
                refs.append(String(target.dropFirst("layer:".count)))
            } else if case .layer = resolve(target, in: id.net) {
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
        let initial = names(in: opts["initial_output"]) + names(in: opts["initial_state"])
        refs += initial.filter { !Self.initialKeywords.contains($0) }
        if let cls {
            for key in cls.references where key != "initial_state" {
                refs += names(in: opts[key])
            }
        } else {
            // Unknown class: a string option naming a layer of this net is almost surely resolved by
            // RETURNN's transform_config_dict, so follow it (layers only it reaches do exist).
            let skip: Set<String> = ["class", "from", "target", "reuse_params", "loss", "name_scope", "activation"]
            for m in members where !skip.contains(m.key) {
                for s in names(in: m.node) {
                    if case .layer = resolve(s, in: id.net) { refs.append(s) }
                }
            }
        }
        return refs
    }

    /// The nested net of a `subnetwork` or dict-unit `rec` layer, created on first use.
    func childNet(of id: LayerID) -> Int? {
        if let child = childNets[id] { return child }
        guard let opts = nets[id.net].layer(id.name), let cls = className(opts) else { return nil }
        let parent = nets[id.net]
        let net: Net
        switch cls {
        case "subnetwork":
            guard let sub = opts["subnetwork"]?.members else { return nil }
            net = Net(kind: .subnetwork, parent: id.net, owner: id, layers: sub, varPrefix: layerPrefix(id),
                      inputRefs: fromRefs(opts), concatSources: opts["concat_sources"]?.pythonTruthiness ?? true,
                      perFrame: parent.perFrame)
        case "rec":
            guard let unit = opts["unit"]?.members else { return nil }
            let recScope = opts["name_scope"] == nil ? "rec/" : ""
            net = Net(kind: .recLoop, parent: id.net, owner: id, layers: unit, varPrefix: layerPrefix(id) + recScope,
                      inputRefs: fromRefs(opts), concatSources: true, perFrame: true)
        default:
            return nil
        }
        nets.append(net)
        childNets[id] = nets.count - 1
        return nets.count - 1
    }

    // MARK: - Reference resolution

    /// Resolves a layer reference as RETURNN's `get_layer` in `net` would.
    func resolve(_ ref: String, in net: Int) -> Source? {
        if ref == "none" { return nil }
        let n = nets[net]
        if ref.hasPrefix("base:") {
            guard let parent = n.parent else { return nil }
            return resolve(String(ref.dropFirst("base:".count)), in: parent)
        }
        if ref.hasPrefix("prev:") {
            guard n.kind == .recLoop else { return nil }
            let name = String(ref.dropFirst("prev:".count))
            return n.layer(name) != nil ? .layer(LayerID(net: net, name: name)) : nil
        }
        if ref == "data" || ref.hasPrefix("data:") {
            let key = ref == "data" ? "data" : String(ref.dropFirst("data:".count))
            switch n.kind {
            case .root:
                return .extern(key, perFrame: n.perFrame)
            case .subnetwork:
                if n.concatSources {
                    if key == "data" { return .netInput(net: net, index: nil) }
                } else {
                    if key == "data" { return .netInput(net: net, index: 0) }
                    if let i = n.inputRefs.firstIndex(of: key) ?? Int(key).flatMap({ $0 < n.inputRefs.count ? $0 : nil }) {
                        return .netInput(net: net, index: i)
                    }
                }
                return resolve("data:" + key, in: n.parent!)
            case .recLoop:
                if key == "source" { return .netInput(net: net, index: nil) }
                return .extern(key, perFrame: true)
            }
        }
        if n.layer(ref) != nil { return .layer(LayerID(net: net, name: ref)) }
        if let slash = ref.firstIndex(of: "/") {
            let outer = LayerID(net: net, name: String(ref[..<slash]))
            guard n.layer(outer.name) != nil, let child = childNet(of: outer) else { return nil }
            // `x/y` constructs x (and so all of x's roots) as well.
            if !constructed.contains(outer) { require(outer) }
            return resolve(String(ref[ref.index(after: slash)...]), in: child).flatMap {
                if case .layer = $0 { return $0 }
                return nil
            }
        }
        return nil
    }

    // MARK: - Shapes

    func shape(of source: Source) -> LayerShape? {
        switch source {
        case .layer(let id):
            return output(of: id)
        case .extern(let key, let perFrame):
            guard let s = externs[key] else { return nil }
            return perFrame ? LayerShape(dim: s.dim, sparse: s.sparse, rank: s.rank.map { $0 - 1 }) : s
        case .netInput(let net, let index):
            let n = nets[net]
            guard let parent = n.parent else { return nil }
            let refs = index.map { $0 < n.inputRefs.count ? [n.inputRefs[$0]] : [] } ?? n.inputRefs
            let shapes = refs.map { ref in resolve(ref, in: parent).flatMap { shape(of: $0) } }
            guard var s = LayerShape.concatenating(shapes) else { return nil }
            if n.kind == .recLoop { s.rank = s.rank.map { $0 - 1 } }
            return s
        }
    }

    /// The layer's output as far as `computeOutputs` has derived it.
    func output(of id: LayerID) -> LayerShape? { outputs[id] }

    /// Derives every constructed layer's output by iterating to a fixpoint: rec loops reference
    /// layers cyclically (`prev:x`), so a recursive walk would either stop at the cycle or recompute
    /// exponentially. Each round recomputes all layers from the previous round's values.
    func computeOutputs() {
        let layers = Array(order.reversed())  // dependencies were constructed after their users
        for _ in 0...layers.count {
            var changed = false
            for id in layers {
                let new = computeOutput(of: id)
                if outputs[id] != new {
                    outputs[id] = new
                    changed = true
                }
            }
            if !changed { return }
        }
    }

    func computeOutput(of id: LayerID) -> LayerShape? {
        guard let opts = nets[id.net].layer(id.name), opts.members != nil,
              let name = className(opts), let cls = LayerCatalog.layerClass(named: name),
              dynamicOption(opts) == nil
        else { return nil }
        if cls.kind == .subnetwork {
            guard let child = childNet(of: id), nets[child].layer("output") != nil else { return nil }
            return output(of: LayerID(net: child, name: "output"))
        }
        if cls.kind == .rec, opts["unit"]?.members != nil {
            guard let child = childNet(of: id), nets[child].layer("output") != nil,
                  var s = output(of: LayerID(net: child, name: "output"))
            else { return nil }
            s.rank = s.rank.map { $0 + 1 }
            return s
        }
        let ctx = context(of: id)
        switch cls.output {
        case .nOut:
            return LayerShape(dim: ctx.nOut, rank: ctx.input?.rank)
        case .input:
            return ctx.input
        case .firstSource:
            guard var s = ctx.sources.first ?? nil else { return nil }
            if let n = ctx.int("n_out") { s = LayerShape(dim: n, rank: s.rank) }
            return s
        case .unknown:
            return nil
        case .custom(let rule):
            return rule(ctx)
        }
    }

    func context(of id: LayerID) -> LayerContext {
        let opts = nets[id.net].layer(id.name)!
        let sources = fromRefs(opts).map { ref in resolve(ref, in: id.net).flatMap { shape(of: $0) } }
        return LayerContext(name: id.name, options: opts, sources: sources,
                            input: LayerShape.concatenating(sources), nOut: nOut(of: id),
                            behaviorVersion: behaviorVersion, insideRecLoop: nets[id.net].perFrame)
    }

    /// `n_out`; else, without `out_dim`, the target's dim (`_guess_out_dim_from_target_and_opt_loss`).
    func nOut(of id: LayerID) -> Int? {
        let opts = nets[id.net].layer(id.name)!
        if let n = opts["n_out"] { return n.intValue }
        if opts["out_dim"] != nil { return nil }
        if className(opts) == "rec", opts["unit"]?.members != nil { return nil }
        guard let target = targets(opts).first else { return nil }
        var dim: Int?
        if target.hasPrefix("layer:") {
            dim = resolve(String(target.dropFirst("layer:".count)), in: id.net).flatMap { shape(of: $0) }?.dim
        } else if case .layer(let t)? = resolve(target, in: id.net) {
            dim = output(of: t)?.dim
        } else {
            dim = externs[target]?.dim
        }
        if opts["loss"]?.stringValue == "ctc" { dim = dim.map { $0 + 1 } }
        return dim
    }

    // MARK: - Variables

    /// The layer's variable-scope prefix, e.g. `"enc/"`, `"lstm/rec/lin/"`, with `name_scope`.
    func layerPrefix(_ id: LayerID) -> String {
        let net = nets[id.net]
        if let scope = net.layer(id.name)?["name_scope"]?.stringValue {
            if scope.isEmpty { return net.varPrefix }
            if scope == "/" { return "" }
            if scope.hasPrefix("/") { return String(scope.dropFirst()) + "/" }
            return net.varPrefix + scope + "/"
        }
        return net.varPrefix + NetworkInference.validScopeName(id.name) + "/"
    }

    /// Options that do not change variable names or shapes; a dynamic value there is harmless.
    static let harmlessOptions: Set<String> = [
        "dropout", "dropout_noise_shape", "dropout_on_forward", "forward_weights_init", "recurrent_weights_init",
        "bias_init", "weights_init", "init", "loss_opts", "loss_scale", "L2", "darc1", "spatial_smoothing",
        "param_variational_noise", "param_dropout", "param_dropout_min_ndim", "updater_opts", "gamma_init",
        "beta_init", "epsilon", "momentum", "grad_filter", "activation", "eval", "eval_locals",
        "custom_param_importer", "collocate_with", "max_seq_len", "out_shape", "control_dependencies_on_output",
        "is_output_layer", "only_on_eval", "need_last", "encapsulate", "load_on_init", "subnetwork",
    ]

    /// The first option with a dynamic value that matters (nested values included), or nil.
    func dynamicOption(_ opts: ConfigNode) -> String? {
        func containsDynamic(_ node: ConfigNode) -> Bool {
            switch node.value {
            case .dynamic: return true
            case .array(let e): return e.contains(where: containsDynamic)
            case .object(let m): return m.contains { containsDynamic($0.node) }
            default: return false
            }
        }
        for m in opts.members ?? [] where !Self.harmlessOptions.contains(m.key) {
            if m.key == "unit", m.node.members != nil { continue }  // a loop net: walked on its own
            if containsDynamic(m.node) { return m.key }
        }
        return nil
    }

    func report(scope: String, layerClass: String?, pointer: JSONPointer?, reason: String) {
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

    func emitVariables(of id: LayerID) {
        guard let opts = nets[id.net].layer(id.name) else { return }
        let prefix = layerPrefix(id)
        guard let name = className(opts) else {
            report(scope: prefix, layerClass: nil, pointer: opts.pointer, reason: "the layer has no literal `class`")
            return
        }
        guard let cls = LayerCatalog.layerClass(named: name) else {
            report(scope: prefix, layerClass: name, pointer: opts.pointer,
                   reason: "layer class '\(name)' is not in the catalogue")
            return
        }
        if let key = dynamicOption(opts) {
            report(scope: prefix, layerClass: name, pointer: opts.pointer, reason: "option `\(key)` is dynamic")
            return
        }
        let ctx = context(of: id)
        var params: [LayerParam]
        switch cls.params(ctx) {
        case .params(let p): params = p
        case .unknown(let reason):
            report(scope: prefix, layerClass: name, pointer: opts.pointer, reason: reason)
            return
        }
        // The layer's absolute scope: `rec`/`rnn_cell` add `rec/` (without `name_scope`).
        let subScope = (name == "rec" || name == "rnn_cell") ? LayerCatalog.recSubScope(ctx) : ""
        if name != "batch_norm", let bn = opts["batch_norm"], truthy(bn) != false {
            switch LayerCatalog.batchNormParams(layerName: id.name, options: bn.members != nil ? bn : nil,
                                                data: output(of: id), behaviorVersion: behaviorVersion) {
            case .params(let p): params += p.map { var q = $0; q.name = subScope + q.name; return q }
            case .unknown(let reason):
                report(scope: prefix, layerClass: name, pointer: opts.pointer, reason: reason)
                return
            }
        }
        let trainable = opts["trainable"]?.pythonTruthiness ?? true
        var own: [ModelVariable] = []
        for param in params {
            let key = param.name.hasPrefix(subScope) ? String(param.name.dropFirst(subScope.count)) : param.name
            switch reuseDecision(opts["reuse_params"], key: key) {
            case .shared:
                continue
            case .unknown(let reason):
                report(scope: prefix, layerClass: name, pointer: opts.pointer, reason: reason)
                return
            case .own:
                own.append(ModelVariable(
                    name: prefix + Self.reuseUniquified(param.name, key: key, subScope: subScope, prefix: prefix,
                                                        reuse: opts["reuse_params"]),
                    dtype: param.dtype, shape: param.shape,
                    layerPointer: opts.pointer, trainable: param.trainable && trainable))
            }
        }
        variables += own
    }
}
