import Glibc

/// How a checkpoint name is found for a model variable (semantics 3.2, 3.3 and 3.5).
enum NameMatching {
    /// TF's `name.replace(prefix, "")`: every occurrence removed (byte-wise, as Python compares str).
    static func removingAll(_ prefix: String, from name: String) -> String {
        guard !prefix.isEmpty, let first = firstOffset(of: prefix, in: name) else { return name }
        var n = name, p = prefix
        return n.withUTF8 { nb in
            p.withUTF8 { pb in
                // Built in place: one allocation for the result, none for a byte array first.
                String(unsafeUninitializedCapacity: nb.count) { out in
                    var count = 0
                    var i = 0
                    while i < first { out[count] = nb[i]; count += 1; i += 1 }
                    while i < nb.count {
                        if i + pb.count <= nb.count, nb[i] == pb[0], memcmpEqual(nb, i, pb) {
                            i += pb.count
                        } else {
                            out[count] = nb[i]
                            count += 1
                            i += 1
                        }
                    }
                    return count
                }
            }
        }
    }

    private static func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ at: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var j = 0
        while j < b.count { if a[at + j] != b[j] { return false }; j += 1 }
        return true
    }

    /// Python's `needle in haystack` on code units; Swift's `String.contains` is Character-based and slow.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        firstOffset(of: needle, in: haystack) != nil
    }

    /// The byte offset of the first occurrence of `needle`, if any.
    static func firstOffset(of needle: String, in haystack: String, from start: Int = 0) -> Int? {
        var h = haystack, n = needle
        return h.withUTF8 { hb in n.withUTF8 { nb in firstOffset(of: nb, in: hb, from: start) } }
    }

    static func firstOffset(of nb: UnsafeBufferPointer<UInt8>, in hb: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        if nb.isEmpty { return start }
        guard start >= 0, hb.count - start >= nb.count else { return nil }
        // memchr to the next candidate first byte, memcmp for the rest: a name scan over 100 000
        // variables is dominated by this.
        let base = UnsafeRawPointer(hb.baseAddress!)
        let needle = UnsafeRawPointer(nb.baseAddress!)
        let first = Int32(nb[0])
        var i = start
        let last = hb.count - nb.count
        while i <= last {
            guard let hit = memchr(base + i, first, last - i + 1) else { return nil }
            i = base.distance(to: UnsafeRawPointer(hit))
            if nb.count == 1 || memcmp(base + i + 1, needle + 1, nb.count - 1) == 0 { return i }
            i += 1
        }
        return nil
    }

    /// One name looked for in many (a preload prefix in every model variable's name): its bytes
    /// are taken once, not at every search.
    struct Needle {
        let bytes: [UInt8]

        init(_ name: String) { bytes = Array(name.utf8) }

        func firstOffset(in haystack: String, from start: Int = 0) -> Int? {
            if let r = haystack.utf8.withContiguousStorageIfAvailable({ hb in
                bytes.withUnsafeBufferPointer { NameMatching.firstOffset(of: $0, in: hb, from: start) }
            }) {
                return r
            }
            var h = haystack
            return h.withUTF8 { hb in bytes.withUnsafeBufferPointer { NameMatching.firstOffset(of: $0, in: hb, from: start) } }
        }

        /// `contains(haystack, needle)`.
        func isContained(in haystack: String) -> Bool { firstOffset(in: haystack) != nil }

        /// True when the needle occurs anywhere but (only) at position 0: M8's substring match.
        func occursInside(_ haystack: String) -> Bool {
            guard let first = firstOffset(in: haystack) else { return false }
            if first != 0 { return true }
            return firstOffset(in: haystack, from: bytes.count) != nil
        }
    }

    /// A name's first component with its separator (`enc/` for `enc/W`), or the whole name when it
    /// has none: how long name lists are grouped. Membership is a byte comparison, so walking a
    /// sorted list of 20 000 names builds a string only where a new scope starts.
    struct Scope {
        let name: String
        private let bytes: [UInt8]

        init(of fullName: String) {
            if let slash = fullName.utf8.firstIndex(of: UInt8(ascii: "/")) {
                name = String(fullName.utf8[...slash])!
            } else {
                name = fullName
            }
            bytes = Array(name.utf8)
        }

        /// `enc/` holds the longer names that start with it; a scope without separator only itself.
        func contains(_ fullName: String) -> Bool {
            var n = fullName
            return n.withUTF8 { nb in
                guard bytes.last == UInt8(ascii: "/") else { return nb.elementsEqual(bytes) }
                return nb.count > bytes.count && bytes.withUnsafeBufferPointer { memcmp(nb.baseAddress!, $0.baseAddress!, $0.count) == 0 }
            }
        }
    }

    /// `str.startswith` on code units.
    static func hasPrefix(_ s: String, _ prefix: String) -> Bool {
        s.utf8.starts(with: prefix.utf8)
    }

    /// `(old checkpoint suffix, new model suffix)` pairs of CustomCheckpointLoader's `map_list`.
    static let suffixRenames: [(old: String, new: String)] = [
        ("lstm_cell/biases", "lstm_cell/bias"),
        ("lstm_cell/weights", "lstm_cell/kernel"),
        ("lstm_cell/bias", "rnn/lstm_cell/bias"),
        ("lstm_cell/kernel", "rnn/lstm_cell/weights"),
        ("rnn/lstm_cell/bias", "lstm_cell/bias"),
        ("rnn/lstm_cell/kernel", "lstm_cell/kernel"),
        ("cudnn_compatible_lstm_cell/bias", "lstm_fused_cell/bias"),
        ("cudnn_compatible_lstm_cell/kernel", "lstm_fused_cell/kernel"),
    ]

    /// The slow path's automatic conversions: for each missing name, the obsolete checkpoint
    /// names RETURNN would read it from (several when it concatenates or converts).
    static func automaticRenames(missing: [String], obsolete: Set<String>) -> [String: [String]] {
        var map: [String: [String]] = [:]
        for name in missing {
            for (old, new) in suffixRenames where name.hasSuffix("/" + new) || name == new {
                let candidate = String(name.dropLast(new.count)) + old
                if obsolete.contains(candidate) { map[name] = [candidate]; break }
            }
            if map[name] != nil { continue }
            // NativeLSTM checkpoint (W, W_re, b) → BasicLSTM model (lstm_cell/kernel, bias).
            for cell in ["/rnn/lstm_cell/", "/lstm_cell/", "/rnn/basic_lstm_cell/", "/basic_lstm_cell/"] {
                for (param, sources) in [("kernel", ["W", "W_re"]), ("bias", ["b"])] where name.hasSuffix(cell + param) {
                    let p = String(name.dropLast((cell + param).count))
                    let names = sources.map { p + "/" + $0 }
                    if names.allSatisfy(obsolete.contains) { map[name] = names }
                }
            }
            if map[name] != nil { continue }
            // BasicLSTM checkpoint → NativeLSTM model (rec/W, rec/W_re, rec/b).
            for (param, source) in [("W", "kernel"), ("W_re", "kernel"), ("b", "bias")] where name.hasSuffix("/rec/" + param) {
                let p = String(name.dropLast(param.count))
                for cell in ["rnn/lstm_cell/", "lstm_cell/"] where obsolete.contains(p + cell + source) {
                    map[name] = [p + cell + source]
                    break
                }
            }
            if map[name] != nil { continue }
            // BatchNorm param renames (v0 → v1, v0/v1 → v2).
            if let r = name.firstRange(of: "/batch_norm/") {
                let p = String(name[..<r.upperBound])
                var param = String(name[r.upperBound...])
                var allowPlain = false
                if param.hasPrefix("v2_") { param = String(param.dropFirst(3)); allowPlain = true }
                let matches = obsolete.filter { o in
                    guard o.hasPrefix(p) else { return false }
                    let rest = o.dropFirst(p.count)
                    return rest.hasSuffix("_" + param) || (allowPlain && rest == param)
                }
                if matches.count == 1 { map[name] = [matches.first!] }
            }
        }
        return map
    }

    static func describe(_ shape: [Int]?) -> String {
        guard let shape else { return "?" }
        return "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }

    /// Python's fnmatch (`*`, `?`, `[...]`) on whole names, as torch's random-init `pattern` uses it.
    static func fnmatch(_ name: String, _ pattern: String) -> Bool {
        let n = Array(name.unicodeScalars), p = Array(pattern.unicodeScalars)
        func match(_ i: Int, _ j: Int) -> Bool {
            if j == p.count { return i == n.count }
            switch p[j] {
            case "*":
                var k = i
                while true {
                    if match(k, j + 1) { return true }
                    if k == n.count { return false }
                    k += 1
                }
            case "?":
                return i < n.count && match(i + 1, j + 1)
            case "[":
                guard let close = p[(j + 1)...].firstIndex(of: "]"), i < n.count else {
                    return i < n.count && n[i] == "[" && match(i + 1, j + 1)
                }
                var set = Array(p[(j + 1)..<close])
                let negate = set.first == "!"
                if negate { set.removeFirst() }
                var hit = false
                var k = 0
                while k < set.count {
                    if k + 2 < set.count, set[k + 1] == "-" {
                        if set[k].value <= n[i].value && n[i].value <= set[k + 2].value { hit = true }
                        k += 3
                    } else {
                        if set[k] == n[i] { hit = true }
                        k += 1
                    }
                }
                return hit != negate && match(i + 1, close + 1)
            default:
                return i < n.count && n[i] == p[j] && match(i + 1, j + 1)
            }
        }
        return match(0, 0)
    }
}
