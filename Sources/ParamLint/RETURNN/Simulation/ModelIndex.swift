/// The model's variables prepared for matching, built once per simulation.
final class ModelIndex {
    let all: ModelVariables
    /// The names a preload considers, in order: every variable but `global_step`.
    let preloadable: [String]
    /// Built on the first lookup: a run that loads nothing (a prefix typo) never pays for it.
    private lazy var position: [String: Int] = {
        var p: [String: Int] = [:]
        p.reserveCapacity(all.variables.count)
        for (i, v) in all.variables.enumerated() { p[v.name] = i }
        return p
    }()

    init(_ model: ModelVariables) {
        all = model
        preloadable = model.variables.compactMap { $0.name == "global_step" ? nil : $0.name }
    }

    subscript(name: String) -> ModelVariable? { position[name].map { all.variables[$0] } }

    func contains(_ name: String) -> Bool { position[name] != nil }

    /// All model names, in order.
    var names: [String] { all.variables.map(\.name) }
}

/// A hash index of one checkpoint's names, built once when several entries read the same file
/// (a binary search per lookup is cheaper only for a single pass).
final class CheckpointNameIndex {
    let checkpoint: Checkpoint
    private let position: [String: Int]

    init(_ checkpoint: Checkpoint) {
        self.checkpoint = checkpoint
        var p: [String: Int] = [:]
        p.reserveCapacity(checkpoint.variables.count)
        for (i, v) in checkpoint.variables.enumerated() { p[v.name] = i }
        position = p
    }

    subscript(name: String) -> CheckpointVariable? {
        position[name].map { checkpoint.variables[$0] }
    }
}
