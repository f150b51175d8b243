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
