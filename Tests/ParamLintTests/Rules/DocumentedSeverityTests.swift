import Testing
@testable import ParamLint

/// "A rule id has one severity unless its page documents more": a user who ignores an info rule
/// must not lose an error with it (CK002 once carried PL016's error). Every (rule, severity) the
/// rules emit on the examples, the scenarios and the corpus is one the rule's page names.
struct DocumentedSeverityTests {
    static func undocumented(_ diagnostics: [Diagnostic], from source: String, into out: inout Set<String>) {
        for d in diagnostics {
            guard let rule = Registry.rule(named: d.ruleId)?.description else {
                out.insert("\(source): unknown rule \(d.ruleId)")
                continue
            }
            if !rule.documentedSeverities.contains(d.severity) {
                out.insert("\(d.ruleId) \(d.severity.rawValue) (page: \(rule.documentedSeverities.map(\.rawValue).sorted())), e.g. \(source): \(d.message.prefix(120))")
            }
        }
    }

    @Test func aSeverityNoteOpensWithTheSeverityItDocuments() {
        for r in Registry.descriptions {
            guard let note = r.severityNote else { continue }
            #expect(r.documentedSeverities.count == 2, "\(r.id): severityNote '\(note)' must open with another severity's name")
        }
    }

    @Test func ruleExamplesAndScenariosEmitOnlyDocumentedSeverities() throws {
        var bad = Set<String>()
        for rule in Registry.descriptions {
            for (i, example) in rule.examples.enumerated() {
                // All rules, not only the example's own: every rule sees these worlds.
                let result = LintRun.check(file: example.fileName, bytes: Array(example.strippedConfig.text.utf8),
                                           environment: example.environment())
                Self.undocumented(result.diagnostics, from: "\(rule.id) example \(i)", into: &bad)
            }
        }
        for name in ScenarioAgreementTests.names {
            for offline in [false, true] {
                let s = try ScenarioAgreementTests.load(name, offline: offline)
                Self.undocumented(s.result.diagnostics, from: "scenario \(name)", into: &bad)
            }
        }
        for file in listDirectory(packageRoot + "/examples") where file.hasSuffix(".json") || file.hasSuffix(".py") || file.hasSuffix(".config") {
            let bytes = try DiskFileSystem.read(packageRoot + "/examples/" + file)
            Self.undocumented(LintRun.check(file: "examples/" + file, bytes: bytes).diagnostics, from: file, into: &bad)
        }
        #expect(bad.isEmpty, "\(bad.count) undocumented:\n\(bad.sorted().joined(separator: "\n"))")
    }

    @Test(.enabled(if: Corpus.available, "../shared/corpus is not there"))
    func corpusEmitsOnlyDocumentedSeverities() {
        var bad = Set<String>()
        // Not offline: the corpus' checkpoints are not here, so the missing-checkpoint errors fire.
        for file in Corpus.files {
            let result = LintRun.check(file: file, bytes: Corpus.bytes(file), environment: LintEnvironment(existingEpochs: []))
            Self.undocumented(result.diagnostics, from: file, into: &bad)
        }
        #expect(bad.isEmpty, "\(bad.count) undocumented:\n\(bad.sorted().prefix(30).joined(separator: "\n"))")
    }

    /// ../shared/ecosystem/unset.json: switching the info rule off keeps the error.
    @Test func aMissingPreloadCheckpointIsPL016EvenWithCK002Ignored() {
        let config = """
            {"backend": "tensorflow-net-dict", "task": "train", "num_epochs": 5,
             "network": {"output": {"class": "softmax", "from": "data", "n_out": 10}},
             "preload_from_files": {"lm": {"filename": "/UNSET", "prefix": "output/", "init_for_train": true}}}
            """
        let result = LintRun.check(file: "unset.json", bytes: Array(config.utf8),
                                   environment: LintEnvironment(fileSystem: MemoryFileSystem(files: [:])),
                                   selection: RuleSelection(ignore: ["CK002"]))
        #expect(result.diagnostics.map(\.ruleId) == ["PL016"])
        #expect(result.diagnostics.first?.severity == .error)
    }
}
