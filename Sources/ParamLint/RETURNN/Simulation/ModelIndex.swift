/// The model's variables with a name index, built once per simulation.
struct ModelIndex {
    let all: ModelVariables
    let byName: [String: ModelVariable]
    /// The names a preload considers, in order: every variable but `global_step`.
    let preloadable: [String]

    init(_ model: ModelVariables) {
        all = model
        var map: [String: ModelVariable] = [:]
        map.reserveCapacity(model.variables.count)
        for v in model.variables { map[v.name] = v }
        byName = map
        preloadable = model.variables.compactMap { $0.name == "global_step" ? nil : $0.name }
    }

    func contains(_ name: String) -> Bool { byName[name] != nil }

    /// All model names, in order.
    var names: [String] { all.variables.map(\.name) }
}
