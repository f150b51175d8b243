import Testing
@testable import ParamLint

/// Issue 11 item 4: the false alarms found on real configs, fixed at the depth where they arose.
/// The rule examples show each case; these tests pin what the examples cannot: severities, exit
/// codes, the message text others key on, and the variants that must still be reported.
struct FalsePositiveTests {
    static func run(_ config: String, file: String = "config.json", rule: String, files: [String] = [],
                    checkpoints: [String: String] = [:], model: String? = nil, task: String? = nil,
                    offline: Bool = false) -> [Diagnostic] {
        let example = RuleExample(config, triggers: true, fileName: file, files: files, checkpoints: checkpoints,
                                  model: model, task: task, offline: offline)
        return LintRun.check(file: file, bytes: Array(config.utf8), environment: example.environment(),
                             selection: RuleSelection(select: rule.split(separator: ",").map(String.init))).diagnostics
    }

    static func example(_ id: String, _ index: Int) throws -> RuleExample {
        try #require(Registry.rule(named: id)).description.examples[index]
    }

    static func run(example e: RuleExample, rule: String) -> [Diagnostic] {
        ExampleRunner.run(e, text: e.strippedConfig.text, only: try! #require(Registry.rule(named: rule)).description)
    }

    // PL001: the shallow-fusion LM entry is an info; a plain inactive entry stays a warning; an entry
    // whose layers training builds (an ensemble member with its own loss) stays a warning.
    @Test func recognitionEntryIsInfo() throws {
        let fusion = Self.run(example: try Self.example("PL001", 3), rule: "PL001")
        #expect(fusion.map(\.severity) == [.info])
        #expect(fusion.first?.message.contains("'output/rec/lm_out'") == true)
        let plain = Self.run(example: try Self.example("PL001", 0), rule: "PL001")
        #expect(plain.map(\.severity) == [.warning])
    }

    @Test func ensembleMemberTrainedWithALossStaysAWarning() {
        let config = """
            {
              "backend": "tensorflow-net-dict",
              "task": "train",
              "extern_data": {"data": {"dim": 9}, "classes": {"dim": 5, "sparse": true}},
              "search_output_layer": "decision",
              "network": {
                "model0_enc": {"class": "linear", "activation": "tanh", "n_out": 7, "from": "data"},
                "model0_out": {"class": "softmax", "from": "model0_enc", "loss": "ce", "target": "classes"},
                "output": {"class": "softmax", "from": "model0_enc", "loss": "ce", "target": "classes"}
              },
              "preload_from_files": {"model0": {"filename": "m0/net.050", "prefix": "model0_"}}
            }
            """
        let d = Self.run(config, rule: "PL001")
        #expect(d.map(\.severity) == [.warning], "\(d.map(\.message))")
    }

    // PL005: an entry inactive in the task is a warning, so the default --fail-on error gives exit 0.
    @Test func inactiveEntryPrefixIsAWarning() throws {
        let inactive = Self.run(example: try Self.example("PL005", 1), rule: "PL005")
        #expect(inactive.map(\.severity) == [.warning])
        let active = Self.run(example: try Self.example("PL005", 0), rule: "PL005")
        #expect(active.map(\.severity) == [.error])
    }

    // The model's unknown variables: VM007 now, with the message text check-truth keys on, no
    // nested quotes, and the full list in a note when the text is cut.
    @Test func unknownLayersAreVM007WithTheFullList() {
        var layers: [String] = []
        for i in 0..<6 { layers.append("\"x\(i)\": {\"class\": \"site_layer_\(i)\", \"from\": \"\(i == 0 ? "data" : "x\(i - 1)")\", \"n_out\": 4}") }
        let config = """
            {
              "backend": "tensorflow-net-dict",
              "task": "train",
              "extern_data": {"data": {"dim": 9}, "classes": {"dim": 5, "sparse": true}},
              "network": {
                \(layers.joined(separator: ",\n    ")),
                "output": {"class": "softmax", "from": "x5", "loss": "ce", "target": "classes"}
              }
            }
            """
        let d = Self.run(config, rule: "VM007")
        #expect(d.count == 1)
        let message = d.first?.message ?? ""
        #expect(message.hasPrefix("the variables of 'x5/' (") && message.contains("'site_layer_5'"), "\(message)")
        #expect(message.range(of: #"^the variables of .* are unknown"#, options: .regularExpression) != nil)
        #expect(!message.contains("'x0/ ("), "a scope and its reason are not quoted together: \(message)")
        #expect(message.contains("and 2 more"))
        let note = d.first?.notes.first ?? ""
        for i in 0..<6 { #expect(note.contains("'x\(i)/'"), "x\(i) missing from the note: \(note)") }
        #expect(Self.run(config, rule: "CK002").isEmpty, "CK002 is about checkpoints only")
    }

    // CK002 is an info and only about checkpoints; a missing TF preload file is PL016 (error).
    @Test func missingPreloadIsPL016NotCK002() {
        let config = """
            {
              "backend": "tensorflow-net-dict",
              "task": "train",
              "preload_from_files": {"base": {"filename": "gone/net.003", "init_for_train": true}}
            }
            """
        let online = Self.run(config, rule: "CK,PL016")
        #expect(online.map(\.ruleId) == ["PL016"])
        #expect(online.map(\.severity) == [.error])
        let offline = Self.run(config, rule: "CK,PL016", offline: true)
        #expect(offline.map(\.ruleId) == ["CK002"])
        #expect(offline.map(\.severity) == [.info])
    }

    // LD004 without a directory on this machine; CK002 with --offline.
    @Test func loadWithoutDirectoryIsMissingUnlessOffline() {
        let config = """
            {"backend": "tensorflow-net-dict", "task": "search", "load": "/cluster/run/net.080"}
            """
        #expect(Self.run(config, rule: "LD004,CK002").map(\.ruleId) == ["LD004"])
        #expect(Self.run(config, rule: "LD004,CK002", offline: true).map(\.ruleId) == ["CK002"])
        // A listing given with --ckpt: the file lives elsewhere, nothing is missing.
        let given = Self.run(config, rule: "LD004,CK002", checkpoints: ["load": "enc/W [2, 2] float32\n"])
        #expect(given.isEmpty, "\(given.map(\.message))")
    }

    // Torch preloads too: PL013 without the old "directory exists" guess, silent with --offline.
    @Test func torchPreloadWithoutDirectory() {
        let config = """
            {"backend": "torch", "task": "train",
             "preload_from_files": {"base": {"filename": "/cluster/base/net.007.pt", "init_for_train": true}}}
            """
        #expect(Self.run(config, rule: "PL013").count == 1)
        #expect(Self.run(config, rule: "PL013", offline: true).isEmpty)
    }

    // LD008: hyper_param_tuning trains (each trial with task "train"); a dynamic model is not "no epoch".
    @Test func hyperParamTuningAndDynamicModel() throws {
        #expect(Self.run(example: try Self.example("LD008", 3), rule: "LD008").isEmpty)
        let dynamic = try Self.example("LD008", 2)
        let result = LintRun.check(file: dynamic.fileName, bytes: Array(dynamic.strippedConfig.text.utf8),
                                   environment: dynamic.environment())
        let plan = try #require(result.context.plan)
        #expect(plan.outcome.error == nil)
        #expect(!plan.outcome.complete)
        #expect(plan.main.why.contains("dynamic"), "\(plan.main.why)")
        // The real RETURNN text, as the plan quotes it.
        let search = Self.run(example: try Self.example("LD008", 0), rule: "LD008")
        #expect(search.first?.message.contains("There was also no model found which we could load. Set one via 'load'.") == true)
    }

    // CF006 and the plan: one truth. Where CF006 says RETURNN refuses to start, the plan's outcome is
    // that failure (with RETURNN's text); the loading rules still judge what the net-dict engine does.
    @Test func backendSelectionAndPlanAgree() throws {
        let cases: [(String, String)] = [
            ("""
             {"task": "train", "extern_data": {"data": {"dim": 4}, "classes": {"dim": 3, "sparse": true}},
              "network": {"output": {"class": "softmax", "from": "data", "loss": "ce", "target": "classes"}}}
             """, "No backend defined. Please set the config option 'backend'."),
            ("""
             {"backend": "tensorflow", "task": "train", "extern_data": {"data": {"dim": 4}, "classes": {"dim": 3, "sparse": true}},
              "network": {"output": {"class": "softmax", "from": "data", "loss": "ce", "target": "classes"}}}
             """, "train_step not defined in config"),
            ("""
             {"backend": "tensorflow", "task": "search", "load": "/cluster/net.080",
              "extern_data": {"data": {"dim": 4}, "classes": {"dim": 3, "sparse": true}},
              "network": {"output": {"class": "softmax", "from": "data", "loss": "ce", "target": "classes"}}}
             """, "forward_step not defined in config"),
        ]
        for (config, text) in cases {
            let result = LintRun.check(file: "config.json", bytes: Array(config.utf8),
                                       environment: LintEnvironment(fileSystem: MemoryFileSystem()))
            let cf006 = result.diagnostics.filter { $0.ruleId == "CF006" }
            #expect(cf006.count == 1)
            let plan = try #require(result.context.plan)
            #expect(plan.outcome.error != nil && plan.outcome.message?.contains(text) == true,
                    "plan: \(plan.outcome.message ?? "starts normally")")
            #expect(plan.outcome.stage == .backend)
        }
        // The missing load of the third case is still judged (LD004), as the net-dict engine would fail on it.
        let third = LintRun.check(file: "config.json", bytes: Array(cases[2].0.utf8),
                                  environment: LintEnvironment(fileSystem: MemoryFileSystem()))
        #expect(third.diagnostics.contains { $0.ruleId == "LD004" })
        // With tensorflow-net-dict nothing of this remains.
        let fixed = cases[1].0.replacingOccurrences(of: "\"backend\": \"tensorflow\"", with: "\"backend\": \"tensorflow-net-dict\"")
        let ok = LintRun.check(file: "config.json", bytes: Array(fixed.utf8), environment: LintEnvironment(fileSystem: MemoryFileSystem()))
        #expect(ok.context.plan?.outcome.error == nil)
        #expect(ok.context.plan?.loadingOutcome == nil)
    }
}
