import Foundation
import Testing
@testable import ParamLint

/// `--format github` as the Actions runner reads it: every command parses back (runner_parse.py) to
/// the JSON finding, no columns on multi-line ranges, the worst first, the overflow notice, the step summary.
struct GitHubOutputTests {
    func roundTrip(_ arguments: [String]) throws {
        let github = try CLITests.lint(arguments + ["--format", "github"])
        let json = try CLITests.lint(arguments + ["--format", "json"])
        #expect(github.status == json.status)
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("out.github", github.stdout)
        dir.write("out.json", json.stdout)
        let parsed = try Ecosystem.python(["runner_parse.py", dir.path + "/out.github", dir.path + "/out.json"])
        #expect(parsed.status == 0, "\(parsed.stdout)\(parsed.stderr)")
        #expect(parsed.stdout.contains("; 0 differ"), "\(parsed.stdout)")
    }

    @Test(.enabled(if: Ecosystem.available, "../shared/ecosystem is not there"))
    func readmeExampleAndEcosystemFilesParseBack() throws {
        try roundTrip(SARIFTests.readmeArguments)
        try roundTrip([Ecosystem.root + "/ml.json", Ecosystem.root + "/nl.json", Ecosystem.root + "/unset.json", "examples/handwritten.py"])
    }

    @Test(.enabled(if: Ecosystem.available && Corpus.available, "../shared/ecosystem or ../shared/corpus is not there"))
    func corpusRunParsesBack() throws {
        let files = Corpus.files.enumerated().filter { $0.offset % 12 == 5 }.map { Corpus.root + "/" + $0.element }
        try roundTrip(files + ["--existing-epochs", "none"])
    }

    @Test(.enabled(if: Ecosystem.available, "../shared/ecosystem is not there"))
    func noColumnsOnAMultiLineRange() throws {
        let run = try CLITests.lint([Ecosystem.root + "/ml.json", "--format", "github"])
        let line = try #require(run.stdout.split(separator: "\n").first { $0.contains("PL001") })
        #expect(line.contains("line=4,endLine=6,"))
        #expect(!line.contains("col="))
        #expect(!line.contains("endColumn="))
    }

    static func diagnostic(_ severity: Severity, _ i: Int) -> Diagnostic {
        Diagnostic(ruleId: severity == .error ? "PL005" : severity == .warning ? "PL001" : "CK002",
                   ruleName: "r", severity: severity, message: "m\(i)", file: "c\(i % 3).json", pointer: nil,
                   range: SourceRange(start: SourcePosition(line: i + 1, column: 1, offset: i * 10),
                                      end: SourcePosition(line: i + 1, column: 4, offset: i * 10 + 3)),
                   url: "rules/X.md")
    }

    @Test func errorsThenWarningsThenNoticesAndTheOverflowNotice() {
        // in file order the notices would come first
        var ds = (0..<12).map { Self.diagnostic(.info, $0) } + (0..<3).map { Self.diagnostic(.warning, $0) }
        ds += (0..<11).map { Self.diagnostic(.error, $0) }
        let lines = GitHubReporter.render(Linter.sorted(ds)).split(separator: "\n").map(String.init)
        #expect(lines.count == 26 + 1)
        let kinds = lines.dropLast().map { String($0.dropFirst(2).prefix { $0 != " " }) }
        #expect(kinds == Array(repeating: "error", count: 11) + Array(repeating: "warning", count: 3) + Array(repeating: "notice", count: 12))
        #expect(lines.last == "::notice::ParamLint: GitHub shows 10 annotations of each kind; 1 of 11 errors, 2 of 12 notices are not annotated. Every finding is in this step's log above, and in code scanning when the workflow uploads `lint --format sarif`.")
        #expect(GitHubReporter.overflowNotice(Array(ds.prefix(10))) == nil)
    }

    @Test func stepSummaryIsAppended() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("summary.md", "earlier step\n")
        let run = try CLITests.lint(SARIFTests.readmeArguments + ["--format", "github"],
                                    environment: ["GITHUB_STEP_SUMMARY": dir.path + "/summary.md"])
        #expect(run.status == 1)
        let summary = try String(contentsOfFile: dir.path + "/summary.md", encoding: .utf8)
        #expect(summary == """
            earlier step
            ### ParamLint

            2 problems (1 error, 1 warning, 0 infos) in 1 file.

            | rule | name | severity | count |
            |---|---|---|---:|
            | PL005 | `prefix-matches-nothing` | error | 1 |
            | PL001 | `preload-inactive` | warning | 1 |


            """)
        // Other formats leave it alone.
        _ = try CLITests.lint(SARIFTests.readmeArguments + ["--format", "json"], environment: ["GITHUB_STEP_SUMMARY": dir.path + "/summary.md"])
        #expect(try String(contentsOfFile: dir.path + "/summary.md", encoding: .utf8) == summary)
    }
}
