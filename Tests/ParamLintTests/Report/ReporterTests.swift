import Testing
@testable import ParamLint

struct ReporterTests {
    func brokenExample() throws -> LintRun.Result {
        let bytes = Array(try readText("examples/broken.json").utf8)
        return LintRun.check(file: "examples/broken.json", bytes: bytes)
    }

    @Test func jsonOutputValidatesAgainstTheCommittedSchema() throws {
        let validator = try SchemaValidator(schemaText: try readText("rules/lint-output.schema.json"))
        let result = try brokenExample()
        let output = JSONReporter.render(result.diagnostics, fileCount: 1)
        let parsed = try #require(parseJSON(output).root)
        #expect(validator.validate(parsed).isEmpty, "\(validator.validate(parsed))")
        // and a validator that can fail: a wrong document is refused
        let wrong = try #require(parseJSON(#"{"schemaVersion": 2, "tool": {"name": "lint"}, "diagnostics": [{}], "summary": {}}"#).root)
        #expect(validator.validate(wrong).count >= 4)
    }

    @Test func brokenExampleReportsDuplicateAndTypeAtTheirPlaces() throws {
        let result = try brokenExample()
        let cf002 = try #require(result.diagnostics.first { $0.ruleId == "CF002" })
        #expect(cf002.range?.start.line == 18)
        #expect(cf002.range?.start.column == 3)
        #expect(cf002.notes.contains { $0.contains("examples/broken.json:5:3") })
        let cf004 = try #require(result.diagnostics.first { $0.ruleId == "CF004" })
        #expect(cf004.range?.start.line == 13)
        #expect(cf004.range?.start.column == 25)
        #expect(cf004.pointer?.description == "/preload_from_files/baseline/init_for_train")
    }

    @Test func textLinesAreGccStyle() throws {
        let result = try brokenExample()
        let text = TextReporter(showSource: false, color: false)
            .render(result.diagnostics, documents: [:], fileCount: 1)
        let first = try #require(text.split(separator: "\n").first { $0.contains("CF004") })
        #expect(first.hasPrefix("examples/broken.json:13:25: error: "))
        #expect(first.hasSuffix("[CF004 option-type]"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test func textExcerptPutsTheCaretUnderTheRange() throws {
        let result = try brokenExample()
        let docs = ["examples/broken.json": result.document]
        let d = try #require(result.diagnostics.first { $0.ruleId == "CF004" })
        let text = TextReporter(showSource: true, color: false).render([d], documents: docs, fileCount: 1)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let source = try #require(lines.first { $0.contains("\"init_for_train\": \"False\"") })
        let caret = try #require(lines.first { $0.contains("^") })
        let sourceValueColumn = source.split(separator: "\"False\"", omittingEmptySubsequences: false)[0].count
        #expect(caret.firstIndex(of: "^").map { caret.distance(from: caret.startIndex, to: $0) } == sourceValueColumn)
        #expect(caret.filter { $0 == "^" }.count == 7)
    }

    @Test func githubCommandsAreEscaped() {
        let d = Diagnostic(ruleId: "PL001", ruleName: "preload-inactive", severity: .warning,
                           message: "50% done\nnext", file: "a,b:c.json", pointer: nil,
                           range: SourceRange(start: SourcePosition(line: 2, column: 3, offset: 9),
                                              end: SourcePosition(line: 2, column: 5, offset: 11)),
                           url: "rules/PL001.md")
        let out = GitHubReporter.render([d])
        #expect(out == "::warning file=a%2Cb%3Ac.json,line=2,col=3,endLine=2,endColumn=5,title=PL001 preload-inactive::50%25 done%0Anext\n")
    }

    @Test func sarifCarriesRulesAndLocations() throws {
        let result = try brokenExample()
        let sarif = SARIFReporter.render(result.diagnostics, documents: ["examples/broken.json": result.document],
                                         rules: Registry.descriptions,
                                         options: .init(projectRoot: packageRoot, currentDirectory: packageRoot))
        let root = try #require(parseJSON(sarif).root)
        #expect(root["version"]?.stringValue == "2.1.0")
        let run = try #require(root["runs"]?.elements?.first)
        #expect(run["tool"]?["driver"]?["rules"]?.elements?.count == Registry.all.count)
        let first = try #require(run["results"]?.elements?.first { $0["ruleId"]?.stringValue == "CF004" })
        #expect(first["level"]?.stringValue == "error")
        #expect(first["locations"]?.elements?.first?["physicalLocation"]?["region"]?["startLine"]?.intValue == 13)
    }
}

/// `lint plan --format json` against its published schema, over every recorded scenario.
struct PlanSchemaTests {
    @Test func planJSONValidatesForEveryScenario() throws {
        let validator = try SchemaValidator(schemaText: try readText("rules/plan-output.schema.json"))
        var checked = 0
        for name in ScenarioAgreementTests.names {
            let s = try ScenarioAgreementTests.load(name)
            let plan = try #require(s.result.context.plan)
            let parsed = try #require(parseJSON(PlanReporter.json(plan)).root)
            let failures = validator.validate(parsed)
            #expect(failures.isEmpty, "\(name): \(failures)")
            checked += 1
        }
        #expect(checked >= 25)
    }
}

/// `lint plan`'s text groups variables by scope and counts each source within a scope.
struct PlanTextTests {
    @Test func variablesGroupedByScopeWithEachSourceCounted() throws {
        let config = """
            {"backend": "tensorflow-net-dict", "task": "train",
             "preload_from_files": {"p": {"filename": "base/net", "prefix": "a/", "init_for_train": true,
                                          "ignore_params": ["b"]}}}
            """
        let example = RuleExample.clean(config, checkpoints: ["base/net": "W [2] float32\nb [2] float32\nc [2] float32\n"],
                                        model: "a/W [2] float32\na/b [2] float32\na/c [2] float32\nb/W [3] float32\nc [1] float32\nglobal_step [] int64\n")
        let context = LintRun.makeContext(file: "c.json", bytes: Array(config.utf8), environment: example.environment())
        let plan = try #require(context.plan)
        let text = PlanReporter.text(plan, file: "c.json")
        let lines = text.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "variables (6):"))
        // a/W and a/c from the entry, a/b ignored between them: one scope, the two preloads counted together.
        #expect(plan.outcome.ok)
        #expect(Array(lines[(start + 1)...(start + 4)]) == [
            "  a/  1 ← init, 2 ← preload 'p'",
            "  b/  1 ← init",
            "  c  1 ← init",
            "  global_step  1 ← init",
        ])
    }
}
