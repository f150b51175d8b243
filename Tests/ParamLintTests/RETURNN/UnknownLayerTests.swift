import Testing
@testable import ParamLint

/// A network the catalogue cannot read must not produce findings about its variables.
struct UnknownLayerTests {
    static let config = """
        {
          "backend": "tensorflow-net-dict",
          "behavior_version": 16,
          "task": "train",
          "extern_data": {"data": {"dim": 9}, "classes": {"dim": 3, "sparse": true}},
          "network": {
            "enc": {"class": "my_conformer_block", "from": "data", "num_heads": 4},
            "enc2": {"class": "fancy_attention", "from": "enc"},
            "lm": {"class": "subnetwork", "from": "data", "subnetwork": {
              "core": {"class": "some_plugin_layer", "from": "data"},
              "output": {"class": "copy", "from": "core"}
            }},
            "output": {"class": "softmax", "loss": "ce", "target": "classes", "from": ["enc2", "lm"]}
          },
          "import_model_train_epoch1": "base/net.080",
          "preload_from_files": {
            "enc": {"filename": "enc/net.010", "prefix": "enc/", "init_for_train": true},
            "lm": {"filename": "lm/net.020", "prefix": "lm/core/", "init_for_train": true}
          }
        }
        """

    @Test func noFalsePositivesOnUnknownClasses() throws {
        let example = RuleExample.clean(Self.config, files: ["base/net.080.meta"], checkpoints: [
            "base/net.080": "enc/attn/W [9, 9] float32\nenc2/q [9, 9] float32\noutput/W [18, 3] float32\noutput/b [3] float32\nglobal_step [] int64\n",
            "enc/net.010": "attn/W [9, 9] float32\nffn/W [9, 36] float32\n",
            "lm/net.020": "W [9, 9] float32\n",
        ])
        let result = LintRun.check(file: "config.json", bytes: Array(Self.config.utf8), environment: example.environment())
        let plan = try #require(result.context.plan)
        #expect(!plan.unknownScopes.isEmpty)
        #expect(plan.unknownScopes.map(\.scope).contains("enc/"))
        let loud = result.diagnostics.filter { $0.severity >= .warning }
        #expect(loud.isEmpty, "\(loud.map { "\($0.ruleId): \($0.message)" })")
        // The partial check is said, once, as information.
        #expect(result.diagnostics.contains { $0.ruleId == "VM007" && $0.message.contains("unknown") })
        // Variables under unknown scopes are never claimed to stay at their initializer.
        for v in plan.variables where plan.unknownScopes.contains(where: { v.name.hasPrefix($0.scope) }) {
            #expect(v.source != .initializer, "\(v.name)")
        }
        #expect(!plan.outcome.complete || plan.outcome.ok)
    }
}
