import Testing
@testable import ParamLint

/// The option table is RETURNN's own: equal to the names `extract_options.py` found in RETURNN's
/// source (Tests/Fixtures/options/returnn_options.txt).
struct OptionTableTests {
    static func extracted() throws -> [String] {
        try readText("Tests/Fixtures/options/returnn_options.txt").split(separator: "\n").map(String.init)
    }

    @Test func tableEqualsTheExtractedList() throws {
        let list = try Self.extracted()
        #expect(list.count > 200, "the extracted list looks truncated: \(list.count) names")
        #expect(Set(list).count == list.count, "duplicates in the extracted list")
        let listed = Set(list)
        #expect(ReturnnOptions.read.subtracting(listed).sorted() == [], "in the table, not read by RETURNN")
        #expect(listed.subtracting(ReturnnOptions.read).sorted() == [], "read by RETURNN, missing from the table")
    }

    @Test func loadingOptionsAreReadByReturnn() {
        #expect(Set(ReturnnOptions.loading).subtracting(ReturnnOptions.read).sorted() == [])
    }

    /// Names that an earlier hand-written table listed although RETURNN never reads them: a typo of
    /// them must not pass as a known option.
    @Test func optionsReturnnNeverReadsAreNotKnown() {
        for name in ["allow_missing_optimizer_checkpoint", "preload_from_files_allow_missing"] {
            #expect(!ReturnnOptions.read.contains(name), "\(name)")
        }
    }
}
