#if canImport(Glibc)
import Glibc
#endif

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
        var runBytes: [UInt8] = []
        for n in names {
            // Fast path: the name continues the current run (same bytes up to and including the separator).
            if runScope != nil, !runBytes.isEmpty, runBytes.last == sep {
                let continues = n.utf8.withContiguousStorageIfAvailable { buf in
                    buf.count > runBytes.count && runBytes.withUnsafeBufferPointer { r in
                        memcmp(buf.baseAddress!, r.baseAddress!, r.count) == 0
                    }
                } ?? NameMatching.hasPrefix(n, runScope!)
                if continues {
                    runCount += 1
                    continue
                }
            } else if let scope = runScope, n == scope {
                runCount += 1
                continue
            }
            flush()
            if let i = n.utf8.firstIndex(of: sep) { runScope = String(n.utf8[...i])! } else { runScope = n }
            runBytes = Array(runScope!.utf8)
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
