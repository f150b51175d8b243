import Testing
import Foundation
@testable import ParamLint

@Suite struct LayerCatalogTests {
    /// The package root, from this file's path (Tests/ParamLintTests/RETURNN/<file>).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `rules/layers.md` is generated: regenerate it with
    /// `PARAMLINT_WRITE_DOCS=1 swift test --filter layersMarkdownIsUpToDate`.
    @Test func layersMarkdownIsUpToDate() throws {
        let url = Self.packageRoot.appendingPathComponent("rules/layers.md")
        let generated = LayerCatalog.layersMarkdown()
        if ProcessInfo.processInfo.environment["PARAMLINT_WRITE_DOCS"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(committed == generated, "rules/layers.md drifted from LayerCatalog.layersMarkdown(); regenerate it")
    }

    @Test func classNamesAreUnique() {
        let names = LayerCatalog.all.map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test func everyClassWithParamsDocumentsShapes() {
        for c in LayerCatalog.all where c.hasParams {
            #expect(!c.shapesDoc.isEmpty, "\(c.name) has no shapes doc")
        }
    }
}
