/// Small wording helpers shared by the rules' messages.
enum Wording {
    /// `'a', 'b', 'c' and 5 more`
    static func list(_ names: [String], limit: Int = 5) -> String {
        let shown = names.prefix(limit).map { "'\($0)'" }
        var text = shown.joined(separator: ", ")
        if names.count > limit { text += " and \(names.count - limit) more" }
        return text
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    /// The first `limit` scopes of a name list sorted in byte order, `enc/` for `enc/W`, with how
    /// many names each holds; for grouping long lists. In byte order the names of one scope are
    /// neighbours, so the walk stops where the scope after the last one shown begins.
    static func leadingScopes(_ sortedNames: some Sequence<String>, limit: Int = 5) -> [(scope: String, count: Int)] {
        var out: [(scope: String, count: Int)] = []
        var run: NameMatching.Scope?
        for name in sortedNames {
            if let run, run.contains(name) {
                out[out.count - 1].count += 1
                continue
            }
            if out.count == limit { break }
            run = NameMatching.Scope(of: name)
            out.append((run!.name, 1))
        }
        return out
    }
}

extension LintContext {
    /// The option's pointer for a checkpoint reference (its path value), or the document.
    func location(of reference: CheckpointReference?) -> FindingLocation {
        if let p = reference?.pointer { return .value(p) }
        return .document
    }

    var backend: Backend? { plan?.backend }
}

/// Which layers the TF net-dict engine builds in training: the `output` layer, layers with a
/// `loss` or `is_output_layer`, and everything they refer to — except the `from` of a `choice`
/// layer, which outside search returns its target (`ChoiceLayer`, `search_flag` off) and never
/// builds its input.
enum TrainingReachability {
    /// The variable scopes (`a/`, `output/rec/b/`) of layers that training does not build.
    static func unbuiltScopes(_ layers: [NetworkLayer]) -> Set<String> {
        // Group the layers by the dict they are defined in.
        var byContainer: [[String]: [NetworkLayer]] = [:]
        for l in layers { byContainer[Array(l.path.dropLast()), default: []].append(l) }
        var built = Set<[String]>()
        /// Visits one dict; returns its `base:` references (layers of the enclosing dict).
        @discardableResult
        func visit(_ dict: [String]) -> [String] {
            guard let members = byContainer[dict] else { return [] }
            var outer: [String] = []
            let names = Set(members.map(\.name))
            var queue = members.filter { l in
                l.name == "output" || (l.node["loss"].map { !$0.isNull } ?? false)
                    || l.node["is_output_layer"]?.boolValue == true
            }.map(\.name)
            var seen = Set(queue)
            while let name = queue.popLast() {
                guard let layer = members.first(where: { $0.name == name }) else { continue }
                built.insert(layer.path)
                var refs: [String] = []
                for member in layer.node.members ?? [] {
                    if layer.layerClass == "choice", member.key == "from" { continue }
                    if ["unit", "subnetwork", "class", "loss", "target", "activation"].contains(member.key) { continue }
                    collectStrings(member.node, into: &refs)
                }
                for ref in refs {
                    var r = Substring(ref)
                    if r.hasPrefix("prev:") { r = r.dropFirst(5) }
                    if r.hasPrefix("base:") { outer.append(String(r.dropFirst(5))); continue }
                    if let slash = r.firstIndex(of: "/") { r = r[..<slash] }
                    let target = String(r)
                    if names.contains(target), seen.insert(target).inserted { queue.append(target) }
                }
                // A built rec layer builds its unit's output and losses; a built subnetwork all of it.
                if layer.layerClass == "rec", layer.node["unit"]?.members != nil {
                    for ref in visit(layer.path + ["rec"]) {
                        var r = Substring(ref)
                        if let slash = r.firstIndex(of: "/") { r = r[..<slash] }
                        let target = String(r)
                        if names.contains(target), seen.insert(target).inserted { queue.append(target) }
                    }
                }
                if layer.node["subnetwork"] != nil {
                    for l in layers where l.path.count > layer.path.count && Array(l.path.prefix(layer.path.count)) == layer.path {
                        built.insert(l.path)
                    }
                }
            }
            return outer
        }
        visit([])
        return Set(layers.filter { !built.contains($0.path) }.map(\.scope))
    }

    static func collectStrings(_ node: ConfigNode, into out: inout [String]) {
        switch node.value {
        case .string(let s): out.append(s)
        case .array(let elements): for e in elements { collectStrings(e, into: &out) }
        case .object(let members): for m in members { collectStrings(m.node, into: &out) }
        default: break
        }
    }
}
