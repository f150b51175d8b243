import Glibc

/// Byte-wise string searches as Python compares `str` (what RETURNN's `in`, `startswith` and
/// `replace` do on variable names), fast on the ASCII names models have.
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

    /// `str.startswith` on code units.
    static func hasPrefix(_ s: String, _ prefix: String) -> Bool {
        s.utf8.starts(with: prefix.utf8)
    }
}
