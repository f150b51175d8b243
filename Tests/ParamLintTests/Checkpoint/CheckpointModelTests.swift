import Testing
@testable import ParamLint

@Suite struct CheckpointModelTests {
    @Test func sortsByBytesAndLooksUpByBinarySearch() {
        let names = ["b", "a/x", "ü", "Z", "_c", "a", "a/", "\u{0}k", "zz", "é"]
        let c = Checkpoint(path: "p", format: .textListing,
                           variables: names.map { CheckpointVariable(name: $0, dtype: "float32", shape: [1]) })
        let expected = names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(c.names == expected)
        for n in names { #expect(c[n]?.name == n) }
        for missing in ["", "a/x/", "zzz", "Y", "\u{0}"] { #expect(!c.contains(missing)) }
        #expect(Checkpoint(path: "p", format: .tfIndex, variables: [])["a"] == nil)
    }

    @Test func compareBytesIsUnsignedUTF8Order() {
        #expect(Checkpoint.compareBytes("a", "b") < 0)
        #expect(Checkpoint.compareBytes("Z", "_") < 0)
        #expect(Checkpoint.compareBytes("z", "é") < 0)
        #expect(Checkpoint.compareBytes("ab", "a") > 0)
        #expect(Checkpoint.compareBytes("a/W", "a/W") == 0)
    }
}
