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

    /// Scopes of a name list, `enc/` for `enc/W`; for grouping long lists.
    static func scopes(_ names: [String], separator: Character = "/") -> [(scope: String, count: Int)] {
        let sep = separator.asciiValue ?? UInt8(ascii: "/")
        var counts: [String: Int] = [:]
        var order: [String] = []
        // Names usually arrive sorted, so a scope is a run: only a new scope costs a string.
        var runScope: String?
        var runCount = 0
        func flush() {
            guard let scope = runScope else { return }
            if counts[scope] == nil { order.append(scope) }
            counts[scope, default: 0] += runCount
        }
        for n in names {
            if let scope = runScope, NameMatching.hasPrefix(n, scope), scope.utf8.last == sep || n.utf8.count == scope.utf8.count {
                runCount += 1
                continue
            }
            flush()
            if let i = n.utf8.firstIndex(of: sep) { runScope = String(n.utf8[...i])! } else { runScope = n }
            runCount = 1
        }
        flush()
        return order.map { ($0, counts[$0]!) }
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
