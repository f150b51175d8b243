import Testing
@testable import ParamLint

/// The committed pages under rules/ must be exactly what the declarations generate.
/// Regenerate with `swift run lint rules --write-docs rules`.
struct RuleDocsTests {
    @Test func committedPagesMatchDeclarations() throws {
        for (name, expected) in RuleDocs.pages() {
            let committed = try? readText("rules/" + name)
            #expect(committed == expected, "rules/\(name) drifted from its declaration: run `swift run lint rules --write-docs rules`")
        }
    }

    @Test func noStalePages() {
        let expected = Set(RuleDocs.pages().map(\.0))
        for file in listDirectory(packageRoot + "/rules") where file.hasSuffix(".md") && file != "layers.md" {
            #expect(expected.contains(file), "rules/\(file) belongs to no rule")
        }
    }
}
