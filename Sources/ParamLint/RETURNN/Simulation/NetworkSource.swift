/// Which network the TF net-dict engine builds for the epoch it loads into
/// (`get_net_dict_for_epoch`, `tf/engine.py`): in a pretrain epoch pretrain's construction, else
/// `get_network(epoch=…)` when the config defines it, else the `network` dict. The model the plan
/// loads into is the `network` dict's only in the last case; the others are said, never guessed.
enum NetworkSource {
    /// `pretrain_from_config` (`pretrain.py`): `"default"`, `True` or a non-empty dict turn pretraining
    /// on; a falsy value leaves it off; anything else raises.
    enum Pretrain {
        case off
        case on(ConfigNode)
        case invalid(ConfigNode)
        case dynamic(DynamicInput)
    }

    static func pretrain(_ config: ReturnnConfig) -> Pretrain {
        guard let node = config.root["pretrain"] else { return .off }
        switch node.value {
        case .string("default"), .bool(true): return .on(node)
        case .object(let m) where !m.isEmpty: return .on(node)
        case .dynamic(let reason):
            let note = config.document.dynamicValues.first { $0.pointer == node.pointer }
            return .dynamic(DynamicInput(option: "pretrain", pointer: node.pointer, range: note?.range ?? node.range,
                                         reason: note?.reason ?? reason))
        default:
            return node.pythonTruthiness == false ? .off : .invalid(node)
        }
    }

    /// `get_network` set to anything but `None`: RETURNN calls it instead of reading `network`
    /// (outside pretrain epochs), so the `network` dict is not the model.
    static func getNetwork(_ config: ReturnnConfig) -> DynamicInput? {
        guard config.document.networkFromCall == nil, let node = config.root["get_network"], node.value.isNull == false else { return nil }
        let range = config.document.root?.member("get_network")?.keyRange ?? node.range
        var input = DynamicInput(option: "get_network", pointer: node.pointer, range: range,
                                 reason: "RETURNN builds the network by calling get_network(epoch=…) instead of reading 'network', and the linter does not call it")
        if case .dynamic(let why) = node.value, why.hasPrefix("the function") || why == "a lambda" { input.stateOverride = "a function" }
        return input
    }
}

extension ConfigValue {
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension LoadPlan {
    /// Pretraining changes the network of its epochs; when the plan's loading happens in one of
    /// them, which variables it fills is not the full network's, and the plan says so.
    func applyingPretrain(_ config: ReturnnConfig) -> LoadPlan {
        guard backend == .tf else { return self }
        var plan = self
        let state = NetworkSource.pretrain(config)
        if case .off = state { return self }
        if case .invalid(let node) = state {
            // pretrain_from_config runs at the start of init_network_from_config: after the backend
            // and the main checkpoint's existence, before any network or load.
            let earlier: Bool = switch plan.outcome.stage {
            case .backend?, .getEpochModel?: true
            default: false
            }
            if !earlier {
                plan.outcome = Outcome(error: .invalidOption, names: [],
                                       message: "Exception: unknown pretrain type: \(node.pythonRepr) (use \"default\", True, a dict, or None)",
                                       stage: .initNetworkFromConfig, complete: true, pointer: node.pointer)
            }
            return plan
        }
        // The epoch whose network is built: training starts at trainStartEpoch; other tasks build the
        // loaded epoch's network.
        guard let epoch = trainStartEpoch ?? main.epoch, epoch >= 1 else { return self }
        let loads = main.path != nil || entries.contains { $0.active != false && $0.error == nil }
        guard loads else { return self }
        var input: DynamicInput
        switch state {
        case .dynamic(let d):
            input = DynamicInput(option: "pretrain", pointer: d.pointer, range: d.range,
                                 reason: "whether epoch \(epoch) builds pretrain's network is not known: \(d.reason)")
        case .on(let node):
            let why = epoch == 1
                ? "epoch 1 is a pretrain epoch: RETURNN builds the network pretrain constructs from 'network' for it, which the linter does not construct; layers it adds in later epochs are not loaded now"
                : "epoch \(epoch) is a pretrain epoch if pretraining lasts that long (as many epochs as its construction has steps, times its repetitions), which the linter does not compute"
            input = DynamicInput(option: "pretrain", pointer: node.pointer,
                                 range: config.document.root?.member("pretrain")?.node.range ?? node.range,
                                 reason: why, isPartial: true)
            input.stateOverride = "on"
        case .off, .invalid: return self
        }
        plan.dynamicInputs.append(input)
        for i in plan.variables.indices {
            switch plan.variables[i].source {
            case .main, .preload, .initializer: plan.variables[i].source = .unknown
            case .unknown: break
            }
        }
        // A failure found on the full network's variables may not occur on pretrain's.
        switch plan.outcome.error {
        case .missingVariables?, .shapeMismatch?, .dtypeMismatch?, .nothingToLoad?, .mappingTargetMissing?, nil:
            var outcome = Outcome.success
            outcome.complete = false
            outcome.unknown = plan.outcome.unknown
                ?? "it depends on 'pretrain': \(input.reason)"
            plan.outcome = outcome
        default: break
        }
        return plan
    }
}
