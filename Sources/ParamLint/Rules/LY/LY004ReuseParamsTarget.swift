public struct ReuseParamsTargetRule: Rule {
    public static let description = RuleDescription(
        id: "LY004", name: "reuse-params-target", severity: .error,
        summary: "`reuse_params` naming a layer that does not exist, or an ignore/mapping naming a reusing layer's variables, which do not exist.",
        rationale: """
            Shared variables exist once, under the original layer's name; the reusing layer has none of its \
            own. A `reuse_params` target that is misspelled fails the network construction, and an \
            `ignore_params` or `var_name_mapping` item for the reusing layer's names matches nothing.
            """,
        returnnBehavior: "An unknown target: `LayerNotFound` at network construction. Items for the reusing layer: silently ineffective (M36).",
        fix: "Name an existing layer; write ignores and mappings for the original layer's variables.",
        references: ["M36"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "network": {
                    "enc": {"class": "linear", "n_out": 7, "from": "data"},
                    "enc2": {"class": "linear", "n_out": 7, "from": "enc", "reuse_params": ↓"encc"},
                    "output": {"class": "softmax", "loss": "ce", "from": "enc2"}
                  }
                }
                """),
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "network": {
                    "enc": {"class": "linear", "n_out": 7, "from": "data"},
                    "enc2": {"class": "linear", "n_out": 7, "from": "enc", "reuse_params": "enc"},
                    "output": {"class": "softmax", "loss": "ce", "from": "enc2"}
                  },
                  "preload_from_files": {
                    "base": {"filename": "base/net.080", "init_for_train": true, "ignore_params": [↓"enc2/W"]}
                  }
                }
                """),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "network": {
                    "enc": {"class": "linear", "n_out": 7, "from": "data"},
                    "enc2": {"class": "linear", "n_out": 7, "from": "enc", "reuse_params": "enc"},
                    "output": {"class": "softmax", "loss": "ce", "from": "enc2"}
                  }
                }
                """),
        ])

    public init() {}

    /// The layer names a `reuse_params` value refers to, with their nodes.
    static func targets(_ option: ConfigNode) -> [(String, ConfigNode)] {
        if let s = option.stringValue { return [(s, option)] }
        var out: [(String, ConfigNode)] = []
        if let r = option["reuse_layer"], let s = r.stringValue { out.append((s, r)) }
        for m in option["map"]?.members ?? [] {
            if let s = m.node.stringValue { out.append((s, m.node)) }
            if let r = m.node["reuse_layer"], let s = r.stringValue { out.append((s, r)) }
        }
        return out
    }

    public func check(_ context: LintContext) -> [Finding] {
        guard let config = context.config else { return [] }
        let layers = context.layers
        var findings: [Finding] = []
        var reusing: [String] = []
        lazy var topLevel = Set(layers.filter { !$0.isNested }.map(\.name))
        for layer in context.layers(withOption: "reuse_params") {
            guard let option = layer.node["reuse_params"] else { continue }
            let siblings = Set(layers.filter { $0.path.dropLast() == layer.path.dropLast() }.map(\.name))
            for (target, node) in Self.targets(option) {
                var name = target
                var known = siblings
                if name.hasPrefix("base:") { name = String(name.dropFirst(5)); known = topLevel }
                if name.contains(":") || name.contains("/") || known.contains(name) { continue }
                let best = DidYouMean.best(for: name, among: known)
                findings.append(Finding(
                    "reuse_params of '\(layer.path.joined(separator: "/"))' names layer '\(target)', which does not exist" +
                        (best.map { "; did you mean '\($0)'?" } ?? ""),
                    at: .value(node.pointer),
                    suggestions: best.map { [Suggestion("write \"\($0)\"", pointer: node.pointer)] } ?? []))
            }
            if option.stringValue != nil, !layer.isNested { reusing.append(layer.name) }
        }
        // M36: ignore/mapping items that name the reusing layer's (non-existent) variables.
        guard !reusing.isEmpty else { return findings }
        let modelNames = Set(context.plan?.variables.map(\.name) ?? [])
        for entry in config.preloadEntries {
            // Items are read with the prefix on either engine; the run may have no plan (no backend).
            let naming = PrefixRule(backend: context.backend ?? .tf, prefix: entry.prefix)
            let items = entry.ignoreParams.map { ($0.0, $0.1) } + entry.ignoreParamsPrefixes.map { ($0.0, $0.1) }
                + entry.varNameMapping.map { ($0.key, $0.node) }
            for (item, node) in items {
                let name = naming.modelName(forItem: item)
                guard let layer = reusing.first(where: { NetworkLayers.isVariable(name, ofLayer: $0) }),
                      !modelNames.contains(name) else { continue }
                findings.append(Finding(
                    "'\(item)' in preload entry '\(entry.name)' names a variable of '\(layer)', which reuses another layer's parameters and has none of its own: the item has no effect",
                    at: .value(node.pointer),
                    notes: ["shared variables exist once, under the original layer's name"]))
            }
        }
        return findings
    }
}
