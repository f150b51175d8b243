import Testing
@testable import ParamLint

/// Every example of every rule runs here: triggering ones must fire exactly at their `↓` markers,
/// clean ones must stay silent.
struct RuleExampleTests {
    static let cases: [(String, Int)] = Registry.descriptions.flatMap { d in d.examples.indices.map { (d.id, $0) } }

    @Test("rule example", arguments: cases)
    func example(ruleId: String, index: Int) throws {
        let ruleType = try #require(Registry.rule(named: ruleId))
        let description = ruleType.description
        let example = description.examples[index]
        let (text, markers) = example.strippedConfig
        let result = ExampleRunner.run(example, text: text, only: description)
        let location = SourceLocation(fileID: example.sourceFile, filePath: example.sourceFile,
                                      line: example.sourceLine, column: 1)
        if example.triggers {
            #expect(!result.isEmpty, "\(ruleId) example \(index) should trigger", sourceLocation: location)
            if !markers.isEmpty {
                let starts = Set(result.compactMap { $0.range?.start.offset })
                #expect(starts == Set(markers),
                        "\(ruleId) example \(index): findings at \(starts.sorted()), markers at \(markers): \(result.map(\.message))",
                        sourceLocation: location)
            }
        } else {
            #expect(result.isEmpty, "\(ruleId) clean example \(index) fired: \(result.map(\.message))",
                    sourceLocation: location)
        }
        for d in result {
            #expect(d.ruleId == ruleId)
            #expect(!d.message.isEmpty)
            #expect(d.url == "rules/\(ruleId).md")
        }
    }

    @Test func catalogueInvariants() {
        let ds = Registry.descriptions
        #expect(Set(ds.map(\.id)).count == ds.count, "rule ids are unique")
        #expect(Set(ds.map(\.name)).count == ds.count, "rule names are unique")
        for d in ds {
            #expect(d.category != nil, "\(d.id) has a known category prefix")
            #expect(d.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(d.id) name is kebab-case")
            #expect(d.examples.contains { $0.triggers }, "\(d.id) has a triggering example")
            #expect(d.examples.contains { !$0.triggers }, "\(d.id) has a clean example")
            #expect(!d.summary.isEmpty && !d.rationale.isEmpty && !d.returnnBehavior.isEmpty && !d.fix.isEmpty)
        }
    }

    @Test func everyRuleFileIsRegistered() throws {
        // One file per rule under Sources/ParamLint/Rules/<XX>/: each must be in Registry.all.
        let ids = Set(Registry.descriptions.map(\.id))
        for category in RuleDescription.Category.allCases {
            let dir = packageRoot + "/Sources/ParamLint/Rules/" + category.rawValue
            for file in listDirectory(dir) where file.hasSuffix(".swift") {
                let id = String(file.prefix(5))
                #expect(ids.contains(id), "\(file) declares a rule that is not in Registry.all")
            }
        }
    }
}

/// Runs an example in its own world: the config text, the files and checkpoints it declares.
enum ExampleRunner {
    static func run(_ example: RuleExample, text: String, only rule: RuleDescription) -> [Diagnostic] {
        let selection = RuleSelection(select: [rule.id])
        return LintRun.check(file: example.fileName, bytes: Array(text.utf8), environment: example.environment(),
                             selection: selection).diagnostics
    }
}
