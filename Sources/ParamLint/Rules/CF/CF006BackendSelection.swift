public struct BackendSelectionRule: Rule {
    public static let description = RuleDescription(
        id: "CF006", name: "backend-selection", severity: .warning,
        summary: "A net-dict config selects `backend: \"tensorflow\"`, or no backend at all.",
        rationale: """
            Since 2026-08, `backend = "tensorflow"` selects RETURNN's RF engine, which expects \
            `get_model`/`train_step` and not a `network` dict. A config that selects no backend at all is \
            refused at start-up. Either way the job dies after it has been scheduled.
            """,
        returnnBehavior: """
            `backend: "tensorflow"` → RF engine: `AssertionError: train_step not defined in config`. \
            Neither `backend` nor `use_tensorflow` → `Exception("No backend defined. Please set the config option 'backend'.")`.
            """,
        fix: "Write `\"backend\": \"tensorflow-net-dict\"` (or `\"use_tensorflow\": true`) for a net-dict config.",
        references: ["M38", "semantics §0"],
        examples: [
            .triggering("""
                {
                  "backend": ↓"tensorflow",
                  "network": {"output": {"class": "softmax", "from": "data", "loss": "ce"}}
                }
                """),
            .triggering("""
                ↓{
                  "network": {"output": {"class": "softmax", "from": "data", "loss": "ce"}}
                }
                """),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "network": {"output": {"class": "softmax", "from": "data", "loss": "ce"}}
                }
                """),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let config = context.config else { return [] }
        let hasNetDict = config.network != nil
        let hasRFModel = config.root["get_model"] != nil || config.root["train_step"] != nil
        switch config.engine {
        case .tfRF where hasNetDict && !hasRFModel:
            let task = Simulation.engineTask(context.environment.taskOverride ?? config.task)
            let step = task == "train" ? "train_step" : "forward_step"
            return [Finding(
                "backend 'tensorflow' selects RETURNN's RF engine, which ignores the 'network' dict and fails with '\(step) not defined in config'",
                at: .value(config.engineNode?.pointer ?? .root),
                notes: ["since RETURNN 2026-08 (commit 2b4ea346e) the net-dict engine is 'tensorflow-net-dict'"],
                suggestions: [Suggestion("write \"backend\": \"tensorflow-net-dict\"", pointer: JSONPointer(["backend"]))])]
        case .none:
            let what = hasNetDict ? "a net-dict config" : "this config"
            return [Finding(
                "\(what) selects no backend: RETURNN refuses to start with 'No backend defined. Please set the config option 'backend''",
                at: .value(.root),
                suggestions: [Suggestion(hasNetDict ? "add \"backend\": \"tensorflow-net-dict\"" : "add a \"backend\" option")])]
        case .unknown(let name):
            return [Finding(
                "unknown backend '\(name)': RETURNN raises a KeyError at start-up",
                at: .value(config.engineNode?.pointer ?? .root),
                suggestions: DidYouMean.best(for: name, among: ["tensorflow-net-dict", "tensorflow", "torch", "jax"])
                    .map { [Suggestion("did you mean '\($0)'?")] } ?? [])]
        default:
            return []
        }
    }
}
