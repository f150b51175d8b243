import Testing
@testable import ParamLint

@Test func versionIsSemantic() {
    #expect(ParamLintInfo.version.split(separator: ".").count == 3)
}
