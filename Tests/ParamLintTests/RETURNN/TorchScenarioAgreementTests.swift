import Testing
@testable import ParamLint

/// `lint plan` against what RETURNN's torch engine did (Tests/Fixtures/torch-scenarios: real
/// checkpoints written by RETURNN, the outcome recorded by ../shared/oracle/torch_oracle.py): the
/// outcome kind, and where RETURNN got through, every state-dict key's source. The model's
/// variables come from the case's model.pt (a torch config's model cannot be inferred).
struct TorchScenarioAgreementTests {
    static let root = packageRoot + "/Tests/Fixtures/torch-scenarios"
    static let names: [String] = listDirectory(root).filter { DiskFileSystem().fileExists(root + "/" + $0 + "/outcome.json") }

    static func plan(_ name: String) throws -> (LoadPlan, LintRun.Result) {
        let dir = root + "/" + name
        let model = try CheckpointLoader.load(path: dir + "/model.pt")
        let env = LintEnvironment(
            fileSystem: DiskFileSystem(workingDirectory: dir),
            model: ModelVariables(origin: .listing(path: "model.pt"),
                                  variables: model.variables.map { ModelVariable(name: $0.name, dtype: $0.dtype, shape: $0.shape) }))
        let bytes = Array(try readText("Tests/Fixtures/torch-scenarios/\(name)/returnn.config").utf8)
        let result = LintRun.check(file: "\(name)/returnn.config", bytes: bytes, environment: env)
        return (try #require(result.context.plan, "\(name): no plan"), result)
    }

    /// The oracle's errorKind in the contract's outcome kinds.
    static func expectedError(_ kind: String?) -> Outcome.ErrorKind? {
        guard let kind else { return nil }
        if kind == "option-value" { return .invalidOption }
        return Outcome.ErrorKind(rawValue: kind)
    }

    @Test func everyScenarioHasAnOutcome() {
        #expect(Self.names.count >= 20, "\(Self.names)")
    }

    @Test(arguments: names)
    func planAgreesWithRETURNN(name: String) throws {
        let oracle = try #require(parseJSON(try readText("Tests/Fixtures/torch-scenarios/\(name)/outcome.json")).root)
        let (plan, result) = try Self.plan(name)
        let kind = oracle["errorKind"]?.stringValue
        #expect(kind != "other", "\(name): the oracle could not classify RETURNN's exception")
        #expect(plan.outcome.error == Self.expectedError(kind),
                "\(name): predicted \(plan.outcome.error?.rawValue ?? "ok") (\(plan.outcome.message ?? "")), RETURNN: \(kind ?? "ok") \(oracle["exception"]?["message"]?.stringValue ?? "")")
        if oracle["ok"]?.boolValue == true {
            let variables = oracle["variables"]?.members ?? []
            #expect(plan.variables.count == variables.count, "\(name): \(plan.variables.map(\.name)) vs \(variables.map(\.key))")
            for m in variables {
                let planned = try #require(plan.variables.first { $0.name == m.key }, "\(name): \(m.key) not in the plan")
                let source = m.node.stringValue ?? ""
                switch source {
                case "main":
                    if case .main = planned.source {} else { Issue.record("\(name): \(m.key) predicted \(planned.source), RETURNN: main") }
                case "init":
                    #expect(planned.source == .initializer, "\(name): \(m.key) predicted \(planned.source), RETURNN: init")
                default:
                    let entry = String(source.dropFirst("preload:".count))
                    if case .preload(let e, _) = planned.source {
                        #expect(e == entry, "\(name): \(m.key) predicted entry \(e), RETURNN: \(entry)")
                    } else {
                        Issue.record("\(name): \(m.key) predicted \(planned.source), RETURNN: \(source)")
                    }
                }
            }
        }
        let expect = try #require(parseJSON(try readText("Tests/Fixtures/torch-scenarios/\(name)/expect.json")).root)
        let fired = Set(result.diagnostics.map(\.ruleId))
        for rule in expect["rules"]?.elements?.compactMap(\.stringValue) ?? [] {
            #expect(fired.contains(rule), "\(name): \(rule) did not fire (fired: \(fired.sorted()))")
        }
    }
}
