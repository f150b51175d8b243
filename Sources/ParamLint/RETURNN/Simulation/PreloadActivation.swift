/// Whether an entry is applied in this task and epoch (semantics 2.4), per engine.
enum PreloadActivation {
    enum Decision {
        case active(String)
        case inactive(String)
        case unknown(String)
        /// torch raises `ValueError` for this `init_for_train` value.
        case invalid(String)
    }

    static func decide(_ entry: PreloadEntry, backend: Backend, task: String, isFirstTrainEpoch: Bool) -> Decision {
        let training = task == "train"
        let node = entry.initForTrain
        if let node, node.isDynamic { return .unknown("init_for_train is only known at run time") }
        switch backend {
        case .tf:
            let truthy = node?.pythonTruthiness ?? false
            if task == "initialize_model" { return .active("task 'initialize_model' applies every entry") }
            if truthy {
                return isFirstTrainEpoch
                    ? .active("init_for_train is set and this is the first epoch of a new training")
                    : .inactive(training
                        ? "init_for_train entries apply only in the first epoch of a new training; this run resumes or continues"
                        : "init_for_train entries apply only in training (task is '\(task)')")
            }
            return training
                ? .inactive("init_for_train is not set: RETURNN applies such entries only when task != \"train\"")
                : .active("no init_for_train: applied in task '\(task)'")
        case .torch:
            if case .string("always")? = node?.value { return .active("init_for_train \"always\": applied in every task and epoch") }
            if case .bool(true)? = node?.value {
                if task == "initialize_model" || isFirstTrainEpoch {
                    return .active("init_for_train is true and this is the first epoch of a new training")
                }
                return .inactive(training
                    ? "init_for_train entries apply only in the first train epoch; RETURNN takes the epoch from the checkpoint here"
                    : "init_for_train entries apply only in training (task is '\(task)')")
            }
            if let node, node.pythonTruthiness == true {
                return .invalid("ValueError: preload key \(entry.name): invalid init_for_train value \(node.pythonRepr) (type \(node.pythonTypeName))")
            }
            if task == "initialize_model" { return .active("task 'initialize_model' applies every entry") }
            return training
                ? .inactive("init_for_train is not set: RETURNN applies such entries only when task != \"train\"")
                : .active("no init_for_train: applied in task '\(task)'")
        }
    }
}
