public struct DynamicOptionRule: Rule {
    public static let description = RuleDescription(
        id: "CF007", name: "dynamic-option", severity: .info,
        summary: "A loading option whose value the linter cannot determine without running the config.",
        rationale: """
            The linter evaluates the Python that configs are written in — arithmetic, string formatting, \
            `if`s, loops and the config's own functions — but never runs anything that touches the machine: \
            imports of other modules, the environment, files, unknown functions. An option computed from \
            those is *dynamic*. A prediction built on a guess for it would be worse than none, so every \
            loading option that is dynamic is said once, with the reason and the place, and what depends \
            on it is reported as unknown (`lint plan`, `lint dump`) instead of predicted.
            """,
        returnnBehavior: "Not a RETURNN behaviour: RETURNN runs the config and gets a value; the linter does not run it.",
        fix: """
            Nothing is wrong with the config. To have it checked in full, compute the value from literals \
            and the config's own functions, or run `lint plan` with `--task`, `--ckpt REF=PATH` and \
            `--model` listings for what cannot be written statically.
            """,
        references: [],
        examples: [
            .triggering("""
                #!rnn.py
                import os
                task = "train"
                import_model_train_epoch1 = ↓os.environ["BASE_MODEL"]
                """, fileName: "returnn.config",
                explanation: "The path comes from the environment of the job, which the linter does not read."),
            .triggering("""
                #!rnn.py
                from my_setup import base_dir
                task = "train"
                preload_from_files = {"lm": {"filename": ↓base_dir("lm") + "/net.030", "prefix": "lm_", "init_for_train": True}}
                """, fileName: "returnn.config",
                explanation: "The entry's file comes from a function the linter cannot see: what the entry loads is not predicted."),
            .triggering("""
                #!rnn.py
                from my_setup import add_decoder
                use_tensorflow = True
                network = {"encoder": {"class": "linear", "activation": "relu", "n_out": 512, "from": "data"}}
                ↓add_decoder(network)
                """, fileName: "returnn.config",
                explanation: "The network is handed to a function the linter cannot see, which may add or change layers: the network is partial."),
            .triggering("""
                #!rnn.py
                from my_setup import build_network
                use_tensorflow = True
                ↓def get_network(epoch, **kwargs):
                    return build_network(epoch)
                """, fileName: "returnn.config",
                explanation: "RETURNN builds the network of each epoch by calling `get_network`, not from `network`; this one calls a function the linter cannot see."),
            .clean("""
                #!rnn.py
                use_tensorflow = True
                extern_data = {"data": {"dim": 40}, "classes": {"dim": 10, "sparse": True}}
                def get_network(epoch, **kwargs):
                    net = {"output": {"class": "softmax", "loss": "ce", "from": "data"}}
                    if epoch > 10:
                        net["output"]["loss_opts"] = {"label_smoothing": 0.1}
                    return net
                """, fileName: "returnn.config",
                explanation: "The linter calls `get_network` as RETURNN does, for the epoch the plan is for (here epoch 1 of a new training), and lints what it returns."),
            .triggering("""
                #!rnn.py
                use_tensorflow = True
                task = "train"
                network = {"output": {"class": "softmax", "loss": "ce", "from": "data", "n_out": 10}}
                import_model_train_epoch1 = "/work/asr/base/net-model/network.080"
                pretrain = ↓"default"
                """, fileName: "returnn.config", files: ["/work/asr/base/net-model/network.080.meta"],
                explanation: "Epoch 1 of a pretraining builds pretrain's first network, a part of `network`: which variables the import fills is pretrain's construction."),
            .clean("""
                #!rnn.py
                base = "/work/asr/base"
                epoch = 80
                task = "train"
                import_model_train_epoch1 = "%s/net-model/network.%03d" % (base, epoch)
                """, fileName: "returnn.config", files: ["/work/asr/base/net-model/network.080.meta"],
                explanation: "A path computed from the config's own constants is evaluated, so it is known."),
            .clean("""
                #!rnn.py
                task = "train"
                import_model_train_epoch1 = "/work/asr/base/net-model/network.080"
                """, fileName: "returnn.config", files: ["/work/asr/base/net-model/network.080.meta"],
                explanation: "A path written as a literal is known."),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let config = context.config else { return [] }
        // Pretraining is judged for the plan's epoch, so the plan holds it rather than the config.
        let inputs = config.dynamicInputs + (context.plan?.dynamicInputs.filter { $0.option == "pretrain" } ?? [])
        var findings: [Finding] = []
        var stoppedOptions: [String] = []
        for input in inputs {
            if input.mayBeSetLater {
                stoppedOptions.append(input.option)
                continue
            }
            let what = "is " + input.state
            findings.append(Finding(
                "'\(input.option)' \(what): \(input.reason); \(Self.consequence(of: input))",
                at: .range(input.range, input.pointer)))
        }
        if let stop = context.document.incomplete, !stoppedOptions.isEmpty {
            findings.append(Finding(
                "the linter stops following the config here (\(stop.reason)): \(Wording.list(stoppedOptions.map { "'\($0)'" }, limit: 6)) may be set from this point and cannot be determined",
                at: .range(stop.range, nil)))
        }
        return findings
    }

    static func consequence(of input: DynamicInput) -> String {
        let top = input.option.split(separator: "/").first.map(String.init) ?? input.option
        switch top {
        case "task": return "the plan assumes RETURNN's default 'train' and marks what depends on the task as unknown"
        case "load", "load_epoch", "import_model_train_epoch1", "start_epoch", "model", "num_epochs":
            return "the main checkpoint is not predicted"
        case "preload_from_files":
            return input.option == top || input.option.split(separator: "/").count == 2
                ? "the preload entries are not predicted" : "what this entry loads is not predicted"
        case "get_network": return "the model's variables are not inferred from 'network'"
        case "pretrain": return "which variables this load fills is not predicted"
        case "network", "extern_data", "num_inputs", "num_outputs", "behavior_version":
            return "the model's variables are partly unknown"
        case "backend", "use_tensorflow": return "the engine is not known, so no loading is simulated"
        case "load_ignore_missing_vars": return "missing variables of the main load are not judged"
        default: return "checks that depend on it are skipped"
        }
    }
}
