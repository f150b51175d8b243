import Testing
@testable import ParamLint

/// `ModelVariables` sorts by the names' bytes and keeps the first of repeated names; its fast
/// paths (reversed runs, 16-byte heads) must give exactly what a plain stable sort gives.
struct ModelVariablesOrderTests {
    static func plainStableOrder(_ names: [String]) -> [Int] {
        names.indices.sorted { Array(names[$0].utf8).lexicographicallyPrecedes(Array(names[$1].utf8)) }
    }

    static func randomName(_ rng: inout SplitMix64) -> String {
        let pieces = ["layer_", "lstm", "/", "W", "b", "rec/", "enc", "0", "1", "9", "ä", "\u{0}", "output", "_", "a"]
        return (0..<(1 + rng.below(8))).map { _ in pieces[rng.below(pieces.count)] }.joined()
    }

    @Test func byteOrderIsTheStableSort() {
        for names in [["b", "a", "b"], ["c/W", "c/b", "b/W", "b/b", "c/W"], ["x", "x", "a"], ["b", "b", "a", "a"]] {
            #expect(NameOrder.stableOrder(names) == Self.plainStableOrder(names), "\(names)")
        }
        var rng = SplitMix64(seed: 11)
        for round in 0..<800 {
            let small = round % 8 >= 4  // few distinct names: many repeats across runs
            var names = (0..<rng.below(60)).map { _ in small ? ["a", "b", "c/W", "c/b"][rng.below(4)] : Self.randomName(&rng) }
            switch round % 4 {
            case 0:  // sorted runs in descending order, as inference emits them
                let groups = Dictionary(grouping: names) { String($0.prefix(3)) }
                names = groups.keys.sorted(by: >).flatMap { groups[$0]!.sorted() }
            case 1: names.reverse()
            case 2: names += names  // repeats
            default: break
            }
            #expect(NameOrder.stableOrder(names) == Self.plainStableOrder(names), "\(names)")
        }
    }

    @Test func repeatedNamesKeepTheFirst() {
        let vars = ["b/W", "a/W", "b/W", "a/b", "a/W"].enumerated().map {
            ModelVariable(name: $0.element, dtype: "float32", shape: [$0.offset])
        }
        let sorted = ModelVariables(origin: .inferred, variables: vars).variables
        #expect(sorted.map(\.name) == ["a/W", "a/b", "b/W"])
        #expect(sorted.map(\.shape) == [[1], [3], [0]])
    }
}
