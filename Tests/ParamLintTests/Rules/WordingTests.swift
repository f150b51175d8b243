import Testing
@testable import ParamLint

struct WordingTests {
    @Test func scopesCountRunsAndScatteredNames() {
        let names = ["dec/W", "dec/b", "enc/W", "enc/b", "enc2/W", "global_step", "global_step", "dec/x", "encoder"]
        let scopes = Wording.scopes(names)
        #expect(scopes.map(\.scope) == ["dec/", "enc/", "enc2/", "global_step", "encoder"])
        #expect(scopes.map(\.count) == [3, 2, 1, 2, 1])
        #expect(Wording.scopes([]).isEmpty)
        #expect(Wording.scopes(["a.b", "a.c"], separator: ".").map(\.count) == [2])
    }
}
