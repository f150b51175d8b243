/// The model's variables from the `network` dict, when no `--model` listing is given (TF net-dict
/// engine only: torch models come from `get_model`, which only running Python can tell).
enum ModelInference {
    static func infer(config: ReturnnConfig, network: ConfigNode) -> ModelVariables? {
        guard network.members != nil else { return nil }
        // `search` builds the net with search_flag (a choice layer then builds its `from`).
        var model = NetworkInference.infer(network: network, config: config.root,
                                           behaviorVersion: effectiveBehaviorVersion(config), search: config.task == "search")
        // Code the linter did not run may have added, changed or removed layers: no variable of this
        // network can be judged, although the layers it knows are listed.
        if let partial = config.document.partial(at: network.pointer) {
            model.unknownScopes.append(UnknownScope(scope: "", layerClass: nil, pointer: network.pointer,
                                                    reason: "the network is partly dynamic: \(partial.reason)"))
        }
        return model
    }

    /// The config's `behavior_version`, else what the engine runs at: the net-dict engine without the
    /// option runs at 0 (`backend: "tensorflow"` would force 16, but that selects the RF engine).
    static func effectiveBehaviorVersion(_ config: ReturnnConfig) -> Int {
        if let v = config.behaviorVersion.value { return v }
        if case .tfRF = config.engine { return 16 }
        return 0
    }
}
