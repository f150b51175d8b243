/// The model's variables for the simulation. They are sorted by name in byte order without
/// repeats (`ModelVariables` sees to it), so a variable is known by its position and found by a
/// binary search: no hash table of 20 000 names is built per run.
struct ModelIndex {
    let all: ModelVariables
    /// Where `global_step` is (preloads never consider it).
    let globalStep: Int?

    init(_ model: ModelVariables) {
        all = model
        globalStep = Self.position(of: "global_step", in: model.variables)
    }

    var count: Int { all.variables.count }

    func name(_ i: Int) -> String { all.variables[i].name }

    /// The positions a preload considers, in order: every variable but `global_step`.
    var preloadable: LazyFilterSequence<Range<Int>> {
        let g = globalStep
        return (0..<count).lazy.filter { $0 != g }
    }

    func position(of name: String) -> Int? { Self.position(of: name, in: all.variables) }

    static func position(of name: String, in vars: [ModelVariable]) -> Int? { SortedNames(vars).position(of: name) }

    func variable(named name: String) -> ModelVariable? { position(of: name).map { all.variables[$0] } }

    func contains(_ name: String) -> Bool { position(of: name) != nil }
}
