import Testing
@testable import ParamLint

/// Lookups that start where the previous one ended agree with a plain binary search, whatever
/// order the names are asked in.
struct CheckpointPositionTests {
    static func checkpoint(_ names: [String]) -> Checkpoint {
        Checkpoint(path: "c", format: .textListing, variables: names.map { CheckpointVariable(name: $0, dtype: nil, shape: nil) })
    }

    @Test func hintedLookupAgreesWithBinarySearch() {
        var rng = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 3, 17, 500] {
            let names = (0..<size).map { "s\($0 % 7)/layer\($0)/W" }
            let c = Self.checkpoint(names)
            let asked = names + names.map { $0 + "x" } + ["", "a", "zzz", "s3/"]
            for order in [asked.sorted(), asked.shuffled(using: &rng), asked.sorted().reversed()] {
                var cursor = c.sortedNames.cursor()
                for name in order {
                    let expected = c.position(of: name)
                    #expect(cursor.position(of: name) == expected, "\(name) in \(size)")
                    if let expected { #expect(c.variables[expected].name == name) }
                }
            }
        }
    }

    @Test func prefixRangeAndSubstringAgreeWithAScan() {
        let names = ["", "a", "a/", "a/b", "a/c", "ab", "b/a/x", "ba"].sorted { Checkpoint.compareBytes($0, $1) < 0 }
        let sorted = SortedNames(names)
        for prefix in ["", "a", "a/", "b", "c", "ba/"] {
            #expect(Array(sorted.range(withPrefix: prefix)) == names.indices.filter { names[$0].hasPrefix(prefix) }, "\(prefix)")
            #expect(sorted.firstPosition(containing: prefix) == names.indices.first { prefix.isEmpty || names[$0].contains(prefix) }, "\(prefix)")
        }
    }

    @Test func nameMapLooksUpByModelName() {
        var map = NameMap()
        map.append("a/W", "x/W", model: 0, checkpoint: 3)
        map.append("b/W", "y/W+y/W_re", model: 2, checkpoint: nil)
        #expect(map["a/W"] == "x/W")
        #expect(map["b/W"] == "y/W+y/W_re")
        #expect(map["c"] == nil)
        #expect(map.contains("b/W") && !map.contains("b"))
        #expect(map.checkpointPositions == [3, -1])
        let unordered = NameMap(unordered: [("b", "1", 5, 1), ("a", "0", 1, 0)])
        #expect(Array(unordered.keys) == ["a", "b"])
        #expect(unordered["b"] == "1")
    }
}
