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
        var run: NameScope?
        for name in sortedNames {
            if let run, run.contains(name) {
                out[out.count - 1].count += 1
                continue
            }
            if out.count == limit { break }
            run = NameScope(of: name)
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
/// builds its input. A built rec layer builds its unit's `output` and losses; a built subnetwork
/// is taken as built whole.
enum TrainingReachability {
    /// The variable scopes (`a/`, `output/rec/b/`) of layers that training does not build.
    static func unbuiltScopes(_ layers: [NetworkLayer]) -> Set<String> {
        // The layers of each dict, by name.
        var byContainer: [[String]: [String: Int]] = [:]
        for (i, l) in layers.enumerated() { byContainer[Array(l.path.dropLast()), default: [:]][l.name] = i }
        var built = [Bool](repeating: false, count: layers.count)
        var builtSubnetworks = Set<[String]>()

        /// Visits one dict; returns its `base:` references (layers of the enclosing dict).
        func visit(_ dict: [String]) -> [String] {
            guard let members = byContainer[dict] else { return [] }
            var outer: [String] = []
            var queue: [Int] = []
            for (_, i) in members {
                let node = layers[i].node
                if layers[i].name == "output" || (node["loss"].map { !$0.isNull } ?? false)
                    || node["is_output_layer"]?.boolValue == true {
                    queue.append(i)
                }
            }
            var seen = Set(queue)
            func enqueue(_ ref: String) {
                var r = Substring(ref)
                if let slash = r.firstIndex(of: "/") { r = r[..<slash] }
                if let i = members[String(r)], seen.insert(i).inserted { queue.append(i) }
            }
            while let i = queue.popLast() {
                let layer = layers[i]
                built[i] = true
                var refs: [String] = []
                for member in layer.node.members ?? [] {
                    if layer.layerClass == "choice", member.key == "from" { continue }
                    if ["unit", "subnetwork", "class", "loss", "target", "activation"].contains(member.key) { continue }
                    collectStrings(member.node, into: &refs)
                }
                for ref in refs {
                    if ref.hasPrefix("base:") { outer.append(String(ref.dropFirst(5))); continue }
                    enqueue(ref.hasPrefix("prev:") ? String(ref.dropFirst(5)) : ref)
                }
                if layer.layerClass == "rec", layer.node["unit"]?.members != nil {
                    for ref in visit(layer.path + ["rec"]) { enqueue(ref) }
                }
                if layer.node["subnetwork"] != nil { builtSubnetworks.insert(layer.path) }
            }
            return outer
        }
        _ = visit([])
        var out = Set<String>()
        for (i, l) in layers.enumerated() where !built[i] {
            // Inside a built subnetwork: built with it.
            let insideBuilt = !builtSubnetworks.isEmpty && (1..<max(1, l.path.count)).contains {
                builtSubnetworks.contains(Array(l.path.prefix($0)))
            }
            if !insideBuilt { out.insert(l.scope) }
        }
        return out
    }

    /// The scope of the innermost layer a variable lives in (`output/rec/lm/` for
    /// `output/rec/lm/W`), among the given layer scopes; nil when none.
    static func innermostScope(of name: String, among scopes: Set<String>) -> String? {
        var best: String?
        var end = name.startIndex
        while let slash = name[end...].firstIndex(of: "/") {
            let scope = String(name[...slash])
            if scopes.contains(scope) { best = scope }
            end = name.index(after: slash)
        }
        return best
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
