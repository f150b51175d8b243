/// Every layer definition of a net dict, with its nesting: top-level layers, layers of a
/// `subnetwork`, and layers of a rec layer's `unit` dict.
public struct NetworkLayer: Sendable {
    /// Layer names from the top: `["dec", "output", "att"]`.
    public var path: [String]
    public var node: ConfigNode
    /// "subnetwork" or "rec unit" for the innermost container; nil at the top level.
    public var container: String?

    public var name: String { path.last ?? "" }
    public var isNested: Bool { path.count > 1 }
    /// The TF variable scope of a layer that is not inside a rec unit (`enc/`, `lm/proj/`): an
    /// `extra.search:x` layer lives in `x`'s scope; names are made valid scope names as RETURNN does.
    public var scope: String {
        path.map { NetworkInference.validScopeName(InferenceEngine.withoutExtraNetPrefix($0)) }.joined(separator: "/") + "/"
    }
    public var layerClass: String? { node["class"]?.stringValue }
}

public enum NetworkLayers {
    /// True when a TF variable name lies in a top-level layer's scope (`enc/W` in `enc`).
    public static func isVariable(_ name: String, ofLayer layer: String) -> Bool {
        NameMatching.hasPrefix(name, layer + "/")
    }

    public static func all(_ network: ConfigNode?) -> [NetworkLayer] {
        var out: [NetworkLayer] = []
        walk(network, path: [], container: nil, into: &out)
        return out
    }

    static func walk(_ net: ConfigNode?, path: [String], container: String?, into out: inout [NetworkLayer]) {
        guard let members = net?.members else { return }
        for i in members.indices where members[i].node.members != nil {
            let node = members[i].node
            var layerPath = path
            layerPath.append(members[i].key)
            out.append(NetworkLayer(path: layerPath, node: node, container: container))
            if let sub = node["subnetwork"] {
                walk(sub, path: layerPath, container: "subnetwork", into: &out)
            }
            if node["class"]?.stringValue == "rec", let unit = node["unit"], unit.members != nil {
                walk(unit, path: layerPath + ["rec"], container: "rec unit", into: &out)
            }
        }
    }
}
