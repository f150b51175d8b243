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
}
