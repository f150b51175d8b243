import Testing
@testable import ParamLint

struct WordingTests {
    @Test func leadingScopesCountNeighbouringNames() {
        let names = ["dec/W", "dec/b", "dec/x", "enc/W", "enc/b", "enc2/W", "encoder", "global_step"]
        let scopes = Wording.leadingScopes(names)
        #expect(scopes.map(\.scope) == ["dec/", "enc/", "enc2/", "encoder", "global_step"])
        #expect(scopes.map(\.count) == [3, 2, 1, 1, 1])
        #expect(Wording.leadingScopes([String]()).isEmpty)
        // A name equal to a scope without its separator is a scope of its own.
        #expect(Wording.leadingScopes(["a", "a/x", "a/y"]).map(\.count) == [1, 2])
    }

    @Test func leadingScopesStopAfterTheLimit() {
        let names = (0..<10).flatMap { i in ["s\(i)/W", "s\(i)/b"] }
        let scopes = Wording.leadingScopes(names, limit: 3)
        #expect(scopes.map(\.scope) == ["s0/", "s1/", "s2/"])
        #expect(scopes.map(\.count) == [2, 2, 2])
        // The walk stops where the fourth scope begins: a sequence that traps later is never read.
        var seen = 0
        let counting = names.lazy.map { n -> String in seen += 1; return n }
        _ = Wording.leadingScopes(counting, limit: 3)
        #expect(seen == 7)
    }
}
