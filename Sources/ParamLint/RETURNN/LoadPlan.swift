/// What RETURNN will do when it loads parameters: filled in by the simulation.
public struct LoadPlan: Sendable {
    public init() {}
}
