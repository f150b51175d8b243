/// The model's variables with a name index, built once per simulation.
struct ModelIndex {
    let all: ModelVariables
    /// Positions in `all.variables` by name: one table serves both lookups below.
    private let positions: [String: Int]
    /// The names a preload considers, in order: every variable but `global_step`.
    let preloadable: [String]

    init(_ model: ModelVariables) {
        all = model
        var positions: [String: Int] = [:]
        positions.reserveCapacity(model.variables.count)
        for (i, v) in model.variables.enumerated() { positions[v.name] = i }
        self.positions = positions
        preloadable = model.variables.compactMap { $0.name == "global_step" ? nil : $0.name }
    }

    func variable(named name: String) -> ModelVariable? { positions[name].map { all.variables[$0] } }

    /// Every variable name (`contains` is a hash lookup).
    var names: Dictionary<String, Int>.Keys { positions.keys }
}
