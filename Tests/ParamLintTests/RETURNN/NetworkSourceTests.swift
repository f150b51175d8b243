import Foundation
import Testing
@testable import ParamLint

/// Which network RETURNN builds for the epoch the plan loads into: pretrain's construction in a
/// pretrain epoch, `get_network(epoch=…)` when defined, else `network` (`get_net_dict_for_epoch`).
struct NetworkSourceTests {
    static let network = #"{"enc": {"class": "linear", "activation": "relu", "n_out": 4, "from": "data"}, "output": {"class": "softmax", "loss": "ce", "from": "enc", "n_out": 3}}"#

    /// `lint plan --format json` of a config that imports the example baseline, with `pretrain` as given.
    static func plan(pretrain: String?, task: String = "train", extra: String = "") throws -> (json: [String: Any], check: String) {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var text = "#!rnn.py\nuse_tensorflow = True\nextern_data = {\"data\": {\"dim\": 5}, \"classes\": {\"dim\": 3, \"sparse\": True}}\ntask = \"\(task)\"\nnetwork = \(network)\n"
        text += task == "train" ? "import_model_train_epoch1 = \"base/net.080\"\n" : "load = \"base/net.080\"\n"
        if let pretrain { text += "pretrain = \(pretrain)\n" }
        text += extra
        dir.write("returnn.config", text)
        dir.write("base.txt", "enc/W [5, 4] float32\nenc/b [4] float32\noutput/W [4, 3] float32\noutput/b [3] float32\nglobal_step [] int64\n")
        let config = dir.path + "/returnn.config"
        let ckpt = "base/net.080=" + dir.path + "/base.txt"
        let plan = try CLITests.lint(["plan", config, "--ckpt", ckpt, "--existing-epochs", "none", "--format", "json"])
        let check = try CLITests.lint([config, "--ckpt", ckpt, "--existing-epochs", "none"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any], "\(plan.stderr)")
        return (json, check.stdout)
    }

    static func sources(_ json: [String: Any]) -> [String] {
        ((json["variables"] as? [[String: Any]]) ?? []).compactMap { ($0["source"] as? [String: Any])?["kind"] as? String }
    }

    static func dynamicOptions(_ json: [String: Any]) -> [String] {
        ((json["dynamic"] as? [[String: Any]]) ?? []).compactMap { $0["option"] as? String }
    }

    @Test func withoutPretrainTheImportIsPredicted() throws {
        let (json, check) = try Self.plan(pretrain: nil)
        #expect(Self.dynamicOptions(json).isEmpty)
        let outcome = try #require(json["outcome"] as? [String: Any])
        #expect(outcome["complete"] as? Bool == true)
        #expect(Self.sources(json).contains("main"))
        #expect(!check.contains("pretrain"))
    }

    @Test(arguments: ["None", "False", "{}", "''"])
    func aFalsyPretrainIsOff(value: String) throws {
        let (json, check) = try Self.plan(pretrain: value)
        #expect(Self.dynamicOptions(json).isEmpty)
        #expect(!check.contains("'pretrain'"))
    }

    @Test(arguments: ["'default'", "True", "{'repetitions': 2}"])
    func theFirstEpochOfAPretrainingIsNotTheFullNetwork(value: String) throws {
        let (json, check) = try Self.plan(pretrain: value)
        #expect(Self.dynamicOptions(json) == ["pretrain"])
        let outcome = try #require(json["outcome"] as? [String: Any])
        #expect(outcome["complete"] as? Bool == false)
        #expect((outcome["unknown"] as? String)?.contains("epoch 1 is a pretrain epoch") == true)
        // No variable is said to come from the import: which of them exist in epoch 1 is pretrain's.
        #expect(!Self.sources(json).isEmpty)
        #expect(Set(Self.sources(json)) == ["unknown"])
        #expect(check.contains("'pretrain' is on: epoch 1 is a pretrain epoch"))
        #expect(check.contains("[CF007 dynamic-option]"))
    }

    @Test func aLaterEpochMayStillBePretraining() throws {
        let (json, check) = try Self.plan(pretrain: "'default'", task: "search", extra: "load_epoch = 80\n")
        let dynamic = (json["dynamic"] as? [[String: Any]]) ?? []
        let reason = try #require(dynamic.first { $0["option"] as? String == "pretrain" }?["reason"] as? String)
        #expect(reason.contains("is a pretrain epoch if pretraining lasts that long"))
        #expect(check.contains("'pretrain' is on"))
    }

    @Test func anUnknownPretrainTypeFailsAsRETURNNDoes() throws {
        let (json, _) = try Self.plan(pretrain: "3")
        let outcome = try #require(json["outcome"] as? [String: Any])
        #expect(outcome["error"] as? String == "invalid-option")
        #expect((outcome["message"] as? String)?.contains("unknown pretrain type: 3") == true)
    }

    @Test func getNetworkIsCalledForTheEpochTheImportLoadsInto() throws {
        // RETURNN calls get_network(epoch=1) in the first epoch: `extra` (epoch > 5) is not built,
        // and `network` (unused by RETURNN here) has a layer `unused` that is not in the plan.
        let extra = """
            network = dict(network, unused={"class": "linear", "activation": None, "n_out": 2, "from": "data"})
            def get_network(epoch, **kwargs):
                net = {k: v for k, v in network.items() if k != "unused"}
                if epoch > 5:
                    net["extra"] = {"class": "linear", "activation": None, "n_out": 2, "from": "data", "loss": "ce"}
                return net

            """
        let (json, check) = try Self.plan(pretrain: nil, extra: extra)
        #expect(Self.dynamicOptions(json).isEmpty)
        #expect(!check.contains("get_network"))
        let names = ((json["variables"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        #expect(names == ["enc/W", "enc/b", "global_step", "output/W", "output/b"])
        #expect(Set(Self.sources(json)) == ["main"])
    }

    @Test func getNetworkThatCannotBeEvaluatedIsSaid() throws {
        let extra = "from helpers import build\ndef get_network(epoch, **kwargs):\n    return build(epoch)\n"
        let (json, check) = try Self.plan(pretrain: nil, extra: extra)
        #expect(Self.dynamicOptions(json) == ["get_network"])
        #expect(check.contains("'get_network' is a function: RETURNN builds the network by calling get_network(epoch=…)"))
        #expect(((json["variables"] as? [[String: Any]]) ?? []).isEmpty)
    }

    @Test func getNetworkSetToNoneIsNotUsed() throws {
        let (json, _) = try Self.plan(pretrain: nil, extra: "get_network = None\n")
        #expect(Self.dynamicOptions(json).isEmpty)
        #expect(!((json["variables"] as? [[String: Any]]) ?? []).isEmpty)
    }
}
