/// Everything a rule may read: the document, its typed RETURNN view and the simulated load plan.
public struct LintContext: Sendable {
    public let document: ConfigDocument
    /// nil when the config did not parse.
    public let config: ReturnnConfig?
    /// nil when there is nothing to simulate (no parse, or an engine the simulation does not cover).
    public let plan: LoadPlan?
    public let environment: LintEnvironment
    /// Every layer definition of the network (walked once; several rules read it).
    public let layers: [NetworkLayer]

    public init(document: ConfigDocument, config: ReturnnConfig?, plan: LoadPlan?, environment: LintEnvironment = LintEnvironment()) {
        self.document = document
        self.config = config
        self.plan = plan
        self.environment = environment
        self.layers = NetworkLayers.all(config?.network)
    }

    /// The layers whose dict has the option `key`, in order. The option is looked up in place:
    /// rules about one option need not copy every layer of a network of thousands.
    public func layers(withOption key: String) -> [NetworkLayer] {
        var out: [NetworkLayer] = []
        for i in layers.indices where layers[i].node[key] != nil { out.append(layers[i]) }
        return out
    }
}
