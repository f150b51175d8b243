/// The model's variables prepared for matching, built once per simulation.
struct ModelIndex {
    let all: ModelVariables
    /// The names a preload considers, in order: every variable but `global_step`.
    let preloadable: [String]

    init(_ model: ModelVariables) {
        all = model
        preloadable = model.variables.compactMap { $0.name == "global_step" ? nil : $0.name }
    }

    /// Lookups are binary searches over the sorted variables: no hash table of every name.
    subscript(name: String) -> ModelVariable? { all.variable(named: name) }

    func contains(_ name: String) -> Bool { all.variable(named: name) != nil }

    /// All model names, in order.
    var names: [String] { all.variables.map(\.name) }
}
