import Testing
@testable import ParamLint

/// A prepared `NameMatching.Needle` answers as the one-off functions do.
struct NameMatchingNeedleTests {
    @Test func needleAgreesWithTheFunctions() {
        var rng = SplitMix64(seed: 5)
        let pieces = ["layer_", "0", "1", "/", "W", "ä", "lstm", "l", "ay", ""]
        func random() -> String { (0..<rng.below(6)).map { _ in pieces[rng.below(pieces.count)] }.joined() }
        for _ in 0..<3000 {
            let name = random(), prefix = random()
            let needle = NameMatching.Needle(prefix)
            #expect(needle.isContained(in: name) == NameMatching.contains(name, prefix), "\(name) \(prefix)")
            #expect(needle.occursInside(name) == NameMatching.occursInside(name, prefix), "\(name) \(prefix)")
        }
    }
}
