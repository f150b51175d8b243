import Testing
@testable import ParamLint

/// The byte searches behind TF name matching agree with a naive reference on random names
/// (with multi-byte characters and empty pieces).
struct NameMatchingNeedleTests {
    /// Offsets at which `needle` starts in `hay`, byte by byte.
    static func naiveOffsets(_ hay: [UInt8], _ needle: [UInt8]) -> [Int] {
        guard !needle.isEmpty, hay.count >= needle.count else { return needle.isEmpty ? [0] : [] }
        return (0...(hay.count - needle.count)).filter { Array(hay[$0..<($0 + needle.count)]) == needle }
    }

    /// Python's `str.replace(prefix, "")`: left to right, occurrences do not overlap.
    static func naiveReplace(_ hay: [UInt8], _ needle: [UInt8]) -> [UInt8] {
        guard !needle.isEmpty else { return hay }
        var out: [UInt8] = []
        var i = 0
        while i < hay.count {
            if i + needle.count <= hay.count, Array(hay[i..<(i + needle.count)]) == needle {
                i += needle.count
            } else {
                out.append(hay[i])
                i += 1
            }
        }
        return out
    }

    @Test func needleAgreesWithANaiveSearch() {
        var rng = SplitMix64(seed: 5)
        let pieces = ["layer_", "0", "1", "/", "W", "ä", "lstm", "l", "ay", ""]
        func random() -> String { (0..<rng.below(6)).map { _ in pieces[rng.below(pieces.count)] }.joined() }
        for _ in 0..<3000 {
            let name = random(), prefix = random()
            let h = Array(name.utf8), n = Array(prefix.utf8)
            let needle = NameMatching.Needle(prefix)
            let offsets = Self.naiveOffsets(h, n)
            #expect(needle.firstOffset(in: name) == offsets.first, "\(name) \(prefix)")
            #expect(needle.isContained(in: name) == !offsets.isEmpty, "\(name) \(prefix)")
            #expect(NameMatching.contains(name, prefix) == !offsets.isEmpty, "\(name) \(prefix)")
            let from = n.count
            #expect(needle.firstOffset(in: name, from: from) == offsets.first { $0 >= from } ?? (n.isEmpty && from <= h.count ? from : nil),
                    "\(name) \(prefix)")
            // An empty prefix is never asked about: the callers skip it.
            if !n.isEmpty {
                let inside = offsets.first.map { $0 != 0 } ?? false || offsets.contains { $0 >= n.count }
                #expect(needle.occursInside(name) == inside, "\(name) \(prefix)")
            }
            #expect(Array(NameMatching.removingAll(prefix, from: name).utf8) == Self.naiveReplace(h, n), "\(name) \(prefix)")
        }
    }
}
