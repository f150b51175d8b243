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
        for n in names {
            let scope: String
            if let i = n.utf8.firstIndex(of: sep) {
                scope = String(n.utf8[...i])!
            } else {
                scope = n
            }
            if counts[scope] == nil { order.append(scope) }
            counts[scope, default: 0] += 1
        }
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
