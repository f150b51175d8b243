/// What RETURNN's torch engine takes from a `.pt` file's top-level dict besides the model
/// (`Engine._load_model`): the stored epoch, and for a preload `state[checkpoint_key]`. Kept apart
/// from the matching in `TorchLoading` so that the file's layout (`TorchFileInfo`) is read in one
/// place.
enum TorchStoredState {
    /// `epoch = checkpoint_state.get("epoch", start_epoch or 1)` when the epoch is not known from
    /// the options: the file's stored epoch, nil when the file does not say (a raw state dict, a
    /// listing without the torch facts), where RETURNN falls back to 1 — as the caller does.
    static func storedEpoch(_ lookup: CheckpointLookup?) -> Int? {
        guard case .available(let c)? = lookup else { return nil }
        return c.torch?.epoch
    }

    enum Selection {
        /// The state dict the entry's names come from.
        case state(Checkpoint)
        /// `KeyError: '<key>'`, with why.
        case keyError(String)
    }

    /// `preload_model_state = preload_model_state[checkpoint_key]` unless the key is None.
    static func select(_ checkpoint: Checkpoint, key: String?) -> Selection {
        if checkpoint.format == .safetensors {
            guard let key else { return .state(checkpoint) }
            return .keyError("a safetensors file has no top-level '\(key)'; set \"checkpoint_key\": null")
        }
        // A listing without the torch facts: its names are taken as the selected state dict.
        guard let info = checkpoint.torch else { return .state(checkpoint) }
        func named(_ vars: [CheckpointVariable]) -> Checkpoint {
            var c = Checkpoint(path: checkpoint.path, format: checkpoint.format, variables: vars)
            c.torch = info
            return c
        }
        guard let key else {
            // The whole top-level dict: a raw state dict is itself; otherwise only its top-level
            // tensors are names (the file's `model`, `epoch`, … are not parameters).
            return .state(info.contents == .stateDict ? checkpoint : named(info.topLevelTensors))
        }
        if key == "model", info.contents == .returnnCheckpoint { return .state(checkpoint) }
        if let vars = info.otherStateDicts[key] { return .state(named(vars)) }
        if info.topLevelKeys.contains(key) {
            // Present, but not a dict of tensors (e.g. "epoch"): nothing can match.
            return .state(named([]))
        }
        if info.contents == .stateDict {
            return .keyError("a raw state dict (its tensors at the top level) has no '\(key)'; set \"checkpoint_key\": null")
        }
        return .keyError("a file with the top-level keys \(info.topLevelKeys.prefix(8).map { "'\($0)'" }.joined(separator: ", "))\(info.topLevelKeys.count > 8 ? ", …" : ""); set \"checkpoint_key\" to one of them, or null for a raw state dict")
    }
}
